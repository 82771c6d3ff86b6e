import type { Call, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { groupingColumns } from '../group-by.js';

/**
 * Spark's grouping_id() without arguments means all grouping columns; DuckDB needs them named (with arguments
 * both put the first column in the most significant bit).
 */
function groupingId(c: Call, t: RuleTools): Piece[] {
  if (c.args.length) return t.out('grouping_id(', t.list(), ')');
  const cols = groupingColumns(t.cx, t.cx.tokens.indexOf(c.nameToken));
  if (!cols?.length) return t.fail('WEIR4005', 'grouping_id() without arguments: Weir found no GROUP BY columns in its query', 'name the columns: grouping_id(a, b)');
  return t.out(`grouping_id(${cols.join(', ')})`);
}

/**
 * Aggregates whose DuckDB form is not a plain rename. Each one attaches the user's FILTER / OVER clauses to
 * its own aggregate calls (RuleTools.aggregate), so it works as a window function too:
 * `collect_list(v) OVER w` → `coalesce(list(v) FILTER (WHERE ...) OVER w, [])`.
 * - collect_list / collect_set skip NULLs and give [] over no rows (DuckDB's list() keeps NULLs, gives NULL);
 * - first / last with ignoreNulls = true skip NULLs;
 * - kurtosis / skewness are POPULATION statistics in Spark (DuckDB's are sample statistics, computed from raw
 *   power sums that lose all precision when the values are large and close together).
 */
function collect(distinct: boolean) {
  return (c: Call, t: RuleTools): Piece[] => {
    const { distinct: already, arg } = t.distinctArg(0);
    const d = distinct || already ? 'DISTINCT ' : '';
    return t.out('coalesce(', t.aggregate(['list(', d, arg, ')'], ['(', arg, ') IS NOT NULL']), ', [])');
  };
}

function ignoresNulls(c: Call): boolean {
  return c.args.length === 2 && c.argTokens[1].map((x) => x.text.toUpperCase()).join('') === 'TRUE';
}

/** first(x, true) / last(x, true): a FILTER as an aggregate, IGNORE NULLS as a window function (DuckDB has no FILTER there). */
function firstLast(fn: 'first' | 'last') {
  return (c: Call, t: RuleTools): Piece[] => {
    if (!ignoresNulls(c)) return t.out(`${fn}(`, c.args[0], ')');
    if (t.window) {
      if (t.filtered) return t.fail('WEIR4005', `${c.name}(x, true) with both FILTER and OVER has no DuckDB equivalent`, 'move the condition into the argument: CASE WHEN cond THEN x END');
      return t.out(t.aggregate([`${fn}_value(`, c.args[0], ' IGNORE NULLS)']));
    }
    return t.out(t.aggregate([`${fn}(`, c.args[0], ')'], ['(', c.args[0], ') IS NOT NULL']));
  };
}

function firstLastValue(fn: 'first_value' | 'last_value') {
  return (c: Call, t: RuleTools): Piece[] => {
    // `first_value(x) IGNORE NULLS OVER w`: DuckDB reads the words inside the call.
    if (c.nulls) t.nullsTaken = true;
    const ignore = c.nulls ? c.nulls === 'IGNORE NULLS' : ignoresNulls(c);
    return ignore ? t.out(`${fn}(`, c.args[0], ' IGNORE NULLS)') : t.out(`${fn}(`, c.args[0], ')');
  };
}

/**
 * A population moment statistic in two passes over the group's values (mean first, then central sums), as
 * Spark's central-moment aggregates are stable for large values. NULL when the values are all equal (Spark:
 * NULL when the second central moment is 0) or there are none.
 */
function moment(stat: (l: string, m: string) => string) {
  return (c: Call, t: RuleTools): Piece[] => {
    const values = t.aggregate(['list(CAST(', c.args[0], ' AS DOUBLE))'], ['(', c.args[0], ') IS NOT NULL']);
    const l = '__weir_l';
    return t.out('list_transform([', values, `], ${l} -> CASE WHEN list_min(${l}) = list_max(${l}) THEN NULL ELSE `,
      `list_transform([list_avg(${l})], __weir_m -> ${stat(l, '__weir_m')})[1] END)[1]`);
  };
}

const centralSum = (l: string, m: string, k: number): string => `list_sum(list_transform(${l}, __weir_v -> (__weir_v - ${m}) ^ ${k}))`;

/** sqrt(n) * m3 / m2^1.5 over central sums (Spark's Skewness). */
const skewness = (l: string, m: string): string => `sqrt(len(${l})) * ${centralSum(l, m, 3)} / pow(${centralSum(l, m, 2)}, 1.5)`;
/** n * m4 / m2^2 - 3: excess kurtosis (Spark's Kurtosis). */
const kurtosis = (l: string, m: string): string => `len(${l}) * ${centralSum(l, m, 4)} / pow(${centralSum(l, m, 2)}, 2) - 3`;

/**
 * count with several arguments counts the rows where none is NULL (Spark); DuckDB's count takes one argument,
 * and a row value `(x, y)` with a NULL field is not NULL. One argument (or `*`) is DuckDB's count as written.
 */
function count(c: Call, t: RuleTools): Piece[] {
  if (c.args.length <= 1) return t.out('count(', t.list(), ')');
  const { distinct, arg } = t.distinctArg(0);
  const args = [arg, ...c.args.slice(1)];
  const notNull = args.flatMap((a, k) => [k ? ' AND (' : '(', a, ') IS NOT NULL']);
  const row = args.flatMap((a, k) => (k ? [', ', a] : [a]));
  return t.out(t.aggregate(distinct ? ['count(DISTINCT CASE WHEN ', notNull, ' THEN row(', row, ') END)'] : ['count(CASE WHEN ', notNull, ' THEN 1 END)']));
}

/**
 * listagg / string_agg (aliases in Databricks): the delimiter defaults to '' (DuckDB's to ','), and the order of
 * `WITHIN GROUP (ORDER BY k)` goes inside DuckDB's call (`string_agg(x, d ORDER BY k)`; DuckDB reads WITHIN GROUP
 * only for ordered-set aggregates). NULLs are skipped by both.
 */
function listagg(c: Call, t: RuleTools): Piece[] {
  const { distinct, arg } = t.distinctArg(0);
  const order = t.withinGroupOrder();
  return t.out(t.aggregate(['string_agg(', distinct ? 'DISTINCT ' : '', arg, ', ', c.args[1] ?? "''", order ? [' ', order] : [], ')']));
}

export const AGGREGATE_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  grouping_id: rule(0, 999, groupingId),
  listagg: rule(1, 2, listagg),
  string_agg: rule(1, 2, listagg),
  collect_list: rule(1, 1, collect(false)),
  array_agg: rule(1, 1, collect(false)),
  collect_set: rule(1, 1, collect(true)),
  first: rule(1, 2, firstLast('first')),
  last: rule(1, 2, firstLast('last')),
  first_value: rule(1, 2, firstLastValue('first_value')),
  last_value: rule(1, 2, firstLastValue('last_value')),
  skewness: rule(1, 1, moment(skewness)),
  kurtosis: rule(1, 1, moment(kurtosis)),
  count: rule(0, 999, count),
  // Spark's any / some are bool_or (DuckDB parses ANY as a quantifier).
  any: rule(1, 1, (c, t) => t.out('bool_or(', c.args[0], ')')),
  some: rule(1, 1, (c, t) => t.out('bool_or(', c.args[0], ')')),
};
