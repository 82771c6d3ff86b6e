import { quoteIdent } from '../../model/index.js';
import type { Ast } from './sql-ast.js';
import { and, clone, columnRefs, conjuncts, nodeToSql, parseQueries, sameExpr, substituteColumn } from './sql-ast.js';
import { Fallback, QueryShape, equivalent, hasSubquery, outputName, type Item, type PlanEnv, type Scope } from './query-shape.js';
import { DECLARED_CLOSE, splitDeclaredWrapper } from '../../model/index.js';

/**
 * How a materialized view can be brought up to date when some of its inputs only gained rows since its last
 * refresh (Databricks Enzyme's idea, for the cases Weir can prove equal to a full recompute):
 * - `APPEND_ONLY`: the query is row-local (projection, filter, joins with unchanged inputs) over ONE appended
 *   input on a preserved side: its new rows are the query over the appended rows only.
 * - `GROUP_AGGREGATE`: a GROUP BY query whose group key traces (through equi-joins, views and CTEs that filter,
 *   project or group) to every appended input: the groups of the keys the new rows touch are deleted and
 *   recomputed from all rows (a superset of the touched keys is fine).
 * - `COMPLETE_RECOMPUTE`: everything else, with the reason.
 */
export type MvRefreshPlan =
  | { readonly technique: 'APPEND_ONLY'; readonly reason: string; readonly appendSql: string }
  | {
    readonly technique: 'GROUP_AGGREGATE'; readonly reason: string;
    /** Column of the view that holds the traced group key. */
    readonly keyColumn: string;
    /** One column `k`: the key values whose groups may have changed (NULL included when it may have). */
    readonly keysSql: string;
    /** The view's query restricted to the groups whose key is in `KEYS_TABLE`. */
    readonly filteredSql: string;
    /** The query inside a column list's wrapper, whose key the wrapper may cast (see rewrap). */
    readonly innerSql?: string;
  }
  | {
    /** Like GROUP_AGGREGATE, for a row-local query over an input whose rows of some keys were replaced. */
    readonly technique: 'ROW_BASED'; readonly reason: string;
    readonly keyColumn: string; readonly keysSql: string; readonly filteredSql: string; readonly innerSql?: string;
  }
  | { readonly technique: 'COMPLETE_RECOMPUTE'; readonly reason: string };

/** The temporary table the filtered query reads the affected keys from (column `k`). */
export const KEYS_TABLE = 'temp.__weir_mv_keys';

/** Rows whose `column` (SQL) is one of the affected keys in KEYS_TABLE, or NULL when a NULL key is among them. */
export function keyFilterSql(column: string): string {
  return `${column} IN (SELECT k FROM ${KEYS_TABLE}) OR (${column} IS NULL AND EXISTS (SELECT 1 FROM ${KEYS_TABLE} WHERE k IS NULL))`;
}

export type { PlanEnv, Relation } from './query-shape.js';

interface Delta { readonly sql: string; readonly exact: boolean }

const PLACEHOLDER = '__weir_delta_';

export async function planMvRefresh(env: PlanEnv, querySql: string): Promise<MvRefreshPlan> {
  try {
    // A column list wraps the query in a row-local projection (casts, NOT NULL checks, declared order:
    // src/translate/declared-columns.ts) that keeps column names: the query inside is planned, and the SQL the
    // technique runs is wrapped the same way.
    const declared = splitDeclaredWrapper(querySql);
    if (declared) return rewrap(await new Planner(env).plan(declared.inner), declared);
    return await new Planner(env).plan(querySql);
  } catch (e) {
    if (e instanceof Fallback) return { technique: 'COMPLETE_RECOMPUTE', reason: e.message };
    throw e;
  }
}

function rewrap(plan: MvRefreshPlan, w: { head: string; inner: string }): MvRefreshPlan {
  const wrap = (inner: string): string => `${w.head}${inner}${DECLARED_CLOSE}`;
  if (plan.technique === 'APPEND_ONLY') return { ...plan, appendSql: wrap(plan.appendSql) };
  // The keys are traced inside the wrapper; the runner keeps the plan only when the wrapper stores the key column
  // with the type the query gives it (a cast that changes it, DOUBLE 1.2 -> BIGINT 1, may merge groups).
  if (plan.technique === 'GROUP_AGGREGATE' || plan.technique === 'ROW_BASED') return { ...plan, filteredSql: wrap(plan.filteredSql), innerSql: w.inner };
  return plan;
}

class Planner extends QueryShape {
  private placeholders = 0;

  async plan(querySql: string): Promise<MvRefreshPlan> {
    const [root] = await parseQueries(this.env.db, [querySql]);
    if (!root) throw new Fallback('DuckDB cannot parse the query for analysis');
    await this.loadViews(root, new Set());
    const top: Scope = { ctes: new Map() };
    this.checkWhole(root, top, new Set());
    if (root.type !== 'SELECT_NODE') throw new Fallback('the query is a set operation (UNION / EXCEPT / INTERSECT)');
    const scope = this.withCtes(root, top);
    this.checkModifiers(root, 'at the top level');
    if (this.env.replaced) return this.planRowBased(root, scope, this.env.replaced);
    if (this.isAggregate(root)) return this.planGroupAggregate(root, scope);
    return this.planAppend(root, scope);
  }

  /**
   * ROW_BASED: a row-local query (no aggregate, DISTINCT or window) that reads the replaced input directly, on a
   * side never NULL-extended, and outputs its key column unchanged: the view's rows of the replaced keys are
   * deleted and recomputed from the input's rows of those keys.
   */
  private async planRowBased(root: Ast, scope: Scope, replaced: NonNullable<PlanEnv['replaced']>): Promise<MvRefreshPlan> {
    if (this.isAggregate(root)) throw new Fallback(`input ${replaced.id} had rows replaced and the query aggregates`);
    if ((root.modifiers ?? []).some((m: Ast) => m.type === 'DISTINCT_MODIFIER')) throw new Fallback('SELECT DISTINCT over an input whose rows were replaced');
    const items: Item[] = [];
    this.flatten(root.from_table, false, items, []);
    const changed = items.filter((i) => this.readsChanged(i.ast, scope));
    if (changed.length !== 1) throw new Fallback(`input ${replaced.id} had rows replaced and is read ${changed.length === 0 ? 'outside FROM' : 'more than once'}`);
    const item = changed[0];
    const r = item.ast.type === 'BASE_TABLE' ? this.resolveTable(item.ast, scope) : undefined;
    if (r?.kind !== 'dataset' || r.id !== replaced.id) throw new Fallback(`input ${replaced.id} had rows replaced and is read through a view or subquery`);
    if (item.nullable) throw new Fallback(`input ${replaced.id} had rows replaced and is on the NULL-extended side of an outer join`);
    const kc = replaced.keyColumn.toLowerCase();
    const out = (root.select_list as Ast[]).find((x) => {
      if (x.class !== 'COLUMN_REF') return false;
      const n = (x.column_names as string[]).map((c) => c.toLowerCase());
      return (n.length === 2 && n[0] === item.alias && n[1] === kc) || (n.length === 1 && items.length === 1 && n[0] === kc);
    });
    const name = out && outputName(out);
    if (!name) throw new Fallback(`the query does not output ${replaced.id}.${replaced.keyColumn} unchanged`);
    const restricted = `SELECT * FROM ${r.relation} WHERE ${keyFilterSql(quoteIdent(kc))}`;
    return {
      technique: 'ROW_BASED', reason: `rows of ${replaced.id} with replaced ${replaced.keyColumn} are recomputed`,
      keyColumn: out.alias ? String(out.alias) : String(out.column_names[out.column_names.length - 1]),
      keysSql: replaced.keysSql, filteredSql: await this.replaceItem(root, item, restricted),
    };
  }

  private async planAppend(root: Ast, scope: Scope): Promise<MvRefreshPlan> {
    if ((root.modifiers ?? []).some((m: Ast) => m.type === 'DISTINCT_MODIFIER')) throw new Fallback('SELECT DISTINCT over an appended input');
    const items: Item[] = [];
    this.flatten(root.from_table, false, items, []);
    const changed = items.filter((i) => this.readsChanged(i.ast, scope));
    if (changed.length === 0) throw new Fallback('no appended input is read in FROM');
    if (changed.length > 1) throw new Fallback('several appended inputs are joined');
    if (changed[0].nullable) throw new Fallback('an appended input is on the NULL-extended side of an outer join');
    const d = await this.delta(changed[0].ast, 'all', scope);
    if (!d) throw new Fallback('no appended input is read in FROM');
    if (!d.exact) throw new Fallback('an appended input reaches the view through an aggregate or DISTINCT');
    return { technique: 'APPEND_ONLY', reason: 'the query is row-local over one appended input: its new rows are appended',
      appendSql: await this.replaceItem(root, changed[0], d.sql) };
  }

  private async planGroupAggregate(root: Ast, scope: Scope): Promise<MvRefreshPlan> {
    const groups: Ast[] = root.group_expressions ?? [];
    if (groups.length === 0) throw new Fallback('an aggregate without GROUP BY has one row over all input');
    const sets: number[][] = root.group_sets ?? [];
    if (sets.length !== 1 || sets[0].length !== groups.length) throw new Fallback('GROUPING SETS / ROLLUP / CUBE');
    const reasons: string[] = [];
    for (const g of groups) {
      const key = this.groupKey(root, g);
      if (!key) { reasons.push('a group key is not an output column'); continue; }
      try {
        const keysSql = await this.keysQuery(root, [key.expr], scope);
        if (!keysSql) throw new Fallback('no appended input is read');
        const [template] = await parseQueries(this.env.db, [
          `SELECT 1 WHERE (${keyFilterSql('__weir_key')})`]);
        const filtered = clone(root);
        filtered.where_clause = and(root.where_clause, substituteColumn(template.where_clause, '__weir_key', key.expr));
        await this.restrictJoined(filtered, key.expr);
        return {
          technique: 'GROUP_AGGREGATE', reason: `groups of ${key.name} touched by appended rows are recomputed`,
          keyColumn: key.name, keysSql: `SELECT k0 AS k FROM (${keysSql})`, filteredSql: await nodeToSql(this.env.db, filtered),
        };
      } catch (e) {
        if (!(e instanceof Fallback)) throw e;
        reasons.push(e.message);
      }
    }
    throw new Fallback(reasons[0] ?? 'no traceable group key');
  }

  /**
   * Lets DuckDB skip work: a table joined to the key's table by `t.col = key` in the ON clause of an INNER or LEFT
   * join (t on the right, never the preserved side of an outer join) only contributes rows with `t.col` in the
   * affected keys to the recomputed groups, so it is read through `WHERE col IN (keys)`. Only when the key's table
   * is never NULL-extended (else restricting t would move rows into the NULL group).
   */
  private async restrictJoined(node: Ast, key: Ast): Promise<void> {
    if (key.class !== 'COLUMN_REF' || key.column_names.length !== 2) return;
    const [owner, col] = (key.column_names as string[]).map((x) => x.toLowerCase());
    const items: Item[] = [];
    this.flatten(node.from_table, false, items, []);
    if (items.find((i) => i.alias === owner)?.nullable !== false) return;
    const [tpl] = await parseQueries(this.env.db, [`SELECT * FROM (SELECT * FROM __weir_item WHERE __weir_col IN (SELECT k FROM ${KEYS_TABLE})) AS __weir_alias`]);
    const walk = (j: Ast): void => {
      if (!j || j.type !== 'JOIN') return;
      walk(j.left);
      walk(j.right);
      if (!['INNER', 'LEFT'].includes(String(j.join_type)) || !['BASE_TABLE', 'SUBQUERY'].includes(j.right?.type)) return;
      const right = String(j.right.alias || (j.right.type === 'BASE_TABLE' ? j.right.table_name : '')).toLowerCase();
      const item = items.find((i) => i.alias === right);
      if (!right || right === owner || !item || item.preserved) return;
      for (const c of conjuncts(j.condition)) {
        if (c.class !== 'COMPARISON' || c.type !== 'COMPARE_EQUAL' || c.left?.class !== 'COLUMN_REF' || c.right?.class !== 'COLUMN_REF') continue;
        const l = (c.left.column_names as string[]).map((x) => x.toLowerCase()).join('.');
        const r = (c.right.column_names as string[]).map((x) => x.toLowerCase()).join('.');
        const other = l === `${owner}.${col}` ? r : r === `${owner}.${col}` ? l : undefined;
        if (!other || !other.startsWith(`${right}.`) || other.split('.').length !== 2) continue;
        const wrapped = clone(tpl.from_table);
        wrapped.alias = j.right.alias || right;
        wrapped.subquery.node.from_table = clone(j.right);
        wrapped.subquery.node.where_clause = substituteColumn(wrapped.subquery.node.where_clause, '__weir_col',
          { class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '', query_location: 18446744073709551615, column_names: [other.split('.')[1]] });
        j.right = wrapped;
        return;
      }
    };
    walk(node.from_table);
  }

  /** A GROUP BY expression that is also an output column, with that column's name. */
  private groupKey(node: Ast, g: Ast): { expr: Ast; name: string } | undefined {
    const list: Ast[] = node.select_list ?? [];
    let expr = g;
    if (g.class === 'CONSTANT' && typeof g.value?.value === 'number') {
      expr = list[g.value.value - 1];
      if (!expr) return undefined;
    } else if (g.class === 'COLUMN_REF' && g.column_names.length === 1) {
      const aliased = list.find((s) => String(s.alias ?? '').toLowerCase() === String(g.column_names[0]).toLowerCase());
      // GROUP BY x may name a column or an alias: only unambiguous when the alias is that very column.
      if (aliased && !(aliased.class === 'COLUMN_REF' && sameExpr({ ...aliased, alias: '' }, g))) return undefined;
    }
    const item = list.find((s) => sameExpr(s, expr));
    if (!item) return undefined;
    const name = item.alias ? String(item.alias) : item.class === 'COLUMN_REF' ? String(item.column_names[item.column_names.length - 1]) : undefined;
    if (!name) return undefined;
    const bare = clone(expr);
    bare.alias = '';
    return { expr: bare, name };
  }

  /**
   * SQL with columns k0..kn: a superset of the values of `keys` (GROUP BY expressions of `node`) of every group
   * the appended rows can change; undefined when `node` reads no appended input.
   */
  private async keysQuery(node: Ast, keys: readonly Ast[], scope: Scope): Promise<string | undefined> {
    const items: Item[] = [];
    const eqs: [string, string][] = [];
    this.flatten(node.from_table, false, items, eqs);
    for (const c of conjuncts(node.where_clause)) this.equality(c, eqs);
    const changed = items.filter((i) => this.readsChanged(i.ast, scope));
    if (changed.length === 0) return undefined;
    // Which FROM item the keys are computed from.
    const owners = new Set<string>();
    for (const k of keys) {
      const refs = columnRefs(k);
      if (refs.length === 0) throw new Fallback('a group key reads no column');
      for (const r of refs) {
        if (r.length === 1) {
          if (items.length !== 1) throw new Fallback(`group key column ${r[0]} is not qualified with its table`);
          owners.add(items[0].alias);
        } else if (r.length === 2) owners.add(r[0]);
        else throw new Fallback('a group key column has a three-part name');
      }
    }
    if (owners.size !== 1) throw new Fallback('the group key reads several tables');
    const ownerAlias = [...owners][0];
    const owner = items.find((i) => i.alias === ownerAlias);
    if (!owner) throw new Fallback(`group key table ${ownerAlias} is not in FROM`);
    const parts: string[] = [];
    const names = keys.map((_, i) => `k${i}`);
    for (const item of changed) {
      if (item === owner) {
        const needed = [...new Set(keys.flatMap((k) => columnRefs(k).map((r) => r[r.length - 1])))];
        const d = await this.delta(item.ast, needed, scope);
        if (!d) continue;
        const exprs = await Promise.all(keys.map((k) => this.exprSql(k)));
        const where = items.length === 1 && node.where_clause && !hasSubquery(node.where_clause) ? ` WHERE ${await this.exprSql(node.where_clause)}` : '';
        parts.push(`SELECT ${exprs.map((e, i) => `${e} AS ${names[i]}`).join(', ')} FROM (${d.sql}) AS ${quoteIdent(item.alias)}${where}`);
        continue;
      }
      // Another table: each key must be a column equal (by join / WHERE equalities) to one of this table's.
      const cols = keys.map((k) => {
        const refs = k.class === 'COLUMN_REF' ? columnRefs(k) : [];
        if (refs.length !== 1 || refs[0].length !== 2) throw new Fallback('the group key is an expression, and an appended input reaches it only through a join');
        const col = equivalent(`${refs[0][0]}.${refs[0][1]}`, item.alias, eqs);
        if (!col) throw new Fallback(`no join equality connects group key ${refs[0].join('.')} to appended input ${item.alias}`);
        return col;
      });
      const d = await this.delta(item.ast, cols, scope);
      if (!d) continue;
      parts.push(`SELECT ${cols.map((c, i) => `${quoteIdent(item.alias)}.${quoteIdent(c)} AS ${names[i]}`).join(', ')} FROM (${d.sql}) AS ${quoteIdent(item.alias)}`);
    }
    // Rows whose key table is NULL-extended by an outer join belong to the NULL key.
    if (owner.nullable) parts.push(`SELECT ${names.map((n) => `NULL AS ${n}`).join(', ')}`);
    if (parts.length === 0) return undefined;
    return parts.map((p) => `(${p})`).join(' UNION ALL ');
  }

  /** The rows of a FROM item that changed: exact for row-local reads of appended rows, else a superset of keys. */
  private async delta(item: Ast, needed: readonly string[] | 'all', scope: Scope): Promise<Delta | undefined> {
    if (item.type === 'BASE_TABLE') {
      const cte = this.cte(item, scope);
      if (cte) return this.deltaNode(cte.node, needed, cte.scope);
      const r = this.resolveTable(item, scope);
      if (!r) return undefined;
      if (r.kind === 'view') return this.deltaNode(this.views.get(r.id), needed, { ctes: new Map() });
      if (!this.env.appended.has(r.id) || !r.window) return undefined;
      return { sql: `SELECT * FROM ${r.relation} WHERE rowid >= ${r.window.from} AND rowid < ${r.window.to}`, exact: true };
    }
    if (item.type === 'SUBQUERY') return this.deltaNode(item.subquery.node, needed, scope);
    if (!this.readsChanged(item, scope)) return undefined;
    throw new Fallback(`changes cannot be traced through a ${String(item.type).toLowerCase()}`);
  }

  private async deltaNode(node: Ast, needed: readonly string[] | 'all', outer: Scope): Promise<Delta | undefined> {
    if (!this.readsChanged(node, outer)) return undefined;
    if (node.type !== 'SELECT_NODE') throw new Fallback('an appended input is read through a set operation');
    const scope = this.withCtes(node, outer);
    this.checkModifiers(node, 'in a view or subquery');
    if (this.isAggregate(node)) {
      if (needed === 'all' || (node.group_expressions ?? []).length === 0) throw new Fallback('an aggregate subquery is read beyond its group keys');
      const sets: number[][] = node.group_sets ?? [];
      if (sets.length !== 1) throw new Fallback('GROUPING SETS / ROLLUP / CUBE in a subquery');
      const keys = needed.map((col) => {
        const item = (node.select_list as Ast[]).find((s) => outputName(s) === col);
        const g = item && (node.group_expressions as Ast[]).find((x) => sameExpr(x, item));
        if (!g) throw new Fallback(`column ${col} of an aggregate subquery is not a group key`);
        const bare = clone(g);
        bare.alias = '';
        return bare;
      });
      const sql = await this.keysQuery(node, keys, scope);
      if (!sql) return undefined;
      return { sql: `SELECT DISTINCT ${needed.map((c, i) => `k${i} AS ${quoteIdent(c)}`).join(', ')} FROM (${sql})`, exact: false };
    }
    const items: Item[] = [];
    this.flatten(node.from_table, false, items, []);
    const changed = items.filter((i) => this.readsChanged(i.ast, scope));
    if (changed.length === 0) return undefined;
    if (changed.length > 1) throw new Fallback('several appended inputs are joined in a view or subquery');
    if (changed[0].nullable) throw new Fallback('an appended input is on the NULL-extended side of an outer join in a view or subquery');
    const inner = await this.delta(changed[0].ast, 'all', scope);
    if (!inner) return undefined;
    const distinct = (node.modifiers ?? []).some((m: Ast) => m.type === 'DISTINCT_MODIFIER');
    return { sql: await this.replaceItem(node, changed[0], inner.sql), exact: inner.exact && !distinct };
  }

  /** `node` as SQL with one FROM item replaced by a subquery. */
  private async replaceItem(node: Ast, item: Item, sql: string): Promise<string> {
    const name = `${PLACEHOLDER}${this.placeholders++}`;
    const copy = clone(node);
    const [tpl] = await parseQueries(this.env.db, [`SELECT * FROM ${name} AS ${quoteIdent(item.alias)}`]);
    const target = JSON.stringify(item.ast);
    let done = false;
    const swap = (t: Ast): Ast => {
      if (!done && t && typeof t === 'object' && JSON.stringify(t) === target) { done = true; return clone(tpl.from_table); }
      if (t && t.type === 'JOIN') return { ...t, left: swap(t.left), right: swap(t.right) };
      return t;
    };
    copy.from_table = swap(copy.from_table);
    if (!done) throw new Fallback('internal: FROM item not found');
    const text = await nodeToSql(this.env.db, copy);
    if (text.split(name).length !== 2) throw new Fallback('internal: placeholder not printed once');
    return text.replace(name, `(${sql})`);
  }

  private async exprSql(e: Ast): Promise<string> {
    const [tpl] = await parseQueries(this.env.db, ['SELECT 1']);
    tpl.select_list = [e];
    const text = await nodeToSql(this.env.db, tpl);
    if (!text.startsWith('SELECT ')) throw new Fallback('internal: cannot print an expression');
    return text.slice('SELECT '.length);
  }

}

