import type { PlanStep } from '../plan/index.js';
import { unquote } from '../plan/index.js';
import { bindVariables, resolveFlowInputs } from './bind-inputs.js';
import { inputFingerprint } from './input-fingerprint.js';
import { saveDatasetState } from './state-store.js';
import type { RunContext, StepOutcome } from './step-outcome.js';
import { UpdateError, emptyOutcome } from './step-outcome.js';
import { inTransaction } from './transaction.js';
import { writeBatch } from './write-batch.js';
import { collectRejects, rejectMark } from './rejected-rows.js';
import { runTableChecks, writeQuality } from './quality-gates.js';

/**
 * SEMANTICS §3 materialized view: NO-OP when definition and every input version are unchanged and the table is
 * still there; otherwise recomputed and replaced (CREATE OR REPLACE TABLE) in the dataset's transaction, with
 * its state (version, generation, fingerprint) committed alongside.
 */
export async function runMaterializedView(ctx: RunContext, step: PlanStep, existing: ReadonlySet<string>): Promise<StepOutcome> {
  const prev = ctx.states.get(step.dataset);
  const fingerprint = inputFingerprint(ctx, step.dataset);
  if (step.action === 'refresh' && prev && prev.inputFingerprint === fingerprint && existing.has(unquote(step.relation))) {
    return emptyOutcome('NO-OP', 'inputs and definition unchanged');
  }
  const flow = ctx.compiled.flows.find((f) => f.target === step.dataset && f.query);
  if (!flow?.query) throw new UpdateError(`materialized view ${step.name} has no query`);
  const expectations = ctx.compiled.datasets.find((d) => d.id === step.dataset)?.expectations ?? [];
  return inTransaction<StepOutcome>(ctx, async () => {
    const inputs = await resolveFlowInputs(ctx, flow, false);
    await bindVariables(ctx.db, inputs.windows, inputs.files);
    const mark = await rejectMark(ctx.db);
    const m = await writeBatch(ctx.db, flow.query!.sql, expectations, step.dataset, step.relation, 'replace', step.name, writeQuality(ctx, step.dataset));
    const checks = await runTableChecks(ctx, step.dataset, step.name, m);
    const next = {
      version: (prev?.version ?? 0) + 1, generation: (prev?.generation ?? 0) + 1,
      definitionHash: step.definitionHash, inputFingerprint: fingerprint,
    };
    const rejected = await collectRejects(ctx.db, mark, step.dataset, flow.id, ctx.runId);
    const warnings = [...inputs.warnings];
    if (rejected > 0) warnings.push(`${rejected} malformed input row(s) were not loaded; they are kept in _weir.rejected_rows`);
    await saveDatasetState(ctx.db, step.dataset, next, ctx.runId, ctx.now());
    ctx.states.set(step.dataset, next);
    const filesRead = inputs.files.reduce((n, f) => n + f.files.length, 0);
    const results = [...m.expectations, ...checks];
    const warned = results.some((e) => e.status === 'warn');
    if (m.rowsQuarantined > 0) warnings.push(`${m.rowsQuarantined} dropped row(s) kept in ${step.name}_quarantine`);
    return {
      commit: true,
      value: {
        status: warned ? 'WARN' : 'COMPLETED', message: step.action === 'full-refresh' ? 'full refresh' : 'refreshed',
        rowsRead: m.rowsRead, rowsWritten: m.rowsWritten, rowsDropped: m.rowsDropped, filesRead,
        expectations: results, warnings, flowsRun: [flow.id], ...(rejected > 0 ? { rowsRejected: rejected } : {}),
      },
    };
  });
}
