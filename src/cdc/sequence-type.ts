import type { CompiledCdc } from '../model/compiled-pipeline.js';
import type { ColumnInfo } from './cdc-columns.js';

/**
 * The sequence's DuckDB type when SEQUENCE BY is a plain (possibly quoted) column of the change rows;
 * undefined for an expression (its type is then known only to DuckDB).
 */
export function sequenceType(spec: CompiledCdc, changeColumns: readonly ColumnInfo[]): string | undefined {
  const name = sequenceColumn(spec.sequenceBy.sql);
  if (name === undefined) return undefined;
  return changeColumns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.type;
}

function sequenceColumn(sql: string): string | undefined {
  const text = sql.trim();
  const quoted = /^"((?:[^"]|"")+)"$/.exec(text);
  if (quoted) return quoted[1].replace(/""/g, '"');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) ? text : undefined;
}
