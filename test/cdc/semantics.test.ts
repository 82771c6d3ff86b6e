import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cdcApplySql } from '../../src/cdc/index.js';
import { applyBatch, freshConnection, loadChanges, resetDatabase, specOf, sql, type ChangeRow, type TestConfig } from './harness.js';

/** SEMANTICS §5, one rule per test, on hand-written batches with the expected tables spelled out. */
const SCD1: TestConfig = { scd: 1, ignoreNulls: false, truncate: true, composite: false, stored: 'except', track: 'all', seqKind: 'int' };
const SCD2: TestConfig = { ...SCD1, scd: 2, truncate: false };
const U = (id: number | null, seq: number | null, a: number | null, b: string | null = null, c: number | null = null): ChangeRow =>
  ({ id, id2: 0, op: 'U', seq, a, b, c });
const D = (id: number, seq: number): ChangeRow => ({ id, id2: 0, op: 'D', seq, a: null, b: null, c: null });
const T = (seq: number): ChangeRow => ({ id: null, id2: 0, op: 'T', seq, a: null, b: null, c: null });

let conn: DuckDBConnection;
beforeAll(async () => { conn = await freshConnection(); });
afterAll(() => conn.closeSync());
beforeEach(async () => { await resetDatabase(conn); });

async function apply(cfg: TestConfig, ...batches: ChangeRow[][]): Promise<Record<string, unknown>> {
  let metrics: Record<string, unknown> = {};
  for (const [i, b] of batches.entries()) {
    await loadChanges(conn, b);
    metrics = (await applyBatch(conn, specOf(cfg), `run-${i + 1}`)).metrics;
  }
  return metrics;
}
/** The metrics row per batch. */
async function applyEach(cfg: TestConfig, ...batches: ChangeRow[][]): Promise<ReturnType<typeof counts>[]> {
  const out: ReturnType<typeof counts>[] = [];
  for (const [i, b] of batches.entries()) {
    await loadChanges(conn, b);
    out.push(counts((await applyBatch(conn, specOf(cfg), `run-${i + 1}`)).metrics));
  }
  return out;
}
const counts = (m: Record<string, unknown>) => ({
  upserted: Number(m.num_upserted_rows), deleted: Number(m.num_deleted_rows), inserted: Number(m.num_output_rows),
  applied: Number(m.num_applied_changes), ignored: Number(m.num_ignored_changes), violations: Number(m.num_violations),
});
async function rows(sql: string): Promise<unknown[][]> {
  return (await conn.runAndReadAll(sql)).getRowsJson() as unknown[][];
}
const target = (): Promise<unknown[][]> => rows('SELECT id, a, b FROM main.t ORDER BY id');
const history = (): Promise<unknown[][]> => rows('SELECT id, a, c, "__START_AT", "__END_AT" FROM main.t ORDER BY id, "__START_AT"');

describe('SCD type 1', () => {
  it('the latest sequence wins within a batch and across batches; an older event does not overwrite', async () => {
    await apply(SCD1, [U(1, 5, 50), U(1, 3, 30), U(2, 1, 10)], [U(1, 4, 40), U(2, 2, 20)]);
    expect(await target()).toEqual([[1, 50, null], [2, 20, null]]);
  });

  it('a delete leaves an invisible tombstone: a late older upsert cannot resurrect the key', async () => {
    await apply(SCD1, [U(1, 1, 10), D(1, 5)], [U(1, 3, 30)]);
    expect(await target()).toEqual([]);
    expect(await rows('SELECT id, "__weir_seq", "__weir_deleted" FROM "_weir_private"."t__cdc_keys"')).toEqual([[1, 5, true]]);
  });

  it('a newer upsert after a delete re-inserts the key', async () => {
    await apply(SCD1, [U(1, 1, 10), D(1, 5)], [U(1, 6, 60)]);
    expect(await target()).toEqual([[1, 60, null]]);
  });

  it('IGNORE NULL UPDATES keeps current values for NULL columns, also for several events in one batch', async () => {
    const cfg = { ...SCD1, ignoreNulls: true };
    await apply(cfg, [U(1, 1, 10, 'x')], [U(1, 3, null, 'z'), U(1, 2, 20, null)]);
    expect(await target()).toEqual([[1, 20, 'z']]);
  });

  it('IGNORE NULL UPDATES: a late event still fills a column every later event left NULL', async () => {
    const cfg = { ...SCD1, ignoreNulls: true };
    await apply(cfg, [U(1, 5, 50, null)], [U(1, 3, 30, 'y')]);
    expect(await target()).toEqual([[1, 50, 'y']]);
  });

  it('TRUNCATE empties the target; events before it are ignored even when late, events after it stay', async () => {
    await apply(SCD1, [U(1, 1, 10), U(2, 9, 90), T(5), U(3, 6, 60)], [U(4, 4, 40)]);
    expect(await target()).toEqual([[2, 90, null], [3, 60, null]]);
  });

  it('NULL key or NULL sequence: counted, kept with the run id and reason, never applied', async () => {
    const m = await apply(SCD1, [U(null, 1, 10), U(1, null, 20), U(2, 2, 30)]);
    expect(await target()).toEqual([[2, 30, null]]);
    expect(Number(m.num_violations)).toBe(2);
    expect(await rows('SELECT id, seq, "__weir_run_id", "__weir_reason" FROM "_weir_private"."t__cdc_violations" ORDER BY ALL'))
      .toEqual([[1, null, 'run-1', 'NULL sequence'], [null, 1, 'run-1', 'NULL key']]);
  });

  it('same key and sequence: a delete wins over an upsert, then the greatest row; counted and listed', async () => {
    await loadChanges(conn, [U(1, 5, 10, 'a'), U(1, 5, 30, 'b'), U(1, 5, 20, 'c'), U(2, 5, 1), D(2, 5)]);
    const { plan, metrics } = await applyBatch(conn, specOf(SCD1), 'run-1');
    expect(await target()).toEqual([[1, 30, 'b']]);
    expect(Number(metrics.num_duplicate_sequence)).toBe(2);
    expect(await rows(plan.duplicates)).toEqual([['1', '5'], ['2', '5']]);
  });

  it('the same tie-break applies when the twin arrives in a later batch', async () => {
    await apply(SCD1, [U(1, 5, 30)], [U(1, 5, 10)], [U(1, 5, 40)]);
    expect(await target()).toEqual([[1, 40, null]]);
  });

  it('metrics: upserted, deleted (existing rows only), inserted; every change row applied or ignored', async () => {
    await apply(SCD1, [U(1, 1, 10), U(2, 1, 20)]);
    const m = await apply(SCD1, [U(1, 2, 11), U(3, 2, 30), D(2, 2), D(9, 2), U(1, 0, 0)]);
    // D(9) is applied (a tombstone) but removes no row; U(1, 0) is superseded by U(1, 2).
    expect(counts(m)).toEqual({ upserted: 2, deleted: 1, inserted: 1, applied: 4, ignored: 1, violations: 0 });
  });

  it('a run with no new change rows changes nothing', async () => {
    await apply(SCD1, [U(1, 1, 10)]);
    const m = await apply(SCD1, []);
    expect(await target()).toEqual([[1, 10, null]]);
    expect(Number(m.num_output_rows)).toBe(0);
  });

  it('a new column in new input is added to the target', async () => {
    await apply(SCD1, [U(1, 1, 10)]);
    await conn.run(`CREATE OR REPLACE TEMP TABLE changes AS SELECT 2 AS id, 0 AS id2, 'U' AS op, 2 AS seq, 20 AS a,
      'x' AS b, 1 AS c, 'new' AS d`);
    const cols = (await rows('DESCRIBE temp.main.changes')).map((r) => ({ name: String(r[0]), type: String(r[1]) }));
    const plan = cdcApplySql(specOf(SCD1), { target: '"main"."t"', state: '"_weir_private"."t__cdc"', columns: cols, runId: 'r' }, 'temp.main.changes');
    for (const s of [...plan.ensure, ...plan.apply]) await conn.run(s);
    expect(await rows('SELECT id, d FROM main.t ORDER BY id')).toEqual([[1, null], [2, 'new']]);
  });
});

describe('both SCD types', () => {
  for (const cfg of [SCD1, SCD2]) {
    it(`SCD ${cfg.scd}: a sequence whose type changed since the last run fails the update with a clear message`, async () => {
      await apply(cfg, [U(1, 1, 10)]);
      await conn.run(`CREATE OR REPLACE TEMP TABLE changes AS SELECT 1 AS id, 0 AS id2, 'U' AS op,
        TIMESTAMP '2024-01-01' AS seq, 20 AS a, 'x' AS b, 1 AS c`);
      await expect(applyBatch(conn, specOf(cfg), 'run-2')).rejects.toThrow(/SEQUENCE BY is now TIMESTAMP but this target was built with INTEGER.*--full-refresh/);
      expect(await rows('SELECT id, a FROM main.t')).toEqual([[1, 10]]);
    });
  }

  it('integer sequences of another width are accepted (INTEGER one run, BIGINT the next)', async () => {
    await apply(SCD1, [U(1, 1, 10)]);
    await conn.run(`CREATE OR REPLACE TEMP TABLE changes AS SELECT 1 AS id, 0 AS id2, 'U' AS op,
      CAST(2 AS BIGINT) AS seq, 20 AS a, 'x' AS b, 1 AS c`);
    await applyBatch(conn, specOf(SCD1), 'run-2');
    expect(await target()).toEqual([[1, 20, 'x']]);
  });

  it('an expression ending in a -- comment still works', async () => {
    await loadChanges(conn, [U(1, 2, 20), U(1, 1, 10)]);
    await applyBatch(conn, { ...specOf(SCD1), sequenceBy: sql('seq -- event order'), deleteWhen: sql("op = 'D' -- deletes") }, 'r');
    expect(await target()).toEqual([[1, 20, null]]);
  });

  it('keys-only targets (COLUMNS lists only the key) work for SCD 1 and 2', async () => {
    const spec = { ...specOf(SCD1), columns: { mode: 'include' as const, columns: ['id'] } };
    for (const storedAs of [1, 2] as const) {
      await resetDatabase(conn);
      for (const b of [[U(1, 1, 10), U(2, 1, 20)], [D(1, 2), U(1, 1, 5), U(2, 3, 30)]]) {
        await loadChanges(conn, b);
        await applyBatch(conn, { ...spec, storedAs, ...(storedAs === 2 ? { truncateWhen: undefined } : {}) }, 'r');
      }
      expect(await rows(storedAs === 1 ? 'SELECT * FROM main.t' : 'SELECT id, "__START_AT", "__END_AT" FROM main.t ORDER BY ALL'))
        .toEqual(storedAs === 1 ? [[2]] : [[1, 1, 2], [2, 1, null]]);
    }
  });
});

describe('SCD type 2', () => {
  it('versions: __END_AT IS NULL marks the current one; a delete closes it', async () => {
    await apply(SCD2, [U(1, 1, 10), U(1, 3, 30), U(2, 2, 20)], [D(1, 5)]);
    expect(await history()).toEqual([[1, 10, null, 1, 3], [1, 30, null, 3, 5], [2, 20, null, 2, null]]);
  });

  it('an update that changes no tracked column opens no version but updates untracked columns in place', async () => {
    const cfg: TestConfig = { ...SCD2, track: 'only_a' };
    await apply(cfg, [U(1, 1, 10, null, 0)], [U(1, 2, 10, null, 7)]);
    expect(await history()).toEqual([[1, 10, 7, 1, null]]);
  });

  it('a late event lands in the right place, splitting the interval it falls in', async () => {
    await apply(SCD2, [U(1, 1, 10), U(1, 5, 50)], [U(1, 3, 30)]);
    expect(await history()).toEqual([[1, 10, null, 1, 3], [1, 30, null, 3, 5], [1, 50, null, 5, null]]);
  });

  it('a late change turns an absorbed no-op update into a real change', async () => {
    await apply(SCD2, [U(1, 1, 10), U(1, 5, 10)], [U(1, 3, 30)]);
    expect(await history()).toEqual([[1, 10, null, 1, 3], [1, 30, null, 3, 5], [1, 10, null, 5, null]]);
  });

  it('__START_AT and __END_AT are typed like the sequence (STRUCT, TIMESTAMP)', async () => {
    await apply({ ...SCD2, seqKind: 'struct' }, [U(1, 5, 10)]);
    expect(await rows(`SELECT column_type FROM (DESCRIBE main.t) WHERE column_name IN ('__START_AT', '__END_AT')`))
      .toEqual([['STRUCT(major INTEGER, minor INTEGER)'], ['STRUCT(major INTEGER, minor INTEGER)']]);
    await resetDatabase(conn);
    await apply({ ...SCD2, seqKind: 'timestamp' }, [U(1, 5, 10)]);
    expect(await rows(`SELECT CAST("__START_AT" AS VARCHAR) FROM main.t`)).toEqual([['2024-01-01 00:00:05']]);
  });
});

/** Issue 4: rows read = applied + ignored + violations, and the target counts are what changed in the target. */
describe('metrics tell what changed', () => {
  const none = { upserted: 0, deleted: 0, inserted: 0, applied: 0, ignored: 0, violations: 0 };

  it('SCD 1: a late event is ignored, not upserted', async () => {
    expect(await applyEach(SCD1, [U(1, 5, 50)], [U(1, 3, 30)])).toEqual([
      { ...none, upserted: 1, inserted: 1, applied: 1 }, { ...none, ignored: 1 }]);
    expect(await target()).toEqual([[1, 50, null]]);
  });

  it('SCD 1 with IGNORE NULL UPDATES: a late event counts only when it fills a column', async () => {
    const cfg = { ...SCD1, ignoreNulls: true };
    expect(await applyEach(cfg, [U(1, 5, 50, 'x')], [U(1, 3, 30, 'y')])).toEqual([
      { ...none, upserted: 1, inserted: 1, applied: 1 }, { ...none, ignored: 1 }]);
    await resetDatabase(conn);
    expect(await applyEach(cfg, [U(1, 5, 50, null)], [U(1, 3, 30, 'y')])).toEqual([
      { ...none, upserted: 1, inserted: 1, applied: 1 }, { ...none, upserted: 1, applied: 1 }]);
    expect(await target()).toEqual([[1, 50, 'y']]);
    // A late delete becomes the key's reset point (a later late event older than it cannot set a column): applied,
    // though the row keeps its values; one older than that point changes nothing; a newer one removes the row.
    expect(await applyEach(cfg, [D(1, 2)], [D(1, 1)], [D(1, 7), D(1, 7)])).toEqual([
      { ...none, applied: 1 }, { ...none, ignored: 1 }, { ...none, deleted: 1, applied: 1, ignored: 1 }]);
  });

  it('SCD 1 TRUNCATE: one applied change row that removes every older key; events before it are ignored', async () => {
    expect(await applyEach(SCD1, [U(1, 1, 10), U(2, 9, 90)], [T(5), U(3, 6, 60), U(4, 4, 40)])).toEqual([
      { ...none, upserted: 2, inserted: 2, applied: 2 }, { ...none, upserted: 1, inserted: 1, deleted: 1, applied: 2, ignored: 1 }]);
  });

  it('SCD 2: inserted versions, updated (closed) versions, NULL keys and sequences dropped', async () => {
    const got = await applyEach(SCD2,
      [U(1, 1, 10), U(1, 2, 20), U(2, 1, 10), U(3, 1, 10), U(3, 3, 30)],
      [U(1, 4, 40), U(2, 5, 50), U(3, 2, 20), U(4, 1, 10)], // U(3, 2) is late: it splits [1, 3)
      [D(1, 6), U(2, 7, 70)],
      [U(null, 8, 1), U(2, null, 2)]);
    expect(got).toEqual([
      { ...none, upserted: 5, inserted: 5, applied: 5 },
      // new versions of 1, 2, 3 (late) and 4; versions 1@2, 2@1 closed and 3@1 shortened
      { ...none, upserted: 7, inserted: 4, applied: 4 },
      // a delete closes 1@4 (no row removed); 2@5 closed, 2@7 new
      { ...none, upserted: 3, inserted: 1, applied: 2 },
      { ...none, violations: 2 },
    ]);
    expect((await history()).length).toBe(10);
  });

  it('SCD 2: a re-delivered event and the loser of a same-sequence conflict are ignored', async () => {
    expect(await applyEach(SCD2, [U(1, 1, 10), U(1, 2, 20), U(1, 2, 25)], [U(1, 1, 10)])).toEqual([
      { ...none, upserted: 2, inserted: 2, applied: 2, ignored: 1 }, { ...none, ignored: 1 }]);
    expect(await history()).toEqual([[1, 10, null, 1, 2], [1, 25, null, 2, null]]);
  });
});
