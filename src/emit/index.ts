import type { CompiledPipeline } from '../model/index.js';
import { datasetScript } from './dataset-script.js';

export * from './expectation-sql.js';
export { datasetScript } from './dataset-script.js';

/**
 * One DuckDB script per dataset, keyed by dataset id (the compile command writes `target/compiled/<id>.sql`).
 * Keys are sorted so the object serialises byte-stably.
 */
export function emitDatasetScripts(compiled: CompiledPipeline, sources: (file: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of compiled.graph.datasets.map((d) => d.id).sort()) out[id] = datasetScript(compiled, id, sources);
  return out;
}
