import type { CompiledFlow } from '../model/index.js';
import { PRIVATE_SCHEMA, quoteIdent } from '../model/index.js';
import type { PlanStep } from '../plan/index.js';
import { stripSemicolon } from '../emit/index.js';
import { cdcApplySql, duplicateSequenceWarning, stateTable, violationsWarning } from '../cdc/index.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';

export interface CdcFlowResult { rowsRead: number; rowsWritten: number; upserted: number; deleted: number; warnings: string[] }

/** Suffixes src/cdc appends to the state prefix (see CdcRelations.state): cleared by a full refresh. */
const STATE_SUFFIXES = ['_keys', '_truncate', '_events', '_violations'];

export function cdcStatePrefix(datasetId: string): string {
  return `${quoteIdent(PRIVATE_SCHEMA)}.${quoteIdent(`${datasetId}__cdc`)}`;
}

/** Full refresh of a CDC target: the target and every state table go, so all changes are reapplied (SEMANTICS §3). */
export async function resetCdcState(ctx: RunContext, step: PlanStep): Promise<void> {
  for (const suffix of STATE_SUFFIXES) await ctx.db.run(`DROP TABLE IF EXISTS ${stateTable(cdcStatePrefix(step.dataset), suffix)}`);
}

/**
 * Runs one AUTO CDC / APPLY CHANGES flow inside the target's transaction (SEMANTICS §5): this batch's change
 * rows (stream / file variables already bound) are materialised once, then src/cdc's SQL applies them.
 */
export async function runCdcFlow(ctx: RunContext, step: PlanStep, flow: CompiledFlow): Promise<CdcFlowResult> {
  if (!flow.cdc) throw new UpdateError(`flow ${flow.id} is a CDC flow without a compiled APPLY CHANGES clause`);
  const rowsRead = await ctx.db.count(`CREATE OR REPLACE TEMP TABLE __weir_changes AS SELECT * FROM (\n${stripSemicolon(flow.cdc.source.sql)}\n) AS "__weir_q"`);
  const columns = (await ctx.db.rows('DESCRIBE temp.__weir_changes')).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const state = cdcStatePrefix(step.dataset);
  const plan = cdcApplySql(flow.cdc, { target: step.relation, state, columns, runId: ctx.runId }, '"temp"."__weir_changes"');
  for (const sql of plan.ensure) await ctx.db.run(sql);
  for (const sql of plan.apply) await ctx.db.run(sql);
  const m = (await ctx.db.rows(plan.metrics))[0] ?? {};
  const warnings: string[] = [];
  const violations = Number(m.num_violations ?? 0);
  if (violations > 0) warnings.push(violationsWarning(step.name, violations, stateTable(state, '_violations')).message);
  const duplicates = Number(m.num_duplicate_sequence ?? 0);
  if (duplicates > 0) {
    const examples = (await ctx.db.rows(plan.duplicates)).map((r) => ({ key: String(r.key), sequence: String(r.sequence) }));
    warnings.push(duplicateSequenceWarning(step.name, duplicates, examples).message);
  }
  for (const sql of plan.cleanup) await ctx.db.run(sql);
  await ctx.db.run('DROP TABLE IF EXISTS temp.__weir_changes');
  return {
    rowsRead, rowsWritten: Number(m.num_output_rows ?? 0),
    upserted: Number(m.num_upserted_rows ?? 0), deleted: Number(m.num_deleted_rows ?? 0), warnings,
  };
}
