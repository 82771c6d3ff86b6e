import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OutputColumn } from '../model/compiled-pipeline.js';

/**
 * The column lineage of each dataset from the last compile, keyed by content hash (issue 2: "a recompile after
 * one file changed, cache keyed by content hash"). An entry is found by the hash of what the dataset's lineage
 * depends on besides its upstreams (`LineageBuilder.ownPart`: declared columns, flow SQL, CDC selection,
 * inputs) and used only when the hash of its upstreams' output column names matches too, so a change that
 * alters a dataset's columns recomputes exactly the datasets that read them (and theirs, when theirs change).
 * Plain data: the compiler reads and writes it as JSON (target/.weir-cache/lineage.json).
 */
export interface LineageCache {
  /** Weir's lineage code this cache was computed with: another version ignores it. */
  readonly salt: string;
  readonly entries: Readonly<Record<string, LineageCacheEntry>>;
}

export interface LineageCacheEntry {
  /** Hash of the upstream datasets' output column names when computed. */
  readonly upstream: string;
  readonly columns: OutputColumn[] | null;
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/**
 * Identifies the lineage code: the text of the modules that compute lineage (whatever their extension: .ts
 * under tsx and vitest, .js once built), so changing the walker invalidates every cache without a version bump.
 */
export const LINEAGE_SALT: string = (() => {
  const here = new URL(import.meta.url);
  const ext = here.pathname.slice(here.pathname.lastIndexOf('.'));
  const h = createHash('sha1').update('lineage-cache-1');
  for (const name of ['compute-lineage', 'lineage-walker', 'serialize-queries', 'lineage-cache', 'index']) {
    try {
      h.update(readFileSync(new URL(`./${name}${ext}`, here)));
    } catch {
      h.update(`missing:${name}`);
    }
  }
  return h.digest('base64url');
})();

/** The entries of `cache` usable now (none when it was computed by other lineage code). */
export function usableEntries(cache: LineageCache | undefined): Readonly<Record<string, LineageCacheEntry>> {
  return cache && cache.salt === LINEAGE_SALT && cache.entries && typeof cache.entries === 'object' ? cache.entries : {};
}
