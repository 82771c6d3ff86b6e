import { quoteString } from '../../model/index.js';
import type { Database } from '../database.js';

/**
 * DuckDB's own parse tree as the authority on a query's shape: `json_serialize_sql` turns SQL into a JSON AST,
 * `json_deserialize_sql` turns a (possibly rewritten) AST back into SQL. Only plain data moves between them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ast = any;

/** Parses several SELECT statements in one round trip; `undefined` where DuckDB reports an error. */
export async function parseQueries(db: Database, sqls: readonly string[]): Promise<(Ast | undefined)[]> {
  if (sqls.length === 0) return [];
  const values = sqls.map((s, i) => `(${i}, ${quoteString(s)})`).join(', ');
  const rows = await db.rows(`SELECT i, json_serialize_sql(q) AS j FROM (VALUES ${values}) t(i, q) ORDER BY i`);
  return rows.map((r) => {
    const parsed = JSON.parse(String(r.j)) as Ast;
    if (parsed.error || !Array.isArray(parsed.statements) || parsed.statements.length !== 1) return undefined;
    return parsed.statements[0].node;
  });
}

/** SQL text of one query node (DuckDB's own printer). */
export async function nodeToSql(db: Database, node: Ast): Promise<string> {
  const json = JSON.stringify({ error: false, statements: [{ node, named_param_map: [] }] })
    // query_location "none" is UINT64_MAX, which a JS number cannot hold exactly.
    .replace(/"query_location":1844674407370955\d+/g, '"query_location":18446744073709551615');
  const rows = await db.rows(`SELECT json_deserialize_sql(${quoteString(json)}::JSON) AS s`);
  return String(rows[0].s);
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Structural equality of two expressions, ignoring positions and aliases. */
export function sameExpr(a: Ast, b: Ast): boolean {
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function strip(v: Ast): Ast {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'query_location' && k !== 'alias') out[k] = strip(x);
    return out;
  }
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/** Every object in a tree (depth first), with a way to stop descending. */
export function visit(v: Ast, fn: (o: Ast) => boolean | void): void {
  if (Array.isArray(v)) {
    for (const x of v) visit(x, fn);
  } else if (v && typeof v === 'object') {
    if (fn(v) === false) return;
    for (const x of Object.values(v)) visit(x, fn);
  }
}

/** `a AND b AND c` → [a, b, c]. */
export function conjuncts(e: Ast): Ast[] {
  if (!e) return [];
  if (e.class === 'CONJUNCTION' && e.type === 'CONJUNCTION_AND') return (e.children as Ast[]).flatMap(conjuncts);
  return [e];
}

export function and(a: Ast | null | undefined, b: Ast): Ast {
  if (!a) return b;
  return { class: 'CONJUNCTION', type: 'CONJUNCTION_AND', alias: '', query_location: 18446744073709551615, children: [a, b] };
}

/** Column references of an expression (not descending into subqueries). */
export function columnRefs(e: Ast): string[][] {
  const out: string[][] = [];
  visit(e, (o) => {
    if (o.class === 'SUBQUERY') return false;
    if (o.class === 'COLUMN_REF') out.push((o.column_names as string[]).map((s) => s.toLowerCase()));
    return undefined;
  });
  return out;
}

/** Replaces every COLUMN_REF named `name` (unqualified) in `tree` by a copy of `by`. */
export function substituteColumn(tree: Ast, name: string, by: Ast): Ast {
  if (Array.isArray(tree)) return tree.map((x) => substituteColumn(x, name, by));
  if (tree && typeof tree === 'object') {
    if (tree.class === 'COLUMN_REF' && tree.column_names.length === 1 && String(tree.column_names[0]).toLowerCase() === name) return clone(by);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(tree)) out[k] = substituteColumn(x, name, by);
    return out;
  }
  return tree;
}
