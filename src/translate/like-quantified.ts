import type { AheadRule } from './ahead-rule.js';
import { generated, type Piece } from './pieces.js';
import { operandEnd } from './operand-end.js';
import { sparkStringValue } from './spark-string.js';

const BINARY = new Set(['+', '-', '*', '/', '%', '||', '&', '|', '^']);

/**
 * `x [NOT] LIKE|ILIKE ANY|SOME|ALL (p1, p2, ...)` (Spark 3) → `((x) LIKE p1 OR (x) LIKE p2)` (AND for ALL; NOT
 * LIKE negates each match). DuckDB has no quantified LIKE; the OR / AND of the single matches has Spark's NULL
 * semantics (LikeAny: true if one matches, else NULL if a match is NULL, else false; LikeAll dually). The left
 * operand is the whole value expression before LIKE (`a || b LIKE ANY ...` matches `a || b`, as in Spark).
 */
export const LIKE_QUANTIFIED: AheadRule = {
  gate: /\bI?LIKE\s+(ANY|SOME|ALL)\b/i,
  at(cx, i, hi, rewrite) {
    const tk = cx.tokens;
    let e = operandEnd(tk, hi, i);
    if (e <= i) return undefined;
    while (e < hi && tk[e].kind === 'op' && BINARY.has(tk[e].text)) {
      let s = e + 1;
      while (s < hi && tk[s].kind === 'op' && (tk[s].text === '-' || tk[s].text === '+')) s++;
      const next = operandEnd(tk, hi, s);
      if (next <= s) return undefined;
      e = next;
    }
    let k = e;
    const negate = tk[k]?.kind === 'ident' && tk[k].upper === 'NOT';
    if (negate) k++;
    const like = tk[k];
    const quantifier = tk[k + 1];
    if (like?.kind !== 'ident' || (like.upper !== 'LIKE' && like.upper !== 'ILIKE') || quantifier?.kind !== 'ident' ||
      !['ANY', 'SOME', 'ALL'].includes(quantifier.upper) || tk[k + 2]?.text !== '(' || k + 2 >= hi) return undefined;
    const open = k + 2;
    const patterns: [number, number][] = [];
    let start = open + 1;
    let depth = 0;
    let close = -1;
    for (let j = open + 1; j < hi; j++) {
      const t = tk[j];
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[') depth++;
      else if ((t.text === ')' || t.text === ']') && depth > 0) depth--;
      else if (t.text === ')') { close = j; break; } else if (t.text === ',' && depth === 0) { patterns.push([start, j]); start = j + 1; }
    }
    if (close < 0 || close === open + 1) return undefined;
    patterns.push([start, close]);
    const g = (text: string): Piece => generated(text, like.start, tk[close].end);
    const x = rewrite(cx, i, e);
    const op = `${negate ? 'NOT ' : ''}${like.upper}`;
    const out: Piece[] = [g('(')];
    patterns.forEach(([a, b], n) => {
      // Spark's LIKE escapes with `\` by default (the walker adds ESCAPE after `LIKE 'lit'` only).
      const escape = b === a + 1 && tk[a].kind === 'string' && sparkStringValue(tk[a].text).includes('\\') ? " ESCAPE '\\'" : '';
      out.push(g(n === 0 ? '(' : quantifier.upper === 'ALL' ? ' AND (' : ' OR ('), ...x, g(`) ${op} `), ...rewrite(cx, a, b), g(escape));
    });
    out.push(g(')'));
    return { pieces: out, end: close + 1 };
  },
};
