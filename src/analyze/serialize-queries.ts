import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '../model/relations.js';
import type { Json } from './lineage-walker.js';

/**
 * Parses many DuckDB queries with `json_serialize_sql` in few round trips (it costs ~1 ms per call through the
 * binding, so one statement serialises a whole chunk of queries). Returns the first statement's node per query,
 * or DuckDB's parser error (message and 0-based position in the query) when it could not parse it.
 */
const CHUNK_CHARS = 2_000_000;

export interface ParserError {
  readonly parserError: string;
  readonly position?: number;
}

export function isParserError(x: Json | ParserError | undefined): x is ParserError {
  return x !== undefined && typeof (x as ParserError).parserError === 'string';
}

export async function serializeQueries(conn: DuckDBConnection, sqls: readonly string[]): Promise<(Json | ParserError | undefined)[]> {
  const out: (Json | ParserError | undefined)[] = new Array(sqls.length).fill(undefined);
  let i = 0;
  while (i < sqls.length) {
    const rows: string[] = [];
    let size = 0;
    const first = i;
    while (i < sqls.length && (rows.length === 0 || size < CHUNK_CHARS)) {
      rows.push(`(${i}, ${quoteString(sqls[i])})`);
      size += sqls[i].length + 16;
      i++;
    }
    const res = await conn.runAndReadAll(`SELECT i, json_serialize_sql(q) FROM (VALUES ${rows.join(', ')}) t(i, q)`);
    for (const [idx, json] of res.getRows() as [number, string][]) {
      try {
        const parsed = JSON.parse(json) as Json;
        if (!parsed.error && parsed.statements?.length) out[Number(idx)] = parsed.statements[0].node;
        else if (parsed.error) {
          const pos = Number(parsed.position);
          out[Number(idx)] = { parserError: String(parsed.error_message ?? 'syntax error'), ...(Number.isFinite(pos) ? { position: pos } : {}) };
        }
      } catch {
        // Left undefined: DuckDB could not parse this query.
      }
    }
    void first;
  }
  return out;
}
