import type { CompiledFlow, Diagnostic, ExpectationResult } from '../model/index.js';
import { PRIVATE_SCHEMA, quoteIdent, toSourceRange } from '../model/index.js';
import type { PlanStep } from '../plan/index.js';
import { stripSemicolon } from '../emit/index.js';
import {
  cdcApplySql, cdcSpans, checkCdcSpec, duplicateSequenceWarning, stateTable, violationsWarning, type ColumnInfo,
} from '../cdc/index.js';
import { formatDiagnostic, formatLocation } from '../report/format-diagnostic.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import { describeTable } from './write-batch.js';
import { checkCdcExpectations } from './cdc-expectations.js';
import { datasetQuality } from './quality-gates.js';

/**
 * What one CDC flow did to its batch (SEMANTICS §5, issue 4 "rows read = rows written + rows dropped"):
 * `rowsRead = applied + ignored + violations + dropped` over change rows, and `rowsWritten` / `upserted` / `deleted`
 * are target rows (inserted; inserted or updated; removed).
 */
export interface CdcFlowResult {
  rowsRead: number;
  /** Target rows inserted (a new key; SCD 2: a new version). */
  rowsWritten: number;
  upserted: number;
  deleted: number;
  /** Change rows that took effect. */
  applied: number;
  /** Valid change rows that changed nothing: late, superseded by a later one of their key, or re-delivered. */
  ignored: number;
  /** Change rows with a NULL key or NULL sequence, kept in `<state>_violations` (WEIR6101). */
  violations: number;
  /** Upserts removed by the target's DROP ROW expectations before the apply (`rowsRead` counts them). */
  dropped: number;
  /** Of them, kept in `<target>_quarantine`. */
  quarantined: number;
  /** The target's expectations over this batch's upserts (empty without any). */
  expectations: ExpectationResult[];
  /** Coded warnings (WEIR6xxx), one line each. */
  warnings: string[];
}

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
 * rows (stream / file variables already bound) are materialised once, the flow's clauses are checked against
 * their columns (checkCdcSpec: an error fails the update before anything is written), the target's expectations
 * are checked on its upserts (cdc-expectations.ts), then src/cdc's SQL applies what is left.
 */
export async function runCdcFlow(ctx: RunContext, step: PlanStep, flow: CompiledFlow): Promise<CdcFlowResult> {
  if (!flow.cdc) throw new UpdateError(`flow ${flow.id} is a CDC flow without a compiled APPLY CHANGES clause`);
  const rowsRead = await ctx.db.count(`CREATE OR REPLACE TEMP TABLE __weir_changes AS SELECT * FROM (\n${stripSemicolon(flow.cdc.source.sql)}\n) AS "__weir_q"`);
  const columns = await columnsOf(ctx, 'temp.__weir_changes') ?? [];
  const state = cdcStatePrefix(step.dataset);
  const warnings = await checkFlow(ctx, step, flow, columns, state);
  // The target's expectations judge the events before anything is applied: a FAIL UPDATE throws (the target's
  // transaction rolls back), dropped upserts leave the batch, so the apply below never sees them.
  const rules = ctx.compiled.datasets.find((d) => d.id === step.dataset)?.expectations ?? [];
  const checked = rules.length === 0 ? undefined : await checkCdcExpectations(ctx.db, flow.cdc, rules, '"temp"."__weir_changes"',
    { dataset: step.dataset, name: step.name, columns: columns.map((c) => c.name) }, datasetQuality(ctx, step.dataset).write);
  const dropped = checked?.dropped ?? 0;
  const plan = cdcApplySql(flow.cdc, { target: step.relation, state, columns, runId: ctx.runId }, '"temp"."__weir_changes"');
  for (const sql of plan.ensure) await ctx.db.run(sql);
  for (const sql of plan.apply) await ctx.db.run(sql);
  const m = (await ctx.db.rows(plan.metrics))[0] ?? {};
  const n = (k: string): number => Number(m[k] ?? 0);
  const result: CdcFlowResult = {
    rowsRead, rowsWritten: n('num_output_rows'), upserted: n('num_upserted_rows'), deleted: n('num_deleted_rows'),
    applied: n('num_applied_changes'), ignored: n('num_ignored_changes'), violations: n('num_violations'), warnings,
    dropped, quarantined: checked?.quarantined ?? 0, expectations: checked?.expectations ?? [],
  };
  // Read = applied + ignored + dropped, where dropped is NULL keys / sequences plus the expectations' drops.
  if (result.applied + result.ignored + result.violations + dropped !== rowsRead || result.ignored < 0) {
    throw new UpdateError(`internal error: the CDC counts of ${step.name} do not balance (read ${rowsRead} ≠ applied ${result.applied} + ` +
      `ignored ${result.ignored} + dropped ${result.violations + dropped}); the update was rolled back`,
    'this is a bug in Weir: please report it with the change rows of this batch');
  }
  const sources = ctx.sources ?? (() => undefined);
  if (result.violations > 0) {
    warnings.push(runWarning(violationsWarning(step.name, result.violations, stateTable(state, '_violations')), sources));
  }
  const duplicates = n('num_duplicate_sequence');
  if (duplicates > 0) {
    const examples = (await ctx.db.rows(plan.duplicates)).map((r) => ({ key: String(r.key), sequence: String(r.sequence) }));
    warnings.push(runWarning(duplicateSequenceWarning(step.name, duplicates, examples), sources));
  }
  for (const sql of plan.cleanup) await ctx.db.run(sql);
  await ctx.db.run('DROP TABLE IF EXISTS temp.__weir_changes');
  return result;
}

async function columnsOf(ctx: RunContext, relation: string): Promise<ColumnInfo[] | undefined> {
  return (await describeTable(ctx.db, relation))?.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/**
 * checkCdcSpec against this batch's change columns, the target's columns (when it exists) and the sequence
 * type the state was built with (WEIR6001–6010). Errors fail the update at the clause's `file:line:col`;
 * warnings come back as lines for the run's output.
 */
async function checkFlow(ctx: RunContext, step: PlanStep, flow: CompiledFlow, columns: readonly ColumnInfo[], state: string): Promise<string[]> {
  const cdc = flow.cdc!;
  const target = await columnsOf(ctx, step.relation);
  // The state table of either SCD type carries the sequence in `__weir_seq`, typed when the target was built.
  let previousSequenceType: string | undefined;
  for (const suffix of cdc.storedAs === 2 ? ['_events', '_keys'] : ['_keys', '_events']) {
    previousSequenceType = (await columnsOf(ctx, stateTable(state, suffix)))?.find((c) => c.name === '__weir_seq')?.type;
    if (previousSequenceType) break;
  }
  // SEQUENCE BY / DELETE WHEN / TRUNCATE WHEN bound over the change rows (no data read): one that does not bind
  // fails the update at its own clause; the sequence's bound type is checked against the state's.
  let sequenceType: string | undefined;
  for (const [clause, expr] of [['SEQUENCE BY', cdc.sequenceBy], ['APPLY AS DELETE WHEN', cdc.deleteWhen], ['APPLY AS TRUNCATE WHEN', cdc.truncateWhen]] as const) {
    if (!expr) continue;
    try {
      const r = await ctx.db.rows(`DESCRIBE SELECT (${expr.sql}\n) AS "s" FROM temp.__weir_changes`);
      if (clause === 'SEQUENCE BY' && r[0]) sequenceType = String(r[0].column_type);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      const candidates = /Candidate bindings: ([^\n]+)/.exec(text)?.[1];
      const range = toSourceRange(expr.map, 0, expr.sql.length);
      throw new UpdateError(`${clause}: ${text.split('\n')[0]}`, candidates ? `the change rows have: ${candidates}` : undefined,
        undefined, undefined, { file: expr.file, start: range.start, end: range.end });
    }
  }
  const node = ctx.compiled.graph.flows.find((f) => f.id === flow.id)?.cdc;
  const diagnostics = checkCdcSpec(cdc, columns, target, {
    ...(previousSequenceType ? { previousSequenceType } : {}), ...(sequenceType ? { sequenceType } : {}),
    ...(node ? { spans: cdcSpans(node) } : {}), targetName: step.name,
  });
  const sources = ctx.sources ?? (() => undefined);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw specError(errors, sources);
  return diagnostics.filter((d) => d.severity !== 'error').map((d) => runWarning(d, sources));
}

/**
 * The update's failure for checkCdcSpec's errors: the runner prefixes the first error's `file:line:col` (`at`);
 * each error keeps its code, code frame and hint (one error's hint is the failure's hint), later errors their
 * own place.
 */
function specError(errors: readonly Diagnostic[], sources: (file: string) => string | undefined): UpdateError {
  const [first, ...rest] = errors;
  const text = (d: Diagnostic, hint: boolean): string => {
    const formatted = formatDiagnostic(hint ? d : { ...d, hint: undefined }, sources);
    const loc = d.span ? `${formatLocation(d.span.file, sources(d.span.file), d.span.start)}: ` : '';
    return formatted.startsWith(loc) ? formatted.slice(loc.length) : formatted;
  };
  const message = [text(first, rest.length > 0), ...rest.map((d) => formatDiagnostic(d, sources))].join('\n');
  return new UpdateError(message, rest.length === 0 ? first.hint : undefined, undefined, undefined, first.span);
}

/**
 * A coded warning as one line of the run's output (the console prefixes `warning: `; the event log and
 * run_results keep the line): `file:line:col: warning WEIR6002: message (hint)`, or `WEIR6101: message (hint)`
 * for warnings about data, which have no place in the SQL.
 */
function runWarning(d: Diagnostic, sources: (file: string) => string | undefined): string {
  const hint = d.hint ? ` (${d.hint})` : '';
  if (!d.span) return `${d.code}: ${d.message}${hint}`;
  return `${formatLocation(d.span.file, sources(d.span.file), d.span.start)}: ${d.severity} ${d.code}: ${d.message}${hint}`;
}
