import type { Token } from '../model/token.js';

/**
 * Spark SQL type names → DuckDB types. Spark's bare DECIMAL is DECIMAL(10,0) (DuckDB's would be (18,3)),
 * STRING is VARCHAR, LONG BIGINT, BYTE TINYINT, FLOAT is 4-byte (REAL), BINARY is BLOB,
 * TIMESTAMP / TIMESTAMP_LTZ are kept as naive TIMESTAMP (Weir runs in one session time zone),
 * ARRAY<T> is T[], MAP<K, V> is MAP(K, V), STRUCT<a: T> is STRUCT(a T).
 */
const SIMPLE: Readonly<Record<string, string>> = {
  STRING: 'VARCHAR', VARCHAR: 'VARCHAR', CHAR: 'VARCHAR', TEXT: 'VARCHAR',
  LONG: 'BIGINT', BIGINT: 'BIGINT', INT: 'INTEGER', INTEGER: 'INTEGER', SHORT: 'SMALLINT', SMALLINT: 'SMALLINT',
  BYTE: 'TINYINT', TINYINT: 'TINYINT', DOUBLE: 'DOUBLE', FLOAT: 'REAL', REAL: 'REAL',
  DECIMAL: 'DECIMAL', DEC: 'DECIMAL', NUMERIC: 'DECIMAL', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_LTZ: 'TIMESTAMP', TIMESTAMP_NTZ: 'TIMESTAMP', BINARY: 'BLOB', BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN',
  VOID: 'NULL', VARIANT: 'JSON',
};

export interface TypeParse {
  readonly text: string;
  /** Index of the type's last token. */
  readonly last: number;
  readonly error?: string;
}

/** Reads a Spark type starting at token `i`; returns DuckDB text. */
export function readSparkType(tokens: readonly Token[], i: number): TypeParse {
  const t = tokens[i];
  if (!t || (t.kind !== 'ident' && t.kind !== 'quoted-ident')) return { text: '', last: i - 1, error: 'expected a type name' };
  const u = t.kind === 'ident' ? t.upper : t.value.toUpperCase();
  if (u === 'ARRAY' && tokens[i + 1]?.text === '<') {
    const inner = readSparkType(tokens, i + 2);
    const close = closeAngle(tokens, inner.last + 1);
    return { text: `${inner.text}[]`, last: close, ...(inner.error ? { error: inner.error } : {}) };
  }
  if (u === 'MAP' && tokens[i + 1]?.text === '<') {
    const k = readSparkType(tokens, i + 2);
    const v = readSparkType(tokens, k.last + 2);
    const close = closeAngle(tokens, v.last + 1);
    const error = k.error ?? v.error;
    return { text: `MAP(${k.text}, ${v.text})`, last: close, ...(error ? { error } : {}) };
  }
  if (u === 'STRUCT' && tokens[i + 1]?.text === '<') {
    const fields: string[] = [];
    let j = i + 2;
    let error: string | undefined;
    while (tokens[j] && tokens[j].text !== '>' && tokens[j].text !== '>>' && tokens[j].kind !== 'eof') {
      const name = tokens[j].value;
      j++;
      if (tokens[j]?.text === ':') j++;
      const ft = readSparkType(tokens, j);
      error ??= ft.error;
      fields.push(`"${name.replace(/"/g, '""')}" ${ft.text}`);
      j = ft.last + 1;
      // Field options: NOT NULL, COMMENT '...'
      while (tokens[j] && tokens[j].kind === 'ident' && ['NOT', 'NULL', 'COMMENT'].includes(tokens[j].upper)) j += tokens[j].upper === 'COMMENT' ? 2 : 1;
      if (tokens[j]?.text === ',') j++;
    }
    const close = closeAngle(tokens, j);
    return { text: `STRUCT(${fields.join(', ')})`, last: close, ...(error ? { error } : {}) };
  }
  if (u === 'INTERVAL') {
    // INTERVAL DAY TO SECOND etc.: DuckDB has one INTERVAL type.
    let j = i;
    while (tokens[j + 1]?.kind === 'ident' && ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'TO'].includes(tokens[j + 1].upper)) j++;
    return { text: 'INTERVAL', last: j };
  }
  const mapped = SIMPLE[u];
  if (!mapped) return { text: t.text, last: i, error: `type ${t.text} has no DuckDB equivalent` };
  if (tokens[i + 1]?.text === '(') {
    // DECIMAL(p, s), VARCHAR(n), CHAR(n): DuckDB ignores lengths of VARCHAR; keep precision/scale.
    let j = i + 2;
    const nums: string[] = [];
    while (tokens[j] && tokens[j].text !== ')' && tokens[j].kind !== 'eof') { if (tokens[j].kind === 'number') nums.push(tokens[j].text); j++; }
    return { text: mapped === 'DECIMAL' ? `DECIMAL(${nums.join(', ')}${nums.length === 1 ? ', 0' : ''})` : mapped, last: j };
  }
  return { text: mapped === 'DECIMAL' ? 'DECIMAL(10, 0)' : mapped, last: i };
}

/** `>` closes one level; the lexer makes `>>` one token, which closes two (ARRAY<ARRAY<INT>>). */
function closeAngle(tokens: readonly Token[], j: number): number {
  return tokens[j] && (tokens[j].text === '>' || tokens[j].text === '>>') ? j : j - 1;
}

/** Spark type text (a column definition, a `schema` option) → DuckDB type text. */
export function sparkTypeText(tokens: readonly Token[]): TypeParse {
  return readSparkType(tokens, 0);
}
