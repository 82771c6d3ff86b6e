import type { DuckDBConnection } from '@duckdb/node-api';
import type { CompiledPipeline, CompiledSql } from '../model/compiled-pipeline.js';
import { error, type Diagnostic } from '../model/diagnostic.js';
import { quoteString } from '../model/relations.js';
import { CODES } from '../translate/codes.js';
import { contentHash } from './lineage-cache.js';
import { mapCompiledRange } from '../translate/map-compiled-offset.js';

/** One expression of the pipeline outside a query body, with what to call it in a message. */
interface Expression {
  readonly what: string;
  readonly sql: CompiledSql;
  /** The dataset whose flows compute it (generated columns are part of the flow query). */
  readonly inQueryOf?: string;
}

const PREFIX = 'SELECT ';
const CHUNK_CHARS = 50_000;

/** Expectation conditions, generated columns and CDC clauses: the SQL that is not a flow's query. */
function expressionsOf(compiled: CompiledPipeline): Expression[] {
  const out: Expression[] = [];
  for (const d of compiled.datasets) {
    for (const e of d.expectations) out.push({ what: `expectation ${e.name}`, sql: e.condition });
    for (const g of d.generated) out.push({ what: `generated column ${g.name}`, sql: g.expression, inQueryOf: d.id });
  }
  for (const f of compiled.flows) {
    if (!f.cdc) continue;
    out.push({ what: 'SEQUENCE BY', sql: f.cdc.sequenceBy });
    if (f.cdc.deleteWhen) out.push({ what: 'APPLY AS DELETE WHEN', sql: f.cdc.deleteWhen });
    if (f.cdc.truncateWhen) out.push({ what: 'APPLY AS TRUNCATE WHEN', sql: f.cdc.truncateWhen });
  }
  return out;
}

/** Identifies the set of expression texts: equal hash, same parse result (the lineage cache keeps it). */
export function expressionsHash(compiled: CompiledPipeline): string {
  return contentHash([...new Set(expressionsOf(compiled).map((e) => e.sql.sql))].sort().join('\u0000'));
}

/**
 * Syntax errors in expectation conditions, generated columns and CDC clauses, found at compile time by DuckDB's
 * parser (issue 2: a syntax error in the DDL is a compile error at its position; without this, `compile` passed
 * `EXPECT (id > 1 AND)` and only `validate` or the run found it). Distinct texts are parsed once, and DuckDB
 * itself reduces each result to its error fields, so the cost is one small round trip per ~50 kB of SQL.
 */
export async function checkExpressionSyntax(
  compiled: CompiledPipeline, conn: DuckDBConnection,
): Promise<{ diagnostics: Diagnostic[]; brokenQueries: Set<string> }> {
  const all = expressionsOf(compiled);
  const texts = [...new Set(all.map((e) => e.sql.sql))];
  const errors = new Map<string, { message: string; position?: number }>();
  for (let start = 0; start < texts.length;) {
    let end = start;
    let chars = 0;
    while (end < texts.length && (end === start || chars < CHUNK_CHARS)) chars += texts[end++].length;
    const values = texts.slice(start, end).map((t, i) => `(${start + i}, ${quoteString(PREFIX + t)})`).join(', ');
    const reader = await conn.runAndReadAll(
      `SELECT i, j ->> 'error_message', j ->> 'position' FROM (SELECT i, json_serialize_sql(q)::JSON AS j FROM (VALUES ${values}) t(i, q)) WHERE (j ->> 'error')::BOOLEAN`);
    for (const [i, message, position] of reader.getRows()) {
      const p = position === null ? undefined : Number(position);
      errors.set(texts[Number(i)], { message: String(message ?? 'syntax error'), ...(Number.isFinite(p) ? { position: p } : {}) });
    }
    start = end;
  }
  const out: Diagnostic[] = [];
  const brokenQueries = new Set<string>();
  for (const e of all) {
    const found = errors.get(e.sql.sql);
    if (!found) continue;
    if (e.inQueryOf !== undefined) brokenQueries.add(e.inQueryOf);
    // DuckDB's offset is in `SELECT <expression>`; an error at the end of the text points at its last character.
    const len = e.sql.sql.length;
    const at = Math.min(Math.max((found.position ?? PREFIX.length) - PREFIX.length, 0), Math.max(len - 1, 0));
    out.push(error(CODES.syntaxError, `syntax error in ${e.what}: ${found.message}`, mapCompiledRange(e.sql, at, Math.min(at + 1, len))));
  }
  return { diagnostics: out, brokenQueries };
}
