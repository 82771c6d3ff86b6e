import type { DuckDBConnection } from '@duckdb/node-api';
import type { CompiledFlow, CompiledPipeline } from '../model/compiled-pipeline.js';
import { error, info, type Diagnostic } from '../model/diagnostic.js';
import type { CompiledSql } from '../model/compiled-pipeline.js';
import { CODES } from '../translate/codes.js';
import { mapCompiledRange } from '../translate/map-compiled-offset.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { Json } from './lineage-walker.js';
import { isParserError, serializeQueries } from './serialize-queries.js';

const QUERY_KEYWORDS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'UNION', 'LIMIT', 'QUALIFY', 'WINDOW', 'DISTINCT'];

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
    const node = nodes[i];
    if (isParserError(node)) {
      // A syntax error in a query body is an error of the user's file (issue 2), found by DuckDB's parser.
      diagnostics.push(syntaxError(f.query ?? f.cdc!.source, node.parserError, node.position));
      parsed.set(f.id, undefined);
      return;
    }
    parsed.set(f.id, node);
    if (!node) {
      diagnostics.push(info(CODES.lineageUnavailable, `column lineage of flow ${f.id} is unknown: DuckDB could not parse its compiled SQL`, spans.get(f.id),
        { hint: 'run weir validate to see the error' }));
    }
  });
  return { parsed, diagnostics };
}

function syntaxError(sql: CompiledSql, message: string, position: number | undefined): Diagnostic {
  const at = position !== undefined && position >= 0 && position <= sql.sql.length ? position : 0;
  const word = /^[A-Za-z_]+/.exec(sql.sql.slice(at))?.[0];
  const span = mapCompiledRange(sql, at, at + Math.max(1, word?.length ?? 1));
  const guess = word ? didYouMean(word.toUpperCase(), QUERY_KEYWORDS) : undefined;
  const hint = guess && guess !== word?.toUpperCase() ? `did you mean ${guess}?` : undefined;
  return error(CODES.syntaxError, `syntax error in the query: ${message}`, span, hint ? { hint } : {});
}
