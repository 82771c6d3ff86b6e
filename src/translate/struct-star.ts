import { quoteIdent } from '../model/relations.js';
import type { AheadRule } from './ahead-rule.js';
import { generated } from './pieces.js';
import { startsSelectItem } from './select-item.js';

/**
 * `SELECT json.payload.after.*`: Spark expands the fields of a nested struct; DuckDB parses `x.*` for one level
 * only, and `unnest(struct)` in a select list gives its fields as columns. A chain of three or more names ending
 * in `.*` that is a whole select item becomes `unnest(a.b.c)` (two names, `t.*` / `s.*`, stay as written: a
 * table's or a top-level struct's star, which DuckDB reads).
 */
export const STRUCT_STAR: AheadRule = {
  gate: /\.\s*\*/,
  at(cx, i, hi) {
    const tk = cx.tokens;
    const names: string[] = [];
    let k = i;
    while (k + 1 < hi && (tk[k].kind === 'ident' || tk[k].kind === 'quoted-ident') && tk[k + 1].text === '.') {
      names.push(tk[k].kind === 'quoted-ident' ? quoteIdent(tk[k].value) : tk[k].text);
      k += 2;
    }
    // The chain first (cheap); whether it is a whole select item (a backward scan) only for a chain that qualifies.
    if (names.length < 3 || tk[k]?.text !== '*' || !startsSelectItem(tk, i)) return undefined;
    return { pieces: [generated(`unnest(${names.join('.')})`, tk[i].start, tk[k].end)], end: k + 1 };
  },
};
