import { warning, type Diagnostic } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import type { Token } from '../model/token.js';
import { CODES } from './codes.js';
import type { RewriteRange } from './ahead-rule.js';
import { exact, generated, type Piece } from './pieces.js';
import { sourceSpan, type RewriteContext } from './rewrite-context.js';
import { isArrayCallEndingAt } from './collection-syntax.js';

/**
 * How to translate `x[...]` (translation sees text, not types). Spark reads an ARRAY 0-based and a MAP by key;
 * DuckDB's `[]` reads a list 1-based and a map by key, so an array index must be shifted and a map key must not:
 * - `as-written`: a string key (a map or a struct field), or no subscript at all (`[` that starts an expression);
 * - `shift-constant`: a non-negative integer constant (Weir's long-standing reading: arrays are indexed by numbers);
 * - `shift`: `x` is visibly an array (`split(s, ',')[n]`) or the index visibly computes a number (`a[size(a) - 1]`,
 *   `a[-1]`, `a[i + 1]`): 0-based, NULL below 0 as in Spark;
 * - `ambiguous`: a column or other expression indexes something translation cannot see: a map lookup (kept), and a
 *   warning, since for an array it reads the next element.
 */
export type SubscriptPlan = 'as-written' | 'shift-constant' | 'shift' | 'ambiguous';

/** Functions whose result is a number (an index computed with them is an array index). */
const NUMERIC_CALLS = new Set(['size', 'len', 'length', 'array_size', 'cardinality', 'array_position', 'int', 'bigint', 'smallint',
  'tinyint', 'cast', 'try_cast', 'abs', 'floor', 'ceil', 'ceiling', 'round', 'least', 'greatest', 'pmod', 'mod', 'instr', 'locate']);

export function subscriptPlan(tokens: readonly Token[], open: number, close: number, lo: number): SubscriptPlan {
  const prev = tokens[open - 1];
  const operand = open > lo && prev !== undefined && (prev.kind === 'ident' || prev.kind === 'quoted-ident' || prev.text === ')' || prev.text === ']');
  if (!operand || close <= open + 1) return 'as-written';
  const index = tokens.slice(open + 1, close);
  // A string anywhere in the index makes it a key (`m['k']`, `m[concat('a_', k)]`).
  if (index.some((t) => t.kind === 'string')) return 'as-written';
  if (index.length === 1 && index[0].kind === 'number' && /^\d+$/.test(index[0].text)) return 'shift-constant';
  if (prev.text === ')' && isArrayCallEndingAt(tokens, open - 1)) return 'shift';
  const numeric = index.some((t, k) => t.kind === 'number' || (t.kind === 'op' && /^[-+*/%]$/.test(t.text)) ||
    (t.kind === 'ident' && NUMERIC_CALLS.has(t.value.toLowerCase()) && index[k + 1]?.text === '('));
  if (numeric) return 'shift';
  return 'ambiguous';
}

/** The `]` that closes the `[` at `open`, before `hi`; -1 when there is none. */
export function closingBracket(tokens: readonly Token[], open: number, hi: number): number {
  let d = 0;
  for (let j = open; j < hi; j++) {
    if (tokens[j].text === '[') d++;
    else if (tokens[j].text === ']' && --d === 0) return j;
  }
  return -1;
}

/** WEIR4006 at a subscript whose index may be an array position or a map key. */
export function ambiguousSubscript(at: Span): Diagnostic {
  return warning(CODES.ambiguousSubscript, 'Weir cannot tell whether this [] reads an array (0-based in Spark) or a map (by key): it is translated as a map lookup',
    at, { hint: 'for an array write get(a, i) (0-based) or element_at(a, i + 1); for a map write element_at(m, key)' });
}

/**
 * The `[...]` at token `open` with its index shifted as `subscriptPlan` says (pieces and the next token), or
 * undefined to copy it as written (after a WEIR4006 warning when it is ambiguous).
 */
export function rewriteSubscript(cx: RewriteContext, open: number, lo: number, hi: number, rewrite: RewriteRange): { pieces: Piece[]; end: number } | undefined {
  const tk = cx.tokens;
  const close = closingBracket(tk, open, hi);
  const plan = close < 0 ? 'as-written' : subscriptPlan(tk, open, close, lo);
  const copy = (j: number): Piece => exact(cx.text.slice(tk[j].start - cx.base, tk[j].end - cx.base), tk[j].start);
  const gen = (text: string): Piece => generated(text, tk[open + 1].start, tk[close - 1].end);
  if (plan === 'shift-constant') return { pieces: [copy(open), gen(String(parseInt(tk[open + 1].text, 10) + 1)), copy(close)], end: close + 1 };
  if (plan === 'shift') {
    const index = rewrite(cx, open + 1, close);
    return { pieces: [copy(open), gen('CASE WHEN ('), ...index, gen(') >= 0 THEN ('), ...index, gen(') + 1 END'), copy(close)], end: close + 1 };
  }
  if (plan === 'ambiguous') cx.diagnostics.push(ambiguousSubscript(sourceSpan(cx, tk[open].start, tk[close].end)));
  return undefined;
}
