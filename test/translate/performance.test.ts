import { describe, expect, it } from 'vitest';
import { analyzePipeline } from '../../src/analyze/index.js';
import { translatePipeline } from '../../src/translate/index.js';
import { syntheticPipeline } from './synthetic-pipeline.js';

/**
 * Not a benchmark (the machine is shared): 2,000 datasets with generous bounds that catch an accidental
 * quadratic; the measured numbers are printed. Targets (10,000 datasets, `npx tsx test/translate/bench-translate.ts 10000`):
 * translate ≤ 500 ms, translate + lineage ≤ 1.5 s.
 */
describe('performance', () => {
  it('translates and analyses 2,000 datasets', async () => {
    const { graph, files } = syntheticPipeline(2_000);
    const t0 = performance.now();
    const t = translatePipeline(graph, files, { projectRoot: '/p', schema: 'main' });
    const t1 = performance.now();
    const a = await analyzePipeline(t.value);
    const t2 = performance.now();
    expect(t.diagnostics).toEqual([]);
    expect(a.diagnostics).toEqual([]);
    expect(a.value.datasets.find((d) => d.id === 'd1999')?.columns?.map((c) => c.name)).toEqual(['id', 'amount', 'status', 'ts']);
    console.log(`translate: ${(t1 - t0).toFixed(0)} ms, lineage: ${(t2 - t1).toFixed(0)} ms (2,000 datasets)`);
    expect(t1 - t0).toBeLessThan(4000);
    expect(t2 - t1).toBeLessThan(10000);
  }, 60_000);
});
