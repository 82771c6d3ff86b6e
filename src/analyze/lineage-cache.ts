import { createHash } from 'node:crypto';
import { codeSalt } from '../util/json-cache.js';
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
  /** Hash of the expression texts (expectations, generated columns, CDC clauses) that last parsed cleanly. */
  readonly expressions?: string;
}

export interface LineageCacheEntry {
  /** Hash of the upstream datasets' output column names when computed. */
  readonly upstream: string;
  readonly columns: OutputColumn[] | null;
  /** CompiledDataset.queryColumns, when the flow is wrapped to a declared column list. */
  readonly queryColumns?: readonly string[];
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/** Identifies the lineage code (the modules that compute it): changing the walker invalidates every cache. */
export function lineageSalt(): string {
  return codeSalt('lineage-cache-1', import.meta.url, ['compute-lineage', 'lineage-walker', 'serialize-queries', 'lineage-cache', 'index', 'check-expressions']);
}

/** The entries of `cache` usable now (none when it was computed by other lineage code). */
export function usableEntries(cache: LineageCache | undefined): Readonly<Record<string, LineageCacheEntry>> {
  return cache && cache.salt === lineageSalt() && cache.entries && typeof cache.entries === 'object' ? cache.entries : {};
}
