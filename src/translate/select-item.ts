import type { Token } from '../model/token.js';
import { readJsonPath } from './json-path-syntax.js';

/**
 * Select-list positions, for constructs whose translation depends on being a whole select item (Spark's
 * generators: `SELECT id, explode(tags) FROM t` names its column `col`, `posexplode` gives two columns).
 */

/** Keywords that end a clause before a select list could be reached walking backwards. */
const NOT_SELECT_LIST = new Set([
  'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'ON', 'USING', 'JOIN', 'WINDOW', 'QUALIFY', 'VALUES',
  'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'BY', 'WHEN', 'THEN', 'ELSE', 'CASE', 'AND', 'OR', 'NOT', 'IN', 'IS', 'LIKE', 'BETWEEN',
]);

/** True when the expression starting at token `i` starts a select item: right after SELECT [DISTINCT|ALL] or a select-list comma. */
export function startsSelectItem(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (!prev) return false;
  const isKw = (t: Token | undefined, ...kws: string[]): boolean => t?.kind === 'ident' && kws.includes(t.upper);
  if (isKw(prev, 'SELECT')) return true;
  if (isKw(prev, 'DISTINCT', 'ALL')) return isKw(tokens[i - 2], 'SELECT');
  if (prev.kind !== 'op' || prev.text !== ',') return false;
  let depth = 0;
  for (let j = i - 2; j >= 0; j--) {
    const t = tokens[j];
    if (t.kind === 'op' && t.text === ')') depth++;
    else if (t.kind === 'op' && t.text === '(') { if (depth === 0) return false; depth--; }
    else if (depth === 0 && t.kind === 'ident') {
      if (t.upper === 'SELECT') return true;
      if (NOT_SELECT_LIST.has(t.upper)) return false;
    }
  }
  return false;
}

/**
 * The alias after a select item's expression ending at token `end` (inclusive): none, one name (`AS n` or
 * `n`), or a name list (`AS (a, b)`, Spark's form for generators); `last` is the alias's last token (`end`
 * when there is none). `undefined` when the item does not end there (an operator or anything else follows).
 */
export function selectItemAlias(tokens: readonly Token[], end: number): { names: string[]; last: number } | undefined {
  let k = end + 1;
  const t = tokens[k];
  if (!t || t.kind === 'eof' || t.kind === 'cell' || (t.kind === 'op' && (t.text === ',' || t.text === ')' || t.text === ';'))) return { names: [], last: end };
  if (t.kind === 'ident' && t.upper === 'FROM') return { names: [], last: end };
  const hasAs = t.kind === 'ident' && t.upper === 'AS';
  if (hasAs) k++;
  const n = tokens[k];
  if (n?.kind === 'op' && n.text === '(') {
    const names: string[] = [];
    for (let j = k + 1; ; j += 2) {
      const name = tokens[j];
      if (!name || (name.kind !== 'ident' && name.kind !== 'quoted-ident')) return undefined;
      names.push(name.value);
      const sep = tokens[j + 1];
      if (sep?.text === ')') return { names, last: j + 1 };
      if (sep?.text !== ',') return undefined;
    }
  }
  if (n && (n.kind === 'quoted-ident' || (n.kind === 'ident' && (hasAs || !['FROM', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT'].includes(n.upper))))) {
    const after = tokens[k + 1];
    if (!after || after.kind === 'eof' || after.text === ',' || after.text === ')' || after.text === ';' || (after.kind === 'ident' && after.upper === 'FROM')) {
      return { names: [n.value], last: k };
    }
  }
  return undefined;
}

/** A select list's bare `*` (not `t.*`, `count(*)` or a product). */
function isSelectStar(tokens: readonly Token[], i: number, lo: number): boolean {
  const prev = i > lo ? tokens[i - 1] : undefined;
  const next = tokens[i + 1];
  const afterList = prev !== undefined && (prev.text === ',' || (prev.kind === 'ident' && ['SELECT', 'DISTINCT', 'ALL'].includes(prev.upper)));
  return afterList && (next === undefined || next.kind === 'eof' || next.text === ',' || next.text === ')' ||
    (next.kind === 'ident' && ['FROM', 'EXCEPT'].includes(next.upper)));
}

/**
 * The column's name when tokens `start`..`end` are a whole select item without an alias that casts the column
 * at tokens `from`..`to` (exclusive): `CAST(col AS T)`, `col::T`. Spark names such an item after the column
 * (Analyzer.ResolveAliases: `CAST(o.amount AS INT)` is `amount`); DuckDB after the whole expression.
 */
export function columnItemName(tokens: readonly Token[], start: number, from: number, to: number, end: number = to): string | undefined {
  if (!startsSelectItem(tokens, start) || selectItemAlias(tokens, end)?.names.length !== 0) return undefined;
  // `raw:a.b` (a JSON path, json-path.ts): named after the path's last field.
  const colon = tokens.slice(from, to).findIndex((t) => t.kind === 'op' && t.text === ':');
  const path = colon > 0 ? readJsonPath(tokens, from + colon + 1, to) : undefined;
  if (colon > 0 && (path?.last !== to - 1 || path.lastField === undefined)) return undefined;
  const operand = tokens.slice(from, colon > 0 ? from + colon : to);
  const name = (t: Token | undefined): boolean => t !== undefined && (t.kind === 'ident' || t.kind === 'quoted-ident');
  if (operand.length % 2 === 0 || !operand.every((t, k) => (k % 2 === 0 ? name(t) : t.text === '.'))) return undefined;
  return path?.lastField ?? operand[operand.length - 1].value;
}

/**
 * A select list's bare `*` over a file source that carries `filename` for input_file_name() (file-reader.ts):
 * Spark's `*` has no such column, so `*` → `* EXCLUDE (filename)`, `* EXCEPT (a` → `* EXCLUDE (filename, a`. The
 * replacement text for tokens i..last, or undefined when the `*` is something else.
 */
export function starWithoutFileName(tokens: readonly Token[], i: number, lo: number): { text: string; last: number } | undefined {
  if (!isSelectStar(tokens, i, lo)) return undefined;
  const next = tokens[i + 1];
  if (next?.kind === 'ident' && next.upper === 'EXCEPT' && tokens[i + 2]?.text === '(') return { text: '* EXCLUDE (filename, ', last: i + 2 };
  return { text: '* EXCLUDE (filename)', last: i };
}

