import type { Diagnostic } from '../model/diagnostic.js';
import type { FlowNode } from '../model/pipeline-graph.js';

/**
 * Flows whose statement already carries an error (a refused function, a bad STREAM(...)): their compiled SQL is
 * known to be wrong, so column lineage does not parse it; DuckDB's syntax error would report the same problem a
 * second time, at a confusing place. One problem, one diagnostic.
 */
export function flowsWithErrors(flows: readonly FlowNode[], diagnostics: readonly Diagnostic[]): ReadonlySet<string> {
  const byFile = new Map<string, Diagnostic['span'][]>();
  for (const d of diagnostics) {
    if (d.severity !== 'error' || !d.span) continue;
    const list = byFile.get(d.span.file);
    if (list) list.push(d.span);
    else byFile.set(d.span.file, [d.span]);
  }
  const out = new Set<string>();
  for (const f of flows) {
    const spans = byFile.get(f.span.file);
    // `<=`: "syntax error at end of input" sits right after the statement's last character.
    if (spans?.some((s) => s!.start >= f.span.start && s!.start <= f.span.end)) out.add(f.id);
  }
  return out;
}
