import type { Token } from '../model/token.js';
import { quoteIdent } from '../model/relations.js';
import { skipParens } from '../sql/table-refs.js';
import type { AheadRule } from './ahead-rule.js';
import { generated } from './pieces.js';
import type { RewriteContext } from './rewrite-context.js';

/** Keywords that end a GROUP BY list at its nesting level. */
const GROUP_END = new Set(['HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'WINDOW', 'QUALIFY', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'SORT', 'DISTRIBUTE', 'CLUSTER']);

/** The GROUP BY list after `BY` at `from`: its end (exclusive) and a `WITH ROLLUP|CUBE` at that end, if any. */
function groupList(tk: readonly Token[], from: number, hi: number): { end: number; withAt?: number } {
  let j = from;
  while (j < hi && tk[j].kind !== 'eof') {
    const t = tk[j];
    if (t.kind === 'op' && t.text === '(') { j = skipParens(tk, j) + 1; continue; }
    if (t.kind === 'op' && (t.text === ')' || t.text === ';')) break;
    if (t.kind === 'ident' && GROUP_END.has(t.upper)) break;
    if (t.kind === 'ident' && t.upper === 'WITH' && tk[j + 1]?.kind === 'ident' && (tk[j + 1].upper === 'ROLLUP' || tk[j + 1].upper === 'CUBE')) return { end: j, withAt: j };
    j++;
  }
  return { end: j };
}

/**
 * `GROUP BY a, b WITH ROLLUP` / `WITH CUBE` (Spark's Hive form) → `GROUP BY ROLLUP (a, b)` / `CUBE (a, b)`,
 * which DuckDB has (GROUPING SETS, ROLLUP (...) and CUBE (...) pass through).
 */
export const GROUP_BY_WITH: AheadRule = {
  gate: /\bWITH\s+(ROLLUP|CUBE)\b/i,
  at(cx, i, hi, rewrite) {
    const tk = cx.tokens;
    if (tk[i].kind !== 'ident' || tk[i].upper !== 'GROUP' || tk[i + 1]?.kind !== 'ident' || tk[i + 1].upper !== 'BY' || i + 2 >= hi) return undefined;
    const list = groupList(tk, i + 2, hi);
    if (list.withAt === undefined || list.end === i + 2) return undefined;
    const kind = tk[list.withAt + 1].upper;
    const g = (text: string) => generated(text, tk[list.withAt!].start, tk[list.withAt! + 1].end);
    return { pieces: [generated('GROUP BY ', tk[i].start, tk[i + 1].end), g(`${kind} (`), ...rewrite(cx, i + 2, list.end), g(')')], end: list.withAt + 2 };
  },
};

/** Splits [a, b) at depth-0 commas. */
function splitCommas(tk: readonly Token[], a: number, b: number): [number, number][] {
  const out: [number, number][] = [];
  let start = a;
  for (let j = a; j < b; j++) {
    if (tk[j].kind === 'op' && tk[j].text === '(') { j = skipParens(tk, j); continue; }
    if (tk[j].kind === 'op' && tk[j].text === ',') { out.push([start, j]); start = j + 1; }
  }
  if (b > start) out.push([start, b]);
  return out;
}

/**
 * The grouping columns of the query around token `at`, as DuckDB text, for Spark's `grouping_id()` without
 * arguments (all of them, first = most significant bit, as DuckDB's grouping_id(a, b) also counts). Items of
 * ROLLUP / CUBE / GROUPING SETS are flattened, each expression once, in order. Undefined when there is no GROUP BY.
 */
export function groupingColumns(cx: RewriteContext, at: number): string[] | undefined {
  const tk = cx.tokens;
  let lo = at;
  for (let d = 0; lo > 0; lo--) {
    const t = tk[lo - 1];
    if (t.kind === 'op' && t.text === ')') d++;
    else if (t.kind === 'op' && t.text === '(' && d-- === 0) break;
  }
  let by = -1;
  for (let j = lo; j < tk.length && tk[j].kind !== 'eof'; j++) {
    const t = tk[j];
    if (t.kind === 'op' && t.text === '(') { j = skipParens(tk, j); continue; }
    if (t.kind === 'op' && (t.text === ')' || t.text === ';')) break;
    if (t.kind === 'ident' && t.upper === 'GROUP' && tk[j + 1]?.upper === 'BY') { by = j + 1; break; }
  }
  if (by < 0) return undefined;
  const list = groupList(tk, by + 1, tk.length);
  const cols: string[] = [];
  const add = (a: number, b: number): void => {
    const t = tk[a];
    const group = t.kind === 'ident' && ['ROLLUP', 'CUBE'].includes(t.upper) && tk[a + 1]?.text === '(' ? a + 1
      : t.kind === 'ident' && t.upper === 'GROUPING' && tk[a + 1]?.upper === 'SETS' ? a + 2
        : t.text === '(' && skipParens(tk, a) === b - 1 ? a : -1;
    if (group >= 0) { for (const [x, y] of splitCommas(tk, group + 1, skipParens(tk, group))) add(x, y); return; }
    let text = '';
    for (let j = a; j < b; j++) text += (j > a && tk[j].spaceBefore ? ' ' : '') + (tk[j].kind === 'quoted-ident' ? quoteIdent(tk[j].value) : tk[j].text);
    if (text && !cols.includes(text)) cols.push(text);
  };
  for (const [a, b] of splitCommas(tk, by + 1, list.end)) add(a, b);
  return cols;
}
