import type { ColumnLineageEdge } from '../model/compiled-pipeline.js';

/**
 * Column lineage from DuckDB's own parse tree (`json_serialize_sql`): every output column of a SELECT →
 * the upstream columns (node id + column) it is computed from. Handles CTEs, subqueries, joins and aliases,
 * `*` / `* EXCLUDE` / `COLUMNS(*)`, aggregates, windows and set operations. A column is `direct` when it is a
 * plain (possibly renamed) copy of one upstream column, else `derived`.
 *
 * `undefined` columns mean "unknown" (e.g. `*` over a file source whose schema is not known yet).
 */
export type Json = { readonly [k: string]: any };

export interface LineageColumn {
  readonly name: string;
  readonly edges: readonly ColumnLineageEdge[];
}

/** Resolves a table name in compiled SQL to its pipeline node and known columns. */
export interface RelationResolver {
  table(schema: string, name: string): { node: string; columns: readonly string[] | undefined } | undefined;
  /** A table function (`read_json(...)`): the node its `getvariable('<files var>')` names. */
  files(variable: string): { node: string; columns: readonly string[] | undefined } | undefined;
}

interface Entry {
  readonly alias: string;
  readonly cols: readonly LineageColumn[] | undefined;
  /** The node a relation with unknown columns reads (for `alias.col` references into it). */
  readonly node?: string;
  /** Columns merged into the other side of a `JOIN ... USING`: reachable as `alias.col` only. */
  hidden?: Set<string>;
}

interface Scope {
  readonly entries: Entry[];
  readonly ctes: Map<string, readonly LineageColumn[] | undefined>;
  readonly parent?: Scope;
}

export function queryLineage(node: Json, resolver: RelationResolver): readonly LineageColumn[] | undefined {
  return new LineageWalker(resolver, withoutColumnsStar.has(node)).node(node, undefined);
}

/**
 * The lineage of the named output columns of a query whose full column list is unknown (`*` over a file source
 * or over a dataset whose columns are unknown), when the names are known from elsewhere: a target's declared
 * columns, which CDC and the runner match by name. An explicit select item of that name gives its expression's
 * edges; otherwise `*` passes the name through from the relation it reads (an edge to that node's column of
 * the same name). Undefined when the query is not a plain SELECT.
 */
export function namedColumnLineage(node: Json, resolver: RelationResolver, names: readonly string[]): LineageColumn[] | undefined {
  return new LineageWalker(resolver, withoutColumnsStar.has(node)).named(node, names);
}

/** Parse trees known to hold no `COLUMNS(*)`: the walker skips searching their expressions for one. */
const withoutColumnsStar = new WeakSet<object>();

/** Marks a parse tree whose JSON text has no `"columns":true` (so no STAR node with `columns` set). */
export function markWithoutColumnsStar(node: Json): void {
  withoutColumnsStar.add(node);
}

class LineageWalker {
  constructor(private readonly resolver: RelationResolver, private readonly noColumnsStar = false) {}

  private columnsStar(e: Json): Json | undefined {
    return this.noColumnsStar ? undefined : findColumnsStar(e);
  }

  node(n: Json, parent: Scope | undefined): readonly LineageColumn[] | undefined {
    const ctes = new Map<string, readonly LineageColumn[] | undefined>(parent ? [...parent.ctes] : []);
    const scopeForCtes: Scope = { entries: [], ctes, ...(parent ? { parent } : {}) };
    for (const c of n.cte_map?.map ?? []) {
      const cols = this.node(c.value.query.node, scopeForCtes);
      const aliases: string[] = c.value.aliases ?? [];
      ctes.set(String(c.key).toLowerCase(), cols && aliases.length ? cols.map((col, i) => ({ ...col, name: aliases[i] ?? col.name })) : cols);
    }
    switch (n.type) {
      case 'SELECT_NODE': return this.select(n, { entries: [], ctes, ...(parent ? { parent } : {}) });
      case 'SET_OPERATION_NODE':
      case 'RECURSIVE_CTE_NODE': {
        const l = this.node(n.left, scopeForCtes);
        const r = this.node(n.right, scopeForCtes);
        if (!l || !r) return l;
        return l.map((c, i) => ({ name: c.name, edges: mergeEdges(c.edges, r[i]?.edges ?? [], c.edges.length === 1 && (r[i]?.edges.length ?? 0) <= 1) }));
      }
      default:
        return undefined;
    }
  }

  named(n: Json, names: readonly string[]): LineageColumn[] | undefined {
    if (n.type !== 'SELECT_NODE') return undefined;
    const ctes = new Map<string, readonly LineageColumn[] | undefined>();
    const scope: Scope = { entries: [], ctes };
    for (const c of n.cte_map?.map ?? []) {
      const cols = this.node(c.value.query.node, scope);
      const aliases: string[] = c.value.aliases ?? [];
      ctes.set(String(c.key).toLowerCase(), cols && aliases.length ? cols.map((col, i) => ({ ...col, name: aliases[i] ?? col.name })) : cols);
    }
    if (n.from_table) this.from(n.from_table, scope);
    const items: Json[] = n.select_list ?? [];
    const stars = items.filter((e) => e.class === 'STAR' && !e.columns);
    return names.map((name) => {
      const lower = name.toLowerCase();
      let index = 0;
      for (const e of items) {
        index++;
        if (e.class === 'STAR' || this.columnsStar(e)) continue;
        if (String(e.alias || defaultName(e, index)).toLowerCase() === lower) return { name, edges: this.expression(e, scope) };
      }
      for (const star of stars) {
        const excluded = [...(star.exclude_list ?? []), ...(star.qualified_exclude_list ?? [])].some((x: any) =>
          String(typeof x === 'string' ? x : Array.isArray(x?.column_names) ? x.column_names[x.column_names.length - 1] : x?.column_name ?? x).toLowerCase() === lower);
        if (excluded) continue;
        const edges = this.column(star.relation_name ? [String(star.relation_name), name] : [name], scope);
        if (edges.length) return { name, edges: edges.map((x) => ({ ...x })) };
      }
      return { name, edges: [] };
    });
  }

  private select(n: Json, scope: Scope): readonly LineageColumn[] | undefined {
    if (n.from_table) this.from(n.from_table, scope);
    // A SELECT Weir wrapped around the user's query (`... FROM (query) AS "__weir_<dataset>"`: the declared column
    // list's casts, NOT NULL checks and order) shapes columns without computing them: a declared column that
    // the query copies stays a direct copy.
    const shaping = n.from_table?.type === 'SUBQUERY' && String(n.from_table.alias ?? '').startsWith('__weir_');
    const out: LineageColumn[] = [];
    let index = 0;
    for (const e of n.select_list ?? []) {
      index++;
      if (e.class === 'STAR' && !e.columns) {
        const cols = this.star(e, scope);
        if (!cols) return undefined;
        out.push(...cols);
        continue;
      }
      const columnsStar = this.columnsStar(e);
      if (columnsStar) {
        const cols = this.star(columnsStar, scope);
        if (!cols) return undefined;
        for (const c of cols) out.push({ name: c.name, edges: shaping ? c.edges : c.edges.map((x) => ({ ...x, transform: 'derived' as const })) });
        continue;
      }
      const copied = shaping ? shapedColumn(e) : undefined;
      out.push({ name: e.alias || defaultName(e, index), edges: this.expression(copied ?? e, scope) });
    }
    return out;
  }

  private star(e: Json, scope: Scope): LineageColumn[] | undefined {
    const rel = String(e.relation_name ?? '').toLowerCase();
    const excluded = new Set<string>([...(e.exclude_list ?? []), ...(e.qualified_exclude_list ?? [])].map((x: any) =>
      (typeof x === 'string' ? x : Array.isArray(x?.column_names) ? x.column_names[x.column_names.length - 1] : String(x?.column_name ?? x)).toLowerCase()));
    const entries = rel ? scope.entries.filter((x) => x.alias === rel) : scope.entries;
    // `st.*` where st is no relation expands a struct column: its fields are unknown without types, so the
    // columns are unknown (not silently left out).
    if (rel && entries.length === 0) return undefined;
    const res: LineageColumn[] = [];
    for (const en of entries) {
      if (!en.cols) return undefined;
      for (const c of en.cols) if (!excluded.has(c.name.toLowerCase()) && !(!rel && en.hidden?.has(c.name.toLowerCase()))) res.push(c);
    }
    return res;
  }

  private from(t: Json, scope: Scope): void {
    const alias = String(t.alias ?? '').toLowerCase();
    switch (t.type) {
      case 'BASE_TABLE': {
        const name = String(t.table_name).toLowerCase();
        const schema = String(t.schema_name ?? '').toLowerCase();
        if (!schema && lookupCte(scope, name) !== null) {
          scope.entries.push({ alias: alias || name, cols: renameCols(lookupCte(scope, name) ?? undefined, t.column_name_alias) });
          return;
        }
        const r = this.resolver.table(schema, name);
        const node = r?.node ?? `external:${schema ? `${schema}.` : ''}${name}`;
        const cols = r?.columns?.map((c) => ({ name: c, edges: [{ node, column: c, transform: 'direct' as const }] }));
        scope.entries.push({ alias: alias || name, cols: renameCols(cols, t.column_name_alias), node });
        return;
      }
      case 'JOIN': {
        const first = scope.entries.length;
        this.from(t.left, scope);
        const mid = scope.entries.length;
        this.from(t.right, scope);
        if (Array.isArray(t.using_columns) && t.using_columns.length) mergeUsing(scope.entries, first, mid, t.using_columns, String(t.join_type ?? ''));
        // A SEMI / ANTI join only filters the left side: the right side's columns are not output.
        if (t.join_type === 'SEMI' || t.join_type === 'ANTI') scope.entries.splice(mid);
        return;
      }
      case 'SUBQUERY': {
        const cols = this.node(t.subquery.node, scope);
        const node = cols ? undefined : this.passthroughNode(t.subquery.node);
        scope.entries.push({ alias, cols: renameCols(cols, t.column_name_alias), ...(node ? { node } : {}) });
        return;
      }
      case 'TABLE_FUNCTION': {
        const v = findFilesVariable(t.function);
        const r = v ? this.resolver.files(v) : undefined;
        const node = r?.node;
        const cols = r?.columns && node ? r.columns.map((c) => ({ name: c, edges: [{ node, column: c, transform: 'direct' as const }] })) : undefined;
        scope.entries.push({ alias: alias || String(t.function?.function_name ?? ''), cols: renameCols(cols, t.column_name_alias), ...(node ? { node } : {}) });
        return;
      }
      case 'EXPRESSION_LIST': {
        const width = t.values?.[0]?.length ?? 0;
        const cols = Array.from({ length: width }, (_, i) => ({ name: `col${i}`, edges: [] }));
        scope.entries.push({ alias, cols: renameCols(cols, t.column_name_alias) });
        return;
      }
      case 'EMPTY':
        return;
      default:
        scope.entries.push({ alias, cols: undefined });
    }
  }

  /**
   * `SELECT * FROM x` (a STREAM window, an Auto Loader projection) over a relation whose columns are unknown:
   * the node it reads, so `col` references through it still get an edge.
   */
  private passthroughNode(n: Json): string | undefined {
    if (n?.type === 'SET_OPERATION_NODE') {
      // A rescued-data reader is `SELECT *, ... FROM read_json(...) UNION ALL BY NAME <the rescued rows>`: the side
      // that passes a node through is where the columns come from (when only one side does).
      const sides = [this.passthroughNode(n.left), this.passthroughNode(n.right)].filter((x): x is string => x !== undefined);
      return new Set(sides).size === 1 ? sides[0] : undefined;
    }
    if (n?.type !== 'SELECT_NODE' || !n.from_table) return undefined;
    if (!(n.select_list ?? []).some((e: Json) => (e.class === 'STAR' && !e.relation_name) || this.columnsStar(e))) return undefined;
    const t = n.from_table;
    if (t.type === 'BASE_TABLE') return this.resolver.table(String(t.schema_name ?? '').toLowerCase(), String(t.table_name).toLowerCase())?.node;
    if (t.type === 'TABLE_FUNCTION') {
      const v = findFilesVariable(t.function);
      return v ? this.resolver.files(v)?.node : undefined;
    }
    return undefined;
  }

  /** Edges of an expression; `direct` only for a bare column reference to a direct column. */
  expression(e: Json, scope: Scope): ColumnLineageEdge[] {
    const edges: ColumnLineageEdge[] = [];
    this.collect(e, scope, edges);
    const bare = e.class === 'COLUMN_REF';
    const uniq = dedupe(edges);
    return bare && uniq.length === 1 ? uniq : uniq.map((x) => ({ ...x, transform: 'derived' }));
  }

  private collect(e: any, scope: Scope, out: ColumnLineageEdge[]): void {
    if (!e || typeof e !== 'object') return;
    if (Array.isArray(e)) { for (const x of e) this.collect(x, scope, out); return; }
    if (e.class === 'COLUMN_REF') { out.push(...this.column(e.column_names, scope)); return; }
    if (e.class === 'LAMBDA') { this.collect(e.expr, scope, out); return; }
    if (e.class === 'CASE' && isErrorGuard(e)) return;
    if (e.class === 'SUBQUERY') {
      const cols = this.node(e.subquery.node, scope);
      for (const c of cols ?? []) out.push(...c.edges);
      if (e.child) this.collect(e.child, scope, out);
      return;
    }
    if (e.class === 'STAR') {
      for (const c of this.star(e, scope) ?? []) out.push(...c.edges);
      return;
    }
    for (const k in e) {
      const v = e[k];
      if (v && typeof v === 'object' && k !== 'value' && k !== 'cast_type' && k !== 'type') this.collect(v, scope, out);
    }
  }

  private column(names: readonly string[], scope: Scope | undefined): ColumnLineageEdge[] {
    const lower = names.map((n) => String(n).toLowerCase());
    for (let s = scope; s; s = s.parent) {
      if (lower.length >= 2) {
        const en = s.entries.find((x) => x.alias === lower[0]);
        if (en) {
          const c = en.cols?.find((x) => x.name.toLowerCase() === lower[1]);
          if (c) return [...c.edges];
          if (!en.cols && en.node) return [{ node: en.node, column: names[1], transform: 'direct' }];
          return [];
        }
      }
      for (const en of s.entries) {
        if (en.hidden?.has(lower[0])) continue;
        const c = en.cols?.find((x) => x.name.toLowerCase() === lower[0]);
        if (c) return [...c.edges];
      }
      const unknown = s.entries.filter((x) => !x.cols && x.node);
      if (unknown.length === 1) return [{ node: unknown[0].node!, column: names[0], transform: 'direct' }];
    }
    return [];
  }
}

/**
 * The column a Weir-shaped select item reads when the item only casts it to its declared type (`CAST(x AS T)`,
 * Spark's truncating integer casts `trunc(...)` / `_weir.spark_long(x)`) or checks it is not NULL
 * (`coalesce(x, error(...))`); undefined for anything that computes.
 */
function shapedColumn(e: Json): Json | undefined {
  let x = e;
  for (let depth = 0; depth < 8 && x && typeof x === 'object'; depth++) {
    if (x.class === 'COLUMN_REF') return x;
    if (x.class === 'CAST') { x = x.child; continue; }
    const f = x.class === 'FUNCTION' ? String(x.function_name).toLowerCase() : '';
    const args: Json[] = x.children ?? [];
    if (['trunc', 'spark_long', 'spark_try_long'].includes(f) && args.length === 1) { x = args[0]; continue; }
    // coalesce(...) parses as an OPERATOR_COALESCE node.
    const coalesce = x.type === 'OPERATOR_COALESCE' ? args : f === 'coalesce' ? args : undefined;
    if (coalesce?.length === 2 && isErrorGuard(coalesce[1])) { x = coalesce[0]; continue; }
    return undefined;
  }
  return undefined;
}

/**
 * An expression that gives no value, only fails: `error(...)`, or a CASE whose every branch is one or NULL. Weir's
 * NOT NULL check `CASE WHEN <DROP ROW rules pass> THEN error(...) END` reads the rules' columns, which are not
 * where the column's data comes from.
 */
function isErrorGuard(e: Json): boolean {
  if (!e || typeof e !== 'object') return false;
  if (e.class === 'FUNCTION') return String(e.function_name).toLowerCase() === 'error';
  if (e.class === 'CONSTANT') return e.value?.is_null === true;
  if (e.class !== 'CASE') return false;
  return (e.case_checks ?? []).every((c: Json) => isErrorGuard(c.then_expr)) && (e.else_expr === undefined || e.else_expr === null || isErrorGuard(e.else_expr));
}

/**
 * `a JOIN b USING (id)` has one `id` (what `*` and a bare `id` read): a's for INNER and LEFT joins, b's for RIGHT,
 * COALESCE(a.id, b.id) for FULL (derived from both). The left side's column becomes that one; the right side's is
 * hidden from `*` and bare names (`b.id` still reads it).
 */
function mergeUsing(entries: Entry[], first: number, mid: number, using: readonly string[], joinType: string): void {
  const find = (from: number, to: number, name: string): { i: number; c: LineageColumn } | undefined => {
    for (let i = from; i < to; i++) {
      const c = entries[i].cols?.find((x) => x.name.toLowerCase() === name);
      if (c) return { i, c };
    }
    return undefined;
  };
  for (const raw of using) {
    const name = String(raw).toLowerCase();
    const left = find(first, mid, name);
    const right = find(mid, entries.length, name);
    if (!left || !right) continue;
    const edges = joinType === 'RIGHT' ? right.c.edges
      : joinType === 'OUTER' || joinType === 'FULL' ? dedupe([...left.c.edges, ...right.c.edges]).map((e) => ({ ...e, transform: 'derived' as const }))
        : left.c.edges;
    const en = entries[left.i];
    entries[left.i] = { ...en, cols: en.cols!.map((c) => (c === left.c ? { ...c, edges } : c)) };
    (entries[right.i].hidden ??= new Set()).add(name);
  }
}

function lookupCte(scope: Scope, name: string): readonly LineageColumn[] | undefined | null {
  return scope.ctes.has(name) ? scope.ctes.get(name) : null;
}

function renameCols(cols: readonly LineageColumn[] | undefined, aliases: readonly string[] | undefined): readonly LineageColumn[] | undefined {
  if (!cols || !aliases || aliases.length === 0) return cols;
  return cols.map((c, i) => ({ ...c, name: aliases[i] ?? c.name }));
}

function findColumnsStar(e: any): Json | undefined {
  if (!e || typeof e !== 'object') return undefined;
  if (Array.isArray(e)) { for (const x of e) { const f = findColumnsStar(x); if (f) return f; } return undefined; }
  if (e.class === 'STAR' && e.columns) return e;
  if (e.class === 'SUBQUERY') return undefined;
  for (const k in e) {
    const v = e[k];
    if (v && typeof v === 'object') { const f = findColumnsStar(v); if (f) return f; }
  }
  return undefined;
}

function findFilesVariable(fn: any): string | undefined {
  if (!fn || typeof fn !== 'object') return undefined;
  if (Array.isArray(fn)) { for (const x of fn) { const v = findFilesVariable(x); if (v) return v; } return undefined; }
  if (fn.class === 'FUNCTION' && fn.function_name === 'getvariable') {
    const c = fn.children?.[0];
    if (c?.class === 'CONSTANT') return String(constantValue(c));
  }
  for (const k in fn) {
    if (fn[k] && typeof fn[k] === 'object') { const v = findFilesVariable(fn[k]); if (v) return v; }
  }
  return undefined;
}

/**
 * The value of a CONSTANT node. The JSON leaves out empty members, so a non-null constant without a value
 * was an empty one ('' or an empty list, both '' as text).
 */
function constantValue(c: Json): unknown {
  const v = c.value?.value;
  return v === undefined && c.value && c.value.is_null === false ? '' : v;
}

/** DuckDB names an unaliased column after the column it reads, else after the expression. */
function defaultName(e: Json, index: number): string {
  if (e.class === 'COLUMN_REF') return e.column_names[e.column_names.length - 1];
  if (e.class === 'FUNCTION' && !e.is_operator) {
    const args = (e.children ?? []).map((c: Json) => (c.class === 'COLUMN_REF' ? c.column_names.join('.') : c.class === 'CONSTANT' ? String(constantValue(c)) : '?'));
    return `${e.function_name}(${args.join(', ')})`;
  }
  return `col${index}`;
}

export function dedupe(edges: readonly ColumnLineageEdge[]): ColumnLineageEdge[] {
  const seen = new Map<string, ColumnLineageEdge>();
  for (const e of edges) {
    const k = `${e.node}\u0000${e.column.toLowerCase()}`;
    const prev = seen.get(k);
    if (!prev || (prev.transform === 'direct' && e.transform === 'derived')) seen.set(k, e);
  }
  return [...seen.values()].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

function mergeEdges(a: readonly ColumnLineageEdge[], b: readonly ColumnLineageEdge[], keepDirect: boolean): ColumnLineageEdge[] {
  const all = dedupe([...a, ...b]);
  return keepDirect ? all : all.map((x) => ({ ...x, transform: x.transform }));
}
