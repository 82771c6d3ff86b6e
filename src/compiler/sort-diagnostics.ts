import type { Diagnostic } from '../model/diagnostic.js';

/**
 * Diagnostics in a stable order (file, position, code) with exact duplicates removed, and info messages
 * that repeat (e.g. "PARTITIONED BY has no meaning on DuckDB") kept once per project.
 */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const seenInfo = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.span?.end}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (d.severity === 'info') {
      const k = `${d.code}|${d.message}`;
      if (seenInfo.has(k)) continue;
      seenInfo.add(k);
    }
    out.push(d);
  }
  return out.sort((a, b) =>
    (a.span?.file ?? '').localeCompare(b.span?.file ?? '') ||
    (a.span?.start ?? -1) - (b.span?.start ?? -1) ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message));
}
