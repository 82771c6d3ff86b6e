import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

// SEMANTICS §3: "a flow reading STREAM(x) processes only rows appended to x since its last successful update";
// §6: "the next run neither loses nor duplicates input". A full refresh of x replaces its rows: a reader's offset
// means nothing in them, so (like Databricks) the reader fails until it is fully refreshed too
// (src/execute/stream-source-check.ts).

const PIPELINE = `CREATE OR REFRESH STREAMING TABLE raw_orders AS
SELECT * FROM STREAM read_files('data/orders/*.csv', format => 'csv', header => true);

CREATE OR REFRESH STREAMING TABLE clean AS
SELECT id, amount FROM STREAM(raw_orders) WHERE amount > 0;

CREATE OR REFRESH STREAMING TABLE ids;
CREATE FLOW backfill AS INSERT INTO ids BY NAME SELECT id FROM STREAM(raw_orders);
`;

async function ids(dir: string, table: string): Promise<number[]> {
  const rows = await queryReadOnly(join(dir, 'target', 'shop.duckdb'), `SELECT id::INT AS id FROM ${table} ORDER BY id`);
  return rows.map((r) => Number(r.id));
}

function statuses(dir: string): Record<string, string> {
  return Object.fromEntries(readRunResults(dir).results.map((r) => [r.unique_id, r.status]));
}

describe('a full refresh of a streaming source (events-stream-source)', () => {
  it('fails its STREAM readers until they are fully refreshed; never duplicates their rows', async () => {
    const dir = writeProject({
      'weir.yml': 'name: shop\nlibraries:\n  - transformations/**\n',
      'data/orders/1.csv': 'id,amount\n1,10\n2,20\n',
      'transformations/orders.sql': PIPELINE,
    });
    const run = (...args: string[]) => runCli(['run', '--project', dir, ...args], dir);
    expect((await run()).code).toBe(0);
    expect(await ids(dir, 'clean')).toEqual([1, 2]);

    const full = await run('--full-refresh', 'raw_orders');
    expect(full.code).toBe(0);
    expect(statuses(dir)).toEqual({ raw_orders: 'COMPLETED', clean: 'EXCLUDED', ids: 'EXCLUDED' });

    // Twice: the failure stands until the reader is fully refreshed (and new input does not change that).
    for (const more of [false, true]) {
      if (more) writeFileSync(join(dir, 'data/orders/2.csv'), 'id,amount\n3,30\n');
      const r = await run();
      expect(r.code).toBe(1);
      expect(statuses(dir)).toEqual({ raw_orders: more ? 'COMPLETED' : 'IDLE', clean: 'FAILED', ids: 'FAILED' });
      expect(r.stdout).toContain([
        '    error: transformations/orders.sql:5:31: clean cannot continue reading STREAM(raw_orders): raw_orders was fully refreshed since clean last read it (its rows were replaced, not appended), so resuming would lose or duplicate rows',
        '    hint: run --full-refresh clean to rebuild it from the current raw_orders (or --full-refresh raw_orders,clean to rebuild both)',
      ].join('\n'));
      expect(r.stdout).toContain('    error: transformations/orders.sql:8:71: flow backfill of ids cannot continue reading STREAM(raw_orders): raw_orders was fully refreshed since ids last read it');
      expect(r.stdout).toContain('    hint: run --full-refresh ids to rebuild it from the current raw_orders (or --full-refresh raw_orders,ids to rebuild both)');
      expect(await ids(dir, 'clean')).toEqual([1, 2]);
      expect(await ids(dir, 'ids')).toEqual([1, 2]);
      const [event] = await queryReadOnly(join(dir, 'target', 'shop.duckdb'), `SELECT details->>'$.flow_progress.error.hint' AS hint FROM _weir.event_log
        WHERE origin.update_id = '${readRunResults(dir).metadata.run_id}' AND origin.flow_name = 'clean' AND level = 'ERROR'`);
      expect(event.hint).toBe('run --full-refresh clean to rebuild it from the current raw_orders (or --full-refresh raw_orders,clean to rebuild both)');
    }

    expect((await run('--full-refresh', 'clean')).code).toBe(0);
    expect(statuses(dir)).toEqual({ raw_orders: 'EXCLUDED', clean: 'COMPLETED', ids: 'EXCLUDED' });
    expect(await ids(dir, 'clean')).toEqual([1, 2, 3]);
    expect((await run()).code).toBe(1);
    expect(statuses(dir)).toEqual({ raw_orders: 'IDLE', clean: 'IDLE', ids: 'FAILED' });

    // Source and reader fully refreshed together, then --full-refresh-all: each row once.
    expect((await run('--full-refresh', 'raw_orders,ids')).code).toBe(0);
    expect(statuses(dir)).toEqual({ raw_orders: 'COMPLETED', clean: 'EXCLUDED', ids: 'COMPLETED' });
    expect(await ids(dir, 'ids')).toEqual([1, 2, 3]);
    expect((await run('--full-refresh-all')).code).toBe(0);
    expect(statuses(dir)).toEqual({ raw_orders: 'COMPLETED', clean: 'COMPLETED', ids: 'COMPLETED' });
    expect(await ids(dir, 'raw_orders')).toEqual([1, 2, 3]);
    expect(await ids(dir, 'clean')).toEqual([1, 2, 3]);
    expect(await ids(dir, 'ids')).toEqual([1, 2, 3]);

    // Back to incremental: only the new row flows through.
    writeFileSync(join(dir, 'data/orders/3.csv'), 'id,amount\n4,40\n');
    expect((await run()).code).toBe(0);
    expect(statuses(dir)).toEqual({ raw_orders: 'COMPLETED', clean: 'COMPLETED', ids: 'COMPLETED' });
    expect(await ids(dir, 'clean')).toEqual([1, 2, 3, 4]);
    expect(await ids(dir, 'ids')).toEqual([1, 2, 3, 4]);
  });
});
