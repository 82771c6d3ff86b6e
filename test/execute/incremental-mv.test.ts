import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_FUNCTIONS, VOLATILE_FUNCTIONS } from '../../src/execute/incremental/duckdb-functions.js';
import type { CompiledPipeline } from '../../src/model/index.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline, type DatasetSpec } from './helpers/make-pipeline.js';

// Incremental refresh of materialized views (src/execute/incremental): when every changed input only gained
// rows, APPEND_ONLY / GROUP_AGGREGATE must give exactly the rows of a full recompute; anything else recomputes
// in full and says why.

function sources(f: Fixture): Record<string, DatasetSpec> {
  return {
    orders_raw: { kind: 'st', query: `SELECT CAST(id AS BIGINT) AS id, CAST(cust AS BIGINT) AS cust, CAST(day AS INTEGER) AS day, CAST(amount AS INTEGER) AS amount, CAST(status AS VARCHAR) AS status FROM {files:json ${f.landing}/orders/*.json}` },
    customers_raw: { kind: 'st', query: `SELECT CAST(id AS BIGINT) AS id, CAST(name AS VARCHAR) AS name FROM {files:json ${f.landing}/customers/*.json}` },
    events_raw: { kind: 'st', query: `SELECT CAST(day AS INTEGER) AS day, CAST(kind AS VARCHAR) AS kind FROM {files:json ${f.landing}/events/*.json}` },
    customers: { kind: 'mv', query: 'SELECT id, upper(name) AS name FROM {customers_raw} WHERE id IS NOT NULL' },
    paid: { kind: 'tv', query: `SELECT id, cust, day, amount FROM {orders_raw} WHERE status <> 'cancelled'` },
  };
}

function shop(f: Fixture): CompiledPipeline {
  return makePipeline({
    datasets: {
      ...sources(f),
      // LEFT JOIN groups that get their first order, customers that appear for the first time, count(DISTINCT).
      by_customer: {
        kind: 'mv', expect: [['has_orders', 'n > 0', 'warn']],
        query: `SELECT c.id, c.name, count(o.id) AS n, sum(o.amount) AS total, count(DISTINCT o.day) AS days, min(o.day) AS first_day
          FROM {customers} c LEFT JOIN {paid} o ON o.cust = c.id GROUP BY c.id, c.name`,
      },
      // A CTE aggregate over another appended input, NULL days, count(DISTINCT).
      by_day: {
        kind: 'mv',
        query: `WITH ev AS (SELECT day AS event_day, count(*) AS views FROM {events_raw} WHERE kind = 'view' GROUP BY day)
          SELECT o.day, count(*) AS n, count(DISTINCT o.cust) AS custs, sum(o.amount) AS total, coalesce(max(ev.views), 0) AS views
          FROM {paid} o LEFT JOIN ev ON ev.event_day = o.day GROUP BY o.day`,
      },
      // The group key comes from the NULL-extended side: customers without orders land in the NULL group.
      by_cust_side: {
        kind: 'mv',
        query: `SELECT o.cust, count(*) AS n, count(o.id) AS orders, sum(o.amount) AS total
          FROM {customers} c LEFT JOIN {paid} o ON o.cust = c.id GROUP BY o.cust`,
      },
      // Positional GROUP BY, an expression key, HAVING.
      by_bucket: {
        kind: 'mv',
        query: 'SELECT amount // 10 AS bucket, count(*) AS n, sum(amount) AS s FROM {orders_raw} GROUP BY 1 HAVING count(*) > 1',
      },
      big_orders: { kind: 'mv', query: 'SELECT id, amount * 2 AS twice, day FROM {paid} WHERE amount > 50' },
      segments: { kind: 'mv', query: `SELECT id, CASE WHEN total > 100 THEN 'big' ELSE 'small' END AS seg FROM {by_customer}` },
    },
  });
}

const MVS = ['customers', 'by_customer', 'by_day', 'by_cust_side', 'by_bucket', 'big_orders', 'segments'];

/** Rows of `mv` vs its query recomputed now: EXCEPT ALL both ways must be empty. */
async function differences(f: Fixture, p: CompiledPipeline, mv: string): Promise<number> {
  const sql = p.flows.find((x) => x.target === mv)!.query!.sql;
  const rows = await f.query(`SELECT
    (SELECT count(*) FROM (SELECT * FROM main.${mv} EXCEPT ALL SELECT * FROM (${sql})))::INT AS extra,
    (SELECT count(*) FROM (SELECT * FROM (${sql}) EXCEPT ALL SELECT * FROM main.${mv}))::INT AS missing`);
  return Number(rows[0].extra) + Number(rows[0].missing);
}

function technique(r: { results: { results: readonly { unique_id: string; adapter_response: Readonly<Record<string, unknown>> }[] } }, id: string): string | undefined {
  return r.results.results.find((x) => x.unique_id === id)?.adapter_response.refresh_technique as string | undefined;
}

function reason(r: { results: { results: readonly { unique_id: string; adapter_response: Readonly<Record<string, unknown>> }[] } }, id: string): string {
  return String(r.results.results.find((x) => x.unique_id === id)?.adapter_response.refresh_technique_reason ?? '');
}

describe('incremental materialized view refresh', () => {
  it('knows the live DuckDB\'s aggregate and non-deterministic functions (src/execute/incremental/duckdb-functions.ts)', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    const names = async (where: string) => (await c.runAndReadAll(`SELECT DISTINCT lower(function_name) AS f FROM duckdb_functions() WHERE ${where} ORDER BY 1`))
      .getRowObjectsJson().map((r) => String(r.f));
    expect([...AGGREGATE_FUNCTIONS].sort()).toEqual(await names(`function_type = 'aggregate'`));
    expect([...VOLATILE_FUNCTIONS].sort()).toEqual(await names(`stability IS NOT NULL AND stability <> 'CONSISTENT'
      AND function_name NOT IN ('current_database', 'current_schema', 'current_schemas', 'in_search_path')`));
    c.closeSync();
    inst.closeSync();
  });

  for (const seed of [1, 7]) {
    it(`equals a full recompute after every random append batch (seed ${seed})`, async () => {
      const rnd = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
      const f = new Fixture();
      let orderId = 0;
      let custId = 0;
      const orders = (n: number) => Array.from({ length: n }, () => ({
        id: ++orderId,
        cust: rnd() < 0.1 ? null : 1 + Math.floor(rnd() * (custId + 3)), // sometimes a customer that does not exist yet
        day: rnd() < 0.1 ? null : 1 + Math.floor(rnd() * 12),
        amount: Math.floor(rnd() * 120) - 5,
        status: pick(['placed', 'placed', 'shipped', 'cancelled']),
      }));
      const customers = (n: number) => Array.from({ length: n }, () => {
        // New customers, and now and then a second row for an existing id (appended, not replaced).
        const id = rnd() < 0.2 && custId > 0 ? 1 + Math.floor(rnd() * custId) : ++custId;
        return { id, name: pick(['ann', 'bob', 'cy', null]) };
      });
      const events = (n: number) => Array.from({ length: n }, () => ({ day: rnd() < 0.1 ? null : 1 + Math.floor(rnd() * 14), kind: pick(['view', 'view', 'click']) }));
      f.file('customers/0.json', customers(5));
      f.file('orders/0.json', orders(20));
      f.file('events/0.json', events(15));
      const p = shop(f);
      const first = await f.run(p);
      expect(first.exitCode).toBe(0);
      const seen = new Map<string, Set<string>>(MVS.map((m) => [m, new Set<string>()]));
      for (let batch = 1; batch <= 10; batch++) {
        // Random subsets of the sources get a new file (an empty batch makes every view NO-OP).
        if (rnd() < 0.8) f.file(`orders/${batch}.json`, orders(1 + Math.floor(rnd() * 15)));
        if (rnd() < 0.4) f.file(`customers/${batch}.json`, customers(1 + Math.floor(rnd() * 3)));
        if (rnd() < 0.4) f.file(`events/${batch}.json`, events(1 + Math.floor(rnd() * 10)));
        const r = await f.run(p, {}, { runId: `run-${batch}` });
        expect(r.exitCode, JSON.stringify(r.results.results.filter((x) => x.status === 'FAILED'))).toBe(0);
        for (const mv of MVS) {
          const t = technique(r, mv);
          if (t) seen.get(mv)!.add(t);
          expect(await differences(f, p, mv), `${mv} after batch ${batch} (${t}: ${reason(r, mv)})`).toBe(0);
        }
      }
      // The incremental techniques were really used (not only full recomputes).
      expect(seen.get('customers')).toContain('APPEND_ONLY');
      expect(seen.get('big_orders')).toContain('APPEND_ONLY');
      for (const mv of ['by_customer', 'by_day', 'by_cust_side', 'by_bucket']) expect(seen.get(mv), mv).toContain('GROUP_AGGREGATE');
      // segments reads by_customer, whose groups were replaced by key: it recomputes the rows of those keys.
      expect(seen.get('segments')).toContain('ROW_BASED');
    });
  }

  it('counts expectations over ALL rows of the view, as a full recompute would (SEMANTICS §4), and logs the technique', async () => {
    const f = new Fixture();
    f.file('customers/0.json', [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 10, status: 'placed' }]);
    f.file('events/0.json', [{ day: 1, kind: 'view' }]);
    const p = shop(f);
    await f.run(p);
    f.file('orders/1.json', [{ id: 2, cust: 2, day: 2, amount: 5, status: 'placed' }]);
    const r = await f.run(p, {}, { runId: 'run-2' });
    expect(technique(r, 'by_customer')).toBe('GROUP_AGGREGATE');
    // Only customer 2's group was recomputed, but the metrics cover both rows of the view, as a full recompute's
    // would: rows read / written agree with the expectation counts.
    expect(f.result(r.results, 'by_customer')).toMatchObject({ rows_read: 2, rows_written: 2, rows_dropped: 0 });
    expect(f.result(r.results, 'by_customer').expectations).toContainEqual(expect.objectContaining({ name: 'has_orders', passed_records: 2, failed_records: 0 }));
    const events = await f.query(`SELECT details->>'$.flow_progress.refresh_technique' AS t, details->>'$.flow_progress.refresh_technique_reason' AS why
      FROM _weir.event_log WHERE origin.update_id = 'run-2' AND origin.dataset_name = 'by_customer' AND event_type = 'flow_progress'
        AND (details->>'$.flow_progress.status') = 'COMPLETED'`);
    expect(events).toEqual([{ t: 'GROUP_AGGREGATE', why: expect.stringContaining('id') }]);
  });

  it('an MV reading a LIVE VIEW with a DROP ROW expectation appends only the rows the view keeps (audit 8)', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        raw: { kind: 'st', query: `SELECT CAST(v AS INTEGER) AS v FROM {files:json ${f.landing}/r/*.json}` },
        valid: { kind: 'tv', liveView: true, query: 'SELECT * FROM {raw}', expect: [['pos', 'v > 0', 'drop']] },
        report: { kind: 'mv', query: 'SELECT v FROM {valid}' },
      },
    });
    f.file('r/1.json', [{ v: 1 }]);
    await f.run(p);
    f.file('r/2.json', [{ v: -5 }, { v: 2 }]);
    const r = await f.run(p);
    expect(technique(r, 'report')).toBe('APPEND_ONLY');
    expect(await f.query('SELECT list(v ORDER BY v)::VARCHAR AS v FROM main.report')).toEqual([{ v: '[1, 2]' }]);
  });

  it('a FAIL UPDATE on the recomputed groups rolls the incremental refresh back', async () => {
    const f = new Fixture();
    const p = (limit: number) => makePipeline({
      datasets: {
        ...sources(f),
        totals: { kind: 'mv', query: 'SELECT cust, sum(amount) AS s FROM {orders_raw} GROUP BY cust', expect: [['small', `s < ${limit}`, 'fail']] },
      },
    });
    f.file('customers/0.json', [{ id: 1, name: 'a' }]);
    f.file('events/0.json', [{ day: 1, kind: 'view' }]);
    f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 10, status: 'placed' }, { id: 2, cust: 2, day: 1, amount: 10, status: 'placed' }]);
    expect((await f.run(p(100))).exitCode).toBe(0);
    f.file('orders/1.json', [{ id: 3, cust: 1, day: 1, amount: 95, status: 'placed' }]);
    const r = await f.run(p(100), {}, { runId: 'run-2' });
    expect(r.status.totals).toBe('FAILED');
    // Counted over every row of the view: customer 1's recomputed group fails, customer 2's old row passes.
    expect(f.result(r.results, 'totals').expectations).toContainEqual(expect.objectContaining({ name: 'small', passed_records: 1, failed_records: 1 }));
    expect(await f.query('SELECT cust::INT AS c, s::INT AS s FROM main.totals ORDER BY 1')).toEqual([{ c: 1, s: 10 }, { c: 2, s: 10 }]);
    // The next run still sees the appended rows (the failed refresh recorded nothing).
    const r3 = await f.run(p(1000), {}, { runId: 'run-3' });
    expect(r3.status.totals).toBe('COMPLETED');
    expect(await f.query('SELECT cust::INT AS c, s::INT AS s FROM main.totals ORDER BY 1')).toEqual([{ c: 1, s: 105 }, { c: 2, s: 10 }]);
  });

  it('an APPEND_ONLY view adds its new rows to the last totals: its metrics equal a full recompute\'s, DROP rules included', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        ...sources(f),
        placed: { kind: 'mv', query: `SELECT id, amount FROM {orders_raw} WHERE status = 'placed'`, expect: [['pos', 'amount > 0', 'drop'], ['small', 'amount < 50', 'warn']] },
      },
    });
    f.file('customers/0.json', [{ id: 1, name: 'a' }]);
    f.file('events/0.json', [{ day: 1, kind: 'view' }]);
    f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 10, status: 'placed' }, { id: 2, cust: 1, day: 1, amount: -1, status: 'placed' }]);
    expect((await f.run(p)).exitCode).toBe(0);
    f.file('orders/1.json', [{ id: 3, cust: 1, day: 1, amount: 60, status: 'placed' }, { id: 4, cust: 1, day: 1, amount: 0, status: 'placed' }]);
    const r = await f.run(p, {}, { runId: 'run-2' });
    expect(technique(r, 'placed')).toBe('APPEND_ONLY');
    const pick = (e: { name: string; passed_records: number; failed_records: number; status?: string }) => ({ name: e.name, passed: e.passed_records, failed: e.failed_records, status: e.status });
    const incremental = f.result(r.results, 'placed').expectations.map(pick);
    expect(incremental).toContainEqual({ name: 'pos', passed: 2, failed: 2, status: 'warn' });
    expect(incremental).toContainEqual({ name: 'small', passed: 3, failed: 1, status: 'warn' });
    const full = await f.run(p, { fullRefresh: ['placed'] }, { runId: 'run-3' });
    expect(technique(full, 'placed')).toBe('COMPLETE_RECOMPUTE');
    expect(f.result(full.results, 'placed').expectations.map(pick)).toEqual(incremental);
  });

  it('honours REFRESH POLICY: FULL always recomputes, INCREMENTAL STRICT fails a refresh that cannot be incremental', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        ...sources(f),
        full: { kind: 'mv', query: 'SELECT cust, sum(amount) AS s FROM {orders_raw} GROUP BY cust', refreshPolicy: 'FULL' },
        strict_ok: { kind: 'mv', query: 'SELECT cust, sum(amount) AS s FROM {orders_raw} GROUP BY cust', refreshPolicy: 'incremental  strict' },
        strict_bad: { kind: 'mv', query: 'SELECT id, amount FROM {orders_raw} ORDER BY amount DESC LIMIT 2', refreshPolicy: 'INCREMENTAL STRICT' },
        after_bad: { kind: 'mv', query: 'SELECT count(*) AS n FROM {strict_bad}' },
      },
    });
    f.file('customers/0.json', [{ id: 1, name: 'a' }]);
    f.file('events/0.json', [{ day: 1, kind: 'view' }]);
    f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 10, status: 'placed' }]);
    expect((await f.run(p)).exitCode).toBe(0);
    f.file('orders/1.json', [{ id: 2, cust: 2, day: 1, amount: 20, status: 'placed' }]);
    const r = await f.run(p, {}, { runId: 'run-2' });
    expect(technique(r, 'full')).toBe('COMPLETE_RECOMPUTE');
    expect(f.result(r.results, 'full').adapter_response.refresh_technique_reason).toBe('REFRESH POLICY FULL');
    expect(technique(r, 'strict_ok')).toBe('GROUP_AGGREGATE');
    expect(r.status).toMatchObject({ full: 'COMPLETED', strict_ok: 'COMPLETED', strict_bad: 'FAILED', after_bad: 'SKIPPED' });
    expect(f.result(r.results, 'strict_bad').message).toMatch(/REFRESH POLICY INCREMENTAL STRICT but cannot be refreshed incrementally/);
    // The failed refresh kept the view's previous rows.
    expect(await f.query('SELECT id::INT AS id FROM main.strict_bad')).toEqual([{ id: 1 }]);
  });

  it('a view with a DROP ROW expectation is recomputed in full: its metrics count every row, dropped ones included', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        ...sources(f),
        totals: { kind: 'mv', query: 'SELECT cust, sum(amount) AS s FROM {orders_raw} GROUP BY cust', expect: [['small', 's < 50', 'drop']] },
      },
    });
    f.file('customers/0.json', [{ id: 1, name: 'a' }]);
    f.file('events/0.json', [{ day: 1, kind: 'view' }]);
    f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 60, status: 'placed' }, { id: 2, cust: 2, day: 1, amount: 10, status: 'placed' }]);
    expect((await f.run(p)).exitCode).toBe(0);
    f.file('orders/1.json', [{ id: 3, cust: 3, day: 1, amount: 5, status: 'placed' }]);
    const r = await f.run(p, {}, { runId: 'run-2' });
    expect(technique(r, 'totals')).toBe('COMPLETE_RECOMPUTE');
    expect(f.result(r.results, 'totals').expectations).toContainEqual(expect.objectContaining({ name: 'small', passed_records: 2, failed_records: 1 }));
    expect(await f.query('SELECT cust::INT AS c FROM main.totals ORDER BY 1')).toEqual([{ c: 2 }, { c: 3 }]);
  });

  describe('falls back to a complete recompute, with the reason', () => {
    async function afterAppend(extra: Record<string, DatasetSpec>, options: { fullRefresh?: string[] } = {}, change?: Record<string, DatasetSpec>) {
      const f = new Fixture();
      f.file('customers/0.json', [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
      f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 10, status: 'placed' }]);
      f.file('events/0.json', [{ day: 1, kind: 'view' }]);
      const p = makePipeline({ datasets: { ...sources(f), ...extra } });
      expect((await f.run(p)).exitCode).toBe(0);
      f.file('orders/1.json', [{ id: 2, cust: 2, day: 2, amount: 5, status: 'placed' }]);
      f.file('customers/1.json', [{ id: 3, name: 'c' }]);
      const r = await f.run(change ? makePipeline({ datasets: { ...sources(f), ...change } }) : p, options, { runId: 'run-2' });
      expect(r.exitCode).toBe(0);
      return { f, r, p };
    }
    const cases: [string, DatasetSpec, RegExp][] = [
      ['a non-deterministic function', { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {orders_raw} WHERE now() IS NOT NULL GROUP BY cust' }, /now\(\)/],
      ['LIMIT at the top level', { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {orders_raw} GROUP BY cust ORDER BY cust LIMIT 5' }, /LIMIT/],
      ['a window function at the top level', { kind: 'mv', query: 'SELECT cust, count(*) AS n, rank() OVER (ORDER BY cust) AS r FROM {orders_raw} GROUP BY cust' }, /window/],
      ['an untraceable group key', { kind: 'mv', query: 'SELECT c.name, count(*) AS n FROM {orders_raw} o JOIN {customers} c ON c.id = o.cust GROUP BY c.name' }, /no join equality/],
      ['an aggregate without GROUP BY', { kind: 'mv', query: 'SELECT count(*) AS n FROM {orders_raw}' }, /without GROUP BY/],
      ['an appended input in a subquery expression', { kind: 'mv', query: 'SELECT id, name FROM {customers} WHERE id IN (SELECT cust FROM {orders_raw})' }, /subquery expression/],
      ['an input that was recomputed', { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {by_cust} GROUP BY cust' }, /by_cust was recomputed/],
    ];
    for (const [name, spec, why] of cases) {
      it(name, async () => {
        const { f, r, p } = await afterAppend({ m: spec, by_cust: { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {orders_raw} GROUP BY cust HAVING count(*) > 0 ORDER BY cust LIMIT 100' } });
        expect(technique(r, 'm')).toBe('COMPLETE_RECOMPUTE');
        expect(reason(r, 'm')).toMatch(why);
        if (!/now\(\)/.test(why.source)) expect(await differences(f, p, 'm')).toBe(0);
      });
    }

    it('an input refreshed by keys more than once since (ROW_BASED needs the one change before)', async () => {
      const f = new Fixture();
      f.file('customers/0.json', [{ id: 1, name: 'a' }]);
      f.file('events/0.json', [{ day: 1, kind: 'view' }]);
      f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 10, status: 'placed' }]);
      const p = makePipeline({ datasets: { ...sources(f),
        per_cust: { kind: 'mv', query: 'SELECT cust, sum(amount) AS s FROM {orders_raw} GROUP BY cust' },
        flagged: { kind: 'mv', query: 'SELECT cust, s > 50 AS big FROM {per_cust}' },
        counted: { kind: 'mv', query: 'SELECT big, count(*) AS n FROM {flagged} GROUP BY big' } } });
      await f.run(p);
      f.file('orders/1.json', [{ id: 2, cust: 2, day: 2, amount: 60, status: 'placed' }]);
      const r2 = await f.run(p, { exclude: ['flagged', 'counted'] }, { runId: 'run-2' });
      expect(technique(r2, 'per_cust')).toBe('GROUP_AGGREGATE');
      f.file('orders/2.json', [{ id: 3, cust: 1, day: 2, amount: 70, status: 'placed' }]);
      const r3 = await f.run(p, {}, { runId: 'run-3' });
      expect(technique(r3, 'per_cust')).toBe('GROUP_AGGREGATE');
      expect(technique(r3, 'flagged')).toBe('COMPLETE_RECOMPUTE');
      expect(reason(r3, 'flagged')).toMatch(/per_cust was recomputed/);
      // counted aggregates flagged, whose rows were replaced by key: not a ROW_BASED case.
      f.file('orders/3.json', [{ id: 4, cust: 3, day: 2, amount: 1, status: 'placed' }]);
      const r4 = await f.run(p, {}, { runId: 'run-4' });
      expect(technique(r4, 'flagged')).toBe('ROW_BASED');
      expect(technique(r4, 'counted')).toBe('COMPLETE_RECOMPUTE');
      expect(reason(r4, 'counted')).toMatch(/aggregates/);
      for (const mv of ['per_cust', 'flagged', 'counted']) expect(await differences(f, p, mv)).toBe(0);
    });

    it('a full refresh of an input', async () => {
      const { r } = await afterAppend({ m: { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {orders_raw} GROUP BY cust' } }, { fullRefresh: ['orders_raw', 'm'] });
      expect(technique(r, 'm')).toBe('COMPLETE_RECOMPUTE');
      expect(reason(r, 'm')).toBe('full refresh requested');
      const { r: r2 } = await afterAppend({ m: { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {orders_raw} GROUP BY cust' } }, { fullRefresh: ['orders_raw'] });
      expect(r2.status.m).toBe('EXCLUDED');
    });

    it('an input fully refreshed in an earlier run', async () => {
      const f = new Fixture();
      f.file('customers/0.json', [{ id: 1, name: 'a' }]);
      f.file('events/0.json', [{ day: 1, kind: 'view' }]);
      f.file('orders/0.json', [{ id: 1, cust: 1, day: 1, amount: 10, status: 'placed' }]);
      const p = makePipeline({ datasets: { ...sources(f), m: { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {orders_raw} GROUP BY cust' } } });
      await f.run(p);
      await f.run(p, { fullRefresh: ['orders_raw'] });
      f.file('orders/1.json', [{ id: 2, cust: 2, day: 2, amount: 5, status: 'placed' }]);
      const r = await f.run(p, {}, { runId: 'run-3' });
      expect(technique(r, 'm')).toBe('COMPLETE_RECOMPUTE');
      expect(reason(r, 'm')).toMatch(/orders_raw was recomputed or fully refreshed/);
      expect(await differences(f, p, 'm')).toBe(0);
    });

    it('an input that gained a column', async () => {
      const f = new Fixture();
      f.file('raw/0.json', [{ id: 1 }]);
      const p = makePipeline({ datasets: {
        raw: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/raw/*.json}` },
        m: { kind: 'mv', query: 'SELECT * FROM {raw} WHERE id > 0' } } });
      await f.run(p);
      f.file('raw/1.json', [{ id: 2 }]);
      expect(technique(await f.run(p, {}, { runId: 'run-2' }), 'm')).toBe('APPEND_ONLY');
      f.file('raw/2.json', [{ id: 3, extra: 'x' }]);
      const r = await f.run(p, {}, { runId: 'run-3' });
      expect(technique(r, 'm')).toBe('COMPLETE_RECOMPUTE');
      expect(reason(r, 'm')).toMatch(/output columns changed/);
      expect(await differences(f, p, 'm')).toBe(0);
    });

    it('a changed definition', async () => {
      const { r } = await afterAppend({ m: { kind: 'mv', query: 'SELECT cust, count(*) AS n FROM {orders_raw} GROUP BY cust' } }, {},
        { m: { kind: 'mv', query: 'SELECT cust, count(*) AS n, sum(amount) AS s FROM {orders_raw} GROUP BY cust' } });
      expect(technique(r, 'm')).toBe('COMPLETE_RECOMPUTE');
      expect(reason(r, 'm')).toBe('the definition changed');
    });

    it('an input that applies CDC changes', async () => {
      const f = new Fixture();
      f.file('changes/0.json', [{ id: 1, v: 'a', seq: 1 }, { id: 2, v: 'b', seq: 1 }]);
      const p = makePipeline({
        datasets: {
          changes: { kind: 'st', query: `SELECT CAST(id AS BIGINT) AS id, CAST(v AS VARCHAR) AS v, CAST(seq AS BIGINT) AS seq FROM {files:json ${f.landing}/changes/*.json}` },
          cur: { kind: 'st', cdc: { source: 'SELECT * FROM {stream changes}', keys: ['id'], sequenceBy: 'seq' } },
          m: { kind: 'mv', query: 'SELECT v, count(*) AS n FROM {cur} GROUP BY v' },
        },
      });
      await f.run(p);
      f.file('changes/1.json', [{ id: 1, v: 'b', seq: 2 }]);
      const r = await f.run(p, {}, { runId: 'run-2' });
      expect(technique(r, 'm')).toBe('COMPLETE_RECOMPUTE');
      expect(reason(r, 'm')).toMatch(/CDC/);
      expect(await f.query('SELECT v, n::INT AS n FROM main.m')).toEqual([{ v: 'b', n: 2 }]);
    });
  });
});
