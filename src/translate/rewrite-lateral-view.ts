import { error as errorDiag } from '../model/diagnostic.js';
import { quoteIdent } from '../model/relations.js';
import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';
import { CODES } from './codes.js';
import { defaultGeneratorNames, generatorItems, generatorOf } from './generator.js';
import { exact, generated, type Piece } from './pieces.js';
import { renderedSlice, sourceSpan, type RewriteContext } from './rewrite-context.js';

/** Keywords that end a LATERAL VIEW (so they are not read as a column name written without AS). */
const AFTER_LATERAL_VIEW = new Set([
  'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'LATERAL', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS',
  'NATURAL', 'ANTI', 'SEMI', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'WINDOW', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'QUALIFY',
  'ON', 'USING', 'PIVOT', 'UNPIVOT', 'AS',
]);

const isName = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'quoted-ident' || (t.kind === 'ident' && !AFTER_LATERAL_VIEW.has(t.upper)));

/**
 * `LATERAL VIEW [OUTER] gen(x) t [AS] c1, c2` (gen: explode, posexplode and their _outer forms) → a lateral
 * join over unnest (generator.ts): `CROSS JOIN LATERAL (SELECT unnest(x) AS "c1") AS "t"`; OUTER → LEFT JOIN
 * ... ON true. `rewrite` is the token rewriter (passed in: rewrite-tokens.ts imports this file).
 */
export function rewriteLateralView(
  cx: RewriteContext, i: number, rewrite: (cx: RewriteContext, lo: number, hi: number) => Piece[],
): { pieces: Piece[]; last: number } {
  const tokens = cx.tokens;
  let j = i + 2;
  const outer = tokens[j]?.kind === 'ident' && tokens[j].upper === 'OUTER';
  if (outer) j++;
  const fn = tokens[j];
  const gen = fn && tokens[j + 1]?.text === '(' ? generatorOf(fn.value) : undefined;
  const asWritten = { pieces: [exact(renderedSlice(cx, tokens[i].start, tokens[i + 1].end), tokens[i].start)], last: i + 1 };
  if (!fn || !gen) {
    const end = fn ?? tokens[i + 1];
    cx.diagnostics.push(errorDiag(CODES.refusedFunction, `LATERAL VIEW ${fn?.value ?? ''} is not supported (only explode, posexplode and their _outer forms)`,
      sourceSpan(cx, tokens[i].start, end.end), { hint: 'use unnest() in the select list' }));
    return asWritten;
  }
  const close = skipParens(tokens, j + 1);
  const arg = rewrite(cx, j + 2, close);
  let k = close + 1;
  let tableAlias = '_lateral';
  if (isName(tokens[k])) { tableAlias = tokens[k].value; k++; }
  let last = k - 1;
  const names: string[] = [];
  const hasAs = tokens[k]?.kind === 'ident' && tokens[k].upper === 'AS';
  if (hasAs) k++;
  if (hasAs || isName(tokens[k])) {
    while (isName(tokens[k]) || (hasAs && tokens[k]?.kind === 'ident')) {
      names.push(tokens[k].value);
      last = k;
      if (tokens[k + 1]?.text !== ',') break;
      k += 2;
    }
  }
  const t0 = tokens[i];
  const g = (s: string): Piece => generated(s, t0.start, tokens[last].end);
  const items = generatorItems({ kind: gen.kind, outer: outer || gen.outer }, arg, names.length ? names : defaultGeneratorNames(gen), false, g);
  if (typeof items === 'string') {
    cx.diagnostics.push(errorDiag(CODES.unsupportedArguments, `LATERAL VIEW: ${items}`, sourceSpan(cx, t0.start, tokens[last].end)));
    return asWritten;
  }
  const isOuter = outer || gen.outer;
  return { pieces: [g(`${isOuter ? 'LEFT' : 'CROSS'} JOIN LATERAL (SELECT `), ...items, g(`) AS ${quoteIdent(tableAlias)}${isOuter ? ' ON true' : ''}`)], last };
}
