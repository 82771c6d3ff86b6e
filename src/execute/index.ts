import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { CompiledPipeline, DatasetRunResult, Diagnostic, ProjectConfig, RunResults } from '../model/index.js';
import { quoteIdent, quoteString, STATE_SCHEMA } from '../model/index.js';
import type { PipelineState, Plan, PlanStep } from '../plan/index.js';
import { EMPTY_STATE, planRun, RunCodes, unquote } from '../plan/index.js';
import { RunConsole } from '../report/run-console.js';
import type { Database } from './database.js';
import { openDatabase } from './database.js';
import { needsWindowOverStreamWorkaround, WINDOW_OVER_STREAM_WORKAROUND_SQL } from '../util/duckdb-settings.js';
import { EventLog } from './event-log.js';
import { listFiles } from './list-files.js';
import { locateFailure, where } from './locate-failure.js';
import { progressTicker } from './progress-ticker.js';
import { droppedBeforeFailure, logFlowState, logRolledBack, logStepEvents } from './run-events.js';
import { runStep } from './run-step.js';
import { ensureStateSchema, existingTables, loadState, sqlTimestamp } from './state-store.js';
import type { RunContext, StepOutcome } from './step-outcome.js';
import { UpdateError, emptyOutcome } from './step-outcome.js';
import { writeRunResults } from './write-run-results.js';
import { missingDeclaredColumn } from '../analyze/duckdb-error.js';
import { declaredColumnMissingMessage } from '../translate/declared-columns.js';

export type { StepOutcome } from './step-outcome.js';
export { openDatabase } from './database.js';

export interface RunOptions {
  fullRefresh?: string[]; fullRefreshAll?: boolean; refresh?: string[]; select?: string[]; exclude?: string[];
  atomic?: boolean; failFast?: boolean; logFormat?: 'text' | 'json'; color?: boolean; dryRun?: boolean;
  databasePath: string; targetPath: string;
  /** The invocation's `--conf key=value` and `--vars` (recorded in run_results.json's args, for `weir retry`). */
  conf?: string[]; vars?: string;
  /**
   * Cancels the run (Ctrl-C): the update running is interrupted and rolled back, the rest are SKIPPED, and the
   * run ends CANCELED in the event log, `_weir.runs` and run_results.json.
   */
  signal?: AbortSignal;
  /** Live progress line for long updates (a TTY, text format): needs `io.status`. */
  progress?: boolean;
  /** DuckDB worker threads (`--threads`); default: DuckDB's, one per core. */
  threads?: number;
  /**
   * Datasets not to update, by id, with the reason (`weir build`: their unit tests failed): SKIPPED like a failed
   * dataset, and so is everything downstream of them.
   */
  skip?: Readonly<Record<string, string>>;
}

export interface RunIo {
  out: (line: string) => void;
  now?: () => Date;
  runId?: string;
  sources?: (file: string) => string | undefined;
  /** Rewrites one transient status line in place (`''` clears it); used for `progress`. */
  status?: (line: string) => void;
}

const WEIR_VERSION = '0.1.0';

/**
 * `weir run`: plan, then execute every step on the DuckDB file (SEMANTICS §3, §4, §6). Exit codes: 0 success
 * (warnings allowed); 1 a dataset failed, a FAIL UPDATE fired, or the database is held by another process;
 * 2 bad invocation (unknown dataset in --refresh / --full-refresh, bad selector) or an internal error.
 */
export async function runPipeline(compiled: CompiledPipeline, config: ProjectConfig, options: RunOptions, io: RunIo): Promise<{ exitCode: number; results: RunResults }> {
  const now = io.now ?? (() => new Date());
  const runId = io.runId ?? randomUUID();
  const console_ = new RunConsole(io.out, { format: options.logFormat ?? 'text', color: options.color ?? false, runId, now });
  const started = now();
  const base = (results: DatasetRunResult[], failed: boolean): RunResults => ({
    metadata: { weir_version: WEIR_VERSION, generated_at: now().toISOString(), run_id: runId, project_name: compiled.graph.name, database_path: options.databasePath },
    status: failed ? 'FAILED' : 'COMPLETED', elapsed_time: seconds(started, now()), args: argsOf(options), results,
  });
  let db: Database | undefined;
  try {
    const selection = { ...options, atomic: options.atomic === true || config.publish === 'atomic' };
    // Bad invocations (unknown names, bad selectors) are reported before the database is touched.
    const precheck = planRun(compiled, EMPTY_STATE, selection);
    for (const d of precheck.diagnostics) console_.message(d.severity === 'error' ? 'error' : 'warn', `${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
    if (precheck.diagnostics.some((d) => d.severity === 'error')) return { exitCode: 2, results: base([], true) };
    if (options.dryRun) {
      const read = await readStateIfAny(options.databasePath);
      if (!read.ok) { console_.message('error', `WEIR5010: ${read.message}`); return { exitCode: 1, results: base([], true) }; }
      const dry = planRun(compiled, read.state, selection);
      stateWarnings(dry.diagnostics, console_);
      console_.plan(dry.value);
      return { exitCode: 0, results: base([], false) };
    }
    const opened = await openDatabase(options.databasePath, options.threads !== undefined ? { threads: options.threads } : {});
    if (!opened.ok) {
      console_.message('error', `WEIR5010: ${opened.message}`);
      return { exitCode: 1, results: base([], true) };
    }
    db = opened.db;
    if (compiled.flows.some(needsWindowOverStreamWorkaround)) await db.run(WINDOW_OVER_STREAM_WORKAROUND_SQL);
    await ensureStateSchema(db);
    await db.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(compiled.graph.schema)}`);
    const state = await loadState(db);
    const planned = planRun(compiled, state, selection);
    stateWarnings(planned.diagnostics, console_);
    const results = await execute(db, compiled, planned.value, state, options, console_, runId, now, io.sources ?? (() => undefined), io.status);
    const failed = results.some((r) => r.status === 'FAILED');
    const runResults = base(results, failed);
    writeRunResults(options.targetPath, runResults);
    return { exitCode: failed ? 1 : 0, results: runResults };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console_.message('error', `internal error: ${message}\nThis is a bug in Weir: please report it with the command you ran and this message.`);
    return { exitCode: 2, results: base([], true) };
  } finally {
    db?.close();
  }
}

/** What only the stored state shows (the precheck, planned without it, printed the rest). */
function stateWarnings(diagnostics: readonly Diagnostic[], out: RunConsole): void {
  for (const d of diagnostics.filter((x) => x.code === RunCodes.LeftoverTable)) out.message('warn', `${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
}

/** `--dry-run` reads state when the database exists and never creates it. */
async function readStateIfAny(path: string): Promise<{ ok: true; state: PipelineState } | { ok: false; message: string }> {
  if (!existsSync(path)) return { ok: true, state: EMPTY_STATE };
  const opened = await openDatabase(path);
  if (!opened.ok) return { ok: false, message: opened.message };
  try {
    const hasState = (await opened.db.rows(`SELECT 1 FROM information_schema.schemata WHERE schema_name = '${STATE_SCHEMA}'`)).length > 0;
    return { ok: true, state: hasState ? await loadState(opened.db) : { datasets: {}, existingTables: await existingTables(opened.db) } };
  } finally {
    opened.db.close();
  }
}

async function execute(
  db: Database, compiled: CompiledPipeline, plan: Plan, state: PipelineState, options: RunOptions,
  out: RunConsole, runId: string, now: () => Date, sources: (file: string) => string | undefined,
  status: ((line: string) => void) | undefined,
): Promise<DatasetRunResult[]> {
  const started = now();
  const listings = new Map<string, ReturnType<typeof listFiles>>();
  for (const flow of compiled.flows) {
    for (const input of flow.inputs) {
      if (input.filesVariable && input.globs && !listings.has(input.node)) listings.set(input.node, listFiles(input.globs));
    }
  }
  const ctx: RunContext = {
    db, compiled, plan, runId, now, listings, atomic: plan.atomic, sources,
    states: new Map(Object.entries(state.datasets)),
  };
  const existing = new Set(state.existingTables);
  const log = new EventLog(plan.pipeline, runId, now);
  await log.init(db);
  log.add('INFO', 'create_update', `Update ${runId} started.`, {
    create_update: { cause: 'USER_ACTION', full_refresh: options.fullRefreshAll === true, full_refresh_selection: options.fullRefresh ?? [],
      refresh_selection: options.refresh ?? [], atomic: plan.atomic },
  });
  // Databricks' flow_definition carries the flow's inputs and the dataset's schema: its documented lineage query
  // reads `details:flow_definition.input_datasets`.
  const flowsById = new Map(compiled.flows.map((f) => [f.id, f]));
  const datasetsById = new Map(compiled.datasets.map((d) => [d.id, d]));
  for (const step of plan.steps) {
    if (step.action === 'excluded') continue;
    const columns = datasetsById.get(step.dataset)?.columns;
    for (const flow of step.flows) {
      const inputs = [...new Set((flowsById.get(flow)?.inputs ?? []).map((i) => i.node))];
      log.add('INFO', 'flow_definition', `Flow '${flow}' is defined as ${step.action}.`, {
        flow_definition: { output_dataset: step.dataset, input_datasets: inputs, flow_type: step.kind, action: step.action, reason: step.reason,
          definition_hash: step.definitionHash, ...(columns ? { schema: columns.map((c) => ({ name: c.name, data_type: c.type ?? null })) } : {}) },
      }, { dataset: step.dataset, flow });
    }
  }
  // Flow states (SEMANTICS §6): datasets left out of the selection are EXCLUDED; every other flow is QUEUED now,
  // RUNNING when its update starts, then COMPLETED / FAILED / SKIPPED / IDLE / NO-OP. All buffered and written
  // with statements the run sends anyway (this start transaction, an update's COMMIT, the end): no round trip.
  // This run holds the database: an earlier run still RUNNING was killed or crashed (its data and state are as
  // before or after each update, SEMANTICS §6). Its update is recorded as FAILED, not left running for ever.
  const earlier = await db.rows(`SELECT run_id, status, pipeline_name, started_at = max(started_at) OVER () AS last FROM ${STATE_SCHEMA}.runs
    WHERE status = 'RUNNING' OR started_at = (SELECT max(started_at) FROM ${STATE_SCHEMA}.runs)`);
  const dead = earlier.filter((r) => r.status === 'RUNNING').map((r) => String(r.run_id));
  // Weir's state (checkpoints, file ledger, private tables) is kept per dataset name, for one pipeline per file:
  // the last run being another pipeline's means two share this file (or the pipeline was just renamed).
  const others = [...new Set(earlier.filter((r) => r.last === true && String(r.pipeline_name) !== plan.pipeline).map((r) => String(r.pipeline_name)))];
  for (const id of dead) {
    log.add('ERROR', 'update_progress', `Update ${id} is FAILED: its process ended before the update finished (killed or crashed).`,
      { update_progress: { state: 'FAILED' } }, { update: id });
  }
  for (const step of plan.steps) if (step.action === 'excluded') logFlowState(log, step, 'EXCLUDED');
  log.add('INFO', 'update_progress', `Update ${runId} is RUNNING.`, { update_progress: { state: 'RUNNING' } });
  for (const step of plan.steps) if (step.action !== 'excluded') logFlowState(log, step, 'QUEUED');
  await db.run(['BEGIN TRANSACTION', ...log.take(),
    ...(dead.length > 0 ? [`UPDATE ${STATE_SCHEMA}.runs SET status = 'FAILED' WHERE status = 'RUNNING'`] : []),
    `INSERT INTO ${STATE_SCHEMA}.runs VALUES (${quoteString(runId)}, ${quoteString(plan.pipeline)}, ${sqlTimestamp(started)}, NULL, 'RUNNING', ${quoteString(JSON.stringify(argsOf(options)))}::JSON)`,
    'COMMIT'].join(';\n'));

  out.header(plan.pipeline, displayPath(options.databasePath), plan.steps.length, plan.selected);
  if (others.length > 0) {
    out.message('warn', `${displayPath(options.databasePath)} was last updated by pipeline ${others.join(', ')}: Weir keeps one pipeline's state per database file, ` +
      'so datasets and flows of the same name share checkpoints, file ledger and private tables (give each pipeline its own database_path; right after renaming the pipeline this is expected)');
  }
  const outcomes = new Map<string, { outcome: StepOutcome; start: Date; end: Date }>();
  const broken = new Set<string>();
  // Streaming tables with no table yet (their input folder is still empty, columns unknown): readers wait.
  const waiting = new Set<string>();
  let stopReason: string | undefined;
  let index = 0;
  const interrupt = (): void => db.interrupt();
  options.signal?.addEventListener('abort', interrupt);
  const cancelled = (): boolean => options.signal?.aborted === true;
  if (plan.atomic) await db.run('BEGIN TRANSACTION');
  for (const step of plan.steps) {
    if (step.action === 'excluded') {
      const t = now();
      outcomes.set(step.dataset, { outcome: emptyOutcome('EXCLUDED', step.reason), start: t, end: t });
      continue;
    }
    index++;
    if (cancelled()) stopReason ??= 'skipped: the run was cancelled';
    const failedUp = step.upstream.filter((u) => broken.has(u));
    const waitingUp = step.upstream.filter((u) => waiting.has(u));
    const told = options.skip?.[step.dataset];
    if (told || failedUp.length > 0 || waitingUp.length > 0 || stopReason) {
      const reason = told ?? stopReason ?? (failedUp.length > 0 ? `skipped: upstream ${failedUp.join(', ')} ${failedUp.length === 1 ? 'was' : 'were'} not updated`
        : `skipped: upstream ${waitingUp.join(', ')} ${waitingUp.length === 1 ? 'has' : 'have'} no input yet`);
      const t = now();
      outcomes.set(step.dataset, { outcome: emptyOutcome('SKIPPED', reason), start: t, end: t });
      (told || failedUp.length > 0 || stopReason ? broken : waiting).add(step.dataset);
      out.skipped(index, plan.selected, step.name, reason);
      logStepEvents(log, step, emptyOutcome('SKIPPED', reason));
      continue;
    }
    out.start(index, plan.selected, step.kind, step.name);
    logFlowState(log, step, 'RUNNING');
    const start = now();
    let outcome: StepOutcome;
    let error: unknown;
    const ticker = options.progress && status ? progressTicker(db, step.name, status) : undefined;
    // A committed update's events are written in its own transaction (see RunContext.onCommit).
    let logged = false;
    ctx.onCommit = plan.atomic ? undefined : (committed) => { logStepEvents(log, step, committed); logged = true; return log.take(); };
    try {
      outcome = await runStep(ctx, step, existing);
    } catch (e) {
      error = e;
      outcome = failure(e);
    } finally {
      ticker?.stop();
      ctx.onCommit = undefined;
    }
    if (outcome.status === 'FAILED' && cancelled()) {
      // Interrupted (Ctrl-C): its transaction rolled back; the message says so instead of DuckDB's INTERRUPT error.
      if (plan.atomic) await db.run('ROLLBACK').catch(() => undefined);
      outcome = { ...outcome, stopped: true, message: 'cancelled: the update was interrupted and rolled back (its previous content is kept)' };
    } else if (outcome.status === 'FAILED') {
      if (plan.atomic) await db.run('ROLLBACK').catch(() => undefined);
      const node = compiled.graph.datasets.find((d) => d.id === step.dataset);
      const missing = error instanceof UpdateError || !node ? undefined : missingDeclaredColumn(outcome.message, node.columns);
      if (missing) {
        // A declared column the input lacks (a file source): said in the user's terms, at the column (WEIR4058).
        outcome = { ...outcome, message: `${where(missing.span.file, missing.span.start, sources)}: WEIR4058: ${declaredColumnMissingMessage(node!.name, missing.name)}`,
          hint: 'the input has no such column: remove it from the column list, or produce it in the query (NULL AS ...)' };
      } else if (!(error instanceof UpdateError)) outcome = await withLocation(db, compiled, step, outcome, sources, error);
      else {
        // The error's own place, else a FAIL UPDATE's CONSTRAINT clause, else the dataset's definition (a type
        // conflict, a failed table check, ...): every failure names the user's file:line:col.
        const rule = outcome.failedExpectation
          ? compiled.datasets.find((d) => d.id === step.dataset)?.expectations.find((e) => e.name === outcome.failedExpectation?.name) : undefined;
        const span = error.at ?? rule?.span ?? compiled.graph.datasets.find((d) => d.id === step.dataset)?.span;
        if (span) outcome = { ...outcome, message: `${where(span.file, span.start, sources)}: ${outcome.message}` };
      }
    }
    const end = now();
    // --atomic: the updates this run completed before the failure are rolled back with it.
    const rolledBack: PlanStep[] = [];
    const rollback = `rolled back: ${step.name} failed in this --atomic run`;
    if (outcome.status === 'FAILED') {
      broken.add(step.dataset);
      if (plan.atomic) {
        stopReason = `skipped: the atomic run was rolled back after ${step.name} failed`;
        for (const [id, o] of outcomes) {
          if (o.outcome.status === 'COMPLETED' || o.outcome.status === 'WARN') {
            outcomes.set(id, { ...o, outcome: { ...o.outcome, status: 'FAILED', message: rollback } });
            rolledBack.push(plan.steps.find((s) => s.dataset === id)!);
          }
        }
      } else if (options.failFast) {
        stopReason = `skipped: --fail-fast after ${step.name} failed`;
      }
    } else if (outcome.status === 'IDLE' && !existing.has(unquote(step.relation))) {
      waiting.add(step.dataset);
    } else if (outcome.status !== 'IDLE' && outcome.status !== 'NO-OP') {
      existing.add(unquote(step.relation));
    }
    outcomes.set(step.dataset, { outcome, start, end });
    out.result({
      index, total: plan.selected, name: step.name, kind: step.kind, status: outcome.status, seconds: seconds(start, end),
      rowsRead: outcome.rowsRead, rowsWritten: outcome.rowsWritten, rowsDropped: outcome.rowsDropped, filesRead: outcome.filesRead,
      message: outcome.message, expectations: outcome.expectations, warnings: outcome.warnings, hint: outcome.hint,
      failedExpectation: outcome.failedExpectation, applied: outcome.applied, ignored: outcome.ignored,
    });
    if (!logged) logStepEvents(log, step, outcome);
    if (rolledBack.length > 0) {
      // Their OK lines are above: say they did not stand. Their COMPLETED events (not written yet) become FAILED.
      const names = rolledBack.map((s) => s.name);
      out.message('info', `    rolled back (--atomic): ${names.join(', ')} ${names.length === 1 ? 'keeps its' : 'keep their'} previous content`);
      for (const s of rolledBack) logRolledBack(log, s, outcomes.get(s.dataset)!.outcome, rollback);
    }
    // A failed update's events are flushed at once (they must outlive its rollback); those of updates that
    // wrote nothing (IDLE, NO-OP, SKIPPED) go with the next commit or the end of the run.
    if (!plan.atomic && outcome.status === 'FAILED') await log.flush(db);
  }
  options.signal?.removeEventListener('abort', interrupt);
  const anyFailed = [...outcomes.values()].some((o) => o.outcome.status === 'FAILED');
  if (plan.atomic && !stopReason) await db.run('COMMIT');
  // Databricks' update states: COMPLETED, FAILED, CANCELED (a user stopped it).
  const ended = cancelled() ? 'CANCELED' : anyFailed ? 'FAILED' : 'COMPLETED';
  log.add(ended === 'COMPLETED' ? 'INFO' : 'ERROR', 'update_progress', `Update ${runId} is ${ended}.`, { update_progress: { state: ended } });
  // The run's events and its end commit together (one transaction: bookkeeping commits are what a small run costs).
  await db.run(['BEGIN TRANSACTION', ...log.take(),
    `UPDATE ${STATE_SCHEMA}.runs SET completed_at = ${sqlTimestamp(now())}, status = ${quoteString(ended)} WHERE run_id = ${quoteString(runId)}`,
    'COMMIT'].join(';\n'));

  const results = plan.steps.map((step) => toResult(step, outcomes.get(step.dataset)!));
  const count = (pred: (s: string) => boolean) => results.filter((r) => pred(r.status)).length;
  out.done({
    PASS: count((s) => s === 'COMPLETED'), WARN: count((s) => s === 'WARN'), ERROR: count((s) => s === 'FAILED'),
    SKIP: count((s) => s === 'SKIPPED'), 'NO-OP': count((s) => s === 'NO-OP' || s === 'IDLE'), TOTAL: plan.selected,
  }, seconds(started, now()));
  return results;
}

/** Prefixes a DuckDB failure with the user's `file:line:col` (see locate-failure.ts). */
async function withLocation(db: Database, compiled: CompiledPipeline, step: PlanStep, outcome: StepOutcome,
  sources: (file: string) => string | undefined, error: unknown): Promise<StepOutcome> {
  const queries = step.flows.flatMap((id) => {
    const flow = compiled.flows.find((f) => f.id === id);
    const node = compiled.graph.flows.find((f) => f.id === id);
    const sql = flow?.query ?? flow?.cdc?.source;
    return sql && node ? [{ sql, span: node.span }] : [];
  });
  const conditions = (compiled.datasets.find((d) => d.id === step.dataset)?.expectations ?? []).map((e) => e.condition);
  const found = await locateFailure(db, queries, conditions, sources, error instanceof Error ? error.message : undefined);
  if (!found) return outcome;
  return { ...outcome, message: `${found.location}: ${found.message ?? outcome.message}`, ...(found.hint && !outcome.hint ? { hint: found.hint } : {}) };
}

function failure(e: unknown): StepOutcome {
  if (e instanceof UpdateError) {
    const p = e.partial ?? {};
    const o: StepOutcome = { ...emptyOutcome('FAILED', e.message), ...p, status: 'FAILED', message: e.message,
      ...(e.hint ? { hint: e.hint } : {}), ...(e.failedExpectation ? { failedExpectation: e.failedExpectation } : {}) };
    // The rows a DROP rule removed before the failure: run_results.json says what the event log says.
    return { ...o, rowsDropped: droppedBeforeFailure(o) ?? o.rowsDropped };
  }
  // DuckDB errors (missing input, bad cast, ...) fail the dataset, not the run (SEMANTICS §6).
  const message = e instanceof Error ? e.message : String(e);
  return emptyOutcome('FAILED', message.split('\n')[0] === message ? message : message.replace(/\n\s*\n/g, '\n'));
}

function toResult(step: PlanStep, o: { outcome: StepOutcome; start: Date; end: Date }): DatasetRunResult {
  const r = o.outcome;
  return {
    unique_id: step.dataset, status: r.status,
    timing: r.status === 'EXCLUDED' || r.status === 'SKIPPED' ? [] : [{ name: 'execute', started_at: o.start.toISOString(), completed_at: o.end.toISOString() }],
    execution_time: seconds(o.start, o.end), message: r.message,
    failures: r.expectations.reduce((n, e) => n + e.failed_records, 0),
    rows_read: r.rowsRead, rows_written: r.rowsWritten, rows_dropped: r.rowsDropped, files_read: r.filesRead,
    expectations: r.expectations,
    ...(r.upserted !== undefined ? { num_upserted_rows: r.upserted, num_deleted_rows: r.deleted ?? 0 } : {}),
    adapter_response: { action: step.action, relation: step.relation,
      ...(r.refresh ? { refresh_technique: r.refresh.technique, refresh_technique_reason: r.refresh.reason } : {}), ...(r.rowsRejected ? { rows_rejected: r.rowsRejected } : {}), ...(r.hint ? { hint: r.hint } : {}),
      ...(r.failedExpectation ? { failed_expectation: r.failedExpectation.name, failing_rows: r.failedExpectation.rows } : {}),
      ...(r.warnings.length > 0 ? { warnings: r.warnings } : {}) },
  };
}

function seconds(a: Date, b: Date): number {
  return Math.round(b.getTime() - a.getTime()) / 1000;
}

function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function argsOf(o: RunOptions): Record<string, unknown> {
  const { databasePath, targetPath, signal, ...rest } = o;
  void signal; // not an argument a later run could repeat
  return { ...rest, database_path: databasePath, target_path: targetPath };
}
