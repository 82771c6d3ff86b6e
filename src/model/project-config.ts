import type { Span } from './span.js';

/**
 * The project as configured by `weir.yml` or an unchanged Spark Declarative Pipelines spec
 * (SEMANTICS §1). All paths are absolute; `root` is the folder holding the spec file.
 */
export interface ProjectConfig {
  readonly name: string;
  readonly root: string;
  /** The spec file that defined the project (absolute), and its kind. */
  readonly specFile: string;
  readonly specKind: 'weir' | 'spark-pipeline';
  /** Globs relative to `root` (SDP `- glob: {include: ...}` and plain strings both normalise to this). */
  readonly libraries: readonly string[];
  readonly catalog?: string;
  /** Published schema in the DuckDB file; `database` and `schema` are aliases. Default `main`. */
  readonly schema: string;
  /** `${key}` values; `--conf key=value` overrides are merged in by the CLI before templating. */
  readonly configuration: Readonly<Record<string, string>>;
  /** Absolute path of the DuckDB file; default `<root>/target/<name>.duckdb`. */
  readonly databasePath: string;
  /** Absolute macro folders of the project (default `<root>/macros` when it exists). */
  readonly macroPaths: readonly string[];
  /** Values for the `var()` template global (`--vars` merges over these). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Absolute path of the artifact folder (default `<root>/target`). */
  readonly targetPath: string;
  /** `publish: atomic` in weir.yml: run-wide write-audit-publish by default. */
  readonly publish: 'per-dataset' | 'atomic';
  /** Positions of keys in the spec file, for diagnostics about the config itself. */
  readonly keySpans?: Readonly<Record<string, Span>>;
}
