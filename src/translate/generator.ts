import { quoteIdent } from '../model/relations.js';
import type { Piece } from './pieces.js';

/**
 * Spark's generators explode / posexplode (and their _outer forms) as DuckDB select items over unnest, shared
 * by `LATERAL VIEW` and the select list. Each output column unnests one list; DuckDB zips the unnests of one
 * SELECT, so the columns stay aligned. Whether the argument is an ARRAY or a MAP is known only from the number
 * of column names (Spark requires one name per output column): explode gives `col` (array) or `key`, `value`
 * (map), posexplode adds `pos` (INT, from 0) in front.
 */
export interface Generator {
  readonly kind: 'explode' | 'posexplode';
  /** The _outer form: a row of NULLs for an empty or NULL collection. */
  readonly outer: boolean;
}

export function generatorOf(name: string): Generator | undefined {
  switch (name.toLowerCase()) {
    case 'explode': return { kind: 'explode', outer: false };
    case 'explode_outer': return { kind: 'explode', outer: true };
    case 'posexplode': return { kind: 'posexplode', outer: false };
    case 'posexplode_outer': return { kind: 'posexplode', outer: true };
    default: return undefined;
  }
}

/** Spark's column names when none are given (the array form: the map form needs names to be recognised). */
export function defaultGeneratorNames(gen: Generator): string[] {
  return gen.kind === 'explode' ? ['col'] : ['pos', 'col'];
}

/**
 * The select items (`unnest(...) AS "name", ...`) for `names`, or an error message when the count fits neither
 * form. `outerRows`: give the NULL row of an _outer generator here (the select list); LATERAL VIEW OUTER gets
 * it from its LEFT JOIN instead.
 */
export function generatorItems(
  gen: Generator, arg: readonly Piece[], names: readonly string[], outerRows: boolean, g: (text: string) => Piece,
): Piece[] | string {
  const fn = gen.kind + (gen.outer ? '_outer' : '');
  const arrayCols = gen.kind === 'explode' ? 1 : 2;
  if (names.length !== arrayCols && names.length !== arrayCols + 1) {
    return `${fn} produces ${arrayCols} column${arrayCols > 1 ? 's' : ''} for an array or ${arrayCols + 1} for a map; ${names.length} name${names.length === 1 ? ' was' : 's were'} given`;
  }
  const map = names.length === arrayCols + 1;
  const lists: (readonly Piece[])[] = [];
  const wrap = (pre: string, post: string): Piece[] => [g(pre), ...arg, g(post)];
  if (gen.kind === 'posexplode') lists.push(wrap(map ? 'range(len(map_keys(' : 'range(len(', map ? ')))' : '))'));
  if (map) lists.push(wrap('map_keys(', ')'), wrap('map_values(', ')'));
  else lists.push(arg);
  const out: Piece[] = [];
  lists.forEach((list, k) => {
    const pos = gen.kind === 'posexplode' && k === 0;
    if (k > 0) out.push(g(', '));
    out.push(g(`${pos ? 'CAST(' : ''}unnest(${outerRows && gen.outer ? 'coalesce(nullif(' : ''}`), ...list,
      g(`${outerRows && gen.outer ? ', []), [NULL])' : ''})${pos ? ' AS INTEGER)' : ''} AS ${quoteIdent(names[k])}`));
  });
  return out;
}
