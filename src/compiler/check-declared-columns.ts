import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import { declaredColumnMissingMessage } from '../translate/declared-columns.js';
import { error, type Diagnostic } from '../model/diagnostic.js';
import { CODES } from '../translate/codes.js';
import { didYouMean } from '../util/did-you-mean.js';

/**
 * A dataset's column list describes its query's columns by name (dialect reference §2.2–2.5: the list must match
 * the query); declared columns never rename by position. Only where the query's columns are known (not `SELECT *`
 * over files not sampled yet), and not for CDC targets (Weir adds their bookkeeping columns).
 * - WEIR4058: a listed column the query does not produce would be a column the manifest, the lineage site and
 *   `weir lineage` promise but the dataset never has. A table's flows are wrapped to its declared schema
 *   (src/translate/declared-columns.ts), whose lineage lists every declared column: the query inside the wrapper
 *   is checked (CompiledDataset.queryColumns, one flow); with several flows DuckDB reports a missing column where
 *   it binds the wrapper (validate, run).
 * - WEIR4059: a column the query produces that the list does not declare: the declared list is the schema Delta
 *   enforces (Databricks rejects the query), and the wrapper would write it after the declared columns.
 * - WEIR4061: a query column named like a GENERATED ALWAYS AS column.
 */
export function checkDeclaredColumns(compiled: CompiledPipeline, skip: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map(compiled.datasets.map((d) => [d.id, d]));
  const cdc = new Set(compiled.flows.filter((f) => f.kind === 'cdc').map((f) => f.id));
  for (const d of compiled.graph.datasets) {
    const declared = d.columns.filter((c) => !c.generated);
    const cd = byId.get(d.id);
    // A table's flow is wrapped to its declared list: the user's query's own columns are what is checked.
    const produced = cd?.queryColumns?.map((name) => ({ name })) ?? cd?.columns;
    if (declared.length === 0 || !produced || d.flows.length === 0 || d.flows.some((f) => skip.has(f) || cdc.has(f))) continue;
    // Columns the lineage could not resolve (`*` over an unknown schema) make the list unknowable.
    if (produced.some((c) => c.name === '*')) continue;
    // A generated column is computed from the row the query writes; a query column of the same name would be a
    // second column (DuckDB names it g_1) where Delta rejects the write.
    for (const g of d.columns.filter((c) => c.generated)) {
      if (!produced.some((c) => c.name.toLowerCase() === g.name.toLowerCase())) continue;
      out.push(error(CODES.generatedColumnProduced, `${d.name}'s column '${g.name}' is GENERATED ALWAYS AS an expression, and its query produces '${g.name}' too`, g.span, {
        hint: `leave '${g.name}' out of the query (its value is computed), or declare it as a plain column`,
      }));
    }
    const isDeclared = (n: string) => d.columns.some((x) => x.name.toLowerCase() === n.toLowerCase());
    const extra = produced.map((c) => c.name).filter((n) => !isDeclared(n));
    if (extra.length > 0) {
      const list = extra.map((n) => `'${n}'`).join(', ');
      out.push(error(CODES.undeclaredColumn, `${d.name}'s query produces ${extra.length === 1 ? 'column' : 'columns'} ${list}, which its column list does not declare`, d.nameSpan, {
        hint: 'declare every column the query produces (Databricks rejects a column list that differs from the query), or leave the column out of the query',
      }));
    }
    // Several flows each bring their own columns, and a CREATE FLOW ... INSERT INTO writes NULL in the declared
    // columns it lacks (as Delta does): only the table's own query must produce every declared column.
    const own = compiled.graph.flows.find((f) => f.id === d.flows[0]);
    if (d.flows.length !== 1 || !own?.implicit) continue;
    const names = new Set(produced.map((c) => c.name.toLowerCase()));
    for (const c of declared) {
      if (names.has(c.name.toLowerCase())) continue;
      const guess = didYouMean(c.name, extra);
      out.push(error(CODES.declaredColumnMissing, declaredColumnMissingMessage(d.name, c.name), c.span, {
        hint: guess ? `did you mean ${guess}? (columns match the query's by name)` : `the query produces: ${produced.map((x) => x.name).join(', ')}`,
      }));
    }
  }
  return out;
}
