import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';

/**
 * Where a call's `WITHIN GROUP (ORDER BY ...)` order (from ORDER to before the `)`), `FILTER (WHERE ...)` condition
 * and `OVER ...` clause are (token ranges), and their last token.
 */
export interface CallSuffix {
  readonly withinGroup?: [number, number];
  readonly filter?: [number, number];
  readonly over?: [number, number];
  readonly last: number;
}

/**
 * `FILTER (WHERE cond)` and/or `OVER (...)` / `OVER name` after the call ending at `close`: the condition's
 * token range, the OVER clause's range (from OVER), and the last token of both.
 */
export function callSuffix(tk: readonly Token[], close: number, hi: number): CallSuffix | undefined {
  let j = close + 1;
  let withinGroup: [number, number] | undefined;
  let filter: [number, number] | undefined;
  let over: [number, number] | undefined;
  if (j < hi && tk[j].kind === 'ident' && tk[j].upper === 'WITHIN' && tk[j + 1]?.upper === 'GROUP' && tk[j + 2]?.text === '(' && tk[j + 3]?.upper === 'ORDER') {
    const wclose = skipParens(tk, j + 2);
    if (wclose >= hi || tk[wclose].text !== ')') return undefined;
    withinGroup = [j + 3, wclose];
    j = wclose + 1;
  }
  if (j < hi && tk[j].kind === 'ident' && tk[j].upper === 'FILTER' && tk[j + 1]?.text === '(' && tk[j + 2]?.upper === 'WHERE') {
    const fclose = skipParens(tk, j + 1);
    if (fclose >= hi || tk[fclose].text !== ')') return undefined;
    filter = [j + 3, fclose];
    j = fclose + 1;
  }
  if (j < hi && tk[j].kind === 'ident' && tk[j].upper === 'OVER') {
    if (tk[j + 1]?.text === '(') {
      const oclose = skipParens(tk, j + 1);
      if (oclose >= hi || tk[oclose].text !== ')') return undefined;
      over = [j, oclose + 1];
    } else if (tk[j + 1]?.kind === 'ident' || tk[j + 1]?.kind === 'quoted-ident') over = [j, j + 2];
  }
  if (!withinGroup && !filter && !over) return undefined;
  return { withinGroup, filter, over, last: over ? over[1] - 1 : filter ? filter[1] : withinGroup![1] };
}

/**
 * Spark's `lag(x) IGNORE NULLS OVER (...)` (also RESPECT NULLS): DuckDB reads the null treatment inside the call,
 * `lag(x IGNORE NULLS) OVER (...)`. The words and the index of the OVER that follows them, when present.
 */
export function nullTreatment(tk: readonly Token[], close: number): { words: string; end: number } | undefined {
  const w = tk[close + 1];
  if (w?.kind !== 'ident' || (w.upper !== 'IGNORE' && w.upper !== 'RESPECT') || tk[close + 2]?.upper !== 'NULLS' || tk[close + 3]?.upper !== 'OVER') return undefined;
  return { words: `${w.upper} NULLS`, end: close + 3 };
}
