import type { Database } from './database.js';

/**
 * `max(rowid) + 1` of a table's committed rows, 0 when it does not exist yet: where the next append starts, and the
 * end of the window a stream may read now. (Uncommitted rows of the running transaction have rowids above 2^53:
 * read those as text, see write-batch.ts.)
 */
export async function rowEnd(db: Database, relation: string): Promise<number> {
  try {
    return await existingRowEnd(db, relation);
  } catch {
    return 0;
  }
}

/** `rowEnd` of a relation that must have row ids: throws DuckDB's error for a missing table or a view. */
export async function existingRowEnd(db: Database, relation: string): Promise<number> {
  const r = await db.rows(`SELECT coalesce(max(rowid) + 1, 0) AS n FROM ${relation}`);
  return Number(r[0]?.n ?? 0);
}
