import type { ExpectationResult } from '../../model/index.js';
import { STATE_SCHEMA, quoteString } from '../../model/index.js';
import { expectationOutcome } from '../../quality/index.js';
import type { Database } from '../database.js';
import type { WriteQuality } from '../write-batch.js';

/**
 * A materialized view's expectation metrics count every row a full recompute would read (SEMANTICS §4). An
 * APPEND_ONLY refresh reads only the new rows, and a full recompute's counts are exactly the last counts plus
 * the new rows' (old rows are unchanged), so each refresh records its totals in `_weir.mv_metrics` (one row per
 * expectation, for the version it produced) and an APPEND_ONLY refresh adds its batch to them. This also holds
 * for DROP ROW rules, whose dropped rows are not in the table.
 */
export interface MetricTotals {
  /** Rows read by a full recompute of the view at that version. */
  readonly rows: number;
  readonly byName: ReadonlyMap<string, { passed: number; failed: number }>;
}

/** The totals recorded for `version` of the view, when every expectation has one (else undefined). */
export async function loadTotals(db: Database, dataset: string, version: number, names: readonly string[]): Promise<MetricTotals | undefined> {
  const rows = await db.rows(`SELECT expectation, rows_read::VARCHAR AS r, passed::VARCHAR AS p, failed::VARCHAR AS f FROM ${STATE_SCHEMA}.mv_metrics
    WHERE dataset = ${quoteString(dataset)} AND version = ${version}`);
  const byName = new Map(rows.map((r) => [String(r.expectation), { passed: Number(r.p), failed: Number(r.f) }]));
  if (names.some((n) => !byName.has(n)) || rows.length === 0) return undefined;
  return { rows: Number(rows[0].r), byName };
}

/** The batch's results added to the previous totals, with outcomes (thresholds) decided on the totals. */
export function addTotals(prev: MetricTotals, batchRows: number, results: readonly ExpectationResult[], quality: WriteQuality): ExpectationResult[] {
  const rows = prev.rows + batchRows;
  return results.map((r) => {
    if ((r.kind ?? 'expectation') !== 'expectation') return r;
    const p = prev.byName.get(r.name) ?? { passed: 0, failed: 0 };
    const failed = p.failed + r.failed_records;
    return { ...r, passed_records: p.passed + r.passed_records, failed_records: failed, status: expectationOutcome(r.action, failed, rows, quality.thresholds.get(r.name)) };
  });
}

/** Statements recording the totals of the version a refresh produced (in its transaction). */
export function saveTotalsSql(dataset: string, version: number, rows: number, results: readonly ExpectationResult[], runId: string): string {
  const exp = results.filter((r) => (r.kind ?? 'expectation') === 'expectation');
  const del = `DELETE FROM ${STATE_SCHEMA}.mv_metrics WHERE dataset = ${quoteString(dataset)}`;
  if (exp.length === 0) return del;
  const values = exp.map((r) => `(${quoteString(dataset)}, ${version}, ${quoteString(r.name)}, ${rows}, ${r.passed_records}, ${r.failed_records}, ${quoteString(runId)})`);
  return `${del};\nINSERT INTO ${STATE_SCHEMA}.mv_metrics VALUES ${values.join(', ')}`;
}
