/**
 * `target/run_results.json`, written by `weir run` after every run (and one file per run under
 * `target/runs/<run_id>.json`, which the lineage site reads for history). Shaped like dbt's run_results
 * where the meaning is the same (`results[]` with `unique_id`, `status`, `timing`, `execution_time`,
 * `message`, `failures`, `adapter_response`).
 */
export type DatasetRunStatus =
  | 'COMPLETED' // updated
  | 'WARN' // updated, with warn-level expectation/check failures
  | 'FAILED'
  | 'SKIPPED' // an upstream failed
  | 'EXCLUDED' // not selected
  | 'IDLE' // streaming table with no new input
  | 'NO-OP'; // materialized view with unchanged inputs and definition

export interface ExpectationResult {
  readonly name: string;
  readonly dataset: string;
  readonly action: 'warn' | 'drop' | 'fail';
  readonly passed_records: number;
  readonly failed_records: number;
  /** Weir's table-level checks and thresholds report here too: `expectation` | `primary-key` | `unique` | `foreign-key` | `row-count`. */
  readonly kind?: string;
  readonly status?: 'pass' | 'warn' | 'fail';
}

export interface DatasetRunResult {
  readonly unique_id: string;
  readonly status: DatasetRunStatus;
  readonly timing: readonly { readonly name: 'execute'; readonly started_at: string; readonly completed_at: string }[];
  readonly execution_time: number;
  readonly message: string;
  /** Number of failed expectation rows (dbt: failures). */
  readonly failures: number;
  readonly rows_read: number;
  readonly rows_written: number;
  readonly rows_dropped: number;
  readonly files_read: number;
  readonly expectations: readonly ExpectationResult[];
  /** CDC flows: upserted / deleted counts. */
  readonly num_upserted_rows?: number;
  readonly num_deleted_rows?: number;
  readonly adapter_response: Readonly<Record<string, unknown>>;
}

export interface RunResults {
  readonly metadata: {
    readonly weir_version: string;
    readonly generated_at: string;
    readonly run_id: string;
    readonly project_name: string;
    readonly database_path: string;
  };
  readonly status: 'COMPLETED' | 'FAILED';
  readonly elapsed_time: number;
  readonly args: Readonly<Record<string, unknown>>;
  readonly results: readonly DatasetRunResult[];
}
