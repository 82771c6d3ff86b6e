import { error as errorDiag } from '../model/diagnostic.js';
import { quoteIdent } from '../model/relations.js';
import { skipParens } from '../sql/table-refs.js';
import { CODES } from './codes.js';
import { exact, generated, type Piece } from './pieces.js';
import { renderedSlice, sourceSpan, type RewriteContext } from './rewrite-context.js';

/** LATERAL VIEW [OUTER] explode(arr) alias [AS] col → a lateral join over unnest. */
/** `rewrite` is the token rewriter (passed in: rewrite-tokens.ts imports this file). */
export function rewriteLateralView(
  cx: RewriteContext, i: number, rewrite: (cx: RewriteContext, lo: number, hi: number) => Piece[],
): { pieces: Piece[]; last: number } {
  const tokens = cx.tokens;
  let j = i + 2;
  const outer = tokens[j]?.kind === 'ident' && tokens[j].upper === 'OUTER';
  if (outer) j++;
  const fn = tokens[j];
  const fname = fn?.value.toLowerCase();
  if (!fn || tokens[j + 1]?.text !== '(' || (fname !== 'explode' && fname !== 'explode_outer')) {
    const end = fn ?? tokens[i + 1];
    cx.diagnostics.push(errorDiag(CODES.refusedFunction, `LATERAL VIEW ${fn?.value ?? ''} is not supported (only explode / explode_outer of an array)`,
      sourceSpan(cx, tokens[i].start, end.end), { hint: 'use unnest() in the select list' }));
    return { pieces: [exact(renderedSlice(cx, tokens[i].start, tokens[i + 1].end), tokens[i].start)], last: i + 1 };
  }
  const close = skipParens(tokens, j + 1);
  const arg = rewrite(cx, j + 2, close);
  let k = close + 1;
  let tableAlias = '_lateral';
  if (tokens[k]?.kind !== 'eof' && (tokens[k]?.kind === 'ident' || tokens[k]?.kind === 'quoted-ident') && tokens[k].upper !== 'AS') { tableAlias = tokens[k].value; k++; }
  if (tokens[k]?.kind === 'ident' && tokens[k].upper === 'AS') k++;
  const col = tokens[k] && (tokens[k].kind === 'ident' || tokens[k].kind === 'quoted-ident') ? tokens[k].value : 'col';
  const last = col === 'col' && tokens[k]?.value !== 'col' ? k - 1 : k;
  const isOuter = outer || fname === 'explode_outer';
  const t0 = tokens[i];
  const g = (s: string): Piece => generated(s, t0.start, tokens[last].end);
  return { pieces: [g(`${isOuter ? 'LEFT' : 'CROSS'} JOIN LATERAL (SELECT unnest(`), ...arg, g(`) AS ${quoteIdent(col)}) AS ${quoteIdent(tableAlias)}${isOuter ? ' ON true' : ''}`)], last };
}
