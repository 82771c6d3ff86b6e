import type { DatasetState, Plan, PlanStep } from '../plan/index.js';
import type { CompiledPipeline, DatasetRunStatus, ExpectationResult, Span } from '../model/index.js';
import type { Database, Row } from './database.js';
import type { LedgerEntry } from './state-store.js';

/** What one dataset update did; becomes a console line, flow_progress events and a run_results entry. */
export interface StepOutcome extends FlowMetrics {
  readonly status: DatasetRunStatus;
  readonly message: string;
  /** Malformed input lines kept in `_weir.rejected_rows`: read and dropped (counted in rowsRead and rowsDropped). */
  readonly rowsRejected?: number;
  readonly warnings: readonly string[];
  /** FAIL UPDATE: the expectation and up to 5 violating rows (SEMANTICS §4). */
  readonly failedExpectation?: { readonly name: string; readonly rows: readonly Row[] };
  readonly hint?: string;
  /** The update was interrupted (Ctrl-C) and rolled back: FAILED in run_results, STOPPED in the event log. */
  readonly stopped?: boolean;
  /** Flow ids that processed input (the others were idle). */
  readonly flowsRun: readonly string[];
  /** Per flow that ran: its own metrics (a streaming table may have several append flows). */
  readonly flowMetrics?: Readonly<Record<string, FlowMetrics>>;
  /** Materialized views: how the refresh was done, and why (event log `refresh_technique`). */
  readonly refresh?: { readonly technique: RefreshTechnique; readonly reason: string };
}

/** Databricks-style names of how a materialized view was refreshed (incremental/plan-mv-refresh.ts). */
export type RefreshTechnique = 'APPEND_ONLY' | 'GROUP_AGGREGATE' | 'ROW_BASED' | 'COMPLETE_RECOMPUTE';

/** Rows and expectation counts of one flow, or (summed) of a whole dataset update. */
export interface FlowMetrics {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsDropped: number;
  readonly filesRead: number;
  readonly expectations: readonly ExpectationResult[];
  /** CDC: target rows inserted or updated, and removed (`rowsWritten` is the rows inserted). */
  readonly upserted?: number;
  readonly deleted?: number;
  /** CDC: change rows that took effect, and valid ones that changed nothing (late, superseded, re-delivered). */
  readonly applied?: number;
  readonly ignored?: number;
}

/** Mutable run-wide knowledge shared by the step runners. */
export interface RunContext {
  readonly db: Database;
  readonly compiled: CompiledPipeline;
  readonly plan: Plan;
  readonly runId: string;
  readonly now: () => Date;
  /** Dataset states, updated in memory as updates commit (later steps see upstream's new versions). */
  readonly states: Map<string, DatasetState>;
  /** Files each source matches, listed once per run. */
  readonly listings: Map<string, readonly LedgerEntry[]>;
  /** True when the whole run is one transaction (`--atomic`): step runners must not BEGIN / COMMIT. */
  readonly atomic: boolean;
  /** The user's files by project path, to print a diagnostic at its `file:line:col` (CDC checks). */
  readonly sources?: (file: string) => string | undefined;
  /**
   * SQL to run inside the update's transaction just before it commits, given what the update did: the run's
   * pending events, so a committed update's events are committed with it (a run killed later keeps them) at
   * no extra commit.
   */
  onCommit?: (outcome: StepOutcome) => string[];
}

/**
 * A user-facing failure of one update: the message is shown as is, no stack (CONVENTIONS "Errors"), after the
 * user's `file:line:col`: `at` when given, the failed expectation's CONSTRAINT, else the dataset's definition.
 */
export class UpdateError extends Error {
  constructor(message: string, readonly hint?: string, readonly failedExpectation?: { name: string; rows: Row[] },
    readonly partial?: Partial<StepOutcome>, readonly at?: Span) {
    super(message);
  }
}

export function emptyOutcome(status: DatasetRunStatus, message: string): StepOutcome {
  return { status, message, rowsRead: 0, rowsWritten: 0, rowsDropped: 0, filesRead: 0, expectations: [], warnings: [], flowsRun: [] };
}

export type StepRunner = (ctx: RunContext, step: PlanStep) => Promise<StepOutcome>;
