import type { Call, Part, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';

/**
 * Arrays, maps and structs. Spark's collect_list / collect_set skip NULLs and give [] over no rows (DuckDB's
 * list() keeps NULLs and gives NULL); size(NULL) is -1 (Spark's legacy default, spark.sql.legacy.sizeOfNull).
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

function collect(distinct: boolean) {
  return (c: Call, t: RuleTools): Piece[] => {
    const toks = c.argTokens[0];
    const already = toks[0]?.kind === 'ident' && toks[0].upper === 'DISTINCT';
    const arg = already ? c.args[0].slice(1) : c.args[0];
    const d = distinct || already ? 'DISTINCT ' : '';
    return t.out('coalesce(list(', d, arg, ') FILTER (WHERE (', arg, ') IS NOT NULL), [])');
  };
}

export const COLLECTION_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  size: rule(1, 1, (c, t) => t.out('coalesce(len(', c.args[0], '), -1)')),
  cardinality: rule(1, 1, (c, t) => t.out('coalesce(len(', c.args[0], '), -1)')),
  array_size: rule(1, 1, (c, t) => t.out('len(', c.args[0], ')')),
  array_contains: rule(2, 2, (c, t) => t.out('list_contains(', t.list(), ')')),
  array: rule(0, 999, (c, t) => t.out('list_value(', t.list(), ')')),
  explode: rule(1, 1, (c, t) => t.out('unnest(', c.args[0], ')')),
  collect_list: rule(1, 1, collect(false)),
  array_agg: rule(1, 1, collect(false)),
  collect_set: rule(1, 1, collect(true)),
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
  array_sort: rule(1, 1, (c, t) => t.out('list_sort(', c.args[0], ", 'ASC', 'NULLS LAST')")),
  element_at: rule(2, 2, (c, t) => t.out('(', c.args[0], ')[', c.args[1], ']')),
  map_keys: rule(1, 1, (c, t) => t.out('map_keys(', c.args[0], ')')),
  map_values: rule(1, 1, (c, t) => t.out('map_values(', c.args[0], ')')),
  transform: rule(2, 2, (c, t) => t.out('list_transform(', t.list(), ')')),
  filter: rule(2, 2, (c, t) => t.out('list_filter(', t.list(), ')')),
  array_min: rule(1, 1, (c, t) => t.out('list_min(', c.args[0], ')')),
  array_max: rule(1, 1, (c, t) => t.out('list_max(', c.args[0], ')')),
  array_position: rule(2, 2, (c, t) => t.out('coalesce(list_position(', t.list(), '), 0)')),
  arrays_overlap: rule(2, 2, (c, t) => t.out('list_has_any(', t.list(), ')')),
  array_union: rule(2, 2, (c, t) => t.out('list_distinct(list_concat(', t.list(), '))')),
  array_intersect: rule(2, 2, (c, t) => t.out('list_intersect(', t.list(), ')')),
  // Spark keeps NULL elements when removing a non-NULL value.
  array_remove: rule(2, 2, (c, t) => t.out('list_filter(', c.args[0], ', _x -> _x IS DISTINCT FROM (', c.args[1], '))')),
  array_compact: rule(1, 1, (c, t) => t.out('list_filter(', c.args[0], ', _x -> _x IS NOT NULL)')),
  map_from_arrays: rule(2, 2, (c, t) => t.out('map(', t.list(), ')')),
  // Both ends inclusive in both engines.
  sequence: rule(2, 3, (c, t) => t.out('generate_series(', t.list(), ')')),
  slice: rule(3, 3, (c, t) => t.out('list_slice(', c.args[0], ', ', c.args[1], ', (', c.args[1], ') + (', c.args[2], ') - 1)')),
};
