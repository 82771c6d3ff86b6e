import { error as errorDiag } from '../model/diagnostic.js';
import { quoteString } from '../model/relations.js';
import { CODES } from './codes.js';
import { binaryLiteral, intervalLiteral, utcTimestampOf, zonedTimestamp } from './literals.js';
import { sourceSpan, type RewriteContext } from './rewrite-context.js';

/**
 * The literal starting at the identifier token i, when DuckDB would read it differently from Spark: `X'4142'`,
 * `TIMESTAMP '...+02:00'`, `CAST('...+02:00' AS TIMESTAMP)`, multi-unit and `FROM TO` intervals (literals.ts).
 * Returns its DuckDB text and last token, or undefined (copied as written; a malformed one is also an error).
 */
export function literalAt(cx: RewriteContext, i: number, hi: number): { text: string; last: number } | undefined {
  const tk = cx.tokens;
  const t = tk[i];
  const next = tk[i + 1];
  if (!next || i + 1 >= hi) return undefined;
  const u = t.upper;
  if (u === 'X' && next.kind === 'string' && next.start === t.end && /^['"]/.test(next.text)) {
    const text = binaryLiteral(next.value);
    if (text) return { text, last: i + 1 };
    cx.diagnostics.push(errorDiag(CODES.lexError, `X${next.text} is not a binary literal: only hexadecimal digits may follow X`,
      sourceSpan(cx, t.start, next.end), { hint: "write the bytes in hexadecimal, e.g. X'4142'" }));
    return undefined;
  }
  if ((u === 'TIMESTAMP' || u === 'TIMESTAMP_LTZ') && next.kind === 'string' && zonedTimestamp(next.value)) {
    return { text: utcTimestampOf(quoteString(next.value)), last: i + 1 };
  }
  // CAST('2024-01-01T10:00:00+02:00' AS TIMESTAMP)
  if ((u === 'CAST' || u === 'TRY_CAST') && next.text === '(' && tk[i + 2]?.kind === 'string' && tk[i + 3]?.upper === 'AS' &&
    (tk[i + 4]?.upper === 'TIMESTAMP' || tk[i + 4]?.upper === 'TIMESTAMP_LTZ') && tk[i + 5]?.text === ')' && i + 5 < hi && zonedTimestamp(tk[i + 2].value)) {
    return { text: utcTimestampOf(quoteString(tk[i + 2].value)), last: i + 5 };
  }
  if (u === 'INTERVAL') {
    const r = intervalLiteral(tk, i, hi);
    if (r && 'error' in r) {
      cx.diagnostics.push(errorDiag(CODES.lexError, r.error, sourceSpan(cx, t.start, tk[r.last].end),
        { hint: "write the interval unit by unit, e.g. INTERVAL 1 DAY 2 HOURS, or as INTERVAL '1 day 2 hours'" }));
      return undefined;
    }
    return r;
  }
  return undefined;
}
