import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';
import { NOT_CALLS } from './rewrite-keywords.js';
import { readSparkType } from './spark-type.js';
import { readJsonPath } from './json-path-syntax.js';

/**
 * End index (exclusive) of the operand starting at i: a token, a group, a call, and `.x` / `[..]` (and, unless
 * `casts` is false, `::type`) after it.
 */
export function operandEnd(tokens: readonly Token[], hi: number, i: number, casts = true): number {
  const t = tokens[i];
  if (!t || t.kind === 'eof' || i >= hi) return i;
  let j: number;
  if (t.text === '(' && t.kind === 'op') j = skipParens(tokens, i) + 1;
  else if (t.kind === 'ident' && t.upper === 'CASE') j = caseEnd(tokens, hi, i) + 1;
  else if (t.kind === 'op') return i;
  else if (t.kind === 'ident' && NOT_CALLS.has(t.upper) && t.upper !== 'RLIKE' && t.upper !== 'REGEXP') return i;
  else j = i + 1;
  if (t.kind === 'ident' && tokens[j]?.text === '(') j = skipParens(tokens, j) + 1;
  while (j < hi) {
    const n = tokens[j];
    if (n.text === '.' && n.kind === 'op' && tokens[j + 1] && tokens[j + 1].kind !== 'op') j += 2;
    else if (n.text === '[' && n.kind === 'op') { let d = 0; while (j < hi) { if (tokens[j].text === '[') d++; if (tokens[j].text === ']' && --d === 0) break; j++; } j++; }
    else if (casts && n.text === '::' && n.kind === 'op') j = Math.max(readSparkType(tokens, j + 1).last, j) + 1;
    else if (n.text === ':' && n.kind === 'op' && (t.kind === 'ident' || t.kind === 'quoted-ident')) {
      // `raw:a.b[0]`: a JSON path is part of its column's operand (json-path.ts).
      const path = readJsonPath(tokens, j + 1, hi);
      if (!path) break;
      j = path.last + 1;
    }
    else break;
  }
  return Math.min(j, hi);
}

/** Index of the END closing the CASE at i (nested CASEs counted), or the last token of the range. */
function caseEnd(tokens: readonly Token[], hi: number, i: number): number {
  let d = 0;
  for (let j = i; j < hi; j++) {
    const t = tokens[j];
    if (t.kind === 'op' && t.text === '(') { j = skipParens(tokens, j); continue; }
    if (t.kind !== 'ident') continue;
    if (t.upper === 'CASE') d++;
    else if (t.upper === 'END' && --d === 0) return j;
  }
  return hi - 1;
}
