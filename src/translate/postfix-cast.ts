import { error as errorDiag } from '../model/diagnostic.js';
import type { AheadRule } from './ahead-rule.js';
import { CODES } from './codes.js';
import { generated, type Piece } from './pieces.js';
import { operandEnd } from './operand-end.js';
import { sourceSpan } from './rewrite-context.js';
import { TRUNCATING_CASTS, castOperandKind, truncatingCast, type CastOperand } from './spark-arithmetic.js';
import { readSparkType } from './spark-type.js';
import { sparkCast } from './spark-casts.js';
import { utcTimestampOf, zonedTimestamp } from './literals.js';
import { quoteIdent, quoteString } from '../model/relations.js';
import { columnItemName } from './select-item.js';

const NUMERIC_RESULT = /^(DOUBLE|REAL|INTEGER|BIGINT|SMALLINT|TINYINT|DECIMAL)\b/;

/**
 * `x::type` chains: Spark's CAST, so `TRY_CAST(x AS type)` (NULL for a value that does not convert, Spark without
 * ANSI mode), integer types truncated toward zero (`2.7::bigint` = 2, DuckDB rounds: spark-arithmetic.ts), the
 * casts spark-casts.ts converts (`b::string` decodes BINARY), and a zoned timestamp literal's offset applied.
 */
export const POSTFIX_CAST: AheadRule = {
  gate: /::/,
  at(cx, i, hi, rewrite) {
    const tk = cx.tokens;
    const p = operandEnd(tk, hi, i, false);
    if (p <= i || p >= hi || tk[p].kind !== 'op' || tk[p].text !== '::') return undefined;
    const casts: { at: number; last: number; type: string; error?: string }[] = [];
    let k = p;
    while (k < hi && tk[k].kind === 'op' && tk[k].text === '::') {
      const ty = readSparkType(tk, k + 1);
      const last = Math.max(ty.last, k);
      casts.push({ at: k, last, type: ty.text, error: ty.error });
      k = last + 1;
    }
    // '2024-01-01T10:00:00+02:00'::timestamp: the offset applied, as Spark does (literals.ts).
    const zoned = p === i + 1 && tk[i].kind === 'string' && casts[0].type === 'TIMESTAMP' && zonedTimestamp(tk[i].value);
    let acc: Piece[] = zoned ? [generated(utcTimestampOf(quoteString(tk[i].value)), tk[i].start, tk[casts[0].last].end)] : rewrite(cx, i, p);
    let kind: CastOperand = zoned ? 'other' : castOperandKind(tk.slice(i, p));
    // The operand's tokens as written (the cast before this one included), for sparkCast's visible cases.
    let operand = zoned ? tk.slice(i, casts[0].last + 1) : tk.slice(i, p);
    for (const c of zoned ? casts.slice(1) : casts) {
      const span = { start: tk[c.at].start, end: tk[c.last].end };
      if (c.error) cx.diagnostics.push(errorDiag(CODES.unsupportedType, c.error, sourceSpan(cx, span.start, tk[Math.max(c.last, c.at + 1)].end)));
      const g = (text: string): Piece => generated(text, span.start, span.end);
      // `x::t` is Spark's CAST: NULL for a value that does not convert (no ANSI mode), as CAST(x AS t).
      const spark = sparkCast(acc, c.type, operand);
      const parts = spark ?? (TRUNCATING_CASTS.has(c.type) ? truncatingCast(acc, c.type, 'TRY_CAST', kind) : undefined);
      acc = parts ? parts.flatMap((part) => (typeof part === 'string' ? [g(part)] : part)) : [g('TRY_CAST('), ...acc, g(` AS ${c.type})`)];
      operand = tk.slice(i, c.last + 1);
      kind = NUMERIC_RESULT.test(c.type) ? 'numeric' : 'other';
    }
    // Spark names an unaliased select item `col::t` after the column, as `CAST(col AS t)` (select-item.ts).
    const named = zoned ? undefined : columnItemName(tk, i, i, p, k - 1);
    if (named !== undefined) acc.push(generated(` AS ${quoteIdent(named)}`, tk[k - 1].start, tk[k - 1].end));
    return { pieces: acc, end: k };
  },
};
