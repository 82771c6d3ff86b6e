import { describe, expect, it } from 'vitest';
import { translatedRows, translateQuery } from './translate-query.js';

/**
 * Spark syntax DuckDB lacks or reads differently, run on DuckDB over rows (execute-rules.test.ts holds the
 * single-expression cases): integer casts of columns, GROUP BY ... WITH ROLLUP / CUBE and grouping_id().
 */
const SALES = 'VALUES (1, \'x\', 10), (1, \'y\', 20), (2, \'x\', 30) AS s(a, b, n)';

describe('Spark syntax on DuckDB', () => {
  it('CAST to BIGINT truncates columns of any type and stays exact above 2^53', async () => {
    const q = `SELECT CAST(b AS BIGINT), CAST(d AS BIGINT), CAST(s AS BIGINT), b::bigint, bigint(s), CAST(f AS LONG)
      FROM VALUES (9007199254740993L, CAST(9007199254740993 AS DECIMAL(38, 1)), '-9007199254740993', -2.7D),
                  (-9007199254740993L, CAST(-7.9 AS DECIMAL(38, 1)), '3.7', 2.5D) AS v(b, d, s, f)`;
    expect(await translatedRows(q)).toEqual([
      ['9007199254740993', '9007199254740993', '-9007199254740993', '9007199254740993', '-9007199254740993', '-2'],
      ['-9007199254740993', '-7', '3', '-9007199254740993', '3', '2'],
    ]);
  });

  it('nested truncating casts stay linear in size (the operand is bound once)', () => {
    let expr = 'concat(s, \'.5\')';
    for (let k = 0; k < 12; k++) expr = `CAST(${expr} AS BIGINT)`;
    expect(translateQuery(`SELECT ${expr} FROM t0`).sql.length).toBeLessThan(2000);
    let str = 's';
    for (let k = 0; k < 12; k++) str = `CAST(CAST(${str} AS BIGINT) AS STRING)`;
    expect(translateQuery(`SELECT ${str} FROM t0`).sql.length).toBeLessThan(20000);
  });

  it('GROUP BY ... WITH ROLLUP / WITH CUBE and grouping_id() (first column = most significant bit)', async () => {
    expect(await translatedRows(`SELECT a, b, sum(n), grouping_id() FROM ${SALES} GROUP BY a, b WITH ROLLUP ORDER BY a, b`)).toEqual([
      [null, null, '60', '3'], [1, null, '30', '1'], [1, 'x', '10', '0'], [1, 'y', '20', '0'], [2, null, '30', '1'], [2, 'x', '30', '0'],
    ]);
    expect(await translatedRows(`SELECT a, b, sum(n), grouping(a), grouping_id(a, b) FROM ${SALES} GROUP BY a, b WITH CUBE ORDER BY a, b`)).toEqual([
      [null, null, '60', '1', '3'], [null, 'x', '40', '1', '2'], [null, 'y', '20', '1', '2'], [1, null, '30', '0', '1'],
      [1, 'x', '10', '0', '0'], [1, 'y', '20', '0', '0'], [2, null, '30', '0', '1'], [2, 'x', '30', '0', '0'],
    ]);
    expect(await translatedRows(`SELECT a, b, grouping_id() FROM ${SALES} GROUP BY GROUPING SETS ((a, b), (a), ()) HAVING grouping_id() = 1 ORDER BY a`)).toEqual([
      [1, null, '1'], [2, null, '1'],
    ]);
    expect(await translatedRows(`SELECT b, grouping_id() FROM ${SALES} GROUP BY CUBE (b) ORDER BY b`)).toEqual([[null, '1'], ['x', '0'], ['y', '0']]);
  });

  it('malformed literals are errors at their position', () => {
    expect(translateQuery("SELECT X'4G' AS v").errors).toEqual(["WEIR4030 X'4G' is not a binary literal: only hexadecimal digits may follow X"]);
    expect(translateQuery("SELECT INTERVAL '1 2' DAY TO SECOND AS v").errors[0]).toMatch(/^WEIR4030 INTERVAL '1 2' DAY TO SECOND/);
    expect(translateQuery('SELECT grouping_id() AS v FROM t0').errors[0]).toMatch(/^WEIR4005 grouping_id\(\) without arguments/);
    expect(translateQuery('SELECT exists(arr, 1) AS v FROM t0').errors[0]).toMatch(/^WEIR4005 exists: argument 2 must be a lambda/);
  });
});
