import { isArrayExpression, isMapExpression } from '../collection-syntax.js';
import type { Call, Part, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { sequence } from './sequence.js';

/**
 * Arrays, maps and structs. size(NULL) is -1 (Spark's legacy default, spark.sql.legacy.sizeOfNull).
 */
function structFields(c: Call, t: RuleTools): Piece[] {
  // Spark names a field after a column argument, else colN.
  const fields: Part[] = [];
  c.args.forEach((arg, i) => {
    const toks = c.argTokens[i];
    const last = toks[toks.length - 1];
    const alias = c.aliases[i];
    if (alias !== undefined) {
      fields.push(i ? ', ' : '', `"${alias.replace(/"/g, '""')}" := `, arg);
      return;
    }
    const a = arg;
    const simple = toks.every((x) => x.kind === 'ident' || x.kind === 'quoted-ident' || x.text === '.') && last && last.kind !== 'op';
    const name = simple ? last.value : `col${i + 1}`;
    fields.push(i ? ', ' : '', `"${name.replace(/"/g, '""')}" := `, a);
  });
  return t.out('struct_pack(', fields, ')');
}

function namedStruct(c: Call, t: RuleTools): Piece[] {
  if (c.args.length % 2 !== 0) return t.fail('WEIR4005', 'named_struct needs name/value pairs');
  const fields: Part[] = [];
  for (let i = 0; i < c.args.length; i += 2) {
    const name = t.stringArg(i);
    if (name === undefined) return t.fail('WEIR4003', 'named_struct: field names must be string literals', undefined, t.argRange(i));
    fields.push(i ? ', ' : '', `"${name.replace(/"/g, '""')}" := `, c.args[i + 1]);
  }
  return t.out('struct_pack(', fields, ')');
}

function map(c: Call, t: RuleTools): Piece[] {
  if (c.args.length % 2 !== 0) return t.fail('WEIR4005', 'map needs key/value pairs');
  if (c.args.length === 0) return t.out('MAP {}');
  const keys: Part[] = [];
  const values: Part[] = [];
  for (let i = 0; i < c.args.length; i += 2) {
    keys.push(i ? ', ' : '', c.args[i]);
    values.push(i ? ', ' : '', c.args[i + 1]);
  }
  return t.out('map([', keys, '], [', values, '])');
}

/**
 * Spark's set operations on arrays keep the first occurrence of each element, in order, NULL included once
 * (DuckDB's list_distinct drops NULLs and reorders, list_intersect drops NULL). The arguments are bound once
 * (a one-element list) as __weir_ab[1] and __weir_ab[2]; `source` is the list filtered (a lambda-body
 * expression over them) and `keep` an extra condition on its element __weir_x. A NULL array gives NULL
 * (DuckDB's list_concat skips it).
 */
function setOperation(c: Call, t: RuleTools, source: string, keep = ''): Piece[] {
  const nulls = c.args.length === 2 ? '__weir_ab[1] IS NULL OR __weir_ab[2] IS NULL' : '__weir_ab[1] IS NULL';
  return t.out('list_transform([[', t.list(), `]], __weir_ab -> CASE WHEN ${nulls} THEN NULL `,
    `ELSE list_filter(${source}, (__weir_x, __weir_i) -> list_position(${source}, __weir_x) = __weir_i${keep}) END)[1]`);
}

/** size / cardinality: -1 for NULL; DuckDB's len has no MAP overload, so a visible map uses cardinality. */
function size(c: Call, t: RuleTools): Piece[] {
  if (isMapExpression(c.argTokens[0])) return t.out('coalesce(CAST(cardinality(', c.args[0], ') AS INTEGER), -1)');
  return t.out('coalesce(len(', c.args[0], '), -1)');
}

export const COLLECTION_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  size: rule(1, 1, size),
  cardinality: rule(1, 1, size),
  array_size: rule(1, 1, (c, t) => t.out('len(', c.args[0], ')')),
  array_contains: rule(2, 2, (c, t) => t.out('list_contains(', t.list(), ')')),
  array: rule(0, 999, (c, t) => t.out('list_value(', t.list(), ')')),
  // Generators are translated as whole select items (rewrite-tokens.ts) and in LATERAL VIEW; these rules see
  // the other positions, which Spark rejects except for an aliased explode.
  explode: rule(1, 1, (c, t) => t.out('unnest(', c.args[0], ')')),
  explode_outer: rule(1, 1, (c, t) => t.out('unnest(coalesce(nullif(', c.args[0], ', []), [NULL]))')),
  posexplode: rule(1, 1, (c, t) => t.fail('WEIR4001', 'posexplode is translated as a whole select item or in LATERAL VIEW only', 'SELECT posexplode(arr) AS (pos, col) FROM t')),
  posexplode_outer: rule(1, 1, (c, t) => t.fail('WEIR4001', 'posexplode_outer is translated as a whole select item or in LATERAL VIEW only', 'SELECT posexplode_outer(arr) AS (pos, col) FROM t')),
  named_struct: rule(0, 999, namedStruct),
  struct: rule(1, 999, structFields),
  map: rule(0, 999, map),
  array_join: rule(2, 3, (c, t) => c.args.length === 2 ? t.out('array_to_string(', t.list(), ')')
    : t.out('array_to_string(list_transform(', c.args[0], ', x -> coalesce(CAST(x AS VARCHAR), ', c.args[2], ')), ', c.args[1], ')')),
  sort_array: rule(1, 2, (c, t) => {
    const asc = c.args.length === 1 || c.argTokens[1].map((x) => x.upper).join('') !== 'FALSE';
    // Spark: NULLs first ascending, last descending.
    return t.out('list_sort(', c.args[0], asc ? ", 'ASC', 'NULLS FIRST')" : ", 'DESC', 'NULLS LAST')");
  }),
  element_at: rule(2, 2, (c, t) => t.out('(', c.args[0], ')[', c.args[1], ']')),
  try_element_at: rule(2, 2, (c, t) => t.out('(', c.args[0], ')[', c.args[1], ']')),
  // get(array, i): 0-based, NULL outside the array (also for a negative index).
  get: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[1], ') >= 0 THEN (', c.args[0], ')[(', c.args[1], ') + 1] END')),
  map_contains_key: rule(2, 2, (c, t) => t.out('list_contains(map_keys(', c.args[0], '), ', c.args[1], ')')),
  map_keys: rule(1, 1, (c, t) => t.out('map_keys(', c.args[0], ')')),
  map_values: rule(1, 1, (c, t) => t.out('map_values(', c.args[0], ')')),
  array_min: rule(1, 1, (c, t) => t.out('list_min(', c.args[0], ')')),
  array_max: rule(1, 1, (c, t) => t.out('list_max(', c.args[0], ')')),
  array_position: rule(2, 2, (c, t) => t.out('coalesce(list_position(', t.list(), '), 0)')),
  // Spark: true on a common non-NULL element; else NULL when both are non-empty and either holds a NULL; else false.
  arrays_overlap: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[0], ') IS NULL OR (', c.args[1], ') IS NULL THEN NULL WHEN list_has_any(', t.list(),
    ') THEN true WHEN len(', c.args[0], ') > 0 AND len(', c.args[1], ') > 0 AND (list_contains(list_transform(', c.args[0],
    ', __weir_x -> __weir_x IS NULL), true) OR list_contains(list_transform(', c.args[1], ', __weir_x -> __weir_x IS NULL), true)) THEN NULL ELSE false END')),
  // Spark: NULL when an inner array is NULL (DuckDB's flatten skips it).
  flatten: rule(1, 1, (c, t) => t.out('CASE WHEN list_contains(list_transform(', c.args[0], ', __weir_x -> __weir_x IS NULL), true) THEN NULL ELSE flatten(',
    c.args[0], ') END')),
  array_distinct: rule(1, 1, (c, t) => setOperation(c, t, '__weir_ab[1]')),
  array_union: rule(2, 2, (c, t) => setOperation(c, t, 'list_concat(__weir_ab[1], __weir_ab[2])')),
  array_intersect: rule(2, 2, (c, t) => setOperation(c, t, '__weir_ab[1]', ' AND list_position(__weir_ab[2], __weir_x) IS NOT NULL')),
  array_except: rule(2, 2, (c, t) => setOperation(c, t, '__weir_ab[1]', ' AND list_position(__weir_ab[2], __weir_x) IS NULL')),
  // Spark's array_append / array_prepend give NULL for a NULL array (DuckDB's treat it as empty).
  array_append: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[0], ') IS NULL THEN NULL ELSE list_append(', t.list(), ') END')),
  array_prepend: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[0], ') IS NULL THEN NULL ELSE list_prepend(', c.args[1], ', ', c.args[0], ') END')),
  // reverse takes a string or an array in Spark; DuckDB's reverse is for strings, list_reverse for lists.
  reverse: rule(1, 1, (c, t) => t.out(isArrayExpression(c.argTokens[0]) ? 'list_reverse(' : 'reverse(', c.args[0], ')')),
  // Spark keeps NULL elements when removing a non-NULL value.
  array_remove: rule(2, 2, (c, t) => t.out('list_filter(', c.args[0], ', _x -> _x IS DISTINCT FROM (', c.args[1], '))')),
  array_compact: rule(1, 1, (c, t) => t.out('list_filter(', c.args[0], ', _x -> _x IS NOT NULL)')),
  map_from_arrays: rule(2, 2, (c, t) => t.out('map(', t.list(), ')')),
  sequence: rule(2, 3, sequence),
  // A negative start before the first element gives [] in Spark (DuckDB's list_slice clamps it).
  slice: rule(3, 3, (c, t) => t.out('CASE WHEN (', c.args[1], ') < 0 AND -(', c.args[1], ') > len(', c.args[0], ') THEN list_slice(', c.args[0],
    ', 1, 0) ELSE list_slice(', c.args[0], ', ', c.args[1], ', (', c.args[1], ') + (', c.args[2], ') - 1) END')),
};
