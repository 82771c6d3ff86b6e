import type { Database } from './database.js';

/**
 * `max(rowid) + 1` of a table's committed rows, 0 when it does not exist yet: where the next append starts, and the
 * end of the window a stream may read now. (Uncommitted rows of the running transaction have rowids above 2^53:
 * read those as text, see write-batch.ts.)
 */
export async function rowEnd(db: Database, relation: string): Promise<number> {
  try {
    const r = await db.rows(`SELECT coalesce(max(rowid) + 1, 0) AS n FROM ${relation}`);
    return Number(r[0]?.n ?? 0);
  } catch {
    return 0;
  }
}
