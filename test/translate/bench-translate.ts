/**
 * Measures translate, lineage and validate on a synthetic pipeline (not run by vitest):
 *   npx tsx test/translate/bench-translate.ts [datasets=10000] [--validate]
 */
import { analyzePipeline, validatePipeline } from '../../src/analyze/index.js';
import { translatePipeline } from '../../src/translate/index.js';
import { syntheticPipeline } from './synthetic-pipeline.js';

const n = Number(process.argv[2] ?? 10_000);
const { graph, files } = syntheticPipeline(n);
for (let round = 0; round < 2; round++) {
  const t0 = performance.now();
  const t = translatePipeline(graph, files, { projectRoot: '/p', schema: 'main' });
  const t1 = performance.now();
  const a = await analyzePipeline(t.value);
  const t2 = performance.now();
  console.log(`round ${round}: translate ${(t1 - t0).toFixed(0)} ms, lineage ${(t2 - t1).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms` +
    ` (${n} datasets, ${t.diagnostics.length + a.diagnostics.length} diagnostics)`);
  if (round === 1 && process.argv.includes('--validate')) {
    const v = await validatePipeline(t.value, { projectRoot: '/p' });
    console.log(`validate ${(performance.now() - t2).toFixed(0)} ms (${v.diagnostics.length} diagnostics)`);
  }
}
