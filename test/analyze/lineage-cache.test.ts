import { describe, expect, it } from 'vitest';
import { analyzePipeline } from '../../src/analyze/index.js';
import type { LineageCache } from '../../src/analyze/lineage-cache.js';
import type { CompiledPipeline } from '../../src/model/compiled-pipeline.js';
import { translatePipeline } from '../../src/translate/index.js';
import { buildPipeline, type DatasetSpec } from '../translate/pipeline-builder.js';

/**
 * The lineage cache (issue 2: recompiles keyed by content hash) must give exactly what a compile without it
 * gives, whatever changed: a dataset's own query, an upstream's output columns (which changes what `*`
 * downstream expands to), or nothing at all.
 */
const BASE: DatasetSpec[] = [
  { name: 'orders', columns: ['id', 'customer_id', 'amount', 'status'] },
  { name: 'customers', columns: ['id', 'name', 'region'] },
];

function chain(overrides: Record<number, string> = {}): CompiledPipeline {
  const specs: DatasetSpec[] = [...BASE];
  for (let i = 0; i < 30; i++) {
    const from = i === 0 ? 'orders' : `d${i - 1}`;
    const query = overrides[i] ?? (i % 3 === 0 ? `SELECT * FROM ${from}` : `SELECT id, amount + ${i} AS amount, status FROM ${from}`);
    specs.push({ name: `d${i}`, query });
  }
  specs.push({ name: 'joined', query: 'SELECT d29.*, c.name FROM d29 JOIN customers c ON c.id = d29.id' });
  const { graph, files } = buildPipeline(specs);
  return translatePipeline(graph, files, { projectRoot: '/p', schema: 'main' }).value;
}

function columnsOf(p: CompiledPipeline, id: string): string[] {
  return (p.datasets.find((d) => d.id === id)?.columns ?? []).map((c) => c.name);
}

describe('lineage cache', () => {
  it('a recompile with nothing changed answers every dataset from the cache, with the same columns', async () => {
    const compiled = chain();
    const cold = await analyzePipeline(compiled, { cache: undefined });
    expect(Object.keys(cold.cache.entries).length).toBe(compiled.datasets.length);
    // Poison the parsed-from-scratch path: with every entry valid, DuckDB is not asked at all, so queries that
    // no longer parse would still be answered from the cache. Same SQL here, so compare results.
    const warm = await analyzePipeline(compiled, { cache: cold.cache });
    expect(warm.value.datasets).toEqual(cold.value.datasets);
    expect(warm.cache.entries).toEqual(cold.cache.entries);
  });

  it('serves cached entries without parsing: a stale entry for the same content is used as is', async () => {
    const compiled = chain();
    const cold = await analyzePipeline(compiled);
    // Tamper with one entry: if the cache is consulted the tampered columns come back (proves the hit path).
    const entries = { ...cold.cache.entries };
    const key = Object.keys(entries).find((k) => entries[k].columns?.map((c) => c.name).join() === 'id,amount,status,name')!;
    entries[key] = { ...entries[key], columns: [{ name: 'from_cache', lineage: [] }] };
    const warm = await analyzePipeline(compiled, { cache: { ...cold.cache, entries } });
    expect(columnsOf(warm.value, 'joined')).toEqual(['from_cache']);
  });

  it('a changed query recomputes that dataset and every downstream dataset whose upstream columns changed', async () => {
    const before = chain();
    const cache: LineageCache = (await analyzePipeline(before)).cache;
    // d3 (`SELECT *`) now adds a column: d4..d29 select named columns (unchanged), but every `SELECT *` below
    // d3 up to the next projection, and `joined`, must see it when their upstream passes it on.
    const after = chain({ 3: 'SELECT *, amount * 2 AS doubled FROM d2', 6: 'SELECT * FROM d5', 29: 'SELECT *, 1 AS one FROM d28' });
    const warm = await analyzePipeline(after, { cache });
    const fresh = await analyzePipeline(after);
    expect(warm.value.datasets).toEqual(fresh.value.datasets);
    expect(columnsOf(warm.value, 'd3')).toContain('doubled');
    expect(columnsOf(warm.value, 'joined')).toContain('one');
    expect(warm.cache.entries).toEqual(fresh.cache.entries);
  });

  it('an upstream whose columns change invalidates a downstream `SELECT *` even though its own SQL did not change', async () => {
    const before = chain();
    const cache = (await analyzePipeline(before)).cache;
    const after = chain({ 29: 'SELECT id, status AS renamed FROM d28' });
    const warm = await analyzePipeline(after, { cache });
    expect(columnsOf(warm.value, 'joined')).toEqual(['id', 'renamed', 'name']);
  });

  it('queries DuckDB cannot parse are never cached, so their diagnostic comes back on every compile', async () => {
    const broken = chain({ 10: 'SELECT id FROM d9 WHERE ORDER' });
    const first = await analyzePipeline(broken);
    expect(first.diagnostics.map((d) => d.code)).toContain('WEIR4055');
    const second = await analyzePipeline(broken, { cache: first.cache });
    expect(second.diagnostics.map((d) => d.code)).toEqual(first.diagnostics.map((d) => d.code));
    expect(second.value.datasets).toEqual(first.value.datasets);
  });

  it('a cache from other lineage code (another salt) is ignored', async () => {
    const compiled = chain();
    const cold = await analyzePipeline(compiled);
    const entries = Object.fromEntries(Object.entries(cold.cache.entries).map(([k, v]) => [k, { ...v, columns: [{ name: 'stale', lineage: [] }] }]));
    const warm = await analyzePipeline(compiled, { cache: { salt: 'other', entries } });
    expect(warm.value.datasets).toEqual(cold.value.datasets);
  });
});
