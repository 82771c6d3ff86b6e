import { AGGREGATE_FUNCTIONS, VOLATILE_FUNCTIONS } from './duckdb-functions.js';
import type { Database } from '../database.js';
import type { Ast } from './sql-ast.js';
import { conjuncts, parseQueries, visit } from './sql-ast.js';

/**
 * The analysis half of incremental refresh planning (plan-mv-refresh.ts holds the techniques and the SQL
 * rewriting): what the query reads (views parsed once, CTE scopes), whether it is deterministic and free of
 * LIMIT / QUALIFY / windows, whether it aggregates, its FROM items with their outer-join sides and the column
 * equalities of its join conditions. Anything it cannot prove throws `Fallback` (a complete recompute).
 */

/** What a table name in the query is. */
export type Relation =
  | { readonly kind: 'dataset'; readonly id: string; readonly relation: string; readonly window?: { readonly from: number; readonly to: number } }
  | { readonly kind: 'view'; readonly id: string; readonly sql: string };

export interface PlanEnv {
  readonly db: Database;
  /** `schema` is '' for an unqualified name. */
  resolve(schema: string, table: string): Relation | undefined;
  /** Datasets that changed only by appends (their `window` is set); any other changed input makes planning fail earlier. */
  readonly appended: ReadonlySet<string>;
  /**
   * An input whose rows with `keyColumn` in the set `keysSql` (column `k`) were replaced since the last refresh
   * (it was itself refreshed by GROUP_AGGREGATE / ROW_BASED); it is then the only changed input.
   */
  readonly replaced?: { readonly id: string; readonly keyColumn: string; readonly keysSql: string };
  /** Names of functions whose result may differ between runs (default: duckdb-functions.ts). */
  readonly volatile?: ReadonlySet<string>;
}

/** Why incremental refresh is not possible: planMvRefresh turns it into a COMPLETE_RECOMPUTE with this reason. */
export class Fallback extends Error {}

export interface Scope { readonly ctes: Map<string, { node: Ast; scope: Scope }>; readonly parent?: Scope }

/** A FROM item: `nullable` when an outer join may NULL-extend it, `preserved` when an outer join keeps its unmatched rows. */
export interface Item { readonly alias: string; readonly ast: Ast; readonly nullable: boolean; readonly preserved: boolean }

const TIME_KEYWORDS = new Set(['current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp']);

export class QueryShape {
  protected readonly views = new Map<string, Ast>();

  constructor(protected readonly env: PlanEnv) {}

  /** Parses every view the query reads (recursively), once. */
  protected async loadViews(node: Ast, seen: Set<string>): Promise<void> {
    const pending: { id: string; sql: string }[] = [];
    visit(node, (o) => {
      if (o.type !== 'BASE_TABLE') return;
      const r = this.env.resolve(String(o.schema_name ?? '').toLowerCase(), String(o.table_name).toLowerCase());
      if (r?.kind === 'view' && !seen.has(r.id)) {
        seen.add(r.id);
        pending.push({ id: r.id, sql: r.sql });
      }
    });
    if (pending.length === 0) return;
    const parsed = await parseQueries(this.env.db, pending.map((p) => p.sql));
    for (let i = 0; i < pending.length; i++) {
      if (!parsed[i]) throw new Fallback(`DuckDB cannot parse view ${pending[i].id} for analysis`);
      this.views.set(pending[i].id, parsed[i]);
    }
    for (const p of parsed) await this.loadViews(p, seen);
  }

  /** Non-deterministic functions anywhere, and appended inputs read inside expression subqueries, rule incremental refresh out. */
  protected checkWhole(node: Ast, scope: Scope, views: Set<string>): void {
    visit(node, (o) => {
      if (o !== node && o.cte_map && (o.type === 'SELECT_NODE' || o.type === 'SET_OPERATION_NODE')) {
        this.checkWhole(o, this.withCtes(o, scope), views);
        return false;
      }
      // error() is "volatile" to DuckDB only so it is never folded: it raises for a row or not, like any check, and
      // the rows an incremental refresh leaves untouched passed it before (a column list's NOT NULL is error()).
      const fn = o.class === 'FUNCTION' ? String(o.function_name).toLowerCase() : '';
      if (fn !== '' && fn !== 'error' && (this.env.volatile ?? VOLATILE_FUNCTIONS).has(fn)) {
        throw new Fallback(`the query calls ${o.function_name}(), whose result may differ between runs`);
      }
      if (o.class === 'FUNCTION' && String(o.function_name).toLowerCase() === 'getvariable' && /^weir_(from|to)__/.test(String(o.children?.[0]?.value?.value ?? ''))) {
        throw new Fallback('the query reads a STREAM window');
      }
      if (o.class === 'COLUMN_REF' && o.column_names.length === 1 && TIME_KEYWORDS.has(String(o.column_names[0]).toLowerCase())) {
        throw new Fallback(`the query reads ${o.column_names[0]}, which differs between runs`);
      }
      if (o.class === 'SUBQUERY' && this.readsChanged(o.subquery?.node, scope)) {
        throw new Fallback('an appended input is read inside a subquery expression');
      }
      if (o.type === 'BASE_TABLE') {
        const r = this.resolveTable(o, scope);
        if (r?.kind === 'view' && !views.has(r.id)) {
          views.add(r.id);
          this.checkWhole(this.views.get(r.id), { ctes: new Map() }, views);
        }
      }
      return undefined;
    });
  }

  protected flatten(from: Ast, nullable: boolean, items: Item[], eqs: [string, string][], preserved = false): void {
    if (!from || from.type === 'EMPTY' || from.type === 'EMPTY_FROM') return;
    if (from.type === 'JOIN') {
      const jt = String(from.join_type);
      const rt = String(from.ref_type ?? 'REGULAR');
      if (!['REGULAR', 'CROSS'].includes(rt)) throw new Fallback(`${rt.toLowerCase()} join`);
      if (!['INNER', 'LEFT', 'RIGHT', 'OUTER'].includes(jt)) throw new Fallback(`${jt.toLowerCase()} join`);
      this.flatten(from.left, nullable || jt === 'RIGHT' || jt === 'OUTER', items, eqs, preserved || jt === 'LEFT' || jt === 'OUTER');
      this.flatten(from.right, nullable || jt === 'LEFT' || jt === 'OUTER', items, eqs, preserved || jt === 'RIGHT' || jt === 'OUTER');
      for (const c of conjuncts(from.condition)) this.equality(c, eqs);
      return;
    }
    const alias = String(from.alias || (from.type === 'BASE_TABLE' ? from.table_name : '')).toLowerCase();
    if (items.some((i) => i.alias === alias)) throw new Fallback(`two FROM items are named ${alias || '(unnamed)'}`);
    items.push({ alias, ast: from, nullable, preserved });
  }

  protected equality(c: Ast, eqs: [string, string][]): void {
    if (c.class !== 'COMPARISON' || !['COMPARE_EQUAL', 'COMPARE_NOT_DISTINCT_FROM'].includes(c.type)) return;
    if (c.left?.class !== 'COLUMN_REF' || c.right?.class !== 'COLUMN_REF') return;
    const l = (c.left.column_names as string[]).map((s) => s.toLowerCase());
    const r = (c.right.column_names as string[]).map((s) => s.toLowerCase());
    if (l.length === 2 && r.length === 2) eqs.push([l.join('.'), r.join('.')]);
  }

  protected checkModifiers(node: Ast, where: string): void {
    for (const m of node.modifiers ?? []) {
      if (m.type === 'LIMIT_MODIFIER' || m.type === 'LIMIT_PERCENT_MODIFIER') throw new Fallback(`LIMIT ${where}`);
    }
    if (node.qualify) throw new Fallback(`QUALIFY ${where}`);
    if (node.sample) throw new Fallback(`SAMPLE ${where}`);
    let window = false;
    visit([node.select_list, node.having, node.where_clause], (o) => {
      if (o.class === 'SUBQUERY') return false;
      if (o.class === 'WINDOW') window = true;
      return undefined;
    });
    if (window) throw new Fallback(`window function ${where}`);
  }

  protected isAggregate(node: Ast): boolean {
    if ((node.group_expressions ?? []).length > 0 || node.having) return true;
    let agg = false;
    visit(node.select_list, (o) => {
      if (o.class === 'SUBQUERY' || o.class === 'WINDOW') return false;
      if (o.class === 'FUNCTION' && AGGREGATE_FUNCTIONS.has(String(o.function_name).toLowerCase())) agg = true;
      return undefined;
    });
    return agg;
  }

  protected withCtes(node: Ast, parent: Scope): Scope {
    const entries: Ast[] = node.cte_map?.map ?? [];
    if (entries.length === 0) return parent;
    const scope: Scope = { ctes: new Map(), parent };
    for (const e of entries) scope.ctes.set(String(e.key).toLowerCase(), { node: e.value.query.node, scope });
    return scope;
  }

  protected cte(t: Ast, scope: Scope): { node: Ast; scope: Scope } | undefined {
    if (t.schema_name) return undefined;
    const name = String(t.table_name).toLowerCase();
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const c = s.ctes.get(name);
      if (c) return c;
    }
    return undefined;
  }

  protected resolveTable(t: Ast, scope: Scope): Relation | undefined {
    if (this.cte(t, scope)) return undefined;
    return this.env.resolve(String(t.schema_name ?? '').toLowerCase(), String(t.table_name).toLowerCase());
  }

  /** Whether a tree reads an appended input (through CTEs and views). */
  readsChanged(node: Ast, scope: Scope, depth = 0): boolean {
    if (!node || depth > 50) return depth > 50;
    let found = false;
    const walk = (n: Ast, s: Scope): void => {
      visit(n, (o) => {
        if (found) return false;
        if (o !== n && o.cte_map && (o.type === 'SELECT_NODE' || o.type === 'SET_OPERATION_NODE')) {
          walk(o, this.withCtes(o, s));
          return false;
        }
        if (o.type === 'BASE_TABLE') {
          const c = this.cte(o, s);
          if (c) { if (c.node !== n && this.readsChanged(c.node, c.scope, depth + 1)) found = true; return false; }
          const r = this.env.resolve(String(o.schema_name ?? '').toLowerCase(), String(o.table_name).toLowerCase());
          if (r?.kind === 'dataset' && this.env.appended.has(r.id)) found = true;
          if (r?.kind === 'view' && this.readsChanged(this.views.get(r.id), { ctes: new Map() }, depth + 1)) found = true;
          return false;
        }
        return undefined;
      });
    };
    walk(node, node.cte_map ? this.withCtes(node, scope) : scope);
    return found;
  }
}

export function hasSubquery(e: Ast): boolean {
  let found = false;
  visit(e, (o) => { if (o.class === 'SUBQUERY') found = true; });
  return found;
}

export function outputName(s: Ast): string | undefined {
  if (s.alias) return String(s.alias).toLowerCase();
  if (s.class === 'COLUMN_REF') return String(s.column_names[s.column_names.length - 1]).toLowerCase();
  return undefined;
}

/** A column of table `alias` equal to `ref` (`t.c`) through a chain of equalities. */
export function equivalent(ref: string, alias: string, eqs: readonly [string, string][]): string | undefined {
  const seen = new Set([ref]);
  const queue = [ref];
  while (queue.length > 0) {
    const x = queue.shift()!;
    const [t, c] = x.split('.');
    if (t === alias) return c;
    for (const [a, b] of eqs) {
      const y = a === x ? b : b === x ? a : undefined;
      if (y && !seen.has(y)) { seen.add(y); queue.push(y); }
    }
  }
  return undefined;
}
