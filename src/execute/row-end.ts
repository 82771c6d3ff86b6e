import type { Database } from './database.js';

/**
 * DuckDB gives the rows a transaction appended and has not committed row ids from 2^55 (its MAX_ROW_ID) up; at
 * commit they become the ids after the committed rows. Only an `--atomic` run reads such rows (a dataset written
 * earlier in the same transaction), so only it pays for telling them apart (the FILTERs triple the cost of the
 * max(rowid) scan).
 */
export const UNCOMMITTED_ROW_ID = 36028797018960000n;

/** The row ids of a table: where they will end once the running transaction commits, and its uncommitted rows. */
export interface RowExtent {
  /** `max(rowid) + 1` of the committed rows plus the uncommitted ones: the next append's start after commit. */
  readonly end: number;
  /** Rows appended by the running transaction and not committed yet (0 outside an `--atomic` run). */
  readonly uncommitted: number;
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

/** The SQL of a relation's `RowExtent` end and uncommitted rows, as the columns `e` and `u`. */
export function rowExtentSql(relation: string, atomic: boolean): string {
  if (!atomic) return `SELECT coalesce(max(rowid) + 1, 0) AS e, 0 AS u FROM ${relation}`;
  return `SELECT coalesce(max(rowid) FILTER (WHERE rowid < ${UNCOMMITTED_ROW_ID}) + 1, 0) + count(*) FILTER (WHERE rowid >= ${UNCOMMITTED_ROW_ID}) AS e, ` +
    `count(*) FILTER (WHERE rowid >= ${UNCOMMITTED_ROW_ID}) AS u FROM ${relation}`;
}

/**
 * The extent of a relation that must have row ids: throws DuckDB's error for a missing table or a view. With
 * `below` (a stream's offset), also hashes of the row just below it and of the last row (stream-source-check.ts),
 * found by row id (a point read).
 */
export async function existingRowExtent(db: Database, relation: string, opts: { atomic?: boolean; below?: number } = {}): Promise<RowExtent> {
  const r = (await db.rows(rowExtentSql(relation, opts.atomic === true)))[0];
  const end = Number(r?.e ?? 0);
  const uncommitted = Number(r?.u ?? 0);
  if (opts.below === undefined) return { end, uncommitted };
  const last = uncommitted > 0 ? (UNCOMMITTED_ROW_ID + BigInt(uncommitted - 1)).toString() : String(end - 1);
  const hash = (id: string): string => `(SELECT hash(x)::VARCHAR FROM ${relation} AS x WHERE rowid = ${id})`;
  const h = (await db.rows(`SELECT ${hash(String(opts.below - 1))} AS bh, ${hash(last)} AS lh`))[0];
  return { end, uncommitted, belowHash: String(h?.bh ?? ''), lastHash: String(h?.lh ?? '') };
}
