import { createHash } from 'node:crypto';
import type { CompiledPipeline } from '../model/index.js';

/**
 * A dataset's definition: its kind, its flows' compiled SQL and its expectations. A change makes an MV
 * recompute (SEMANTICS §3 NO-OP rule) and an ST warn that old rows are not rewritten.
 */
export function definitionHash(compiled: CompiledPipeline, datasetId: string): string {
  const ds = compiled.graph.datasets.find((d) => d.id === datasetId);
  const cds = compiled.datasets.find((d) => d.id === datasetId);
  const flows = compiled.flows.filter((f) => f.target === datasetId).sort((a, b) => a.id.localeCompare(b.id));
  const parts: unknown[] = [
    ds?.kind, ds?.published,
    flows.map((f) => [f.id, f.kind, f.once, f.query?.sql ?? null, f.cdc ? JSON.stringify(f.cdc, sqlOnly) : null]),
    (cds?.expectations ?? []).map((e) => [e.name, e.action, e.condition.sql]),
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/** Source maps and file names do not change what a definition means: moving a statement is not a change. */
function sqlOnly(key: string, value: unknown): unknown {
  return key === 'map' || key === 'file' ? undefined : value;
}
