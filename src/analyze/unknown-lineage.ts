import type { CompiledFlow, CompiledPipeline } from '../model/compiled-pipeline.js';

/**
 * Why a dataset's columns are unknown after compile, for `weir lineage` to say instead of "(none)": the compile
 * reads no data, so `*` over a file source (or over an external table, or over a dataset whose columns are
 * unknown for those reasons) leaves the columns to the readers. Follows unknown datasets upstream to the file
 * sources and external tables that cause it.
 */
export function unknownColumnsReason(compiled: CompiledPipeline, id: string): string {
  const flowsOf = new Map<string, CompiledFlow[]>();
  for (const f of compiled.flows) {
    const a = flowsOf.get(f.target);
    if (a) a.push(f);
    else flowsOf.set(f.target, [f]);
  }
  const unknownDataset = new Set(compiled.datasets.filter((d) => !d.columns).map((d) => d.id));
  const files = new Set<string>();
  const externals = new Set<string>();
  const unanalysed = new Set<string>();
  const seen = new Set([id]);
  const queue = [id];
  while (queue.length) {
    const d = queue.shift()!;
    let explained = false;
    for (const f of flowsOf.get(d) ?? []) {
      for (const i of f.inputs) {
        if (i.node.startsWith('files:')) { files.add(i.node); explained = true; continue; }
        if (i.node.startsWith('external:')) { externals.add(i.node); explained = true; continue; }
        if (unknownDataset.has(i.node)) {
          explained = true;
          if (!seen.has(i.node)) { seen.add(i.node); queue.push(i.node); }
        }
      }
    }
    if (!explained) unanalysed.add(d);
  }
  const causes: string[] = [];
  if (files.size) causes.push(`the schema of ${[...files].sort().join(', ')} is known only when the files are read (\`weir validate\`, \`weir run\`)`);
  if (externals.size) causes.push(`the columns of ${[...externals].sort().join(', ')} are known only from the database (\`weir validate\`)`);
  for (const d of [...unanalysed].sort()) {
    causes.push((flowsOf.get(d) ?? []).length ? `the query of ${d} could not be analysed` : `${d} has no query and declares no columns`);
  }
  return `the columns of ${id} are unknown: ${causes.join('; ')}`;
}
