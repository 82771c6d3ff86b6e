import type { RewriteRange } from './ahead-rule.js';
import { generated, type Piece } from './pieces.js';
import { operandEnd } from './operand-end.js';
import type { RewriteContext } from './rewrite-context.js';

/**
 * Spark's `/` divides in DOUBLE for every non-DECIMAL operand; DuckDB divides two FLOATs in FLOAT (`1.0F / 3`:
 * Spark 0.3333333333333333, DuckDB 0.3333333432674408). The divisor (the operand right after `/`, with its
 * unary signs) is cast to DOUBLE, which promotes the dividend too. DuckDB's `/` already returns DOUBLE for
 * integers and DECIMALs (a known difference for DECIMAL, README), and divides an INTERVAL by a DOUBLE.
 * `slash` is the index of the `/` token; returns the rewritten divisor and the index after it.
 */
export function divisorAsDouble(cx: RewriteContext, slash: number, hi: number, rewrite: RewriteRange): { pieces: Piece[]; end: number } | undefined {
  const tk = cx.tokens;
  let s = slash + 1;
  while (s < hi && tk[s].kind === 'op' && (tk[s].text === '-' || tk[s].text === '+')) s++;
  const e = operandEnd(tk, hi, s);
  if (e <= s) return undefined;
  const g = (text: string): Piece => generated(text, tk[slash].start, tk[slash].end);
  return { pieces: [g('CAST('), ...rewrite(cx, slash + 1, e), g(' AS DOUBLE)')], end: e };
}
