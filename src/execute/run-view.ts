import type { DatasetState, PlanStep } from '../plan/index.js';
import { unquote } from '../plan/index.js';
import { batchSelectSql, expectationColumns, keptRowsSql, metricsSql, stripSemicolon, violatingRowsSql } from '../emit/index.js';
import type { RunContext, StepOutcome } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import { inTransaction } from './transaction.js';
import { quoteIdent, splitRelation } from '../model/index.js';
import { objectType } from './object-type.js';
import { bindVariables, resolveFlowInputs, type StreamWindow } from './bind-inputs.js';
import { checkpointSql, clearFlowState, datasetStateSql } from './state-store.js';
import { exampleRows } from './example-rows.js';

/**
 * Temporary views (in `_weir_private`) and persisted views (published schema) are DuckDB views recreated every
 * run (SEMANTICS §2). A LIVE VIEW's expectations are evaluated when it is refreshed: one aggregate over its
 * rows; DROP ROW rules filter the view; FAIL UPDATE rolls the view's update back.
 */
export async function runView(ctx: RunContext, step: PlanStep): Promise<StepOutcome> {
  const flow = ctx.compiled.flows.find((f) => f.target === step.dataset && f.query);
  if (!flow?.query) throw new UpdateError(`view ${step.name} has no query`);
  const expectations = ctx.compiled.datasets.find((d) => d.id === step.dataset)?.expectations ?? [];
  const cols = expectationColumns(expectations);
  return inTransaction<StepOutcome>(ctx, async () => {
    await ctx.db.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(splitRelation(step.relation)[0])}`);
    const prev = ctx.states.get(step.dataset);
    await replaceOwnTable(ctx, step, prev);
    // Recorded like a table's update (kind and relation): a later change of kind is then known (plan/).
    await ctx.db.run(datasetStateSql(step, { version: (prev?.version ?? 0) + 1, generation: prev?.generation ?? 1, definitionHash: step.definitionHash,
      inputFingerprint: '' }, ctx.runId, ctx.now()));
    if (cols.length === 0) {
      await ctx.db.run(`CREATE OR REPLACE VIEW ${step.relation} AS\n${viewSelectSql(flow.query!.sql, expectations)}`);
      return { commit: true, value: { status: 'COMPLETED', message: 'view created', rowsRead: 0, rowsWritten: 0, rowsDropped: 0,
        filesRead: 0, expectations: [], warnings: [], flowsRun: [flow.id] } };
    }
    const batch = `(\n${batchSelectSql(flow.query!.sql, expectations)}\n) AS "__weir_batch"`;
    await ctx.db.run(`CREATE OR REPLACE VIEW ${step.relation} AS\n${viewSelectSql(flow.query!.sql, expectations)}`);
    // A streaming view's readers each take the rows new to them, so its expectations are counted (and FAIL
    // UPDATE decided) over the rows new since the view's last update: its own stream windows, bound only while
    // it is counted (batch readers of the view read all of it), and kept like a streaming table's checkpoints.
    const streamed = flow.inputs.some((i) => i.streaming && i.fromVariable);
    if (streamed && step.action === 'full-refresh') await clearFlowState(ctx.db, [flow.id]);
    const windows = streamed ? (await resolveFlowInputs(ctx, flow, true)).windows : [];
    if (windows.length > 0) await bindVariables(ctx.db, windows, []);
    try {
      return await countView(ctx, step, batch, cols, flow.id, windows);
    } finally {
      if (windows.length > 0) await ctx.db.run(windows.flatMap((w) => [`RESET VARIABLE ${w.input.fromVariable}`, `RESET VARIABLE ${w.input.toVariable}`]).join(';\n'));
    }
  });
}

/**
 * A table where the view goes: the dataset's own table from when it was a materialized view or streaming table
 * (its state says so) is dropped, in the view's transaction; anyone else's is left alone (an error).
 */
async function replaceOwnTable(ctx: RunContext, step: PlanStep, prev: DatasetState | undefined): Promise<void> {
  // Its last update made it a view already: no table of its own to replace (and no query to run every time).
  if (prev?.kind === step.kind && prev.relation === unquote(step.relation)) return;
  if (await objectType(ctx.db, step.relation) !== 'BASE TABLE') return;
  if (!prev) {
    throw new UpdateError(`${unquote(step.relation)} already exists as a table that this pipeline did not make: Weir does not replace it with the view ${step.name}`,
      'drop or rename that table, or rename the dataset');
  }
  await ctx.db.run(`DROP TABLE ${step.relation}`);
}

/**
 * The query of the DuckDB view Weir creates for a view dataset: its flow's query, without the rows its DROP ROW
 * expectations drop. Also what an incremental MV refresh analyses when it reads the view (run-materialized-view.ts).
 */
export function viewSelectSql(flowSql: string, expectations: Parameters<typeof expectationColumns>[0]): string {
  const cols = expectationColumns(expectations);
  if (cols.length === 0) return stripSemicolon(flowSql);
  return keptRowsSql(`(\n${batchSelectSql(flowSql, expectations)}\n) AS "__weir_batch"`, cols);
}

/** The view's expectation counts over `batch` (its stream windows bound), FAIL UPDATE decided, checkpoints kept. */
async function countView(
  ctx: RunContext, step: PlanStep, batch: string, cols: ReturnType<typeof expectationColumns>, flowId: string, windows: readonly StreamWindow[],
): Promise<{ commit: true; value: StepOutcome }> {
  const m = (await ctx.db.rows(metricsSql(batch, cols)))[0];
  const rowsRead = Number(m.rows_read);
  const results = cols.map((c, i) => {
    const passed = Number(m[`passed_${i}`]);
    return { name: c.name, dataset: step.dataset, action: c.action, passed_records: passed, failed_records: rowsRead - passed,
      kind: 'expectation', status: passed === rowsRead ? 'pass' as const : c.action === 'fail' ? 'fail' as const : 'warn' as const };
  });
  const failing = cols.find((c, i) => c.action === 'fail' && results[i].failed_records > 0);
  if (failing) {
    const rows = await exampleRows(ctx.db, violatingRowsSql(batch, failing, cols));
    // A view writes no rows: the run stops here, as a table's update does, and its readers are SKIPPED.
    throw new UpdateError(`expectation ${failing.name} failed on ${results[cols.indexOf(failing)].failed_records} of ${rowsRead} row${rowsRead === 1 ? '' : 's'} of ${step.name} (ON VIOLATION FAIL UPDATE): the view keeps its previous definition`,
      undefined, { name: failing.name, rows }, { expectations: results, rowsRead });
  }
  if (windows.length > 0) await ctx.db.run(windows.map((w) => checkpointSql(flowId, w.input.node, { generation: w.generation, offset: w.checkpoint, lastRowHash: w.lastRowHash }, ctx.runId)).join(';\n'));
  const dropped = Number(m.dropped);
  return { commit: true, value: {
    status: results.some((r) => r.failed_records > 0) ? 'WARN' : 'COMPLETED', message: 'view created',
    rowsRead, rowsWritten: rowsRead - dropped, rowsDropped: dropped, filesRead: 0, expectations: results, warnings: [], flowsRun: [flowId],
  } };
}
