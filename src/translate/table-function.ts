import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';
import { generated, type Piece } from './pieces.js';
import type { RewriteContext } from './rewrite-context.js';
import { CLAUSE_END, NOT_CALLS, ORDER_END } from './rewrite-keywords.js';

/**
 * Table-valued functions in a FROM clause and the aliases after them, where Spark and DuckDB differ:
 * - Spark's `range(end)` / `range(start, end [, step [, numPartitions]])` has one BIGINT column named `id`;
 *   DuckDB's `range(...)` names it `range`. The column is renamed through the table alias's column list
 *   (`range(3) AS "range"(id)`, or `t(id)` on the user's alias); numPartitions has no meaning here and is dropped.
 * - Spark's table alias takes a column list without `AS` (`FROM range(3) t(x)`, `FROM (SELECT ...) s(a, b)`);
 *   `t(` there is not a function call.
 */

/** Words that can follow a table in a FROM clause: never its alias. */
const AFTER_TABLE = new Set([
  ...CLAUSE_END, 'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ANTI', 'SEMI', 'ON', 'USING',
  'GROUP', 'HAVING', 'QUALIFY', 'LATERAL', 'PIVOT', 'UNPIVOT', 'TABLESAMPLE', 'FETCH', 'POSITIONAL', 'ASOF', 'AS',
]);
/** Infix keywords a `(` may follow after a `)` operand (`(a) mod (b)`). */
const INFIX = new Set(['MOD', 'DIV', 'XOR', 'ESCAPE', 'OFFSET', 'LIMIT']);

/**
 * Token i (an identifier followed by `(`) starts a table alias with a column list: it follows a closed table
 * expression (`)` of a table function or subquery, or the last token of a table reference) and the parentheses
 * hold only column names. An expression never has `name(` right after an operand without an operator between.
 */
export function isAliasColumnList(cx: RewriteContext, i: number, lo: number): boolean {
  const tokens = cx.tokens;
  const t = tokens[i];
  if (i <= lo || t.kind !== 'ident' || NOT_CALLS.has(t.upper) || ORDER_END.has(t.upper) || AFTER_TABLE.has(t.upper) || INFIX.has(t.upper)) return false;
  if (tokens[i - 1].text !== ')' && !endsTableRef(cx, i - 1)) return false;
  const close = skipParens(tokens, i + 1);
  if (tokens[close]?.text !== ')' || close === i + 2) return false;
  for (let j = i + 2; j < close; j++) {
    const expectName = (j - i) % 2 === 0;
    const k = tokens[j];
    if (expectName ? k.kind !== 'ident' && k.kind !== 'quoted-ident' : k.text !== ',') return false;
  }
  return true;
}

function endsTableRef(cx: RewriteContext, j: number): boolean {
  const k = cx.tokens[j].kind;
  if (k !== 'ident' && k !== 'quoted-ident') return false;
  for (const r of cx.refs.values()) if (r.last === j) return true;
  return false;
}

/** `range(` at token i is in a FROM clause: after FROM, JOIN, or a comma of a FROM list at the same level. */
export function atTablePosition(tokens: readonly Token[], i: number, lo: number): boolean {
  let depth = 0;
  for (let j = i - 1; j >= lo; j--) {
    const t = tokens[j];
    if (t.text === ')') { depth++; continue; }
    if (t.text === '(') { if (depth === 0) return false; depth--; continue; }
    if (depth > 0) continue;
    if (j === i - 1 && t.kind === 'ident' && (t.upper === 'FROM' || t.upper === 'JOIN' || t.upper === 'LATERAL')) return true;
    if (j === i - 1 && t.text !== ',') return false;
    if (t.kind === 'ident' && (t.upper === 'FROM' || t.upper === 'JOIN')) return true;
    if (t.kind === 'ident' && (t.upper === 'SELECT' || t.upper === 'WHERE' || t.upper === 'ON' || t.upper === 'BY' || t.upper === 'HAVING')) return false;
  }
  return false;
}

/**
 * Spark's `range(...)` table function at tokens [i, close]: DuckDB's range with its column named `id`.
 * `args` are the translated arguments. Returns the pieces and the index after what was consumed (the alias too).
 */
export function rangeTable(cx: RewriteContext, i: number, close: number, args: readonly (readonly Piece[])[]): { pieces: Piece[]; end: number } {
  const tokens = cx.tokens;
  const at = (text: string, a: number, b: number): Piece => generated(text, tokens[a].start, tokens[b].end);
  const pieces: Piece[] = [at('range(', i, close)];
  args.slice(0, 3).forEach((a, k) => { if (k) pieces.push(at(', ', i, close)); pieces.push(...a); });
  pieces.push(at(')', close, close));
  let j = close + 1;
  const hasAs = tokens[j]?.kind === 'ident' && tokens[j].upper === 'AS';
  if (hasAs) j++;
  const alias = tokens[j];
  const isAlias = alias !== undefined && (alias.kind === 'quoted-ident' || (alias.kind === 'ident' && !AFTER_TABLE.has(alias.upper) && !/^[0-9]/.test(alias.text)));
  if (!isAlias) return { pieces: [...pieces, at(' AS "range"(id)', close, close)], end: close + 1 };
  // The user's alias with its own column list renames the column already.
  if (tokens[j + 1]?.text === '(') return { pieces, end: close + 1 };
  const name = alias.kind === 'quoted-ident' ? `"${alias.value.replace(/"/g, '""')}"` : alias.text;
  return { pieces: [...pieces, at(`${hasAs ? ' AS' : ''} ${name}(id)`, close + 1, j)], end: j + 1 };
}
