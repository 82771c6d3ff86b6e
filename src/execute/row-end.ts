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
}

/** `rowExtent(...).end`, 0 when the table does not exist yet: where the next append starts. */
export async function rowEnd(db: Database, relation: string): Promise<number> {
  try {
    return (await existingRowExtent(db, relation)).end;
  } catch {
    return 0;
  }
}

/** The SQL of a relation's `RowExtent` as the columns `e` (end) and `u` (uncommitted). */
export function rowExtentSql(relation: string): string {
  return `SELECT coalesce(max(rowid) FILTER (WHERE rowid < ${UNCOMMITTED_ROW_ID}) + 1, 0) + count(*) FILTER (WHERE rowid >= ${UNCOMMITTED_ROW_ID}) AS e, ` +
    `count(*) FILTER (WHERE rowid >= ${UNCOMMITTED_ROW_ID}) AS u FROM ${relation}`;
}

/** The extent of a relation that must have row ids: throws DuckDB's error for a missing table or a view. */
export async function existingRowExtent(db: Database, relation: string): Promise<RowExtent> {
  const r = (await db.rows(rowExtentSql(relation)))[0];
  return { end: Number(r?.e ?? 0), uncommitted: Number(r?.u ?? 0) };
}
