import type { CompiledPipeline } from '../model/index.js';
import { datasetScript, indexPipeline } from './dataset-script.js';

export * from './expectation-sql.js';
export { datasetScript, indexPipeline, type PipelineIndex } from './dataset-script.js';

/**
 * One DuckDB script per dataset, keyed by dataset id (the compile command writes `target/compiled/<id>.sql`).
 * Keys are sorted so the object serialises byte-stably.
 */
export function emitDatasetScripts(compiled: CompiledPipeline, sources: (file: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const index = indexPipeline(compiled);
  for (const id of compiled.graph.datasets.map((d) => d.id).sort()) out[id] = datasetScript(compiled, id, sources, index);
  return out;
}
