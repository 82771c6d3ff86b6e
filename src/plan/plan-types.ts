import type { DatasetKind } from '../model/index.js';

/**
 * The plan: what a run does to each dataset and why (ARCHITECTURE §3.1, SQLMesh's habit): `weir run --dry-run`
 * prints this very object and `weir run` executes it, so the two cannot drift.
 * NO-OP (MV) and IDLE (ST) are decided while running, because they depend on what upstream updates of the
 * same run commit; the plan says when a step may end that way.
 */
export type StepAction =
  | 'refresh' // MV: recompute and replace (NO-OP when inputs and definition are unchanged)
  | 'full-refresh' // ST: truncate, clear checkpoints and file ledger, reprocess everything; MV: recompute
  | 'incremental' // ST: append new input only (IDLE when there is none)
  | 'cdc' // ST written by AUTO CDC / APPLY CHANGES
  | 'create-view' // temporary or persisted view, recreated every run
  | 'excluded'; // not selected

export interface PlanStep {
  readonly dataset: string;
  readonly name: string;
  readonly kind: DatasetKind;
  readonly relation: string;
  readonly action: StepAction;
  /** One sentence a user can read in `--dry-run`. */
  readonly reason: string;
  /** Flow ids writing this dataset, in execution order (implicit flow first). */
  readonly flows: readonly string[];
  readonly definitionHash: string;
  /** True when this step rebuilds from scratch (`full-refresh`, or a `cdc` step named by --full-refresh). */
  readonly fullRefresh: boolean;
  /** ST: definition differs from the last update (old rows are not rewritten, SEMANTICS §3). */
  readonly definitionChanged: boolean;
  /** Dataset ids of this step's upstream datasets (direct). */
  readonly upstream: readonly string[];
  /**
   * The dataset has no update recorded but its table exists: a table Weir did not make (the user's, another
   * tool's). The runner refuses to write it unless `--full-refresh` names the dataset.
   */
  readonly foreignTable?: boolean;
}

export interface Plan {
  readonly pipeline: string;
  readonly schema: string;
  /** Every dataset in topological order, excluded ones included (they are reported as EXCLUDED). */
  readonly steps: readonly PlanStep[];
  /** Number of steps that run (not excluded). */
  readonly selected: number;
  readonly atomic: boolean;
}

export interface RunSelection {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly fullRefresh?: readonly string[];
  readonly fullRefreshAll?: boolean;
  readonly refresh?: readonly string[];
  readonly atomic?: boolean;
}
