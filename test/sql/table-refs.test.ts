import { describe, expect, it } from 'vitest';
import { lex } from '../../src/sql/lexer.js';
import { scanTableRefs, type TableRef } from '../../src/sql/table-refs.js';

function refs(sql: string, startsAtTable = false): unknown[] {
  return scanTableRefs(lex(sql).tokens, { startsAtTable }).refs.map((r: TableRef) =>
    r.kind === 'table' ? { table: r.parts.join('.'), streaming: r.streaming, text: sql.slice(r.start, r.end) }
      : { files: r.path, reader: r.reader, format: r.format, options: r.options, streaming: r.streaming });
}

describe('scanTableRefs', () => {
  it('finds FROM, JOIN and comma-list tables with LIVE and qualified names', () => {
    expect(refs('SELECT * FROM LIVE.a JOIN cat.sch.b ON a.id = b.id, c WHERE x IN (SELECT y FROM live.d)')).toEqual([
      { table: 'LIVE.a', streaming: false, text: 'LIVE.a' },
      { table: 'cat.sch.b', streaming: false, text: 'cat.sch.b' },
      { table: 'c', streaming: false, text: 'c' },
      { table: 'live.d', streaming: false, text: 'live.d' },
    ]);
  });

  it('recognises STREAM(x), STREAM x and stream(LIVE.x)', () => {
    expect(refs('SELECT * FROM STREAM(LIVE.a) a JOIN STREAM b ON true JOIN stream ( c ) ON true')).toEqual([
      { table: 'LIVE.a', streaming: true, text: 'STREAM(LIVE.a)' },
      { table: 'b', streaming: true, text: 'STREAM b' },
      { table: 'c', streaming: true, text: 'stream ( c )' },
    ]);
  });

  it('reads the names after LATERAL VIEW as columns, not tables', () => {
    expect(refs('SELECT * FROM a, b LATERAL VIEW explode(m) t AS k, v LATERAL VIEW OUTER posexplode(xs) u AS p, x WHERE k > 1'))
      .toEqual([{ table: 'a', streaming: false, text: 'a' }, { table: 'b', streaming: false, text: 'b' }]);
  });

  it('ignores CTE names, table functions and FROM inside EXTRACT / SUBSTRING', () => {
    expect(refs('WITH x AS (SELECT 1 FROM t), y AS (SELECT * FROM x) SELECT extract(year FROM d), substring(s FROM 2 FOR 1) FROM y, range(10)'))
      .toEqual([{ table: 't', streaming: false, text: 't' }]);
  });

  it('reads read_files and cloud_files options and path tables', () => {
    expect(refs(`SELECT * FROM STREAM read_files('/data/*.json', format => "json", \`cloudFiles.inferColumnTypes\` => true)`)).toEqual([
      { files: '/data/*.json', reader: 'read_files', format: 'json', options: { format: 'json', 'cloudfiles.infercolumntypes': 'true' }, streaming: true },
    ]);
    expect(refs(`SELECT * FROM cloud_files("/in", "csv", map("header", "true"))`)).toEqual([
      { files: '/in', reader: 'cloud_files', format: 'csv', options: { header: 'true' }, streaming: false },
    ]);
    expect(refs('SELECT * FROM json.`/landing/x`')).toEqual([
      { files: '/landing/x', reader: 'path-table', format: 'json', options: {}, streaming: false },
    ]);
  });

  it('reads a CDC source that starts at a table position', () => {
    expect(refs('STREAM(LIVE.changes)', true)).toEqual([{ table: 'LIVE.changes', streaming: true, text: 'STREAM(LIVE.changes)' }]);
    expect(refs('(SELECT * FROM STREAM(c) WHERE op IS NOT NULL)', true)).toEqual([{ table: 'c', streaming: true, text: 'STREAM(c)' }]);
  });
});
