import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
export interface ValidateCache {
  /** Weir's validate code and DuckDB's version: another salt ignores the file. */
  readonly salt: string;
  /** Key → the stand-in's columns. */
  readonly entries: Readonly<Record<string, Bound[]>>;
}

const MODULE_SALT: string = (() => {
  const here = new URL(import.meta.url);
  const ext = here.pathname.slice(here.pathname.lastIndexOf('.'));
  const h = createHash('sha1').update('validate-cache-1');
  for (const name of ['validate-pipeline', 'validate-fast-path', 'validate-cache']) {
    try {
      h.update(readFileSync(new URL(`./${name}${ext}`, here)));
    } catch {
      h.update(`missing:${name}`);
    }
  }
  return h.digest('base64url');
})();

export function validateSalt(duckdbVersion: string): string {
  return `${MODULE_SALT}:${duckdbVersion}`;
}

export function readValidateCache(path: string, salt: string): Readonly<Record<string, Bound[]>> {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as ValidateCache;
    return v && v.salt === salt && v.entries && typeof v.entries === 'object' ? v.entries : {};
  } catch {
    return {};
  }
}

export function writeValidateCache(path: string, cache: ValidateCache): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written only costs time on the next validate.
    rmSync(tmp, { force: true });
  }
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
      f.cdc.truncateWhen?.sql ?? null, f.cdc.columns ?? null, f.cdc.storedAs] : null]),
    cd.expectations.map((e) => e.condition.sql),
    cd.generated.map((g) => [g.name, g.expression.sql]),
    upstream,
  ]);
  return createHash('sha1').update(text).digest('base64url');
}
