import { describe, expect, it } from 'vitest';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

describe('views and private tables (SEMANTICS §2)', () => {
  it('temporary views and private tables live in _weir_private, persisted views in the published schema', async () => {
    const f = new Fixture();
    const p = makePipeline({
      schema: 'shop',
      datasets: {
        base: { kind: 'mv', private: true, query: 'SELECT range AS x FROM range(4)' },
        tv: { kind: 'tv', query: 'SELECT x * 10 AS y FROM {base}' },
        pub: { kind: 'view', query: 'SELECT y FROM {tv} WHERE y > 0' },
        agg: { kind: 'mv', query: 'SELECT sum(y)::INT AS s FROM {tv}' },
      },
    });
    const r = await f.run(p);
    expect(r.exitCode).toBe(0);
    const objects = await f.query(`SELECT table_schema, table_name, table_type FROM information_schema.tables
      WHERE table_schema IN ('shop', '_weir_private') ORDER BY ALL`);
    expect(objects).toEqual([
      { table_schema: '_weir_private', table_name: 'base', table_type: 'BASE TABLE' },
      { table_schema: '_weir_private', table_name: 'tv', table_type: 'VIEW' },
      { table_schema: 'shop', table_name: 'agg', table_type: 'BASE TABLE' },
      { table_schema: 'shop', table_name: 'pub', table_type: 'VIEW' },
    ]);
    expect(await f.query('SELECT s FROM shop.agg')).toEqual([{ s: 60 }]);
    expect(await f.query('SELECT count(*)::INT AS n FROM shop.pub')).toEqual([{ n: 3 }]);
    // Second run: views are recreated, tables behind them unchanged → the MV reading the view is NO-OP.
    const r2 = await f.run(p);
    expect(r2.status).toEqual({ base: 'NO-OP', tv: 'COMPLETED', pub: 'COMPLETED', agg: 'NO-OP' });
  });

  it('an external table counts as changed on every run (no NO-OP)', async () => {
    const f = new Fixture();
    const p = makePipeline({ datasets: { m: { kind: 'mv', query: 'SELECT count(*)::INT AS n FROM {ext main.ext_src}' } } });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(f.targetPath, { recursive: true });
    const inst = await DuckDBInstance.create(f.databasePath);
    const conn = await inst.connect();
    await conn.run('CREATE TABLE main.ext_src AS SELECT 1 AS a');
    conn.closeSync();
    inst.closeSync();
    expect((await f.run(p)).status.m).toBe('COMPLETED');
    expect((await f.run(p)).status.m).toBe('COMPLETED');
  });

  it('an MV over files is NO-OP until the matched files change', async () => {
    const f = new Fixture();
    f.file('m/1.json', [{ a: 1 }]);
    const p = makePipeline({ datasets: { m: { kind: 'mv', query: `SELECT count(*)::INT AS n FROM {files:json ${f.landing}/m/*.json}` } } });
    expect((await f.run(p)).status.m).toBe('COMPLETED');
    expect((await f.run(p)).status.m).toBe('NO-OP');
    f.file('m/2.json', [{ a: 2 }]);
    expect((await f.run(p)).status.m).toBe('COMPLETED');
    expect(await f.query('SELECT n FROM main.m')).toEqual([{ n: 2 }]);
  });
});
