import type { CompiledExpectation, CompiledFlow } from '../model/index.js';
import { REFRESH_POLICIES, quoteIdent, quoteString, refreshPolicyName, splitRelation } from '../model/index.js';
import type { DatasetState, PlanStep } from '../plan/index.js';
import { unquote } from '../plan/index.js';
import { bindVariables, resolveFlowInputs } from './bind-inputs.js';
import type { Database } from './database.js';
import type { InputState } from './incremental/mv-inputs.js';
import { classifyChanges, currentInputs, loadInputStates, loadKeyChanges, saveInputStatesSql, saveKeyChangeSql } from './incremental/mv-inputs.js';
import type { MvRefreshPlan, Relation } from './incremental/plan-mv-refresh.js';
import { KEYS_TABLE, keyFilterSql, planMvRefresh } from './incremental/plan-mv-refresh.js';
import { inputFingerprint, readsFiles } from './input-fingerprint.js';
import { datasetStateSql } from './state-store.js';
import type { RefreshTechnique, RunContext, StepOutcome } from './step-outcome.js';
import { UpdateError, emptyOutcome } from './step-outcome.js';
import { inTransaction } from './transaction.js';
import { viewSelectSql } from './run-view.js';
import { countWrittenRows, writeBatch, type WriteQuality } from './write-batch.js';
import { addTotals, loadTotals, saveTotalsSql, type MetricTotals } from './incremental/mv-metrics.js';
import { collectRejects, rejectMark, rejectWarning } from './rejected-rows.js';
import { appendStart, datasetQuality, keyChecksStale, keyProbes, runTableChecks } from './quality-gates.js';

/**
 * SEMANTICS §3 materialized view: NO-OP when definition and every input version are unchanged and the table is
 * still there. Otherwise, in the dataset's transaction with its state (version, generation, fingerprint, what
 * it read): when every changed input only gained rows and the query allows it, an incremental refresh
 * (incremental/plan-mv-refresh.ts: APPEND_ONLY appends the query over the new rows; GROUP_AGGREGATE deletes and
 * recomputes the groups the new rows touch); else recomputed and replaced (CREATE OR REPLACE TABLE). Every
 * technique gives the same rows as a full recompute. The generation is kept only by APPEND_ONLY (rows were only
 * added), so a downstream view may in turn treat this one as append-only.
 */
export async function runMaterializedView(ctx: RunContext, step: PlanStep, existing: ReadonlySet<string>): Promise<StepOutcome> {
  const prev = ctx.states.get(step.dataset);
  const fingerprint = inputFingerprint(ctx, step.dataset);
  const exists = existing.has(unquote(step.relation));
  if (step.action === 'refresh' && prev && prev.inputFingerprint === fingerprint && exists) {
    // Only a view with a foreign key may need its checks again (the quality config is not read otherwise).
    const fk = ctx.compiled.graph.datasets.find((d) => d.id === step.dataset)?.constraints.some((c) => c.kind === 'foreign-key');
    const dq = fk ? datasetQuality(ctx, step.dataset) : undefined;
    if (!dq || !(await keyChecksStale(ctx, dq))) return emptyOutcome('NO-OP', 'inputs and definition unchanged');
    // Its rows are the same, but a foreign-key parent was rebuilt: the keys are checked again, nothing rewritten.
    return inTransaction<StepOutcome>(ctx, async () => {
      const checks = await runTableChecks(ctx, dq, step.name, { expectations: [], rowsRead: 0 });
      if (checks.stateSql.length > 0) await ctx.db.run(checks.stateSql.join(';\n'));
      const warned = checks.warnings.length > 0 || checks.results.some((r) => r.status === 'warn');
      return { commit: true, value: { ...emptyOutcome(warned ? 'WARN' : 'NO-OP', 'inputs and definition unchanged; key checks run again (a foreign-key parent was rebuilt)'),
        expectations: checks.results, warnings: checks.warnings } };
    });
  }
  const flow = ctx.compiled.flows.find((f) => f.target === step.dataset && f.query);
  if (!flow?.query) throw new UpdateError(`materialized view ${step.name} has no query`);
  const expectations = ctx.compiled.datasets.find((d) => d.id === step.dataset)?.expectations ?? [];
  return inTransaction<StepOutcome>(ctx, async () => {
    const inputs = await resolveFlowInputs(ctx, flow, false);
    await bindVariables(ctx.db, inputs.windows, inputs.files);
    const read = await currentInputs(ctx, step.dataset);
    const dq = datasetQuality(ctx, step.dataset);
    const quality = dq.write;
    const refresh = await chooseTechnique(ctx, step, flow, prev, read, exists, expectations, quality);
    const opts = { rereadable: !readsFiles(ctx, step.dataset) };
    // Only file readers reject rows: a view that reads no files (directly or through views) skips the lookups.
    const rejectSql = opts.rereadable ? flow.query!.sql : undefined;
    const mark = await rejectMark(ctx.db, rejectSql);
    let m: Awaited<ReturnType<typeof writeBatch>>;
    let appendedFrom: number | undefined;
    // SEMANTICS §4: a materialized view's expectations count ALL the rows a full recompute would read, whatever
    // the technique, and thresholds decide on those counts. `totalRows`: how many that is, for mv_metrics.
    let totalRows: number;
    if (refresh.technique === 'APPEND_ONLY') {
      // The new rows are counted as they are appended (DROP rules drop among them) and added to the last totals.
      appendedFrom = await appendStart(ctx, dq, step.relation);
      try {
        m = await writeBatch(ctx.db, refresh.appendSql, expectations, step.dataset, step.relation, 'append', step.name, quality, { ...opts, sameSchema: true });
      } catch (e) {
        throw refresh.totals ? withTotals(e, refresh.totals, quality) : e;
      }
      totalRows = (refresh.totals?.rows ?? 0) + m.rowsRead;
      if (refresh.totals) m = { ...m, expectations: addTotals(refresh.totals, m.rowsRead, m.expectations, quality) };
    } else if (refresh.technique === 'GROUP_AGGREGATE' || refresh.technique === 'ROW_BASED') {
      await ctx.db.run(`DELETE FROM ${step.relation} WHERE ${keyFilterSql(quoteIdent(refresh.keyColumn))}`);
      // The rows left after the delete passed the key checks before: only the new rows need checking.
      appendedFrom = await appendStart(ctx, dq, step.relation);
      m = await writeBatch(ctx.db, refresh.filteredSql, [], step.dataset, step.relation, 'append', step.name, quality, { ...opts, sameSchema: true });
      // No DROP rule here (chooseTechnique): the table holds every row, so they are counted in it.
      const all = expectations.length > 0 ? await countWrittenRows(ctx.db, step.relation, expectations, step.dataset, step.name, quality) : undefined;
      if (all) m = { ...m, expectations: all.results };
      totalRows = all?.rowsRead ?? 0;
    } else {
      m = await writeBatch(ctx.db, flow.query!.sql, expectations, step.dataset, step.relation, 'replace', step.name, quality, { ...opts, probes: keyProbes(dq, ctx) });
      totalRows = m.rowsRead;
    }
    const checks = await runTableChecks(ctx, dq, step.name, m, appendedFrom, m.probed);
    const next: DatasetState = {
      version: (prev?.version ?? 0) + 1,
      generation: refresh.technique === 'APPEND_ONLY' ? prev!.generation : (prev?.generation ?? 0) + 1,
      definitionHash: step.definitionHash, inputFingerprint: fingerprint,
    };
    const rejected = await collectRejects(ctx.db, mark, step.dataset, flow.id, ctx.runId, rejectSql);
    const warnings = [...inputs.warnings, ...checks.warnings];
    // Malformed records are read and dropped (rows read = rows written + rows dropped, rejected-rows.ts).
    if (rejected > 0) warnings.push(await rejectWarning(ctx.db, ctx.runId, step.dataset, rejected, { read: m.rowsRead + rejected, written: m.rowsWritten, dropped: m.rowsDropped + rejected }));
    // Views that read this one directly may refresh by the same keys (ROW_BASED): keep them when they were used.
    const byKeys = refresh.technique === 'GROUP_AGGREGATE' || refresh.technique === 'ROW_BASED' ? refresh : undefined;
    const readers = ctx.compiled.flows.some((f) => f.inputs.some((i) => i.node === step.dataset));
    // The state this refresh leaves, in one round trip inside the transaction.
    await ctx.db.run([
      datasetStateSql(step, next, ctx.runId, ctx.now()),
      saveInputStatesSql(step.dataset, read, ctx.runId),
      saveKeyChangeSql(step.dataset, byKeys && readers ? { keyColumn: byKeys.keyColumn, version: next.version, keysTable: KEYS_TABLE } : undefined, ctx.runId),
      saveTotalsSql(step.dataset, next.version, totalRows, m.expectations, ctx.runId),
      ...(byKeys ? [`DROP TABLE IF EXISTS ${KEYS_TABLE}`] : []),
      ...checks.stateSql,
    ].join(';\n'));
    ctx.states.set(step.dataset, next);
    const filesRead = inputs.files.reduce((n, f) => n + f.files.length, 0);
    const results = [...m.expectations, ...checks.results];
    // Warnings about the input (malformed rows dropped, files changed since ingested) make the update WARN, as
    // a warning test does in dbt, so `--warn-error` catches them; the quarantine note below does not.
    const warned = results.some((e) => e.status === 'warn') || warnings.length > 0;
    if (m.rowsQuarantined > 0) warnings.push(`${m.rowsQuarantined} dropped row(s) kept in ${step.name}_quarantine`);
    const message = step.action === 'full-refresh' ? 'full refresh'
      : refresh.technique === 'COMPLETE_RECOMPUTE' ? 'refreshed' : `refreshed incrementally (${refresh.technique})`;
    const counts = refresh.technique === 'COMPLETE_RECOMPUTE' ? m : await recomputeCounts(ctx, step.relation, refresh.technique === 'APPEND_ONLY' && refresh.totals ? totalRows : undefined);
    return {
      commit: true,
      value: {
        status: warned ? 'WARN' : 'COMPLETED', message,
        rowsRead: counts.rowsRead + rejected, rowsWritten: counts.rowsWritten, rowsDropped: counts.rowsDropped + rejected, filesRead,
        expectations: results, warnings, flowsRun: [flow.id], ...(rejected > 0 ? { rowsRejected: rejected } : {}),
        refresh: { technique: refresh.technique, reason: refresh.reason },
      },
    };
  });
}

/**
 * An incremental refresh reports what a full recompute would (SEMANTICS §4: a materialized view's metrics cover
 * all its rows), so rows read, written and dropped agree with the expectation counts, which are totals too:
 * written = the rows the view holds; read = the rows its query produced (the recorded totals, when DROP rules may
 * have dropped some), else the rows it holds.
 */
async function recomputeCounts(ctx: RunContext, relation: string, totalRead: number | undefined): Promise<{ rowsRead: number; rowsWritten: number; rowsDropped: number }> {
  const rows = await ctx.db.rows(`SELECT count(*)::BIGINT::VARCHAR AS n FROM ${relation}`);
  const held = Number(rows[0]?.n ?? 0);
  const read = Math.max(totalRead ?? held, held);
  return { rowsRead: read, rowsWritten: held, rowsDropped: read - held };
}

type Chosen = MvRefreshPlan & { readonly technique: RefreshTechnique; readonly totals?: MetricTotals };

/** Decides how to refresh (inside the transaction, so what is read is what is written). */
async function chooseTechnique(
  ctx: RunContext, step: PlanStep, flow: CompiledFlow, prev: DatasetState | undefined, read: readonly InputState[], exists: boolean,
  expectations: readonly CompiledExpectation[], quality: WriteQuality,
): Promise<Chosen> {
  const complete = (reason: string): Chosen => ({ technique: 'COMPLETE_RECOMPUTE', reason });
  if (step.action === 'full-refresh') return complete('full refresh requested');
  if (!prev || !exists) return complete('first refresh');
  if (prev.definitionHash !== step.definitionHash) return complete('the definition changed');
  const policy = refreshPolicy(ctx, step.dataset);
  if (policy === 'FULL') return complete('REFRESH POLICY FULL');
  const chosen = await chooseAuto(ctx, step, flow, prev, read, expectations, quality, complete);
  // Databricks' INCREMENTAL STRICT: a refresh that cannot be incremental fails instead of recomputing.
  if (policy === 'INCREMENTAL STRICT' && chosen.technique === 'COMPLETE_RECOMPUTE') {
    throw new UpdateError(`${step.name} has REFRESH POLICY INCREMENTAL STRICT but cannot be refreshed incrementally: ${chosen.reason}`,
      `use REFRESH POLICY AUTO to recompute it in full, or run it with --full-refresh ${step.name}`);
  }
  return chosen;
}

/** The dataset's REFRESH POLICY (AUTO when absent or not a known policy; the parser warned). */
function refreshPolicy(ctx: RunContext, dataset: string): string {
  const clause = ctx.compiled.graph.datasets.find((d) => d.id === dataset)?.clauses.find((c) => c.name === 'REFRESH POLICY');
  const policy = clause ? refreshPolicyName(clause.text) : 'AUTO';
  return REFRESH_POLICIES.includes(policy) ? policy : 'AUTO';
}

async function chooseAuto(
  ctx: RunContext, step: PlanStep, flow: CompiledFlow, prev: DatasetState, read: readonly InputState[],
  expectations: readonly CompiledExpectation[], quality: WriteQuality, complete: (reason: string) => Chosen,
): Promise<Chosen> {
  // A materialized view's metrics count every row (SEMANTICS §4): an APPEND_ONLY refresh adds its batch to the
  // last refresh's totals; a fail_above threshold, though, is judged on the batch as it is written.
  if (expectations.some((e) => quality.thresholds.get(e.name)?.failAbove)) return complete('a fail_above threshold is decided over every row');
  const chosen = await chooseIncremental(ctx, step, flow, prev, read, complete);
  if (chosen.technique === 'COMPLETE_RECOMPUTE') return chosen;
  if (chosen.technique === 'APPEND_ONLY') {
    if (expectations.length === 0) return chosen;
    const totals = await loadTotals(ctx.db, step.dataset, prev.version, expectations.map((e) => e.name));
    return totals ? { ...chosen, totals } : complete('no expectation totals were recorded at the last refresh');
  }
  // Recomputed groups replace rows whose dropped rows are not in the table, yet count (SEMANTICS §4).
  if (expectations.some((e) => e.action === 'drop')) return complete('a DROP ROW expectation counts every row, dropped ones included');
  return chosen;
}

async function chooseIncremental(
  ctx: RunContext, step: PlanStep, flow: CompiledFlow, prev: DatasetState, read: readonly InputState[], complete: (reason: string) => Chosen,
): Promise<Chosen> {
  if (ctx.atomic) return complete('incremental refresh is not used in an --atomic run');
  const changes = classifyChanges(ctx, await loadInputStates(ctx.db, step.dataset), read, await loadKeyChanges(ctx.db));
  if (!changes.ok) return complete(changes.reason);
  const replaced = changes.replaced;
  if (changes.appended.size === 0 && !replaced) return complete('no input gained rows');
  const plan = await planMvRefresh({
    db: ctx.db, resolve: resolver(ctx, changes.appended),
    appended: replaced ? new Set([replaced.id]) : new Set(changes.appended.keys()),
    ...(replaced ? { replaced: { id: replaced.id, keyColumn: replaced.keyColumn, keysSql: `SELECT k FROM ${replaced.keysRelation}` } } : {}),
  }, flow.query!.sql);
  if (plan.technique === 'COMPLETE_RECOMPUTE') return plan;
  // DuckDB checks the rewritten SQL: a bind error leaves the transaction usable, so it only means "recompute".
  try {
    const want = await ctx.db.rows(`DESCRIBE ${flow.query!.sql}`);
    const sig = (rows: Record<string, unknown>[]) => rows.map((r) => `${String(r.column_name)}:${String(r.column_type)}`).join(',');
    // New rows go into the existing table as they are: its columns must still be the query's (an input may have
    // gained a column, or changed a type, since).
    if (sig(await ctx.db.rows(`DESCRIBE ${step.relation}`)) !== sig(want)) return complete('the query\'s output columns changed');
    if (plan.technique === 'GROUP_AGGREGATE' || plan.technique === 'ROW_BASED') {
      if (!want.some((r) => String(r.column_name).toLowerCase() === plan.keyColumn.toLowerCase())) return complete(`group key column ${plan.keyColumn} is not in the output`);
      if (plan.innerSql) {
        const typeOf = (rows: Record<string, unknown>[]) => rows.find((r) => String(r.column_name).toLowerCase() === plan.keyColumn.toLowerCase())?.column_type;
        const inner = typeOf(await ctx.db.rows(`DESCRIBE ${plan.innerSql}`));
        const stored = typeOf(want);
        if (inner !== stored) return complete(`the column list stores group key ${plan.keyColumn} as ${String(stored)}, the query gives ${String(inner)}`);
      }
      await ctx.db.run(`CREATE OR REPLACE TEMP TABLE ${KEYS_TABLE.slice('temp.'.length)} AS SELECT DISTINCT k FROM (${plan.keysSql})`);
      const filteredSql = await inlineFewKeys(ctx.db, plan.filteredSql);
      const got = await ctx.db.rows(`DESCRIBE ${filteredSql}`);
      if (sig(got) !== sig(want)) return complete('the rewritten query changes the output columns');
      return { ...plan, filteredSql };
    } else {
      const got = await ctx.db.rows(`DESCRIBE ${plan.appendSql}`);
      if (sig(got) !== sig(want)) return complete('the rewritten query changes the output columns');
    }
  } catch (e) {
    return complete(`the rewritten query does not bind (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})`);
  }
  return plan;
}

function resolver(ctx: RunContext, appended: ReadonlyMap<string, { from: number; to: number }>): (schema: string, table: string) => Relation | undefined {
  const byName = new Map<string, Relation>();
  for (const s of ctx.plan.steps) {
    const [schema, table] = splitRelation(s.relation).map((x) => x.toLowerCase());
    let r: Relation;
    if (s.kind === 'temporary-view' || s.kind === 'view') {
      const query = ctx.compiled.flows.find((f) => f.target === s.dataset && f.query)?.query?.sql;
      if (!query) continue;
      // The view as created: a LIVE VIEW's DROP ROW expectations filter it (an MV reading it must see that).
      r = { kind: 'view', id: s.dataset, sql: viewSelectSql(query, ctx.compiled.datasets.find((d) => d.id === s.dataset)?.expectations ?? []) };
    } else {
      const w = appended.get(s.dataset);
      r = { kind: 'dataset', id: s.dataset, relation: s.relation, ...(w ? { window: w } : {}) };
    }
    byName.set(`${schema}.${table}`, r);
    if (schema === 'main') byName.set(`.${table}`, r);
  }
  return (schema, table) => byName.get(`${schema}.${table}`);
}

/** Keys of simple types whose text casts back to the same value. */
const LITERAL_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|VARCHAR|DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIME|BOOLEAN|UUID|DECIMAL\(\d+,\d+\))$/;

/**
 * A few affected keys (at most 256, not NULL) are written into the query as constants instead of read from the
 * keys table: DuckDB pushes a constant IN list into the table scan, where min/max statistics skip the row
 * groups that hold none of them (new orders of two days: most of the table), which a semi join cannot do.
 */
async function inlineFewKeys(db: Database, sql: string): Promise<string> {
  const info = (await db.rows(`SELECT count(*) AS n, count(k) AS nn, any_value(typeof(k)) AS t FROM ${KEYS_TABLE}`))[0];
  const n = Number(info.n);
  if (n === 0 || n > 256 || Number(info.nn) !== n || !LITERAL_TYPES.test(String(info.t))) return sql;
  const type = String(info.t);
  const values = (await db.rows(`SELECT k::VARCHAR AS v FROM ${KEYS_TABLE} ORDER BY k`)).map((r) => `CAST(${quoteString(String(r.v))} AS ${type})`);
  const list = `IN (${values.join(', ')})`;
  // The two spellings of the key filter: as DuckDB prints it (rewritten trees) and as written (ROW_BASED).
  return sql.split(`= ANY(SELECT k FROM "temp".__weir_mv_keys)`).join(list).split(`IN (SELECT k FROM ${KEYS_TABLE})`).join(list);
}

/** A FAIL UPDATE on the appended rows of an APPEND_ONLY refresh, reported with the view's totals (SEMANTICS §4). */
function withTotals(e: unknown, totals: MetricTotals, quality: WriteQuality): unknown {
  if (!(e instanceof UpdateError) || !e.partial?.expectations) return e;
  const batchRows = e.partial.rowsRead ?? 0;
  const expectations = addTotals(totals, batchRows, e.partial.expectations, quality);
  const failed = expectations.find((x) => x.name === e.failedExpectation?.name)?.failed_records;
  const rows = totals.rows + batchRows;
  const message = failed === undefined ? e.message
    : e.message.replace(/failed on \d+ of \d+ rows?/, `failed on ${failed} of ${rows} row${rows === 1 ? '' : 's'}`);
  return new UpdateError(message, e.hint, e.failedExpectation, { ...e.partial, expectations, rowsRead: batchRows });
}
