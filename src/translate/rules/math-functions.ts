import type { Call, Part, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { zonedLiteralArg } from '../literals.js';
import { sparkCast } from '../spark-casts.js';
import { TRUNCATING_CASTS, castOperandKind, truncatingCast, truncatingDiv } from '../spark-arithmetic.js';

/** Numeric, hash and cast-like functions whose DuckDB namesake differs or is missing. */
function sha2(c: Call, t: RuleTools): Piece[] {
  const bits = t.intArg(1);
  if (bits === 256 || bits === 0) return t.out('sha256(', c.args[0], ')');
  return t.fail('WEIR4005', `sha2 with ${bits ?? 'a non-constant'} bits has no DuckDB equivalent (DuckDB has SHA-256 and SHA-1)`,
    'use sha2(x, 256)', t.argRange(1));
}

function cast(type: string) {
  // Spark's int() / bigint() / smallint() / tinyint() truncate toward zero; DuckDB's casts round (spark-arithmetic.ts).
  // string(b) decodes BINARY, boolean(' true ') trims, ... (spark-casts.ts).
  // NULL for a value that does not convert, as Spark's CAST without ANSI mode.
  return (c: Call, t: RuleTools): Piece[] => t.out(...(sparkCast(c.args[0], type, c.argTokens[0])
    ?? (TRUNCATING_CASTS.has(type) ? truncatingCast(c.args[0], type, 'TRY_CAST', castOperandKind(c.argTokens[0])) : ['TRY_CAST(', c.args[0], ` AS ${type})`])));
}

/** Spark's logarithms are NULL for an argument <= 0 (DuckDB raises an error and aborts the query). */
function positiveLog(fn: string) {
  return (c: Call, t: RuleTools): Piece[] => t.out('CASE WHEN (', c.args[0], `) <= 0 THEN NULL ELSE ${fn}(`, c.args[0], ') END');
}

/** Spark's sqrt / asin / acos are NaN outside their domain (DuckDB raises an error). */
function nanOutside(fn: string, outside: (x: readonly Piece[]) => Part[]) {
  return (c: Call, t: RuleTools): Piece[] => t.out('CASE WHEN ', outside(c.args[0]), ` THEN CAST('NaN' AS DOUBLE) ELSE ${fn}(`, c.args[0], ') END');
}
const outsideUnit = (x: readonly Piece[]): Part[] => ['(', x, ') < -1 OR (', x, ') > 1'];

/**
 * ceil / floor return BIGINT in Spark for DOUBLE and integer input (DuckDB keeps DOUBLE: 'x' || ceil(1.2) is
 * 'x2.0' instead of 'x2'). A DECIMAL argument gives DECIMAL(p-s+1, 0) in Spark: the same value as BIGINT.
 */
function integral(fn: string) {
  return (c: Call, t: RuleTools): Piece[] => {
    if (c.args.length === 2) return t.fail('WEIR4005', `${c.name} with a scale is not translated`, `round to the scale first: ${fn}(x * 100) / 100`, t.argRange(1));
    return t.out(`CAST(${fn}(`, c.args[0], ') AS BIGINT)');
  };
}

export const MATH_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  sha2: rule(2, 2, sha2),
  sha: rule(1, 1, (c, t) => t.out('sha1(', c.args[0], ')')),
  // Spark log(x) is natural; log(base, x) agrees with DuckDB's; both NULL for a non-positive argument or base.
  log: rule(1, 2, (c, t) => c.args.length === 1 ? positiveLog('ln')(c, t)
    : t.out('CASE WHEN (', c.args[0], ') <= 0 OR (', c.args[1], ') <= 0 THEN NULL ELSE log(', t.list(), ') END')),
  ln: rule(1, 1, positiveLog('ln')),
  log10: rule(1, 1, positiveLog('log10')),
  log2: rule(1, 1, positiveLog('log2')),
  sqrt: rule(1, 1, nanOutside('sqrt', (x) => ['(', x, ') < 0'])),
  asin: rule(1, 1, nanOutside('asin', outsideUnit)),
  acos: rule(1, 1, nanOutside('acos', outsideUnit)),
  // Spark's cot is 1 / tan(x): Infinity at 0 (DuckDB raises an error).
  cot: rule(1, 1, (c, t) => t.out('CASE WHEN (', c.args[0], ") = 0 THEN CAST('Infinity' AS DOUBLE) ELSE cot(", c.args[0], ') END')),
  ceil: rule(1, 2, integral('ceil')),
  ceiling: rule(1, 2, integral('ceil')),
  floor: rule(1, 2, integral('floor')),
  // div(a, b), the function form of `a div b`.
  div: rule(2, 2, (c, t) => t.out(...truncatingDiv(c.args[0], c.args[1]))),
  // Spark: r = a % n; r < 0 ? (r + n) % n : r (so pmod(7, -3) = 1). Both engines' % truncate toward zero.
  pmod: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[0], ') % (', c.args[1], ') < 0 THEN ((', c.args[0], ') % (', c.args[1], ') + (',
    c.args[1], ')) % (', c.args[1], ') ELSE (', c.args[0], ') % (', c.args[1], ') END')),
  bround: rule(1, 2, (c, t) => t.out('round_even(', c.args[0], ', ', c.args.length === 2 ? c.args[1] : '0', ')')),
  positive: rule(1, 1, (c, t) => t.out('(+', c.args[0], ')')),
  negative: rule(1, 1, (c, t) => t.out('(-', c.args[0], ')')),
  percentile: rule(2, 2, (c, t) => t.out('quantile_cont(', t.list(), ')')),
  // Spark's percentile_approx is the smallest value whose rank reaches the percentage (a GK sketch, exact up to
  // 1/accuracy); DuckDB's approx_quantile (t-digest) interpolates. quantile_disc is the exact rank, which Spark's
  // sketch returns for groups smaller than its accuracy (10000 by default).
  percentile_approx: rule(2, 3, (c, t) => t.out('quantile_disc(', c.args[0], ', ', c.args[1], ')')),
  approx_percentile: rule(2, 3, (c, t) => t.out('quantile_disc(', c.args[0], ', ', c.args[1], ')')),
  // Spark's shift functions are its << and >> operators (same in DuckDB, which fails on overflow where Java wraps).
  shiftleft: rule(2, 2, (c, t) => t.out('(', c.args[0], ' << ', c.args[1], ')')),
  shiftright: rule(2, 2, (c, t) => t.out('(', c.args[0], ' >> ', c.args[1], ')')),
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
  timestamp: rule(1, 1, (c, t) => { const z = zonedLiteralArg(c.argTokens[0]); return z ? t.out(z) : cast('TIMESTAMP')(c, t); }),
  binary: rule(1, 1, cast('BLOB')),
  decimal: rule(1, 1, cast('DECIMAL(10, 0)')),
  signum: rule(1, 1, (c, t) => t.out('sign(', c.args[0], ')')),
  // Spark: defined for 0..20 (a BIGINT), NULL otherwise (DuckDB's HUGEINT goes further and fails below 0).
  factorial: rule(1, 1, (c, t) => t.out('CASE WHEN (', c.args[0], ') BETWEEN 0 AND 20 THEN CAST(factorial(CAST(', c.args[0], ' AS INTEGER)) AS BIGINT) END')),
  e: rule(0, 0, (c, t) => t.out('exp(1)')),
  // Random values cannot match Spark's anyway; the seed is not honoured.
  rand: rule(0, 1, (c, t) => t.out('random()')),
  try_divide: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[1], ') = 0 THEN NULL ELSE (', c.args[0], ') / (', c.args[1], ') END')),
  every: rule(1, 1, (c, t) => t.out('bool_and(', c.args[0], ')')),
  approx_count_distinct: rule(1, 2, (c, t) => t.out('approx_count_distinct(', c.args[0], ')')),
  // Spark computes these as 1 / Math.cos and 1 / Math.sin; Math.rint rounds half to even and returns a DOUBLE.
  sec: rule(1, 1, (c, t) => t.out('(1 / cos(', c.args[0], '))')),
  csc: rule(1, 1, (c, t) => t.out('(1 / sin(', c.args[0], '))')),
  rint: rule(1, 1, (c, t) => t.out('round_even(CAST(', c.args[0], ' AS DOUBLE), 0)')),
  // bit_get(x, pos): the bit at pos (0 = least significant) as a TINYINT.
  bit_get: rule(2, 2, (c, t) => t.out('CAST(((', c.args[0], ') >> (', c.args[1], ')) & 1 AS TINYINT)')),
  getbit: rule(2, 2, (c, t) => t.out('CAST(((', c.args[0], ') >> (', c.args[1], ')) & 1 AS TINYINT)')),
  // std is Spark's alias of stddev (the sample standard deviation).
  std: rule(1, 1, (c, t) => t.out('stddev_samp(', c.args[0], ')')),
  input_file_name: rule(0, 0, (c, t) => { t.cx.usesFileName = true; return t.out('filename'); }),
};
