import type { CompiledFlow, CompiledInput, ExpectationResult } from '../model/index.js';
import type { PlanStep } from '../plan/index.js';
import { RunCodes } from '../plan/codes.js';
import { typeOf } from '../analyze/compute-lineage.js';
import { quoteIdent, quoteString } from '../model/index.js';
import type { BoundBatch } from './bind-inputs.js';
import { bindVariables, fileChunks, isMalformedCsv, isMalformedJson, resolveFlowInputs } from './bind-inputs.js';
import { resetCdcState, runCdcFlow } from './cdc-bridge.js';
import {
  checkpointSql, clearFlowState, datasetStateSql, flowMarkerSql, hasFlowMarker, recordFilesSql,
} from './state-store.js';
import type { FlowMetrics, RunContext, StepOutcome } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import { inTransaction } from './transaction.js';
import { describeTable, writeBatch } from './write-batch.js';
import type { RejectedLine } from './rejected-rows.js';
import { collectRejects, displayPath, recordRejects, rejectMark, rejectWarning, rescueWarning } from './rejected-rows.js';
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
  // JSON is read strictly (free); an update that met a malformed JSON line is rolled back and run once more with
  // the batch's JSON files checked line by line and the bad lines taken out (bind-inputs.ts). An --atomic run
  // cannot retry one update (the run is one transaction): it checks from the start.
  const cleanups: (() => void)[] = [];
  try {
    try {
      return await updateStreamingTable(ctx, step, ctx.atomic, cleanups);
    } catch (e) {
      if (ctx.atomic || !(isMalformedJson(e) || isMalformedCsv(e))) throw e;
      return await updateStreamingTable(ctx, step, true, cleanups);
    }
  } finally {
    for (const c of cleanups) c();
  }
}

async function updateStreamingTable(ctx: RunContext, step: PlanStep, lenient: boolean, cleanups: (() => void)[]): Promise<StepOutcome> {
  const prev = ctx.states.get(step.dataset);
  const full = step.action === 'full-refresh' || (step.action === 'cdc' && step.fullRefresh === true);
  const expectations = ctx.compiled.datasets.find((d) => d.id === step.dataset)?.expectations ?? [];
  return inTransaction<StepOutcome>(ctx, async () => {
    let generation = prev?.generation ?? 1;
    const dq = datasetQuality(ctx, step.dataset);
    // The table's columns before a full refresh: with no input to rebuild it from, it is recreated empty with them.
    let truncated: Record<string, unknown>[] | undefined;
    if (full) {
      truncated = await describeTable(ctx.db, step.relation);
      // Truncate by dropping: a full refresh may change column types (the type-conflict remedy).
      await ctx.db.run(`DROP TABLE IF EXISTS ${step.relation}`);
      // The quarantine holds the dropped rows of the input being reprocessed: they are quarantined again.
      if (dq.write.quarantine) await ctx.db.run(`DROP TABLE IF EXISTS ${dq.write.quarantine}`);
      await clearFlowState(ctx.db, step.flows);
      if (step.action === 'cdc') await resetCdcState(ctx, step);
      generation = (prev?.generation ?? 0) + 1;
    }
    const totals = { read: 0, written: 0, dropped: 0, files: 0, upserted: 0, deleted: 0, applied: 0, ignored: 0, rejected: 0, cdc: false };
    const byName = new Map<string, ExpectationResult>();
    const warnings: string[] = [];
    const flowsRun: string[] = [];
    const flowMetrics: Record<string, FlowMetrics> = {};
    const quality = dq.write;
    // Key checks look only at the appended rows when this update only appends (no full refresh, no CDC flow).
    const appendedFrom = full || step.flows.some((id) => ctx.compiled.flows.find((f) => f.id === id)?.kind === 'cdc')
      ? undefined : await appendStart(ctx, dq, step.relation);
    let quarantined = 0;
    // A table empty before this update and written by ONE batch holds exactly that batch: its key checks are
    // answered by the batch's counting pass (key-probes.ts).
    const probes = full || appendedFrom === 0 ? keyProbes(dq, ctx) : [];
    let batches = 0;
    let probed: ProbedChecks | undefined;
    // Checkpoints, ledger rows, ONCE markers and the dataset's state: written together just before commit (each
    // flow reads its own state once, before its batches), in one round trip.
    const book: string[] = [];
    // Whether the table is being built by this update (flows may then type a column differently: write-batch.ts).
    let fresh: boolean | undefined;
    const rescued = new Map<string, RejectedLine[]>();
    let inputWarnings = 0;
    for (const flowId of step.flows) {
      const flow = ctx.compiled.flows.find((f) => f.id === flowId);
      if (!flow) continue;
      const inputs = await resolveFlowInputs(ctx, flow, true);
      warnings.push(...inputs.warnings);
      inputWarnings += inputs.warnings.length;
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
        // Change rows balance as read = applied + ignored + dropped (NULL key / sequence, or an expectation's
        // DROP ROW); written is the rows inserted into the target (SEMANTICS §5, issue 4).
        flowMetrics[flow.id] = { rowsRead: r.rowsRead, rowsWritten: r.rowsWritten, rowsDropped: r.violations + r.dropped,
          filesRead: inputs.files.reduce((n, f) => n + f.files.length, 0), expectations: r.expectations,
          upserted: r.upserted, deleted: r.deleted, applied: r.applied, ignored: r.ignored };
        for (const e of mergeExpectations([...byName.values()], r.expectations)) byName.set(e.name, e);
        quarantined += r.quarantined;
        totals.cdc = true;
        totals.read += r.rowsRead; totals.written += r.rowsWritten; totals.dropped += r.violations + r.dropped;
        totals.upserted += r.upserted; totals.deleted += r.deleted; totals.applied += r.applied; totals.ignored += r.ignored;
        // The files this flow read are ingested: exactly once, as for an append flow (SEMANTICS §3).
        for (const f of inputs.files) book.push(...recordFilesSql(flow.id, f.input.node, f.files, ctx.runId));
      } else {
        // Stream windows are read once per flow, so only a files-only flow is split into micro-batches.
        const chunks = inputs.windows.length > 0 ? [inputs.files.slice()] : fileChunks(inputs.files);
        // Key probes answer the checks only when this batch is the update's only write: not asked for otherwise.
        const batchProbes = step.flows.length === 1 && chunks.length === 1 ? probes : [];
        for (const chunk of chunks) {
          const bound = await bindVariables(ctx.db, inputs.windows, chunk, lenient);
          cleanups.push(bound.cleanup);
          for (const [column, lines] of bound.rescued) rescued.set(column, [...(rescued.get(column) ?? []), ...lines]);
          const mark = await rejectMark(ctx.db, rejectSql);
          fresh ??= full || (await describeTable(ctx.db, step.relation)) === undefined;
          const m = readable(bound, inputs.windows.length, chunk.length)
            ? await writeBatch(ctx.db, flow.query?.sql ?? '', expectations, step.dataset, step.relation, 'append', step.name, quality,
              { rereadable: !flowReadsFiles(ctx, flow), probes: batchProbes, fresh, ...rescuedColumnOf(flow) })
            : { rowsRead: 0, rowsWritten: 0, rowsDropped: 0, rowsQuarantined: 0, expectations: [] };
          if (bound.copies) await restorePaths(ctx, step.relation, bound.copies);
          batches++;
          probed = m.probed;
          quarantined += m.rowsQuarantined;
          // Malformed records are read and dropped: rows read = rows written + rows dropped still holds.
          const rejected = await collectRejects(ctx.db, mark, step.dataset, flow.id, ctx.runId, rejectSql) +
            await recordRejects(ctx.db, bound.rejected, step.dataset, flow.id, ctx.runId);
          totals.rejected += rejected;
          totals.read += m.rowsRead + rejected; totals.written += m.rowsWritten; totals.dropped += m.rowsDropped + rejected;
          const fm = flowMetrics[flow.id];
          flowMetrics[flow.id] = {
            rowsRead: (fm?.rowsRead ?? 0) + m.rowsRead + rejected, rowsWritten: (fm?.rowsWritten ?? 0) + m.rowsWritten,
            rowsDropped: (fm?.rowsDropped ?? 0) + m.rowsDropped + rejected, filesRead: (fm?.filesRead ?? 0) + chunk.reduce((n, f) => n + f.files.length, 0),
            expectations: mergeExpectations(fm?.expectations ?? [], m.expectations),
          };
          for (const e of mergeExpectations([...byName.values()], m.expectations)) byName.set(e.name, e);
          for (const f of chunk) book.push(...recordFilesSql(flow.id, f.input.node, f.files, ctx.runId));
        }
      }
      for (const f of inputs.files) totals.files += f.files.length;
      for (const w of inputs.windows) book.push(checkpointSql(flow.id, w.input.node, { generation: w.generation, offset: w.checkpoint, lastRowHash: w.lastRowHash }, ctx.runId));
      if (runsOnce) book.push(flowMarkerSql(flow.id, step.dataset, ctx.runId));
    }
    // Not during a full refresh: it rewrites every row from the new definition.
    if (step.definitionChanged && !full) {
      warnings.push(`${RunCodes.DefinitionChanged}: the definition of ${step.name} changed since its last update; rows already written are not rewritten (run --full-refresh ${step.name} to reprocess all input)`);
    }
    // No table after this update (no input yet, or a full refresh with none): created empty when its columns are
    // known (the truncated table's, or the declared ones), else IDLE and its readers wait (SKIPPED, index.ts).
    const created = totals.cdc || (flowsRun.length > 0 && fresh === false) ? true : await ensureTable(ctx, step, truncated);
    if (!created) {
      const why = `no input yet: ${noInputYet(ctx, step)}; ${step.name} is created with its first file and its readers wait until then`;
      return { commit: false, value: { status: 'IDLE', message: why, rowsRead: 0, rowsWritten: 0,
        rowsDropped: 0, filesRead: 0, expectations: [], warnings: [...warnings, why], flowsRun } };
    }
    if (flowsRun.length === 0 && !full && created === 'existing') {
      // Nothing new, but an ingested file changed: WARN, so that `--warn-error` catches input that is silently not
      // read again. (A changed definition alone stays IDLE: it is applied with the next input.)
      const warn = inputWarnings > 0;
      return { commit: false, value: { status: warn ? 'WARN' : 'IDLE', message: warn ? `no new input; ${warnings[0]}` : 'no new input',
        rowsRead: 0, rowsWritten: 0, rowsDropped: 0, filesRead: 0, expectations: [], warnings, flowsRun } };
    }
    const checks = await runTableChecks(ctx, dq, step.name, { expectations: [...byName.values()], rowsRead: totals.read }, appendedFrom,
      batches === 1 && !totals.cdc ? probed : undefined);
    // Every warning so far (input files changed since ingested, a changed definition, CDC violations) makes the
    // update WARN, as a warning test does in dbt, so `--warn-error` catches it; the quarantine note does not.
    warnings.push(...checks.warnings);
    let warned = warnings.length > 0;
    if (quarantined > 0) warnings.push(`${quarantined} dropped row(s) kept in ${step.name}_quarantine`);
    const next = { version: (prev?.version ?? 0) + 1, generation, definitionHash: step.definitionHash, inputFingerprint: '' };
    book.push(...checks.stateSql, datasetStateSql(step, next, ctx.runId, ctx.now()));
    await ctx.db.run(book.join(';\n'));
    ctx.states.set(step.dataset, next);
    if (totals.rejected > 0) {
      warnings.push(await rejectWarning(ctx.db, ctx.runId, step.dataset, totals.rejected, { read: totals.read, written: totals.written, dropped: totals.dropped }));
    }
    for (const [column, lines] of rescued) warnings.push(rescueWarning(lines, column));
    const expectationResults = [...byName.values(), ...checks.results];
    warned ||= expectationResults.some((e) => e.status === 'warn') || totals.rejected > 0 || rescued.size > 0;
    return {
      commit: true,
      value: {
        status: warned ? 'WARN' : 'COMPLETED',
        message: created === 'empty' ? `created empty: no input yet (${noInputYet(ctx, step)})` : full ? 'full refresh' : 'appended new input',
        rowsRead: totals.read, rowsWritten: totals.written, rowsDropped: totals.dropped, filesRead: totals.files,
        expectations: expectationResults, warnings, flowsRun, flowMetrics, ...(totals.rejected > 0 ? { rowsRejected: totals.rejected } : {}),
        ...(totals.cdc ? { upserted: totals.upserted, deleted: totals.deleted, applied: totals.applied, ignored: totals.ignored } : {}),
      },
    };
  });
}

/**
 * Whether a batch can be read: a file input whose new files held only malformed lines has nothing left to read.
 * Alone in its flow, the batch is skipped (its lines are counted as rejected, its files recorded as read); next
 * to other inputs, the query cannot run without it.
 */
function readable(bound: BoundBatch, windows: number, inputs: number): boolean {
  if (bound.emptied.length === 0) return true;
  if (windows === 0 && inputs === 1) return false;
  throw new UpdateError(`every new record of ${bound.emptied.map((i) => i.node).join(', ')} is malformed: nothing to read with the flow's other inputs`,
    'fix or remove the files (their lines are in _weir.rejected_rows after a run that can skip them)');
}

/**
 * Makes sure the table exists after an update that may not have written it: `'existing'` when it does, `'empty'`
 * when it was created empty from the columns it had before a full refresh or from its declared columns
 * (`CREATE STREAMING TABLE t (id BIGINT, ...)`), false when its columns cannot be known without input (inferred
 * from files not there yet).
 */
async function ensureTable(ctx: RunContext, step: PlanStep, truncated: Record<string, unknown>[] | undefined): Promise<'existing' | 'empty' | false> {
  if (await describeTable(ctx.db, step.relation)) return 'existing';
  const declared = ctx.compiled.graph.datasets.find((d) => d.id === step.dataset)?.columns ?? [];
  const cols = truncated?.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }))
    ?? (declared.length > 0 && declared.every((c) => typeOf(c.type).type) ? declared.map((c) => ({ name: c.name, type: typeOf(c.type).type! })) : undefined);
  if (!cols) return false;
  await ctx.db.run(`CREATE TABLE ${step.relation} (${cols.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`);
  return 'empty';
}

/**
 * Rows read from cleaned copies carry the copy's path where the query used `_metadata.file_path`; the copy's path
 * is the copies' folder + the original path, so removing the folder from the string columns that contain it (only
 * this batch's rows can: the folder name is new) gives the user's path back.
 */
async function restorePaths(ctx: RunContext, relation: string, root: string): Promise<void> {
  const cols = (await describeTable(ctx.db, relation) ?? []).filter((c) => String(c.column_type) === 'VARCHAR').map((c) => quoteIdent(String(c.column_name)));
  for (const c of cols) {
    await ctx.db.run(`UPDATE ${relation} SET ${c} = replace(${c}, ${quoteString(root)}, '') WHERE contains(${c}, ${quoteString(root)})`);
  }
}

/** What the table is waiting for: its file sources (`data/landing/*.json is empty`). */
function noInputYet(ctx: RunContext, step: PlanStep): string {
  const globs = step.flows.flatMap((id) => ctx.compiled.flows.find((f) => f.id === id)?.inputs ?? []).flatMap((i) => i.globs ?? []);
  return globs.length > 0 ? `no file matches ${[...new Set(globs)].map(displayPath).join(', ')}` : 'its sources have no rows yet';
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

/** The rescued data column and schema evolution mode of a flow's file input (Auto Loader's), for writeBatch. */
function rescuedColumnOf(flow: CompiledFlow): { rescued?: string; evolution?: CompiledInput['schemaEvolutionMode'] } {
  const column = flow.inputs.find((i) => i.rescuedDataColumn)?.rescuedDataColumn;
  const evolution = flow.inputs.find((i) => i.schemaEvolutionMode)?.schemaEvolutionMode;
  return { ...(column ? { rescued: column } : {}), ...(evolution ? { evolution } : {}) };
}
