/**
 * The data the lineage site's browser app reads, as written by `buildSite` into `data/*.js`. The shapes are
 * compact (short keys, parallel arrays, node references as indices into `SiteIndex.names`) because at
 * 10,000 datasets every byte of the index is paid on first load (issue 6: ≤ 2 KB per dataset in total).
 * Every field is plain JSON; the client app in `site-assets/` is the only other reader.
 */

/** Node kinds, in the order their codes are assigned (`SiteIndex.kind[i]` indexes this list). */
export const NODE_KINDS = ['streaming_table', 'materialized_view', 'view', 'temporary_view', 'files', 'external'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Dataset statuses of a run, in code order (`SiteIndex.status[i]` indexes this list; -1 = not in the last run). */
export const STATUSES = ['COMPLETED', 'WARN', 'FAILED', 'SKIPPED', 'EXCLUDED', 'IDLE', 'NO-OP'] as const;

export interface RunSummary {
  readonly id: string;
  readonly at: string;
  readonly status: 'COMPLETED' | 'FAILED';
  readonly elapsed: number;
  /** Datasets per status code (index into STATUSES). */
  readonly counts: readonly number[];
  readonly rowsWritten: number;
  readonly failures: number;
  /** Data file holding the per-dataset outcomes: `data/runs/<file>.js`. */
  readonly file: number;
}

/** One expectation's aggregate over the run history, for the quality page. */
export interface QualityRow {
  readonly node: number;
  readonly name: string;
  readonly action: string;
  /** Over all runs of the history that evaluated it. */
  readonly passed: number;
  readonly failed: number;
  /** Failure rate per run, oldest first (null: not evaluated in that run). */
  readonly rates: readonly (number | null)[];
}

export interface SiteIndex {
  readonly v: 1;
  readonly project: string;
  readonly schema: string;
  readonly weirVersion: string;
  readonly generatedAt: string;
  readonly kinds: readonly string[];
  readonly statuses: readonly string[];
  readonly layers: readonly string[];
  readonly files: readonly string[];
  /** Per node (parallel arrays). Datasets sorted by name first, then sources by id. */
  readonly names: readonly string[];
  /** unique_id where it differs from the name, by node index. */
  readonly ids: Readonly<Record<number, string>>;
  readonly kind: readonly number[];
  readonly layer: readonly number[];
  readonly file: readonly number[];
  readonly line: readonly number[];
  readonly status: readonly number[];
  readonly rows: readonly (number | null)[];
  /** Parents of each node; a streaming read of parent p is stored as -(p + 1). */
  readonly up: readonly (readonly number[])[];
  /** Description (shortened) for search and tooltips; '' when none. */
  readonly text: readonly string[];
  /** Column names joined by a space, for search. */
  readonly cols: readonly string[];
  /** Node i's details are in `data/ds/<floor(i / shardSize)>.js`. */
  readonly shardSize: number;
  /** Node the graph opens on when the pipeline is too big to show whole (-1 when shown whole). */
  readonly focus: number;
  /** Max node count drawn at once; above it the graph opens focused. */
  readonly wholeGraphMax: number;
  readonly runs: readonly RunSummary[];
  readonly quality: readonly QualityRow[];
  /** Expectations with no recorded failure, not listed in `quality`. */
  readonly qualityClean: number;
}

/** A column: [name, type, description, declared (1/0), not null (1/0), lineage [[node, column, derived (1/0)]]]. */
export type SiteColumn = [string, string, string, number, number, [number, string, number][]];

/**
 * One run's outcome for a dataset: [run index, status code, rows written, rows dropped, seconds, rows read,
 * message]. Trailing defaults are left out (read = written, message = ''): at 10,000 datasets × 10 runs
 * every byte counts.
 */
export type SiteRunEntry = [number, number, number, number, number, number?, string?];

export interface SiteFlow {
  readonly name: string;
  readonly kind: string;
  readonly once: boolean;
  readonly implicit: boolean;
  readonly inputs: [number, number][];
  readonly line: number;
  readonly comment?: string;
  readonly raw?: string;
  readonly sql?: string;
  readonly cdc?: Readonly<Record<string, unknown>>;
}

export interface SiteDataset {
  /** unique_id, to cross-check the shard against the index. */
  readonly id: string;
  readonly desc?: string;
  readonly props?: Readonly<Record<string, string>>;
  /** `<relation>_quarantine` when `'weir.quarantine' = 'true'`: where dropped rows are kept (issue 7). */
  readonly q?: string;
  readonly clauses?: readonly { readonly name: string; readonly text: string }[];
  readonly tags?: readonly string[];
  readonly published?: boolean;
  readonly rel?: string;
  readonly syntax?: string;
  /** [line, column, end line]. */
  readonly loc: [number, number, number];
  readonly raw?: string;
  readonly sql?: string;
  readonly cols: SiteColumn[];
  /** Downstream uses per column name: [[node, column, derived]]. */
  readonly down?: Readonly<Record<string, [number, string, number][]>>;
  /** [name, action, condition, compiled condition, line]. */
  readonly exp?: readonly [string, string, string, string, number][];
  readonly cons?: readonly unknown[];
  readonly flows?: SiteFlow[];
  readonly hist?: SiteRunEntry[];
  /** Per expectation name: [[run index, passed, failed]]. */
  readonly eh?: Readonly<Record<string, [number, number, number][]>>;
  /** Sources: path, reader, format, options, parts. */
  readonly src?: Readonly<Record<string, unknown>>;
}

/**
 * One dataset's outcome in a run file: [node (-1: unknown), status code, seconds, rows written, rows dropped,
 * failures, message, unique_id when unknown]; trailing zeros and empty strings are left out.
 */
export type SiteRunRow = [number, number, number, number?, number?, number?, string?, string?];
