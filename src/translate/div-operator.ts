import type { AheadRule } from './ahead-rule.js';
import { exact, generated, type Piece } from './pieces.js';
import { operandEnd } from './operand-end.js';
import { renderedSlice } from './rewrite-context.js';
import { truncatingDiv } from './spark-arithmetic.js';

/**
 * A multiplicative chain starting at i (`a * b div c % d`, left-associative as in Spark) that contains `div`:
 * each `x div y` becomes Spark's truncating division (spark-arithmetic.ts).
 */
export const DIV_OPERATOR: AheadRule = {
  gate: /\bdiv\b/i,
  at(cx, i, hi, rewrite) {
    const tk = cx.tokens;
    let end = operandEnd(tk, hi, i);
    if (end <= i) return undefined;
    const operands: [number, number][] = [[i, end]];
    while (end < hi) {
      const op = tk[end];
      const mul = (op.kind === 'op' && (op.text === '*' || op.text === '/' || op.text === '%')) || (op.kind === 'ident' && op.upper === 'DIV');
      if (!mul) break;
      let s = end + 1;
      while (s < hi && tk[s].kind === 'op' && (tk[s].text === '-' || tk[s].text === '+')) s++;
      const e = operandEnd(tk, hi, s);
      if (e <= s) break;
      operands.push([end + 1, e]);
      end = e;
    }
    if (!operands.slice(1).some(([a]) => tk[a - 1].kind === 'ident')) return undefined;
    let acc: Piece[] = rewrite(cx, i, operands[0][1]);
    for (const [a, b] of operands.slice(1)) {
      const op = tk[a - 1];
      const rhs = rewrite(cx, a, b);
      if (op.kind === 'ident') {
        const g = (text: string): Piece => generated(text, op.start, op.end);
        acc = truncatingDiv(acc, rhs).flatMap((part) => (typeof part === 'string' ? [g(part)] : part));
      } else {
        const gap = (from: number, to: number): Piece => exact(renderedSlice(cx, from, to), from);
        // `/` divides in DOUBLE (divide.ts).
        const divisor = op.text === '/' ? [generated('CAST(', op.start, op.end), ...rhs, generated(' AS DOUBLE)', op.start, op.end)] : rhs;
        acc = [...acc, gap(tk[a - 2].end, op.start), exact(op.text, op.start), gap(op.end, tk[a].start), ...divisor];
      }
    }
    return { pieces: acc, end };
  },
};
