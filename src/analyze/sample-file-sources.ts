import type { DuckDBConnection } from '@duckdb/node-api';
import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import { flowSql } from './parse-flows.js';
import type { Json } from './lineage-walker.js';

/**
 * Column names of file sources, for lineage through `*` over a reader: each reader call (a TABLE_FUNCTION in
 * DuckDB's parse tree whose file list names a `weir_files__...` variable) is cut out of the compiled SQL at its
 * `query_location` and described by DuckDB (the reader samples the files; nothing is stored).
 */
export async function sampleFileSources(
  compiled: CompiledPipeline, parsed: ReadonlyMap<string, Json | undefined>, conn: DuckDBConnection,
): Promise<Map<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>();
  for (const f of compiled.flows) {
    const tree = parsed.get(f.id);
    const sql = flowSql(f);
    if (!tree || !sql) continue;
    for (const fn of tableFunctions(tree)) {
      const variable = filesVariableOf(fn.function);
      const input = f.inputs.find((i) => i.filesVariable === variable);
      if (!input || out.has(input.node)) continue;
      const at = Number(fn.query_location);
      const text = callText(sql, at);
      if (!text) continue;
      try {
        const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${text}`);
        out.set(input.node, (r.getRows() as unknown[][]).map((row) => String(row[0])));
      } catch {
        // No files yet or unreadable: validation reports it; lineage through `*` stays unknown.
      }
    }
  }
  return out;
}

function tableFunctions(n: any, acc: Json[] = []): Json[] {
  if (!n || typeof n !== 'object') return acc;
  if (Array.isArray(n)) { for (const x of n) tableFunctions(x, acc); return acc; }
  if (n.type === 'TABLE_FUNCTION') acc.push(n);
  for (const k of Object.keys(n)) if (n[k] && typeof n[k] === 'object') tableFunctions(n[k], acc);
  return acc;
}

function filesVariableOf(fn: any): string | undefined {
  if (!fn || typeof fn !== 'object') return undefined;
  if (Array.isArray(fn)) { for (const x of fn) { const v = filesVariableOf(x); if (v) return v; } return undefined; }
  if (fn.class === 'FUNCTION' && fn.function_name === 'getvariable' && fn.children?.[0]?.class === 'CONSTANT') return String(fn.children[0].value?.value);
  for (const k of Object.keys(fn)) if (fn[k] && typeof fn[k] === 'object') { const v = filesVariableOf(fn[k]); if (v) return v; }
  return undefined;
}

/** `name(...)` starting at `at`, up to its matching parenthesis (quotes respected). */
function callText(sql: string, at: number): string | undefined {
  if (!Number.isFinite(at) || at < 0 || at >= sql.length) return undefined;
  const open = sql.indexOf('(', at);
  if (open < 0) return undefined;
  let depth = 0;
  let quote = '';
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (quote) { if (c === quote) quote = sql[i + 1] === quote ? (i++, quote) : ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return sql.slice(at, i + 1);
  }
  return undefined;
}
