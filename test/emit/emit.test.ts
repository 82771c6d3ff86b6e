import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitDatasetScripts } from '../../src/emit/index.js';
import { expectGolden } from '../helpers/golden.js';
import { makePipeline } from '../execute/helpers/make-pipeline.js';

const p = makePipeline({
  datasets: {
    raw_orders: { kind: 'st', query: 'SELECT * FROM {files:json /landing/orders/*.json}', expect: [['has_id', 'id IS NOT NULL', 'drop']] },
    clean: { kind: 'st', query: 'SELECT id, amount FROM {stream raw_orders} -- trailing comment', flows: { backfill: { query: 'SELECT 0 AS id, 0 AS amount', once: true } } },
    totals: { kind: 'mv', query: 'SELECT count(*) AS n FROM {clean}', expect: [['some', 'n > 0', 'fail']] },
    v: { kind: 'tv', query: 'SELECT * FROM {totals}' },
  },
});
const sources = (file: string) => (file === 'transformations/totals.sql' ? '-- header\n\nCREATE MATERIALIZED VIEW totals AS ...' : undefined);

describe('emitDatasetScripts', () => {
  it('writes one deterministic DuckDB script per dataset with origin comments', () => {
    const scripts = emitDatasetScripts(p, sources);
    expect(Object.keys(scripts)).toEqual(['clean', 'raw_orders', 'totals', 'v']);
    expect(emitDatasetScripts(p, sources)).toEqual(scripts);
    const text = Object.entries(scripts).map(([id, sql]) => `==> ${id}.sql\n${sql}`).join('\n');
    expectGolden(join(import.meta.dirname, 'golden', 'scripts.sql'), text);
    expect(scripts.totals).toContain('-- source: transformations/totals.sql:1');
  });
});

describe('emitted scripts run as written in DuckDB', () => {
  it('builds the same tables the runner would, with variables unset (read everything)', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = mkdtempSync(join(tmpdir(), 'weir-emit-'));
    writeFileSync(join(dir, '1.json'), '{"id":1,"amount":5}\n{"id":null,"amount":7}\n');
    const q = makePipeline({
      datasets: {
        raw_orders: { kind: 'st', query: `SELECT * FROM {files:json ${dir}/*.json}`, expect: [['has_id', 'id IS NOT NULL', 'drop']] },
        clean: { kind: 'st', query: 'SELECT id, amount FROM {stream raw_orders} -- trailing comment' },
        totals: { kind: 'mv', query: 'SELECT count(*) AS n FROM {clean}' },
        v: { kind: 'tv', query: 'SELECT * FROM {totals}' },
      },
    });
    const scripts = emitDatasetScripts(q, () => undefined);
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await conn.run('CREATE SCHEMA _weir_private');
    for (const id of q.graph.order) await conn.run(scripts[id]);
    const rows = (await conn.runAndReadAll('SELECT n::INT AS n FROM _weir_private.v')).getRowObjectsJson();
    conn.closeSync();
    inst.closeSync();
    rmSync(dir, { recursive: true, force: true });
    expect(rows).toEqual([{ n: 1 }]);
  });
});
