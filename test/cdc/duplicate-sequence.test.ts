import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyBatch, freshConnection, loadChanges, resetDatabase, specOf, type ChangeRow, type TestConfig } from './harness.js';

/**
 * Issue 5: "two different events with the same key and the same sequence: a deterministic rule, documented, and
 * a warning with the key" — whether the twins arrive in one batch or in two. Each case applies its batches and
 * reads the LAST batch's `num_duplicate_sequence` and `duplicates` (the keys WEIR6102 lists), in the four
 * generators (SCD 1, SCD 1 IGNORE NULL UPDATES, SCD 2, SCD 2 IGNORE NULL UPDATES).
 */
const SCD1: TestConfig = { scd: 1, ignoreNulls: false, truncate: false, composite: false, stored: 'except', track: 'all', seqKind: 'int' };
const CONFIGS: Record<string, TestConfig> = {
  'SCD 1': SCD1,
  'SCD 1 IGNORE NULL UPDATES': { ...SCD1, ignoreNulls: true },
  'SCD 2': { ...SCD1, scd: 2 },
  'SCD 2 IGNORE NULL UPDATES': { ...SCD1, scd: 2, ignoreNulls: true },
};
const U = (id: number, seq: number, a: number | null, b: string | null = null): ChangeRow => ({ id, id2: 0, op: 'U', seq, a, b, c: null });
const D = (id: number, seq: number, a: number | null = null): ChangeRow => ({ id, id2: 0, op: 'D', seq, a, b: null, c: null });

let conn: DuckDBConnection;
beforeAll(async () => { conn = await freshConnection(); });
afterAll(() => conn.closeSync());
beforeEach(async () => { await resetDatabase(conn); });

/** The last batch's conflict count and listed `key @ sequence`s. */
async function lastConflicts(cfg: TestConfig, ...batches: ChangeRow[][]): Promise<{ count: number; listed: string[] }> {
  let out = { count: 0, listed: [] as string[] };
  for (const [i, b] of batches.entries()) {
    await loadChanges(conn, b);
    const { plan, metrics } = await applyBatch(conn, specOf(cfg), `run-${i + 1}`);
    const listed = (await conn.runAndReadAll(plan.duplicates)).getRowsJson().map((r) => `${String(r[0])} @ ${String(r[1])}`);
    out = { count: Number(metrics.num_duplicate_sequence), listed };
  }
  return out;
}

describe.each(Object.entries(CONFIGS))('%s: same key and sequence across batches', (_name, cfg) => {
  it('a different upsert in a later batch at the key\'s stored sequence is reported with its key', async () => {
    expect(await lastConflicts(cfg, [U(1, 5, 10, 'x'), U(2, 1, 20)], [U(1, 5, 30, 'x'), U(2, 2, 21)]))
      .toEqual({ count: 1, listed: ['1 @ 5'] });
  });

  it('the same conflict in one batch is reported the same way', async () => {
    expect(await lastConflicts(cfg, [U(1, 5, 10, 'x'), U(2, 1, 20), U(1, 5, 30, 'x'), U(2, 2, 21)]))
      .toEqual({ count: 1, listed: ['1 @ 5'] });
  });

  it('a delete in a later batch at the stored upsert\'s sequence, and an upsert at a stored delete\'s, are reported', async () => {
    expect(await lastConflicts(cfg, [U(1, 5, 10), U(2, 1, 20), D(2, 4)], [D(1, 5), U(2, 4, 22)]))
      .toEqual({ count: 2, listed: ['1 @ 5', '2 @ 4'] });
  });

  it('an identical re-delivery, and a second delete with other payload, are not conflicts', async () => {
    expect(await lastConflicts(cfg, [U(1, 5, 10, 'x'), D(2, 3, 1)], [U(1, 5, 10, 'x'), D(2, 3, 2)]))
      .toEqual({ count: 0, listed: [] });
    expect(await lastConflicts(cfg, [D(3, 1, 1), D(3, 1, 2)])).toEqual({ count: 0, listed: [] });
  });

  it('in one batch: the winner re-delivered next to a different event, or two deletes next to an upsert, are conflicts', async () => {
    expect(await lastConflicts(cfg, [U(1, 5, 30), U(1, 5, 30), U(1, 5, 10), D(2, 4, 1), D(2, 4, 2), U(2, 4, 9)]))
      .toEqual({ count: 2, listed: ['1 @ 5', '2 @ 4'] });
  });

  it('a NULL where the stored event at that sequence had a value is a different event', async () => {
    expect(await lastConflicts(cfg, [U(1, 5, 10, 'x')], [U(1, 5, null, 'x')])).toEqual({ count: 1, listed: ['1 @ 5'] });
  });
});
