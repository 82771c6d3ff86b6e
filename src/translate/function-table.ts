import type { RuleEntry } from './function-rule.js';
import { AGGREGATE_FUNCTIONS } from './rules/aggregate-functions.js';
import { COLLECTION_FUNCTIONS } from './rules/collection-functions.js';
import { DATE_FUNCTIONS } from './rules/date-functions.js';
import { MATH_FUNCTIONS } from './rules/math-functions.js';
import { NULL_FUNCTIONS } from './rules/null-functions.js';
import { STRING_FUNCTIONS } from './rules/string-functions.js';
import { HIGHER_ORDER_FUNCTIONS } from './rules/higher-order-functions.js';
import { FROM_JSON_FUNCTIONS, VARIANT_FUNCTIONS } from './rules/json-functions.js';

/**
 * Spark built-in functions, classified:
 * - mapped: a rule rewrites the call (rules/*.ts);
 * - passthrough: DuckDB has a function of that name with the same result;
 * - refused: no faithful DuckDB equivalent: an error at the call, with a hint.
 * Anything else that DuckDB knows passes through unclassified; anything neither knows is an error.
 */
export const MAPPED_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  ...NULL_FUNCTIONS, ...AGGREGATE_FUNCTIONS, ...DATE_FUNCTIONS, ...STRING_FUNCTIONS, ...COLLECTION_FUNCTIONS, ...HIGHER_ORDER_FUNCTIONS, ...MATH_FUNCTIONS, ...FROM_JSON_FUNCTIONS, ...VARIANT_FUNCTIONS,
};

export const PASSTHROUGH_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregates and windows
  'sum', 'avg', 'mean', 'min', 'max', 'nth_value', 'any_value',
  // `percentile_cont(p) WITHIN GROUP (ORDER BY x)`: DuckDB's parser reads the same syntax.
  'percentile_cont', 'percentile_disc',
  'count_if', 'bool_and', 'bool_or', 'stddev', 'stddev_samp', 'stddev_pop', 'variance',
  'var_samp', 'var_pop', 'corr', 'covar_pop', 'covar_samp', 'median', 'mode',
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'grouping',
  'bit_and', 'bit_or', 'bit_xor', 'regr_slope', 'regr_intercept', 'regr_count', 'regr_r2',
  // conditional / null
  'coalesce', 'nullif', 'greatest', 'least',
  // strings
  'upper', 'lower', 'length', 'repeat',
  'instr', 'ascii', 'split_part', 'md5', 'sha1', 'hex', 'unhex', 'starts_with', 'ends_with',
  'contains', 'translate', 'levenshtein', 'bit_length',
  'uuid', 'like', 'ilike',
  // numbers
  'abs', 'round', 'cbrt', 'exp', 'pow', 'power', 'sign',
  'mod', 'sin', 'cos', 'tan', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'degrees', 'radians',
  'pi', 'random', 'isnan', 'bit_count', 'gcd', 'lcm', 
  // dates
  'make_date', 'make_timestamp',
  // collections
  'array_reverse', 'map_concat', 'map_entries', 'unnest', 'range', 'cube', 'rollup',
  'acosh', 'asinh', 'atanh', 'bin', 'len', 'current_schema', 'map_from_entries', 'regr_avgx',
  'regr_avgy', 'regr_sxx', 'regr_sxy', 'regr_syy',
  // casts
  'try_cast', 'cast',
]);

export const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  is_member: 'workspace group membership does not exist locally; use a configuration value (${key}) instead',
  is_account_group_member: 'account group membership does not exist locally; use a configuration value (${key}) instead',
  aes_encrypt: 'DuckDB has no AES; encrypt outside the pipeline or drop the column',
  aes_decrypt: 'DuckDB has no AES; decrypt outside the pipeline',
  try_aes_decrypt: 'DuckDB has no AES; decrypt outside the pipeline',
  secret: 'Databricks secrets are not available locally; pass the value with --conf',
  current_user: 'there is no workspace user locally; pass it with --conf user=... and ${user}',
  session_user: 'there is no workspace user locally; pass it with --conf user=... and ${user}',
  current_catalog: 'write the catalog name or use ${catalog}',
  hash: "Spark's murmur3 hash differs from DuckDB's hash: results would not match",
  xxhash64: "DuckDB has no xxhash64; DuckDB's hash() gives different values",
  crc32: 'DuckDB has no crc32 built in',
  monotonically_increasing_id: 'the ids depend on Spark partitions; use row_number() OVER (ORDER BY ...)',
  spark_partition_id: 'there are no Spark partitions',
  typeof: "type names differ between Spark and DuckDB ('int' vs 'INTEGER')",
  schema_of_json: 'no DuckDB equivalent',
  format_number: 'no DuckDB equivalent with the same rounding and grouping; use printf',
  inline: 'no DuckDB equivalent; unnest the structs with a macro',
  inline_outer: 'no DuckDB equivalent',
  stack: 'no DuckDB equivalent; use UNION ALL',
  java_method: 'no JVM', reflect: 'no JVM',
  input_file_block_start: 'no file blocks in DuckDB', input_file_block_length: 'no file blocks in DuckDB',
  window: 'time windows: use time_bucket / date_trunc',
  session_window: 'no DuckDB equivalent',
  current_version: 'no Databricks runtime locally',
  encode: "DuckDB's encode() takes no charset; use CAST(s AS BLOB) for UTF-8",
  to_binary: 'use unhex(s) or from_base64(s) for the format you need',
  version: 'there is no Spark version locally',
  current_database: 'write the schema name or use ${schema}',
  uniform: 'random values differ', randn: 'random values differ; use random()',
};

/** Prefixes refused as a family: Databricks AI functions (`ai_query`, `ai_classify`, ...). */
export const REFUSED_PREFIXES: readonly { prefix: string; hint: string }[] = [
  { prefix: 'ai_', hint: 'AI functions call Databricks model serving; compute the column outside the pipeline or stub it in a macro' },
  { prefix: 'vector_search', hint: 'vector search needs Databricks' },
  { prefix: 'http_request', hint: 'no network access from pipelines' },
];

export type FunctionClass = 'mapped' | 'passthrough' | 'refused' | 'unknown';

export function refusedHint(name: string): string | undefined {
  if (REFUSED_FUNCTIONS[name] !== undefined) return REFUSED_FUNCTIONS[name];
  return REFUSED_PREFIXES.find((p) => name.startsWith(p.prefix))?.hint;
}

export function classifyFunction(name: string): FunctionClass {
  const n = name.toLowerCase();
  if (refusedHint(n) !== undefined) return 'refused';
  if (MAPPED_FUNCTIONS[n]) return 'mapped';
  if (PASSTHROUGH_FUNCTIONS.has(n)) return 'passthrough';
  return 'unknown';
}
