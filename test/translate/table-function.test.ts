import { describe, expect, it } from 'vitest';
import { duck, rowsJson } from './duckdb-harness.js';
import { translatedRows, translateQuery } from './translate-query.js';

/**
 * Spark's `range(...)` table function (one BIGINT column `id`) and table aliases with a column list written
 * without AS (`FROM range(3) t(x)`), run on DuckDB; also sequence()'s failures and column arguments.
 */
describe('range() and table aliases with column lists', () => {
  it("range(n) has Spark's column id, BIGINT", async () => {
    expect(await translatedRows('SELECT id FROM range(3) ORDER BY id')).toEqual([['0'], ['1'], ['2']]);
    expect(await rowsJson(`SELECT typeof(id) FROM (${translateQuery('SELECT id FROM range(1)').sql})`)).toEqual([['BIGINT']]);
    expect(await translatedRows('SELECT r.id FROM range(2, 8, 3) AS r ORDER BY 1')).toEqual([['2'], ['5']]);
    expect(await translatedRows('SELECT r.id FROM range(1, 3) r ORDER BY 1')).toEqual([['1'], ['2']]);
    // numPartitions has no meaning in DuckDB.
    expect(await translatedRows('SELECT count(*) FROM range(0, 10, 1, 4)')).toEqual([['10']]);
  });

  it('a table alias with a column list needs no AS (range, subqueries, joins)', async () => {
    expect(await translatedRows('SELECT x FROM range(3) t(x) ORDER BY x')).toEqual([['0'], ['1'], ['2']]);
    expect(await translatedRows('SELECT t.x FROM range(2) AS t(x) ORDER BY 1')).toEqual([['0'], ['1']]);
    expect(await translatedRows('SELECT a, b FROM (SELECT 1, 2) s(a, `b`)')).toEqual([[1, 2]]);
    expect(await translatedRows('SELECT a.id, b.y FROM range(2) a JOIN range(2) b(y) ON a.id = b.y ORDER BY 1')).toEqual([['0', '0'], ['1', '1']]);
    expect(await translatedRows('SELECT count(*) FROM range(2), range(3) q')).toEqual([['6']]);
  });

  it('range outside FROM and infix keywords after `)` are left alone', () => {
    expect(translateQuery('SELECT (a) DIV (b) FROM t0').errors).toEqual([]);
    expect(translateQuery('SELECT count(x) FILTER (WHERE x > 0) FROM t0').sql).toContain('FILTER (WHERE x > 0)');
  });
});

describe('sequence() beyond constant arguments', () => {
  it('a step that does not lead from start to stop fails, as in Spark', async () => {
    const c = await duck();
    for (const expr of ['sequence(1, 5, -1)', "sequence(DATE'1970-01-02', DATE'1970-01-01', INTERVAL 1 DAY)", 'sequence(1, 5, 0)']) {
      const { sql, errors } = translateQuery(`SELECT ${expr} AS v`);
      expect(errors).toEqual([]);
      await expect(c.runAndReadAll(sql)).rejects.toThrow(/ILLEGAL_SEQUENCE_BOUNDARIES/);
    }
  });

  it('columns of unknown type: the element type follows the columns (DATE, TIMESTAMP, INT)', async () => {
    const q = `SELECT CAST(sequence(d0, d1)[1] AS STRING), sequence(d0, d1, INTERVAL 1 MONTH), sequence(t0, t1, INTERVAL 12 HOURS), sequence(i0, i1)
      FROM VALUES (DATE'2024-01-31', DATE'2024-03-31', TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-01 12:00:00', 3, 1) AS v(d0, d1, t0, t1, i0, i1)`;
    expect(await translatedRows(q)).toEqual([[
      '2024-02-01', ['2024-01-31', '2024-02-29', '2024-03-31'], ['2024-01-01 00:00:00', '2024-01-01 12:00:00'], [3, 2, 1],
    ]]);
  });

  it('explode(sequence(...)) of dates gives DATE rows (date_spine)', async () => {
    const { sql } = translateQuery("SELECT explode(sequence(DATE'2024-01-30', DATE'2024-02-01')) AS d");
    const c = await duck();
    const r = await c.runAndReadAll(`SELECT typeof(d), CAST(d AS VARCHAR) FROM (${sql})`);
    expect(r.getRowsJson()).toEqual([['DATE', '2024-01-30'], ['DATE', '2024-01-31'], ['DATE', '2024-02-01']]);
  });
});
