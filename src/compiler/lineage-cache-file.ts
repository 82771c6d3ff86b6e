import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LineageCache } from '../analyze/index.js';

/**
 * Where the column lineage of the last compile is kept between runs: `<target>/.weir-cache/lineage.json`
 * (dbt keeps its partial-parse state in target/ too). A missing, unreadable or foreign file is no cache; it is
 * replaced atomically (write then rename), so a compile killed mid-write or two compiles at once leave a
 * whole file behind.
 */
export function lineageCachePath(targetPath: string): string {
  return join(targetPath, '.weir-cache', 'lineage.json');
}

export function readLineageCache(targetPath: string): LineageCache | undefined {
  try {
    const v = JSON.parse(readFileSync(lineageCachePath(targetPath), 'utf8')) as LineageCache;
    return v && typeof v.salt === 'string' && v.entries && typeof v.entries === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function writeLineageCache(targetPath: string, cache: LineageCache): void {
  const path = lineageCachePath(targetPath);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(join(targetPath, '.weir-cache'), { recursive: true });
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written only costs time on the next compile.
    rmSync(tmp, { force: true });
  }
}
