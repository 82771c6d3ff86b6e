/**
 * The shape of the SELECT translate wraps around a query flow of a table with a column list
 * (src/translate/declared-columns.ts): `SELECT <casts> FROM (\n<query>\n) AS "__weir_declared"`. Written once
 * here because lineage (which looks inside it by alias) and incremental refresh (which plans the query inside
 * it) must agree with translate on it.
 */
export const DECLARED_ALIAS = '__weir_declared';
export const DECLARED_OPEN = ' FROM (\n';
export const DECLARED_CLOSE = `\n) AS "${DECLARED_ALIAS}"`;

/** `head` (up to and with DECLARED_OPEN) and the user's query of a wrapped flow's SQL; undefined if not wrapped. */
export function splitDeclaredWrapper(sql: string): { head: string; inner: string } | undefined {
  const text = sql.trimEnd().replace(/;$/, '');
  if (!text.endsWith(DECLARED_CLOSE) || !text.startsWith('SELECT ')) return undefined;
  const at = text.indexOf(DECLARED_OPEN);
  if (at < 0) return undefined;
  const start = at + DECLARED_OPEN.length;
  return { head: text.slice(0, start), inner: text.slice(start, text.length - DECLARED_CLOSE.length) };
}
