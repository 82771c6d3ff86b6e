import type { CompiledCdc, CompiledExpectation, ExpectationResult } from '../model/index.js';
import { quoteIdent, toSourceRange } from '../model/index.js';
import { cdcExpectationSql } from '../cdc/index.js';
import { expectationOutcome } from '../quality/index.js';
import type { Database } from './database.js';
import { UpdateError } from './step-outcome.js';
import { describeTable, type WriteQuality } from './write-batch.js';
import { exampleRows } from './example-rows.js';
import { isBooleanCondition, notBooleanMessage } from '../util/duckdb-settings.js';

/** What the target's expectations did to one CDC batch (SEMANTICS §4 over the change events). */
export interface CdcExpectationOutcome {
  /** Change rows of the batch, before any drop. */
  readonly rowsRead: number;
  /** Upserts removed by DROP ROW rules before the apply (each once, however many rules it failed). */
  readonly dropped: number;
  /** Of them, kept in `<target>_quarantine` (`'weir.quarantine' = 'true'`). */
  readonly quarantined: number;
  readonly expectations: ExpectationResult[];
}

/**
 * Checks the expectations declared on a CDC target against the batch's change rows (`changes`, a temp table
 * the apply reads next), with Weir's ordinary semantics: one scan counts every rule; a FAIL UPDATE (or a
 * `fail_above` threshold) throws with up to 5 violating events, so the caller's transaction rolls the target's
 * update back; DROP ROW events are deleted from `changes` (and quarantined when asked) so they are never applied.
 * Only upserts are checked (src/cdc/expectations-sql.ts says why); `passed_records + failed_records` is the
 * number of upserts in the batch.
 */
export async function checkCdcExpectations(
  db: Database, spec: CompiledCdc, rules: readonly CompiledExpectation[], changes: string,
  target: { readonly dataset: string; readonly name: string; readonly columns: readonly string[] }, quality: WriteQuality,
): Promise<CdcExpectationOutcome | undefined> {
  if (rules.length === 0) return undefined;
  const sql = cdcExpectationSql(spec, rules, changes);
  let m: Record<string, unknown>;
  try {
    m = (await db.rows(sql.metrics))[0];
  } catch (e) {
    throw await bindError(db, sql.bind, rules, target, e);
  }
  const rowsRead = Number(m.rows_read);
  const checked = Number(m.checked);
  const dropped = Number(m.dropped);
  const results: ExpectationResult[] = rules.map((r, i) => {
    const failed = Number(m[`failed_${i}`]);
    return { name: r.name, dataset: target.dataset, action: r.action, passed_records: checked - failed, failed_records: failed,
      kind: 'expectation', status: expectationOutcome(r.action, failed, checked, quality.thresholds.get(r.name)) };
  });
  const failing = results.findIndex((r) => r.status === 'fail');
  if (failing >= 0) {
    const r = results[failing];
    const threshold = quality.thresholds.get(r.name)?.failAbove;
    const why = threshold ? `more than fail_above ${threshold.text}` : 'ON VIOLATION FAIL UPDATE';
    throw new UpdateError(
      `expectation ${r.name} failed on ${r.failed_records} of ${checked} upsert event${checked === 1 ? '' : 's'} of ${target.name} (${why}): the update was rolled back`,
      undefined, { name: r.name, rows: await exampleRows(db, sql.violating(failing)) }, { expectations: results, rowsRead });
  }
  const quarantined = quality.quarantine && dropped > 0 ? await quarantine(db, sql.quarantined(quality.runId, quality.now), quality.quarantine) : 0;
  if (sql.drop && dropped > 0) {
    const removed = await db.count(sql.drop);
    // A condition that is not deterministic would make the apply see other rows than those counted.
    if (removed !== dropped) throw new Error(`${target.name}: ${dropped} change rows counted as dropped but ${removed} removed (an expectation is not deterministic?)`);
  }
  return { rowsRead, dropped, quarantined, expectations: results };
}

/**
 * A condition that does not bind over the change rows (e.g. `__START_AT`, which only the target has) fails the
 * update at that condition, naming the columns it may use; anything else is rethrown as is.
 */
async function bindError(
  db: Database, bind: (i: number) => string, rules: readonly CompiledExpectation[],
  target: { readonly name: string; readonly columns: readonly string[] }, error: unknown,
): Promise<unknown> {
  for (const [i, rule] of rules.entries()) {
    try {
      const type = String((await db.rows(`DESCRIBE ${bind(i)}`))[0]?.column_type ?? 'BOOLEAN');
      if (!isBooleanCondition(type, rule.condition.sql)) throw new Error(notBooleanMessage(type));
    } catch (e) {
      const text = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      const range = toSourceRange(rule.condition.map, 0, rule.condition.sql.length);
      return new UpdateError(`expectation ${rule.name} of ${target.name}: ${text}`,
        `the expectations of a CDC target are checked on its change events before they are applied; a condition may use their columns: ${target.columns.join(', ')}`,
        undefined, undefined, { file: rule.condition.file, start: range.start, end: range.end });
    }
  }
  return error;
}

/** Appends the dropped events to the quarantine table, adding the columns it lacks (new change columns). */
async function quarantine(db: Database, select: string, relation: string): Promise<number> {
  const existing = await describeTable(db, relation);
  if (!existing) return db.count(`CREATE TABLE ${relation} AS ${select}`);
  const have = new Set(existing.map((c) => String(c.column_name).toLowerCase()));
  for (const c of await db.rows(`DESCRIBE ${select}`)) {
    if (!have.has(String(c.column_name).toLowerCase())) await db.run(`ALTER TABLE ${relation} ADD COLUMN ${quoteIdent(String(c.column_name))} ${String(c.column_type)}`);
  }
  return db.count(`INSERT INTO ${relation} BY NAME ${select}`);
}
