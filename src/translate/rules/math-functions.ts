import type { Call, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';

/** Numeric, hash and cast-like functions whose DuckDB namesake differs or is missing. */
function sha2(c: Call, t: RuleTools): Piece[] {
  const bits = t.intArg(1);
  if (bits === 256 || bits === 0) return t.out('sha256(', c.args[0], ')');
  return t.fail('WEIR4005', `sha2 with ${bits ?? 'a non-constant'} bits has no DuckDB equivalent (DuckDB has SHA-256 and SHA-1)`,
    'use sha2(x, 256)', t.argRange(1));
}

function ignoreNulls(c: Call, t: RuleTools): boolean {
  return c.args.length === 2 && c.argTokens[1].map((x) => x.text.toUpperCase()).join('') === 'TRUE';
}

function cast(type: string) {
  return (c: Call, t: RuleTools): Piece[] => t.out('CAST(', c.args[0], ` AS ${type})`);
}

export const MATH_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  sha2: rule(2, 2, sha2),
  sha: rule(1, 1, (c, t) => t.out('sha1(', c.args[0], ')')),
  // Spark log(x) is natural; log(base, x) agrees with DuckDB.
  log: rule(1, 2, (c, t) => c.args.length === 1 ? t.out('ln(', c.args[0], ')') : t.out('log(', t.list(), ')')),
  pmod: rule(2, 2, (c, t) => t.out('(((', c.args[0], ') % (', c.args[1], ') + (', c.args[1], ')) % (', c.args[1], '))')),
  bround: rule(1, 2, (c, t) => t.out('round_even(', c.args[0], ', ', c.args.length === 2 ? c.args[1] : '0', ')')),
  positive: rule(1, 1, (c, t) => t.out('(+', c.args[0], ')')),
  negative: rule(1, 1, (c, t) => t.out('(-', c.args[0], ')')),
  percentile: rule(2, 2, (c, t) => t.out('quantile_cont(', t.list(), ')')),
  percentile_approx: rule(2, 3, (c, t) => t.out('approx_quantile(', c.args[0], ', ', c.args[1], ')')),
  approx_percentile: rule(2, 3, (c, t) => t.out('approx_quantile(', c.args[0], ', ', c.args[1], ')')),
  max_by: rule(2, 2, (c, t) => t.out('arg_max(', t.list(), ')')),
  min_by: rule(2, 2, (c, t) => t.out('arg_min(', t.list(), ')')),
  string: rule(1, 1, cast('VARCHAR')),
  int: rule(1, 1, cast('INTEGER')),
  bigint: rule(1, 1, cast('BIGINT')),
  smallint: rule(1, 1, cast('SMALLINT')),
  tinyint: rule(1, 1, cast('TINYINT')),
  double: rule(1, 1, cast('DOUBLE')),
  float: rule(1, 1, cast('REAL')),
  boolean: rule(1, 1, cast('BOOLEAN')),
  date: rule(1, 1, cast('DATE')),
  timestamp: rule(1, 1, cast('TIMESTAMP')),
  binary: rule(1, 1, cast('BLOB')),
  decimal: rule(1, 1, cast('DECIMAL(10, 0)')),
  signum: rule(1, 1, (c, t) => t.out('sign(', c.args[0], ')')),
  e: rule(0, 0, (c, t) => t.out('exp(1)')),
  // Random values cannot match Spark's anyway; the seed is not honoured.
  rand: rule(0, 1, (c, t) => t.out('random()')),
  try_divide: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[1], ') = 0 THEN NULL ELSE (', c.args[0], ') / (', c.args[1], ') END')),
  every: rule(1, 1, (c, t) => t.out('bool_and(', c.args[0], ')')),
  // first(x, true) / last(x, true) skip NULLs (Spark's ignoreNulls argument).
  first: rule(1, 2, (c, t) => ignoreNulls(c, t) ? t.out('first(', c.args[0], ') FILTER (WHERE (', c.args[0], ') IS NOT NULL)') : t.out('first(', c.args[0], ')')),
  first_value: rule(1, 2, (c, t) => ignoreNulls(c, t) ? t.out('first_value(', c.args[0], ' IGNORE NULLS)') : t.out('first_value(', c.args[0], ')')),
  last: rule(1, 2, (c, t) => ignoreNulls(c, t) ? t.out('last(', c.args[0], ') FILTER (WHERE (', c.args[0], ') IS NOT NULL)') : t.out('last(', c.args[0], ')')),
  last_value: rule(1, 2, (c, t) => ignoreNulls(c, t) ? t.out('last_value(', c.args[0], ' IGNORE NULLS)') : t.out('last_value(', c.args[0], ')')),
  approx_count_distinct: rule(1, 2, (c, t) => t.out('approx_count_distinct(', c.args[0], ')')),
  input_file_name: rule(0, 0, (c, t) => { t.cx.usesFileName = true; return t.out('filename'); }),
};
