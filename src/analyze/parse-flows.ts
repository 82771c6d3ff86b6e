import type { DuckDBConnection } from '@duckdb/node-api';
import type { CompiledFlow, CompiledPipeline } from '../model/compiled-pipeline.js';
import { info, type Diagnostic } from '../model/diagnostic.js';
import { CODES } from '../translate/codes.js';
import type { Json } from './lineage-walker.js';
import { serializeQueries } from './serialize-queries.js';

/** The SQL analysed for a flow: its query, or its CDC source SELECT. */
export function flowSql(f: CompiledFlow): string | undefined {
  return f.query?.sql ?? f.cdc?.source.sql;
}

/** Parses every flow's compiled SQL with DuckDB in one batched round trip. */
export async function parseFlows(compiled: CompiledPipeline, conn: DuckDBConnection): Promise<{ parsed: Map<string, Json | undefined>; diagnostics: Diagnostic[] }> {
  const flows = compiled.flows.filter((f) => flowSql(f) !== undefined);
  const nodes = await serializeQueries(conn, flows.map((f) => flowSql(f)!));
  const parsed = new Map<string, Json | undefined>();
  const diagnostics: Diagnostic[] = [];
  const spans = new Map(compiled.graph.flows.map((f) => [f.id, f.span]));
  flows.forEach((f, i) => {
    parsed.set(f.id, nodes[i]);
    if (!nodes[i]) {
      diagnostics.push(info(CODES.lineageUnavailable, `column lineage of flow ${f.id} is unknown: DuckDB could not parse its compiled SQL`, spans.get(f.id),
        { hint: 'run weir validate to see the error' }));
    }
  });
  return { parsed, diagnostics };
}
