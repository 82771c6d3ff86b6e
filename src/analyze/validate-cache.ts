import { codeSalt, readJsonCache, writeJsonCache, type SaltedCache } from '../util/json-cache.js';
import { contentHash } from './lineage-cache.js';
import type { CompiledDataset, CompiledFlow } from '../model/compiled-pipeline.js';
import type { Bound } from './validate-fast-path.js';

/**
 * The stand-in columns of every dataset the last `weir validate` bound cleanly, keyed by a hash of everything
 * binding it depends on: its relation, its flows' compiled SQL (query or CDC clauses), its expectations and
 * generated columns, and the bound columns of the datasets it reads. A dataset that reads a file source or an
 * external table is never cached (the files or the database may have changed), nor is one that had a diagnostic.
 * So a second validate binds only what changed and what reads a changed schema. Plain JSON in
 * `<target>/.weir-cache/validate.json`, replaced atomically; a missing, unreadable or foreign file is no cache.
 */
/** The salt of the validate cache: Weir's validate code and DuckDB's version (another salt ignores the file). */
export function validateSalt(duckdbVersion: string): string {
  return `${codeSalt('validate-cache-1', import.meta.url, ['validate-pipeline', 'validate-fast-path', 'validate-cache', 'validate-cdc'])}:${duckdbVersion}`;
}

export function readValidateCache(path: string, salt: string): Readonly<Record<string, Bound[]>> {
  return readJsonCache<Bound[]>(path, salt);
}

export function writeValidateCache(path: string, cache: SaltedCache<Bound[]>): void {
  writeJsonCache(path, cache);
}

/** The cache key of a dataset, or undefined when it cannot be cached (it reads something other than bound datasets). */
export function datasetKey(cd: CompiledDataset, flows: readonly CompiledFlow[], bound: ReadonlyMap<string, readonly Bound[]>): string | undefined {
  const upstream: [string, readonly Bound[]][] = [];
  for (const f of flows) {
    for (const i of f.inputs) {
      const cols = bound.get(i.node);
      if (!cols) return undefined;
      upstream.push([i.node, cols]);
    }
  }
  const text = JSON.stringify([
    cd.relation,
    flows.map((f) => [f.query?.sql ?? null, f.cdc ? [f.cdc.source.sql, f.cdc.sequenceBy.sql, f.cdc.deleteWhen?.sql ?? null,
      f.cdc.truncateWhen?.sql ?? null, f.cdc.columns ?? null, f.cdc.storedAs, f.cdc.keys, f.cdc.trackHistory ?? null] : null]),
    cd.expectations.map((e) => e.condition.sql),
    cd.generated.map((g) => [g.name, g.expression.sql]),
    upstream,
  ]);
  return contentHash(text);
}
