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
