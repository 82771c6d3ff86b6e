/**
 * `target/manifest.json`: the compiled pipeline as one JSON document. Field names follow dbt's manifest
 * where the meaning is the same (`nodes`, `sources`, `parent_map`, `child_map`, `unique_id`,
 * `original_file_path`, `raw_code`, `compiled_code`, `depends_on`, `columns`, `description`), so tools that
 * read dbt manifests find their way. The lineage site and `weir ls` read only this file (and run results).
 * Keys of every object are emitted in sorted order; the document is byte-stable for the same input.
 */
export interface ManifestLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly end_line: number;
  readonly end_column: number;
}

export interface ManifestColumn {
  readonly name: string;
  readonly data_type?: string;
  readonly description?: string;
  /** True when declared in the dataset's column list; false when only inferred from the query. */
  readonly declared: boolean;
  readonly not_null?: boolean;
  /** Upstream columns this column is computed from. */
  readonly lineage: readonly { readonly node: string; readonly column: string; readonly transform: 'direct' | 'derived' }[];
}

export interface ManifestExpectation {
  readonly name: string;
  readonly action: 'warn' | 'drop' | 'fail';
  /** Condition as the user wrote it (Spark SQL) and as compiled (DuckDB SQL). */
  readonly condition: string;
  readonly compiled_condition?: string;
  readonly location: ManifestLocation;
}

export interface ManifestFlow {
  readonly unique_id: string;
  readonly name: string;
  readonly target: string;
  readonly kind: 'complete' | 'append' | 'cdc';
  readonly once: boolean;
  readonly implicit: boolean;
  readonly inputs: readonly { readonly node: string; readonly streaming: boolean }[];
  readonly comment?: string;
  readonly location: ManifestLocation;
  readonly raw_code?: string;
  readonly compiled_code?: string;
  /** For CDC flows: the clauses, as the user wrote them. */
  readonly cdc?: {
    readonly keys: readonly string[];
    readonly sequence_by: string;
    readonly stored_as: 1 | 2;
    readonly ignore_null_updates: boolean;
    readonly delete_when?: string;
    readonly truncate_when?: string;
    readonly columns?: { readonly mode: 'include' | 'except'; readonly columns: readonly string[] };
    readonly track_history?: { readonly mode: 'include' | 'except'; readonly columns: readonly string[] };
  };
}

export type ManifestResourceType = 'streaming_table' | 'materialized_view' | 'view' | 'temporary_view';

export interface ManifestNode {
  readonly unique_id: string;
  readonly name: string;
  readonly resource_type: ManifestResourceType;
  readonly published: boolean;
  /** DuckDB relation, e.g. `"main"."orders"`. */
  readonly relation_name: string;
  readonly syntax: string;
  readonly original_file_path: string;
  readonly location: ManifestLocation;
  readonly description?: string;
  readonly layer?: string;
  readonly tags: readonly string[];
  readonly properties: Readonly<Record<string, string>>;
  /** Clauses with no DuckDB meaning, kept as written (PARTITIONED BY, CLUSTER BY, LOCATION, ...). */
  readonly clauses: readonly { readonly name: string; readonly text: string }[];
  readonly columns: Readonly<Record<string, ManifestColumn>>;
  /** Column names in output order (object keys above are sorted). */
  readonly column_order: readonly string[];
  readonly expectations: readonly ManifestExpectation[];
  readonly constraints: readonly {
    readonly kind: 'primary-key' | 'unique' | 'foreign-key';
    readonly name?: string;
    readonly columns: readonly string[];
    readonly references?: { readonly table: string; readonly columns: readonly string[] };
  }[];
  readonly flows: readonly string[];
  readonly depends_on: { readonly nodes: readonly string[] };
  /** The whole statement as the user wrote it (source text) and the DuckDB SQL of its main flow. */
  readonly raw_code: string;
  readonly compiled_code?: string;
}

export interface ManifestSource {
  readonly unique_id: string;
  readonly resource_type: 'files' | 'external';
  readonly name: string;
  readonly path?: string;
  readonly reader?: string;
  readonly format?: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly parts?: readonly string[];
  readonly location: ManifestLocation;
}

export interface ManifestDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly location?: ManifestLocation;
  readonly hint?: string;
}

export interface Manifest {
  readonly metadata: {
    readonly manifest_version: 1;
    readonly weir_version: string;
    readonly project_name: string;
    readonly catalog?: string;
    readonly schema: string;
    readonly database_path: string;
  };
  readonly nodes: Readonly<Record<string, ManifestNode>>;
  readonly sources: Readonly<Record<string, ManifestSource>>;
  readonly flows: Readonly<Record<string, ManifestFlow>>;
  readonly parent_map: Readonly<Record<string, readonly string[]>>;
  readonly child_map: Readonly<Record<string, readonly string[]>>;
  readonly files: readonly { readonly path: string; readonly hash: string }[];
  readonly diagnostics: readonly ManifestDiagnostic[];
}
