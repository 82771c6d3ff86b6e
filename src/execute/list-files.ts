import { statSync } from 'node:fs';
import fg from 'fast-glob';
import type { LedgerEntry } from './state-store.js';

/**
 * The files a source matches now, with size and modification time (the file ledger's identity, SEMANTICS §3),
 * sorted by path so ingestion order — and `maxFilesPerTrigger` batches — are deterministic.
 * A glob that names a folder reads every file under it, as Databricks' `read_files('/landing/orders')` does;
 * like Spark, files whose name starts with `_` or `.` (`_SUCCESS`, `.crc`) are hidden; empty files are skipped.
 */
export function listFiles(globs: readonly string[]): LedgerEntry[] {
  const out = new Map<string, LedgerEntry>();
  for (const glob of globs) {
    let pattern = glob;
    try {
      if (statSync(glob).isDirectory()) pattern = `${glob.replace(/\/+$/, '')}/**/*`;
    } catch {
      // not a plain path: a glob
    }
    for (const path of fg.sync(fg.isDynamicPattern(pattern) ? pattern : fg.escapePath(pattern), { absolute: true, onlyFiles: true, dot: false, ignore: ['**/_*'] })) {
      try {
        const st = statSync(path);
        // An empty file holds no rows, and DuckDB's readers cannot infer a schema from it: skip it.
        if (st.size > 0) out.set(path, { path, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
      } catch {
        // vanished between listing and stat: it is simply not there this run
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The folder a glob reads from when that folder does not exist (a typo, an unmounted volume): the static part of
 * the path before its first wildcard (`/landing/nope` for `/landing/nope/*.json`), or the path itself when it has
 * none. Undefined when it exists, or for URLs (s3://, abfss://: not listed locally). A folder that exists but
 * holds no files yet is not missing: a new landing zone starts empty.
 */
export function missingFolder(glob: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(glob)) return undefined;
  const parts = glob.split('/');
  const dynamic = parts.findIndex((p) => p !== '' && fg.isDynamicPattern(p));
  const base = dynamic < 0 ? glob : parts.slice(0, dynamic).join('/') || '/';
  try {
    statSync(base);
    return undefined;
  } catch {
    return base;
  }
}
