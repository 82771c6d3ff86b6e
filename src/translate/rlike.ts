import type { AheadRule } from './ahead-rule.js';
import { generated, type Piece } from './pieces.js';
import { operandEnd } from './operand-end.js';
import { startsOperand } from './rewrite-keywords.js';

/** `L [NOT] RLIKE R` (or REGEXP) → `[NOT ]regexp_matches(L, R)`: find-anywhere, as in Spark. */
export const RLIKE: AheadRule = {
  gate: /\b(RLIKE|REGEXP)\b/i,
  at(cx, i, hi, rewrite) {
    const tokens = cx.tokens;
    const lEnd = operandEnd(tokens, hi, i);
    if (lEnd <= i) return undefined;
    let k = lEnd;
    let negate = false;
    if (tokens[k]?.kind === 'ident' && tokens[k].upper === 'NOT') { negate = true; k++; }
    const op = tokens[k];
    if (!op || op.kind !== 'ident' || (op.upper !== 'RLIKE' && op.upper !== 'REGEXP') || k >= hi) return undefined;
    if (tokens[k + 1]?.text === '(' && startsOperand(tokens[k - 1])) return undefined;
    const rEnd = operandEnd(tokens, hi, k + 1);
    if (rEnd <= k + 1) return undefined;
    const g = (text: string): Piece => generated(text, op.start, op.end);
    return { pieces: [g(`${negate ? 'NOT ' : ''}regexp_matches(`), ...rewrite(cx, i, lEnd), g(', '), ...rewrite(cx, k + 1, rEnd), g(')')], end: rEnd };
  },
};
