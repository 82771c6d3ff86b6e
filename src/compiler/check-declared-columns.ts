import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import { error, type Diagnostic } from '../model/diagnostic.js';
import { CODES } from '../translate/codes.js';
import { didYouMean } from '../util/did-you-mean.js';

/**
 * A dataset's column list describes its query's columns by name (dialect reference §2.4–2.5: the list must match
 * the query). A listed column the query does not produce would be a column the manifest, the lineage site and
 * `weir lineage` promise but the table never has: an error at the column, with the query's columns as the hint.
 * Only where the query's columns are known (not `SELECT *` over files not sampled yet).
 */
export function checkDeclaredColumns(compiled: CompiledPipeline, skip: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map(compiled.datasets.map((d) => [d.id, d]));
  const cdc = new Set(compiled.flows.filter((f) => f.kind === 'cdc').map((f) => f.id));
  for (const d of compiled.graph.datasets) {
    const declared = d.columns.filter((c) => !c.generated);
    const produced = byId.get(d.id)?.columns;
    // One query flow only: a CDC target also gets Weir's bookkeeping columns, and several flows each bring theirs.
    if (declared.length === 0 || !produced || d.flows.length !== 1 || skip.has(d.flows[0]) || cdc.has(d.flows[0])) continue;
    // Columns the lineage could not resolve (`*` over an unknown schema) make the list unknowable.
    if (produced.some((c) => c.name === '*')) continue;
    const names = new Set(produced.map((c) => c.name.toLowerCase()));
    const queryColumns = produced.map((c) => c.name).filter((n) => !declared.some((x) => x.name.toLowerCase() === n.toLowerCase()));
    for (const c of declared) {
      if (names.has(c.name.toLowerCase())) continue;
      const guess = didYouMean(c.name, queryColumns);
      out.push(error(CODES.declaredColumnMissing, `${d.name} declares column '${c.name}', which its query does not produce`, c.span, {
        hint: guess ? `did you mean ${guess}? (columns match the query's by name)` : `the query produces: ${produced.map((x) => x.name).join(', ')}`,
      }));
    }
  }
  return out;
}
