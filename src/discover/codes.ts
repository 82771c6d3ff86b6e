/**
 * Diagnostic codes of the discover stage (WEIR1xxx). Codes are stable: never renumber, only add.
 * Severity is fixed per code.
 */
export const DiscoverCodes = {
  /** error: no `weir.yml` / `spark-pipeline.yml` in the project folder or its parents. */
  NO_SPEC: 'WEIR1001',
  /** error: two spec files in one folder (e.g. `weir.yml` and `weir.yaml`). */
  AMBIGUOUS_SPEC: 'WEIR1002',
  /** error: the spec file is not valid YAML (or cannot be read). */
  YAML_SYNTAX: 'WEIR1003',
  /** error: `name` is missing. */
  MISSING_NAME: 'WEIR1004',
  /** error: a field has the wrong type (e.g. `configuration` is a list). */
  WRONG_TYPE: 'WEIR1005',
  /** error: a field has a value outside its allowed set (e.g. `publish: sometimes`). */
  BAD_VALUE: 'WEIR1006',
  /** warning: an unknown field (with the nearest known one as hint). */
  UNKNOWN_FIELD: 'WEIR1010',
  /** warning: both `database` and `schema` are set. */
  DATABASE_AND_SCHEMA: 'WEIR1011',
  /** warning: a configured macro folder does not exist. */
  MISSING_MACRO_FOLDER: 'WEIR1012',
  /** The target path (`--target-path`, `target_path`) is a file, not a folder. */
  TARGET_NOT_FOLDER: 'WEIR1013',
  /** warning: a library glob matches no file. */
  EMPTY_GLOB: 'WEIR1020',
  /** info: Python sources matched by the libraries are not supported and skipped. */
  PYTHON_SOURCES: 'WEIR1021',
  /** error: a matched source file could not be read. */
  UNREADABLE_FILE: 'WEIR1022',
  /** info: no project in the folder, and exactly one subfolder holds one: that project is used. */
  PROJECT_BELOW: 'WEIR1023',
} as const;

export type DiscoverCode = (typeof DiscoverCodes)[keyof typeof DiscoverCodes];
