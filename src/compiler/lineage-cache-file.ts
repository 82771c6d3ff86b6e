import { join } from 'node:path';
import { lineageSalt, type LineageCache } from '../analyze/index.js';
import { readSaltedCache, writeJsonCache } from '../util/json-cache.js';

/**
 * Where the column lineage of the last compile is kept between runs: `<target>/.weir-cache/lineage.json`
 * (dbt keeps its partial-parse state in target/ too); src/util/json-cache.ts reads and replaces it.
 */
function lineageCachePath(targetPath: string): string {
  return join(targetPath, '.weir-cache', 'lineage.json');
}

/**
 * The last compile's lineage (with the hash of the expression texts that parsed cleanly); no entries when there is
 * none or other lineage code wrote it.
 */
export function readLineageCache(targetPath: string): LineageCache {
  return readSaltedCache<LineageCache>(lineageCachePath(targetPath), lineageSalt()) ?? { salt: lineageSalt(), entries: {} };
}

export function writeLineageCache(targetPath: string, cache: LineageCache): void {
  writeJsonCache(lineageCachePath(targetPath), cache);
}
