import type { Call, Part, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { readLambda, type Lambda } from '../lambda.js';

/**
 * Spark's higher-order functions over arrays, as DuckDB list lambdas. A Spark lambda `x -> body` or
 * `(x, y) -> body` keeps its body as written (already translated); its parameters are rebound where DuckDB's
 * lambda passes different values (an index, a zipped struct, a comparator's pair) by one-element
 * list_transform calls, `list_transform([value], name -> body)[1]`, which evaluate the value once.
 */
function lambdaArg(c: Call, i: number): Lambda | undefined {
  return c.argTokens[i] ? readLambda(c.argTokens[i], c.args[i]) : undefined;
}

/** `list_transform([value], name -> body)[1]`: body with `name` bound to `value`. */
const bind = (value: Part, name: string, body: Part): Part[] => ['list_transform([', value, `], ${name} -> `, body, ')[1]'];

const needLambda = (t: RuleTools, c: Call, i: number, form: string): Piece[] =>
  t.fail('WEIR4005', `${c.name}: argument ${i + 1} must be a lambda written in place, ${form}`, `e.g. ${c.name}(arr, ${form})`, t.argRange(i));

/**
 * transform / filter: with `(x, i) -> ...` Spark's index is 0-based, DuckDB's 1-based; the index name is bound
 * to the 0-based value.
 */
function indexedLambda(fn: string) {
  return (c: Call, t: RuleTools): Piece[] => {
    const f = lambdaArg(c, 1);
    if (f?.params.length === 1) return t.out(`${fn}(`, c.args[0], `, ${f.params[0]} -> `, f.body, ')');
    if (!f || f.params.length !== 2) return t.out(`${fn}(`, t.list(), ')');
    return t.out(`${fn}(`, c.args[0], `, (${f.params[0]}, __weir_i) -> `, bind('__weir_i - 1', f.params[1], f.body), ')');
  };
}

/**
 * exists / forall with Spark's three-valued logic: each element's predicate is scored true 2, NULL 1, false 0;
 * exists takes the maximum (an empty array scores 0: false), forall the minimum (empty: 2, true). A NULL
 * array stays NULL (`||` propagates it; list_concat would not).
 */
function quantifier(all: boolean) {
  return (c: Call, t: RuleTools): Piece[] => {
    const f = lambdaArg(c, 1);
    if (!f || f.params.length !== 1) return needLambda(t, c, 1, 'x -> predicate');
    return t.out(`CASE ${all ? 'list_min' : 'list_max'}(list_transform(`, c.args[0], `, ${f.params[0]} -> coalesce(CAST((`, f.body,
      `) AS INTEGER) * 2, 1)) || [${all ? 2 : 0}]) WHEN 2 THEN true WHEN 0 THEN false END`);
  };
}

/** aggregate / reduce(arr, start, (acc, x) -> merge[, acc -> finish]): DuckDB's list_reduce with an initial value. */
function aggregate(c: Call, t: RuleTools): Piece[] {
  const merge = lambdaArg(c, 2);
  if (!merge || merge.params.length !== 2) return needLambda(t, c, 2, '(acc, x) -> acc + x');
  const reduced: Part[] = ['list_reduce(', c.args[0], `, (${merge.params.join(', ')}) -> `, merge.body, ', ', c.args[1], ')'];
  if (c.args.length === 3) return t.out(reduced);
  const finish = lambdaArg(c, 3);
  if (!finish || finish.params.length !== 1) return needLambda(t, c, 3, 'acc -> acc * 10');
  return t.out(bind(reduced, finish.params[0], finish.body));
}

/** zip_with(a, b, (x, y) -> f): pairs padded with NULL to the longer array (list_zip); NULL if either is NULL. */
function zipWith(c: Call, t: RuleTools): Piece[] {
  const f = lambdaArg(c, 2);
  if (!f || f.params.length !== 2) return needLambda(t, c, 2, '(x, y) -> x + y');
  const [x, y] = f.params;
  return t.out('CASE WHEN (', c.args[0], ') IS NULL OR (', c.args[1], ') IS NULL THEN NULL ELSE list_transform(list_zip(', t.list(0, 2),
    '), __weir_z -> ', bind('__weir_z[1]', x, bind('__weir_z[2]', y, f.body)), ') END');
}

/**
 * array_sort(arr, (l, r) -> int): DuckDB's list_sort takes no comparator, so each element is ranked by how many
 * elements sort before it (comparator < 0, or = 0 and earlier: stable, as Spark's TimSort), then the array is
 * read back in rank order. Quadratic in the array's length.
 */
function arraySort(c: Call, t: RuleTools): Piece[] {
  if (c.args.length === 1) return t.out('list_sort(', c.args[0], ", 'ASC', 'NULLS LAST')");
  const f = lambdaArg(c, 1);
  if (!f || f.params.length !== 2) return needLambda(t, c, 1, '(l, r) -> l - r');
  const cmp = bind('__weir_y', f.params[0], bind('__weir_x', f.params[1], f.body));
  const before = bind(cmp, '__weir_c', '__weir_c < 0 OR (__weir_c = 0 AND __weir_j < __weir_i)');
  return t.out('list_transform(list_sort(list_transform(', c.args[0], ', (__weir_x, __weir_i) -> [len(list_filter(', c.args[0],
    ', (__weir_y, __weir_j) -> ', before, ')), __weir_i])), __weir_p -> (', c.args[0], ')[__weir_p[2]])');
}

export const HIGHER_ORDER_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  transform: rule(2, 2, indexedLambda('list_transform')),
  filter: rule(2, 2, indexedLambda('list_filter')),
  exists: rule(2, 2, quantifier(false)),
  forall: rule(2, 2, quantifier(true)),
  aggregate: rule(3, 4, aggregate),
  reduce: rule(3, 4, aggregate),
  zip_with: rule(3, 3, zipWith),
  array_sort: rule(1, 2, arraySort),
};
