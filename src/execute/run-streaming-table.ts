import type { ExpectationResult } from '../model/index.js';
import type { PlanStep } from '../plan/index.js';
import { bindVariables, fileChunks, resolveFlowInputs } from './bind-inputs.js';
import { resetCdcState, runCdcFlow } from './cdc-bridge.js';
import {
  checkpointSql, clearFlowState, datasetStateSql, flowMarkerSql, hasFlowMarker, recordFilesSql,
} from './state-store.js';
import type { FlowMetrics, RunContext, StepOutcome } from './step-outcome.js';
import { inTransaction } from './transaction.js';
import { writeBatch } from './write-batch.js';
import { collectRejects, rejectMark } from './rejected-rows.js';
import { appendStart, datasetQuality, keyProbes, runTableChecks } from './quality-gates.js';
import type { ProbedChecks } from './key-probes.js';
import { flowReadsFiles } from './input-fingerprint.js';

/**
 * SEMANTICS §3 streaming table: append-only, exactly-once. Every flow into the table runs in the table's ONE
 * transaction, which also commits the flows' checkpoints, file ledger rows and ONCE markers, so a crash can
 * neither lose nor duplicate input. Nothing new anywhere → IDLE, rolled back, version unchanged.
 * An append flow with no incremental input (no STREAM, no files) runs once, like a ONCE flow: rerunning it
 * would duplicate its rows.
 */
export async function runStreamingTable(ctx: RunContext, step: PlanStep): Promise<StepOutcome> {
  const prev = ctx.states.get(step.dataset);
  const full = step.action === 'full-refresh' || (step.action === 'cdc' && step.fullRefresh === true);
  const expectations = ctx.compiled.datasets.find((d) => d.id === step.dataset)?.expectations ?? [];
  return inTransaction<StepOutcome>(ctx, async () => {
    let generation = prev?.generation ?? 1;
    if (full) {
      // Truncate by dropping: a full refresh may change column types (the type-conflict remedy).
      await ctx.db.run(`DROP TABLE IF EXISTS ${step.relation}`);
      await clearFlowState(ctx.db, step.flows);
      if (step.action === 'cdc') await resetCdcState(ctx, step);
      generation = (prev?.generation ?? 0) + 1;
    }
    const totals = { read: 0, written: 0, dropped: 0, files: 0, upserted: 0, deleted: 0, rejected: 0, cdc: false };
    const byName = new Map<string, ExpectationResult>();
    const warnings: string[] = [];
    const flowsRun: string[] = [];
    const flowMetrics: Record<string, FlowMetrics> = {};
    const dq = datasetQuality(ctx, step.dataset);
    const quality = dq.write;
    // Key checks look only at the appended rows when this update only appends (no full refresh, no CDC flow).
    const appendedFrom = full || step.flows.some((id) => ctx.compiled.flows.find((f) => f.id === id)?.kind === 'cdc')
      ? undefined : await appendStart(ctx, dq, step.relation);
    let quarantined = 0;
    // A table empty before this update and written by ONE batch holds exactly that batch: its key checks are
    // answered by the batch's counting pass (key-probes.ts).
    const probes = full || appendedFrom === 0 ? keyProbes(dq) : [];
    let batches = 0;
    let probed: ProbedChecks | undefined;
    // Checkpoints, ledger rows, ONCE markers and the dataset's state: written together just before commit (each
    // flow reads its own state once, before its batches), in one round trip.
    const book: string[] = [];
    for (const flowId of step.flows) {
      const flow = ctx.compiled.flows.find((f) => f.id === flowId);
      if (!flow) continue;
      const inputs = await resolveFlowInputs(ctx, flow, true);
      warnings.push(...inputs.warnings);
      const runsOnce = flow.once || !inputs.incremental;
      if (runsOnce ? await hasFlowMarker(ctx.db, flow.id) : !inputs.hasNew) continue;
      flowsRun.push(flow.id);
      // Only file readers reject rows; a flow reading a view may read files through it: always looked up.
      const viaView = flow.inputs.some((i) => ['temporary-view', 'view'].includes(ctx.plan.steps.find((s) => s.dataset === i.node)?.kind ?? ''));
      const rejectSql = viaView ? undefined : flow.query?.sql;
      if (flow.kind === 'cdc') {
        await bindVariables(ctx.db, inputs.windows, inputs.files);
        const r = await runCdcFlow(ctx, step, flow);
        warnings.push(...r.warnings);
        flowMetrics[flow.id] = { rowsRead: r.rowsRead, rowsWritten: r.rowsWritten, rowsDropped: 0,
          filesRead: inputs.files.reduce((n, f) => n + f.files.length, 0), expectations: [],
          upserted: r.upserted, deleted: r.deleted };
        totals.cdc = true;
        totals.read += r.rowsRead; totals.written += r.rowsWritten; totals.upserted += r.upserted; totals.deleted += r.deleted;
      } else {
        // Stream windows are read once per flow, so only a files-only flow is split into micro-batches.
        for (const chunk of inputs.windows.length > 0 ? [inputs.files.slice()] : fileChunks(inputs.files)) {
          await bindVariables(ctx.db, inputs.windows, chunk);
          const mark = await rejectMark(ctx.db, rejectSql);
          const m = await writeBatch(ctx.db, flow.query?.sql ?? '', expectations, step.dataset, step.relation, 'append', step.name, quality,
            { rereadable: !flowReadsFiles(ctx, flow), probes });
          batches++;
          probed = m.probed;
          quarantined += m.rowsQuarantined;
          totals.rejected += await collectRejects(ctx.db, mark, step.dataset, flow.id, ctx.runId, rejectSql);
          totals.read += m.rowsRead; totals.written += m.rowsWritten; totals.dropped += m.rowsDropped;
          const fm = flowMetrics[flow.id];
          flowMetrics[flow.id] = {
            rowsRead: (fm?.rowsRead ?? 0) + m.rowsRead, rowsWritten: (fm?.rowsWritten ?? 0) + m.rowsWritten,
            rowsDropped: (fm?.rowsDropped ?? 0) + m.rowsDropped, filesRead: (fm?.filesRead ?? 0) + chunk.reduce((n, f) => n + f.files.length, 0),
            expectations: mergeExpectations(fm?.expectations ?? [], m.expectations),
          };
          for (const e of mergeExpectations([...byName.values()], m.expectations)) byName.set(e.name, e);
          for (const f of chunk) book.push(...recordFilesSql(flow.id, f.input.node, f.files, ctx.runId));
        }
      }
      for (const f of inputs.files) totals.files += f.files.length;
      for (const w of inputs.windows) book.push(checkpointSql(flow.id, w.input.node, { generation: w.generation, offset: w.to }, ctx.runId));
      if (runsOnce) book.push(flowMarkerSql(flow.id, step.dataset, ctx.runId));
    }
    if (step.definitionChanged) {
      warnings.push(`the definition of ${step.name} changed since its last update; rows already written are not rewritten (run --full-refresh ${step.name} to reprocess all input)`);
    }
    if (flowsRun.length === 0 && !full) {
      return { commit: false, value: { status: 'IDLE', message: 'no new input', rowsRead: 0, rowsWritten: 0, rowsDropped: 0,
        filesRead: 0, expectations: [], warnings, flowsRun } };
    }
    const checks = await runTableChecks(ctx, dq, step.name, { expectations: [...byName.values()], rowsRead: totals.read }, appendedFrom,
      batches === 1 && !totals.cdc ? probed : undefined);
    if (quarantined > 0) warnings.push(`${quarantined} dropped row(s) kept in ${step.name}_quarantine`);
    const next = { version: (prev?.version ?? 0) + 1, generation, definitionHash: step.definitionHash, inputFingerprint: '' };
    book.push(...checks.stateSql, datasetStateSql(step.dataset, next, ctx.runId, ctx.now()));
    await ctx.db.run(book.join(';\n'));
    ctx.states.set(step.dataset, next);
    if (totals.rejected > 0) warnings.push(`${totals.rejected} malformed input row(s) were not loaded; they are kept in _weir.rejected_rows`);
    const expectationResults = [...byName.values(), ...checks.results];
    const warned = expectationResults.some((e) => e.status === 'warn');
    return {
      commit: true,
      value: {
        status: warned ? 'WARN' : 'COMPLETED', message: full ? 'full refresh' : 'appended new input',
        rowsRead: totals.read, rowsWritten: totals.written, rowsDropped: totals.dropped, filesRead: totals.files,
        expectations: expectationResults, warnings, flowsRun, flowMetrics, ...(totals.rejected > 0 ? { rowsRejected: totals.rejected } : {}),
        ...(totals.cdc ? { upserted: totals.upserted, deleted: totals.deleted } : {}),
      },
    };
  });
}

/** Sums expectation counts of several batches of one update (micro-batches, several flows). */
export function mergeExpectations(a: readonly ExpectationResult[], b: readonly ExpectationResult[]): ExpectationResult[] {
  const out = new Map(a.map((e) => [e.name, e] as const));
  for (const e of b) {
    const acc = out.get(e.name);
    out.set(e.name, acc ? { ...acc, passed_records: acc.passed_records + e.passed_records,
      failed_records: acc.failed_records + e.failed_records, status: acc.status === 'pass' ? e.status : acc.status } : e);
  }
  return [...out.values()];
}
