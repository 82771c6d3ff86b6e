import { quoteIdent } from '../model/relations.js';

/** Small SQL text builders shared by the SCD 1 and SCD 2 generators. Pure string functions. */

export const q = quoteIdent;

/** `a."k1" = b."k1" AND a."k2" = b."k2"` */
export function keysEqual(keys: readonly string[], a: string, b: string): string {
  return keys.map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(' AND ');
}

/** `"a", "b"` or `x."a", x."b"`. */
export function columnList(columns: readonly string[], alias?: string): string {
  return columns.map((c) => (alias ? `${alias}.${q(c)}` : q(c))).join(', ');
}

/**
 * The tie-break among events of one key with the same sequence (SEMANTICS §5, documented in the README):
 * a delete beats an upsert, then the greatest row by its stored non-key values compared left to right with
 * NULL smallest. Written as the tail of a descending ORDER BY so `row_number() = 1` picks the winner.
 * `maskDeletes`: deletes sort as equal whatever their values (peers), for a caller that never uses a delete's values.
 */
export function tieBreakDesc(values: readonly string[], alias?: string, maskDeletes = false): string {
  const p = alias ? `${alias}.` : '';
  const value = (c: string): string => (maskDeletes ? `CASE WHEN ${p}"__weir_del" THEN NULL ELSE ${p}${q(c)} END` : `${p}${q(c)}`);
  return [`${p}"__weir_del" DESC`, ...values.map((c) => `${value(c)} DESC NULLS LAST`)].join(', ');
}

/**
 * `(a.values) > (b.values)` lexicographically with NULL smallest — the same order as `tieBreakDesc`.
 * Written out column by column because DuckDB orders NULL fields of a STRUCT as largest (measured).
 */
export function valuesGreater(values: readonly string[], a: string, b: string): string {
  if (values.length === 0) return 'false';
  const [c, ...rest] = values;
  const x = `${a}.${q(c)}`;
  const y = `${b}.${q(c)}`;
  return `CASE WHEN ${x} IS NOT DISTINCT FROM ${y} THEN ${valuesGreater(rest, a, b)} ` +
    `ELSE (${y} IS NULL OR coalesce(${x} > ${y}, false)) END`;
}

/**
 * What tells two events of one key and sequence apart (a same-sequence conflict, WEIR6102): delete or upsert
 * and, for an upsert, its stored non-key values. A delete's other columns are never applied (and the state keeps
 * none for SCD 1), so two deletes are the same event whatever else they carry: masking them keeps the warning
 * the same whether the twins arrive in one batch or in two.
 */
export function eventContent(values: readonly string[], alias?: string): string {
  const p = alias ? `${alias}.` : '';
  return `struct_pack("__weir_del" := ${p}"__weir_del"` +
    values.map((c) => `, ${q(c)} := CASE WHEN ${p}"__weir_del" THEN NULL ELSE ${p}${q(c)} END`).join('') + ')';
}

/** `struct_pack("a" := p."a", ...)`, or undefined for no columns. */
export function structOf(columns: readonly string[], alias?: string): string | undefined {
  if (columns.length === 0) return undefined;
  return `struct_pack(${columns.map((c) => `${q(c)} := ${alias ? `${alias}.` : ''}${q(c)}`).join(', ')})`;
}

/** Name of SCD 1's per-column sequence in the keys state table (IGNORE NULL UPDATES only). */
export function columnSeq(column: string): string {
  return `__weir_cs_${column}`;
}

/** Indents every line of a multi-line SQL fragment. */
export function indent(sql: string, by = '  '): string {
  return sql.split('\n').map((l) => (l.length ? by + l : l)).join('\n');
}

/**
 * Parenthesises a user expression. A trailing `-- comment` in compiled text would swallow the closing
 * parenthesis, so the parenthesis goes on its own line then.
 */
export function paren(expr: string): string {
  return expr.includes('--') ? `(${expr}\n)` : `(${expr})`;
}
