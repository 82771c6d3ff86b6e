import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';

/**
 * Whether an argument is an ARRAY or a MAP when that can be seen from its text alone (translation has no
 * column types): the whole argument is one call of a Spark function that always returns one. Rules whose
 * DuckDB form depends on the type (reverse, size, concat_ws) use it; a column reference is not recognised.
 */
const ARRAY_FUNCTIONS = new Set([
  'array', 'collect_list', 'collect_set', 'array_agg', 'split', 'sort_array', 'array_sort', 'slice', 'sequence', 'map_keys',
  'map_values', 'filter', 'transform', 'flatten', 'array_distinct', 'array_union', 'array_intersect', 'array_except',
  'array_remove', 'array_compact', 'array_repeat', 'array_append', 'array_prepend', 'array_insert', 'regexp_extract_all',
  'shuffle', 'sentences', 'zip_with', 'arrays_zip', 'map_entries',
]);

const MAP_FUNCTIONS = new Set(['map', 'map_from_arrays', 'map_from_entries', 'str_to_map', 'map_concat', 'map_filter', 'transform_keys', 'transform_values', 'map_zip_with']);

function wholeCallOf(tokens: readonly Token[], names: ReadonlySet<string>): boolean {
  if (tokens.length < 3 || tokens[0].kind !== 'ident' || tokens[1].text !== '(') return false;
  return names.has(tokens[0].value.toLowerCase()) && skipParens(tokens, 1) === tokens.length - 1;
}

export function isArrayExpression(tokens: readonly Token[]): boolean {
  return wholeCallOf(tokens, ARRAY_FUNCTIONS);
}

/** Whether the `)` at `close` ends a call of a function that returns an ARRAY (`split(s, ',')` in `split(s, ',')[1]`). */
export function isArrayCallEndingAt(tokens: readonly Token[], close: number): boolean {
  let d = 0;
  for (let j = close; j >= 0; j--) {
    if (tokens[j].text === ')') d++;
    else if (tokens[j].text === '(' && --d === 0) {
      const name = tokens[j - 1];
      return name !== undefined && name.kind === 'ident' && ARRAY_FUNCTIONS.has(name.value.toLowerCase());
    }
  }
  return false;
}

export function isMapExpression(tokens: readonly Token[]): boolean {
  return wholeCallOf(tokens, MAP_FUNCTIONS);
}
