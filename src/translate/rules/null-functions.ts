import { rule, type Part, type RuleEntry } from '../function-rule.js';

/** NULL handling: Spark's nvl family → DuckDB coalesce / CASE. */
export const NULL_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  nvl: rule(2, 2, (c, t) => t.out('coalesce(', t.list(), ')')),
  ifnull: rule(2, 2, (c, t) => t.out('coalesce(', t.list(), ')')),
  // nvl2(a, b, c): b when a is not NULL, else c.
  nvl2: rule(3, 3, (c, t) => t.out('CASE WHEN (', c.args[0], ') IS NOT NULL THEN ', c.args[1], ' ELSE ', c.args[2], ' END')),
  isnull: rule(1, 1, (c, t) => t.out('((', c.args[0], ') IS NULL)')),
  isnotnull: rule(1, 1, (c, t) => t.out('((', c.args[0], ') IS NOT NULL)')),
  // Spark's decode(expr, search, result, ..., default) matches NULL with NULL (its docs: decode(NULL, 6, 'Spark', NULL, 'SQL', 4, 'rocks') is 'SQL').
  decode: rule(2, 999, (c, t) => {
    if (c.args.length === 2) {
      const cs = t.stringArg(1)?.toUpperCase().replace(/[-_]/g, '');
      if (cs === 'UTF8') return t.out('decode(', c.args[0], ')');
      return t.fail('WEIR4005', 'decode(bin, charset) is supported for UTF-8 only', 'convert the bytes with decode(x, \'UTF-8\')');
    }
    const parts: Part[] = ['CASE'];
    let i = 1;
    for (; i + 1 < c.args.length; i += 2) parts.push(' WHEN (', c.args[0], ') IS NOT DISTINCT FROM (', c.args[i], ') THEN ', c.args[i + 1]);
    if (i < c.args.length) parts.push(' ELSE ', c.args[i]);
    parts.push(' END');
    return t.out(...parts);
  }),
  // if(cond, a, b): DuckDB has `if` too, but CASE keeps NULL conditions → else branch explicit.
  if: rule(3, 3, (c, t) => t.out('CASE WHEN ', c.args[0], ' THEN ', c.args[1], ' ELSE ', c.args[2], ' END')),
  iff: rule(3, 3, (c, t) => t.out('CASE WHEN ', c.args[0], ' THEN ', c.args[1], ' ELSE ', c.args[2], ' END')),
  // raise_error(msg) fails the query with the message (its value, never returned, is NULL).
  raise_error: rule(1, 1, (c, t) => t.out('error(', c.args[0], ')')),
  equal_null: rule(2, 2, (c, t) => t.out('((', c.args[0], ') IS NOT DISTINCT FROM (', c.args[1], '))')),
  zeroifnull: rule(1, 1, (c, t) => t.out('coalesce(', c.args[0], ', 0)')),
  nullifzero: rule(1, 1, (c, t) => t.out('nullif(', c.args[0], ', 0)')),
  nanvl: rule(2, 2, (c, t) => t.out('CASE WHEN isnan(', c.args[0], ') THEN ', c.args[1], ' ELSE ', c.args[0], ' END')),
};
