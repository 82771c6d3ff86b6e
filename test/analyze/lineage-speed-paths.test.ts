import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { analyzePipeline } from '../../src/analyze/index.js';
import { computeLineage } from '../../src/analyze/compute-lineage.js';
import { parseFlows } from '../../src/analyze/parse-flows.js';
import type { CompiledPipeline } from '../../src/model/compiled-pipeline.js';
import { translatePipeline } from '../../src/translate/index.js';
import { buildPipeline, type DatasetSpec } from '../translate/pipeline-builder.js';

/**
 * The fast paths of analyze (JSON without null / empty members, COLUMNS(*) search skipped when absent, lineage
 * computed chunk by chunk) give the same columns as parsing everything first and walking afterwards.
 */
const BASE: DatasetSpec[] = [
  { name: 'orders', columns: ['id', 'customer_id', 'amount', 'status'] },
  { name: 'customers', columns: ['id', 'name', 'region'] },
];

function translated(...specs: DatasetSpec[]): CompiledPipeline {
  const { graph, files } = buildPipeline([...BASE, ...specs]);
  return translatePipeline(graph, files, { projectRoot: '/p', schema: 'main' }).value;
}

async function reference(compiled: CompiledPipeline): Promise<CompiledPipeline> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const { parsed } = await parseFlows(compiled, conn);
    return computeLineage(compiled, { parsed });
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

function names(p: CompiledPipeline, id: string): string[] {
  return (p.datasets.find((d) => d.id === id)?.columns ?? []).map((c) => c.name);
}

describe('analyze fast paths', () => {
  it('names unaliased calls with empty and NULL constants as DuckDB writes them', async () => {
    const p = (await analyzePipeline(translated({ name: 't', query: "SELECT replace(status, '', 'x'), nullif(status, NULL), replace(status, 'a', 'b') FROM orders" }))).value;
    expect(names(p, 't')).toEqual(['replace(status, , x)', 'nullif(status, undefined)', 'replace(status, a, b)']);
  });

  it('COLUMNS(*) is still found when present', async () => {
    const p = (await analyzePipeline(translated({ name: 't', query: 'SELECT max(COLUMNS(*)) FROM orders' }))).value;
    expect(names(p, 't')).toEqual(['id', 'customer_id', 'amount', 'status']);
  });

  it('streamed lineage equals parse-then-walk over a chain of datasets', async () => {
    const specs: DatasetSpec[] = [];
    for (let i = 0; i < 40; i++) {
      const from = i === 0 ? 'orders' : `d${i - 1}`;
      specs.push({ name: `d${i}`, query: i % 3 === 0 ? `SELECT * FROM ${from}` : `SELECT id, amount + ${i} AS amount, status FROM ${from}` });
    }
    const compiled = translated(...specs);
    const fast = (await analyzePipeline(compiled)).value;
    const slow = await reference(compiled);
    expect(fast.datasets).toEqual(slow.datasets);
  });
});
