import { assertNever } from '../model/index.js';
import { objectType } from './object-type.js';
import type { PlanStep } from '../plan/index.js';
import { unquote } from '../plan/index.js';
import { runMaterializedView } from './run-materialized-view.js';
import { runStreamingTable } from './run-streaming-table.js';
import { runView } from './run-view.js';
import type { RunContext, StepOutcome } from './step-outcome.js';
import { emptyOutcome, UpdateError } from './step-outcome.js';

/** Executes one plan step: the same `PlanStep` that `--dry-run` prints (ARCHITECTURE §3.1). */
export async function runStep(ctx: RunContext, step: PlanStep, existing: ReadonlySet<string>): Promise<StepOutcome> {
  // A table of this name that Weir never updated is not taken over: appending to it or replacing it would mix
  // or lose someone else's rows (Databricks refuses to manage a table it did not create).
  if (step.foreignTable && step.action !== 'excluded') {
    throw new UpdateError(`${unquote(step.relation)} already exists and was not made by this pipeline: Weir does not write into a table it did not create`,
      `drop or rename that table, or rename the dataset; to replace the table with the dataset, run with --full-refresh ${step.name} (or --full-refresh-all)`);
  }
  // Only a full refresh can meet a view there: a dataset that was a view is rebuilt (its kind changed, plan/).
  if (step.fullRefresh && step.action !== 'excluded' && step.action !== 'create-view') await dropOwnView(ctx, step);
  switch (step.action) {
    case 'excluded': return emptyOutcome('EXCLUDED', step.reason);
    case 'create-view': return runView(ctx, step);
    case 'refresh':
    case 'full-refresh':
      return step.kind === 'materialized-view' ? runMaterializedView(ctx, step, existing) : runStreamingTable(ctx, step);
    case 'incremental':
    case 'cdc':
      return runStreamingTable(ctx, step);
    default: return assertNever(step.action);
  }
}

/**
 * A view where the table goes: the dataset was a view at its last run (a view keeps no table to lose), or
 * `--full-refresh` named it (a view Weir did not make: the plan's foreignTable stops the others first).
 */
async function dropOwnView(ctx: RunContext, step: PlanStep): Promise<void> {
  if (await objectType(ctx.db, step.relation) === 'VIEW') await ctx.db.run(`DROP VIEW ${step.relation}`);
}
