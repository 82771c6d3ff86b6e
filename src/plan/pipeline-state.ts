/**
 * What the runner knows from earlier runs (read from the `_weir` schema before planning, SEMANTICS §3/§6).
 * Plain data so `planRun` stays pure and a dry run can print what would happen.
 */
export interface DatasetState {
  /** Bumped on every committed update of the dataset. */
  readonly version: number;
  /** Bumped whenever the dataset's rows are replaced (full refresh of an ST, every MV refresh): stream offsets
   *  recorded against an older generation are void. */
  readonly generation: number;
  /** Hash of the dataset's definition at its last committed update. */
  readonly definitionHash: string;
  /** MV: fingerprint of definition + input versions at its last refresh (for NO-OP). */
  readonly inputFingerprint: string;
  /** The dataset's kind and table (`schema.name`, lower case) at its last update (unknown for older databases). */
  readonly kind?: string;
  readonly relation?: string;
}

export interface PipelineState {
  readonly datasets: Readonly<Record<string, DatasetState>>;
  /** Relations (`"schema"."name"`, unquoted lower-case form `schema.name`) that exist in the database file. */
  readonly existingTables: readonly string[];
}

export const EMPTY_STATE: PipelineState = { datasets: {}, existingTables: [] };
