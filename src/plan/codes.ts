/** Diagnostic codes of the plan and execute stages (WEIR5xxx). Stable: users grep for them. */
export const RunCodes = {
  /** `--refresh` / `--full-refresh` names no dataset of the pipeline. */
  UnknownRefreshName: 'WEIR5001',
  /** A `--select` / `--exclude` selector matches nothing. */
  SelectorMatchesNothing: 'WEIR5002',
  /** A selector could not be parsed. */
  BadSelector: 'WEIR5003',
  /** `--selector name`: no such selector in selectors.yml, or a definition Weir cannot read. */
  BadNamedSelector: 'WEIR5004',
  /** Refresh flags that contradict each other (`--full-refresh-all` with `--refresh x`, one name in both lists). */
  ConflictingRefresh: 'WEIR5005',
  /** The database file is held by another process. */
  DatabaseLocked: 'WEIR5010',
  /** A dataset update failed (DuckDB error, type conflict, missing input). */
  DatasetFailed: 'WEIR5020',
  /** A `FAIL UPDATE` expectation fired. */
  ExpectationFailed: 'WEIR5021',
  /** An expectation or table-level check that warned (reported as a CI annotation). */
  ExpectationWarned: 'WEIR5022',
  /** A streaming table's definition changed since its last update. */
  DefinitionChanged: 'WEIR5030',
  /** A type conflict between new input and a streaming table. */
  TypeConflict: 'WEIR5031',
  /** A query reads, as an external table, the table a dataset no longer in the pipeline left behind. */
  LeftoverTable: 'WEIR5032',
} as const;
