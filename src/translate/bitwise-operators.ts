import { error as errorDiag } from '../model/diagnostic.js';
import type { Token } from '../model/token.js';
import type { AheadRule } from './ahead-rule.js';
import { CODES } from './codes.js';
import { generated, type Piece } from './pieces.js';
import { operandEnd } from './operand-end.js';
import { sourceSpan } from './rewrite-context.js';
import { truncatingDiv } from './spark-arithmetic.js';

/**
 * Spark's bitwise operators where DuckDB reads them differently: `^` is XOR in Spark (DuckDB: power, binding
 * tighter than `*`: `3 ^ 5` = 243, Spark 6), and Spark ranks `* / % div` > `+ - ||` > `<< >> >>>` > `&` > `^` > `|`
 * where DuckDB puts `<<`, `>>`, `&` and `|` on one left-associative level (`4 | 1 & 2`: Spark 4, DuckDB 0).
 * An expression chain at one nesting level (operands as operand-end.ts delimits them, with unary `-` `+` `~`)
 * that contains `^` or mixes those levels is rewritten with Spark's precedence made explicit by parentheses and
 * `^` as `xor(a, b)`. `>>>` (unsigned shift) has no DuckDB operator: an error at its position. A `^` this rule
 * cannot delimit is an error in the walker (rewrite-tokens.ts).
 */
const LEVEL: Readonly<Record<string, number>> = {
  '*': 5, '/': 5, '%': 5, DIV: 5, '+': 4, '-': 4, '||': 4, '<<': 3, '>>': 3, '>>>': 3, '&': 2, '^': 1, '|': 0,
};
const PREFIX = new Set(['-', '+', '~']);

function binaryOp(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'ident') return t.upper === 'DIV' ? 'DIV' : undefined;
  return t.kind === 'op' && LEVEL[t.text] !== undefined ? t.text : undefined;
}

/** True when the token before a would-be chain binds to it (the chain would start earlier). */
function continuesChain(prev: Token | undefined): boolean {
  return prev !== undefined && (binaryOp(prev) !== undefined || prev.text === '~' || prev.text === '::' || prev.text === '.');
}

interface Node { readonly lo: number; readonly hi: number }
type Tree = Node | { readonly op: number; readonly left: Tree; readonly right: Tree };

export const BITWISE_OPERATORS: AheadRule = {
  gate: /[&^]|<<|>>|(?<!\|)\|(?!\|)/,
  at(cx, i, hi, rewrite) {
    const tk = cx.tokens;
    if (i > 0 && continuesChain(tk[i - 1])) return undefined;
    const operands: Node[] = [];
    const ops: number[] = [];
    let pos = i;
    for (;;) {
      let s = pos;
      while (s < hi && tk[s].kind === 'op' && PREFIX.has(tk[s].text)) s++;
      const e = operandEnd(tk, hi, s);
      if (e <= s) return undefined;
      operands.push({ lo: pos, hi: e });
      if (binaryOp(tk[e]) === undefined || e >= hi) break;
      ops.push(e);
      pos = e + 1;
    }
    const names = ops.map((k) => binaryOp(tk[k])!);
    const levels = new Set(names.map((n) => LEVEL[n]).filter((l) => l <= 3));
    if (!names.includes('^') && !names.includes('>>>') && levels.size < 2) return undefined;
    // Precedence climbing over the flat chain (all of Spark's binary operators are left-associative).
    let k = 0;
    const parse = (min: number): Tree => {
      let left: Tree = operands[k];
      while (k < ops.length && LEVEL[names[k]] >= min) {
        const op = k;
        k++;
        const right = parse(LEVEL[names[op]] + 1);
        left = { op: ops[op], left, right };
      }
      return left;
    };
    const tree = parse(0);
    const emit = (n: Tree): Piece[] => {
      if (!('op' in n)) return rewrite(cx, n.lo, n.hi);
      const t = tk[n.op];
      const g = (text: string): Piece => generated(text, t.start, t.end);
      const l = emit(n.left);
      const r = emit(n.right);
      const name = binaryOp(t)!;
      if (name === '^') return [g('xor('), ...l, g(', '), ...r, g(')')];
      if (name === 'DIV') return truncatingDiv(l, r).flatMap((p) => (typeof p === 'string' ? [g(p)] : p));
      if (name === '/') return [g('('), ...l, g(' / CAST('), ...r, g(' AS DOUBLE))')];
      if (name === '>>>') {
        cx.diagnostics.push(errorDiag(CODES.unsupportedArguments, '`>>>` (unsigned right shift) has no DuckDB equivalent',
          sourceSpan(cx, t.start, t.end), { hint: 'for a non-negative value use >>' }));
      }
      return [g('('), ...l, g(` ${t.text} `), ...r, g(')')];
    };
    return { pieces: emit(tree), end: operands[operands.length - 1].hi };
  },
};
