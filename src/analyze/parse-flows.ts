import type { DuckDBConnection } from '@duckdb/node-api';
import type { CompiledFlow, CompiledPipeline } from '../model/compiled-pipeline.js';
import { error, info, type Diagnostic } from '../model/diagnostic.js';
import type { CompiledSql } from '../model/compiled-pipeline.js';
import { CODES } from '../translate/codes.js';
import { mapCompiledRange } from '../translate/map-compiled-offset.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { Json } from './lineage-walker.js';
import { isParserError, serializeQueriesEach, type ParserError } from './serialize-queries.js';

const QUERY_KEYWORDS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'UNION', 'LIMIT', 'QUALIFY', 'WINDOW', 'DISTINCT'];

/** The SQL analysed for a flow: its query, or its CDC source SELECT. */
export function flowSql(f: CompiledFlow): string | undefined {
  return f.query?.sql ?? f.cdc?.source.sql;
}

/** Parses every flow's compiled SQL with DuckDB in batched round trips. */
export async function parseFlows(compiled: CompiledPipeline, conn: DuckDBConnection): Promise<{ parsed: Map<string, Json | undefined>; diagnostics: Diagnostic[] }> {
  const parsed = new Map<string, Json | undefined>();
  const diagnostics = await parseFlowsEach(compiled, conn, compiled.flows, (id, node) => parsed.set(id, node));
  return { parsed, diagnostics };
}

/**
 * `parseFlows`, streamed: parses the flows in the order of `first` (then the remaining ones), calling
 * `onParsed(flowId, node)` for each flow with SQL (node undefined when DuckDB could not parse it) and
 * `onChunk()` after each batch. Diagnostics come back in the order `parseFlows` gives them. `onlyFirst`: parse
 * the flows of `first` only (the lineage cache answers the others).
 */
export async function parseFlowsEach(
  compiled: CompiledPipeline, conn: DuckDBConnection | readonly DuckDBConnection[], first: readonly CompiledFlow[],
  onParsed: (flowId: string, node: Json | undefined) => void, onChunk?: () => void, onlyFirst = false,
): Promise<Diagnostic[]> {
  const withSql = compiled.flows.filter((f) => flowSql(f) !== undefined);
  const position = new Map(withSql.map((f, i) => [f, i]));
  const seen = new Set<CompiledFlow>();
  const flows: CompiledFlow[] = [];
  for (const f of onlyFirst ? first : [...first, ...withSql]) if (position.has(f) && !seen.has(f)) { seen.add(f); flows.push(f); }
  const spans = new Map(compiled.graph.flows.map((f) => [f.id, f.span]));
  const found: (Diagnostic | undefined)[] = new Array(withSql.length).fill(undefined);
  const done = new Array<boolean>(flows.length).fill(false);
  const settle = (i: number, node: Json | ParserError | undefined) => {
    const f = flows[i];
    done[i] = true;
    if (isParserError(node)) {
      // A syntax error in a query body is an error of the user's file (issue 2), found by DuckDB's parser.
      found[position.get(f)!] = syntaxError(f.query ?? f.cdc!.source, node.parserError, node.position);
      onParsed(f.id, undefined);
      return;
    }
    onParsed(f.id, node);
    if (!node) {
      found[position.get(f)!] = info(CODES.lineageUnavailable, `column lineage of flow ${f.id} is unknown: DuckDB could not parse its compiled SQL`, spans.get(f.id),
        { hint: 'run weir validate to see the error' });
    }
  };
  let settled = 0;
  await serializeQueriesEach(conn, flows.map((f) => flowSql(f)!), (i, node) => settle(i, node), (end) => {
    // Queries of the finished chunks DuckDB returned nothing for could not be parsed.
    for (; settled < end; settled++) if (!done[settled]) settle(settled, undefined);
    onChunk?.();
  });
  for (let i = 0; i < flows.length; i++) if (!done[i]) settle(i, undefined);
  return found.filter((d): d is Diagnostic => d !== undefined);
}

function syntaxError(sql: CompiledSql, message: string, position: number | undefined): Diagnostic {
  const at = position !== undefined && position >= 0 && position <= sql.sql.length ? position : 0;
  const word = /^[A-Za-z_]+/.exec(sql.sql.slice(at))?.[0];
  const span = mapCompiledRange(sql, at, at + Math.max(1, word?.length ?? 1));
  const guess = word ? didYouMean(word.toUpperCase(), QUERY_KEYWORDS) : undefined;
  const hint = guess && guess !== word?.toUpperCase() ? `did you mean ${guess}?` : undefined;
  return error(CODES.syntaxError, `syntax error in the query: ${message}`, span, hint ? { hint } : {});
}
