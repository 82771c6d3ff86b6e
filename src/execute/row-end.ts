import type { Database } from './database.js';

/**
 * DuckDB gives the rows a transaction appended and has not committed row ids from 2^55 (its MAX_ROW_ID) up; at
 * commit they become the ids after the committed rows. Only an `--atomic` run reads such rows (a dataset written
 * earlier in the same transaction).
 */
export const UNCOMMITTED_ROW_ID = 36028797018960000n;

/** The row ids of a table: where they will end once the running transaction commits, and its uncommitted rows. */
export interface RowExtent {
  /** `max(rowid) + 1` of the committed rows plus the uncommitted ones: the next append's start after commit. */
  readonly end: number;
  /** Rows appended by the running transaction and not committed yet (0 outside an `--atomic` run). */
  readonly uncommitted: number;
  /** All the rows it holds: below `end` once committed (what a stream checkpoint at `end` has read). */
  readonly rows: number;
  /** Rows with an id below the `below` asked for (a stream's resume offset). */
  readonly below?: number;
  /** With `below`: a hash of the row just below it, and of the last row (the one just below `end` once committed). */
  readonly belowHash?: string;
  readonly lastHash?: string;
}

/** `rowExtent(...).end`, 0 when the table does not exist yet: where the next append starts. */
export async function rowEnd(db: Database, relation: string): Promise<number> {
  try {
    return (await existingRowExtent(db, relation)).end;
  } catch {
    return 0;
  }
}

/** The SQL of a relation's `RowExtent` as the columns `e` (end), `u` (uncommitted), `n` (rows) and `b` (below). */
export function rowExtentSql(relation: string, below?: number): string {
  const hashes = below === undefined ? '' : `, count(*) FILTER (WHERE rowid < ${below}) AS b, ` +
    `(SELECT hash(t)::VARCHAR FROM ${relation} AS t WHERE rowid = ${below - 1}) AS bh, ` +
    `(SELECT hash(t)::VARCHAR FROM ${relation} AS t ORDER BY rowid DESC LIMIT 1) AS lh`;
  return `SELECT coalesce(max(rowid) FILTER (WHERE rowid < ${UNCOMMITTED_ROW_ID}) + 1, 0) + count(*) FILTER (WHERE rowid >= ${UNCOMMITTED_ROW_ID}) AS e, ` +
    `count(*) FILTER (WHERE rowid >= ${UNCOMMITTED_ROW_ID}) AS u, count(*) AS n${hashes} FROM ${relation}`;
}

/**
 * The extent of a relation that must have row ids: throws DuckDB's error for a missing table or a view. With
 * `below` (a stream's offset), also what lies below it (stream-source-check.ts).
 */
export async function existingRowExtent(db: Database, relation: string, below?: number): Promise<RowExtent> {
  const r = (await db.rows(rowExtentSql(relation, below)))[0];
  return {
    end: Number(r?.e ?? 0), uncommitted: Number(r?.u ?? 0), rows: Number(r?.n ?? 0),
    ...(below !== undefined ? { below: Number(r?.b ?? 0), belowHash: String(r?.bh ?? ''), lastHash: String(r?.lh ?? '') } : {}),
  };
}
