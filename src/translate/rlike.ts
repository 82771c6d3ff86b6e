import type { AheadRule } from './ahead-rule.js';
import { generated, type Piece } from './pieces.js';
import { operandEnd } from './operand-end.js';
import { startsOperand } from './rewrite-keywords.js';
import { error as errorDiag } from '../model/diagnostic.js';
import { quoteString } from '../model/relations.js';
import { CODES } from './codes.js';
import { javaRegexToRe2, re2Refusal } from './java-regex.js';
import { sourceSpan } from './rewrite-context.js';

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
    // A constant pattern is Java's: checked and rewritten for RE2 (java-regex.ts).
    const lit = rEnd === k + 2 && tokens[k + 1].kind === 'string' ? tokens[k + 1] : undefined;
    const re2 = lit ? javaRegexToRe2(lit.value) : undefined;
    if (re2 && 'error' in re2) {
      const r = re2Refusal(op.upper, re2.error);
      cx.diagnostics.push(errorDiag(CODES.unsupportedArguments, r.message, sourceSpan(cx, lit!.start, lit!.end), { hint: r.hint }));
    }
    const right = re2 && 'pattern' in re2 && re2.pattern !== lit!.value ? [generated(quoteString(re2.pattern), lit!.start, lit!.end)] : rewrite(cx, k + 1, rEnd);
    return { pieces: [g(`${negate ? 'NOT ' : ''}regexp_matches(`), ...rewrite(cx, i, lEnd), g(', '), ...right, g(')')], end: rEnd };
  },
};
