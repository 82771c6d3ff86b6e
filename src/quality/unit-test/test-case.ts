import type { Span } from '../../model/span.js';

/** A row as written in a test file, with the positions of its column names (for diagnostics). */
export interface TestRow {
  readonly values: Readonly<Record<string, unknown>>;
  readonly keySpans: Readonly<Record<string, Span>>;
  readonly span: Span;
}

export interface TestRows {
  readonly rows: readonly TestRow[];
  readonly span: Span;
}

/** One batch: rows given for inputs, and what the dataset must hold afterwards. */
export interface TestBatch {
  /** Input key as written (a dataset name, a file source path, or `files`) → rows. */
  readonly given: ReadonlyMap<string, TestRows & { readonly keySpan: Span }>;
  readonly expectRows?: TestRows;
  /** Rows removed by DROP ROW expectations in this batch. */
  readonly expectDropped?: TestRows;
  /** Expected failed-row counts per expectation name. */
  readonly expectFailed?: ReadonlyMap<string, { readonly count: number; readonly span: Span }>;
  /** Compare rows in order (default: as a multiset). */
  readonly ordered: boolean;
}

export interface TestCase {
  readonly name: string;
  readonly dataset: string;
  readonly datasetSpan: Span;
  readonly file: string;
  readonly span: Span;
  /** One batch for a plain test; several for an incremental test (the table is checked after each). */
  readonly batches: readonly TestBatch[];
  /** Errors already reported while reading the case (it is not run: each problem gets one diagnostic). */
  readonly problems?: readonly string[];
}
