// The example's data generator (scripts/generate-example-data.mjs) against the example's SQL (models-example/):
// determinism, batch behaviour, the columns the SQL reads, and the data quality the expectations are meant to show.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readExample, toDuckDb, type ExampleStatement } from './example-sql.js';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'generate-example-data.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'weir-example-'));

function generate(project: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [script, '--project', project, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generator failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Every file of a data folder, path -> bytes (base64), for exact comparison. */
function snapshot(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(dataDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    for (const f of readdirSync(join(dataDir, d.name)).sort()) out[`${d.name}/${f}`] = readFileSync(join(dataDir, d.name, f)).toString('base64');
  }
  return out;
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generate-example-data', () => {
  it('is deterministic: the same seed gives byte-identical batches, another seed different ones', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => join(scratch, x));
    for (const p of [a, b]) { generate(p); generate(p, '--batch', 'next'); }
    generate(c, '--seed', '7');
    const sa = snapshot(join(a, 'data'));
    expect(Object.keys(sa)).toEqual([
      'app_events/batch-0001.ndjson', 'app_events/batch-0002.ndjson',
      'customers/batch-0001.json', 'customers/batch-0002.json',
      'customers_changes/batch-0001.json', 'customers_changes/batch-0002.json',
      'events/batch-0001.ndjson', 'events/batch-0002.ndjson',
      'orders/batch-0001.parquet', 'orders/batch-0002.parquet',
    ]);
    expect(snapshot(join(b, 'data'))).toEqual(sa);
    const sc = snapshot(join(c, 'data'));
    expect(sc['customers/batch-0001.json']).not.toBe(sa['customers/batch-0001.json']);
  });

  it('writes batch 1 only when there is no data, and --batch next continues the numbering', () => {
    const p = join(scratch, 'batches');
    expect(generate(p)).toMatch(/wrote batch 1/);
    expect(generate(p)).toMatch(/data exists/);
    expect(existsSync(join(p, 'data', 'orders', 'batch-0002.parquet'))).toBe(false);
    expect(generate(p, '--batch', 'next')).toMatch(/wrote batch 2/);
    expect(generate(p, '--batch', 'next')).toMatch(/wrote batch 3/);
    // Sizes are fixed by batch 1: asking for others on existing data is refused.
    const r = spawnSync(process.execPath, [script, '--project', p, '--batch', 'next', '--customers', '5'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/delete it to change them/);
  });

  it('rejects bad arguments with exit code 2', () => {
    const r = spawnSync(process.execPath, [script, '--batch', 'soon'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--batch must be/);
  });
});

// ---- the SQL against the data ---------------------------------------------------------------------------------

interface Evaluated { rows: number; failed: Record<string, number> }

describe('models-example SQL on generated data', () => {
  const project = join(scratch, 'sql');
  const dataDir = join(project, 'data');
  const example = readExample();
  const byName = (name: string, kind?: ExampleStatement['kind']): ExampleStatement => {
    const s = example.statements.find((x) => x.name === name && (!kind || x.kind === kind));
    if (!s) throw new Error(`no statement for ${name}`);
    return s;
  };
  let con: DuckDBConnection;
  let db: DuckDBInstance;
  const results = new Map<string, Evaluated>();

  /** Materialises a dataset like the runner would in batch mode: query, count expectation failures, drop rows. */
  async function materialise(name: string, query: string, stmt: ExampleStatement): Promise<void> {
    await con.run(`CREATE OR REPLACE TABLE ${name} AS ${toDuckDb(query, dataDir)}`);
    const failed: Record<string, number> = {};
    for (const e of stmt.expectations) {
      const r = await con.runAndReadAll(`SELECT count(*) FILTER (WHERE NOT coalesce((${toDuckDb(e.condition, dataDir)}), false)) FROM ${name}`);
      failed[e.name] = Number(r.getRows()[0][0]);
    }
    for (const e of stmt.expectations.filter((x) => x.action === 'drop')) {
      await con.run(`DELETE FROM ${name} WHERE NOT coalesce((${toDuckDb(e.condition, dataDir)}), false)`);
    }
    const n = await con.runAndReadAll(`SELECT count(*) FROM ${name}`);
    results.set(name, { rows: Number(n.getRows()[0][0]), failed });
  }

  async function columnsOf(name: string): Promise<string[]> {
    const r = await con.runAndReadAll(`SELECT column_name FROM (DESCRIBE ${name})`);
    return r.getRows().map((x) => String(x[0]));
  }

  beforeAll(async () => {
    generate(project);
    generate(project, '--batch', 'next');
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
    // Dependency order of the example graph (the test asserts below that it covers every dataset).
    for (const name of ['raw_customers', 'raw_orders', 'customers_changes', 'cleaned_customers', 'cleaned_orders']) {
      const s = byName(name);
      await materialise(name, s.query!, s);
    }
    const events = byName('raw_events', 'streaming table');
    const appFlow = byName('raw_events', 'flow');
    await materialise('raw_events', `(${events.query}) UNION ALL BY NAME (${appFlow.query})`, events);
    const helper = byName('revenue_orders');
    await con.run(`CREATE VIEW revenue_orders AS ${toDuckDb(helper.query!, dataDir)}`);
    for (const name of ['customers_enriched', 'customer_segments', 'daily_revenue']) {
      const s = byName(name);
      await materialise(name, s.query!, s);
    }
  });

  afterAll(() => {
    con?.closeSync();
    db?.closeSync();
  });

  it('has the datasets the README describes, in the kinds it describes', () => {
    const kinds = Object.fromEntries(example.statements.filter((s) => s.kind !== 'flow' && s.kind !== 'apply changes').map((s) => [s.name, s.kind]));
    expect(kinds).toEqual({
      raw_customers: 'streaming table', raw_orders: 'streaming table', raw_events: 'streaming table',
      customers_changes: 'streaming table', cleaned_customers: 'materialized view', cleaned_orders: 'streaming table',
      revenue_orders: 'temporary view', customers_enriched: 'materialized view', customer_segments: 'materialized view',
      daily_revenue: 'materialized view', customers_current: 'streaming table', customers_history: 'streaming table',
    });
    expect(example.statements.filter((s) => s.kind === 'flow').map((s) => s.flowName).sort()).toEqual(['customers_cdc', 'raw_events_from_app']);
    expect(example.statements.filter((s) => s.kind === 'apply changes').map((s) => s.name)).toEqual(['customers_history']);
  });

  it('declared column lists match the query output column for column', async () => {
    const declared = example.statements.filter((s) => s.declaredColumns.length > 0);
    expect(declared.length).toBeGreaterThanOrEqual(5);
    for (const s of declared) expect({ name: s.name, columns: await columnsOf(s.name) }).toEqual({ name: s.name, columns: s.declaredColumns });
  });

  it('bronze reads every column the generator writes, and the generator writes every column bronze reads', async () => {
    expect(await columnsOf('raw_customers')).toEqual([
      'customer_id', 'first_name', 'last_name', 'email', 'country_code', 'city', 'signup_ts', 'is_test_account', 'source_file']);
    expect(await columnsOf('raw_orders')).toEqual([
      'order_id', 'customer_id', 'order_ts', 'amount', 'currency', 'status', 'channel', 'items', 'source_file']);
    const r = await con.runAndReadAll(`SELECT source_system, count(*) FROM raw_events GROUP BY 1 ORDER BY 1`);
    // Defaults: 1.5 web and 0.5 app events per order; orders 2,000 in batch 1 and 500 in batch 2.
    expect(r.getRows().map((x) => [x[0], Number(x[1])])).toEqual([['app', 1250], ['web', 3750]]);
    const nulls = await con.runAndReadAll(`SELECT count(*) FILTER (WHERE event_id IS NULL OR event_ts IS NULL OR event_type IS NULL) FROM raw_events`);
    expect(Number(nulls.getRows()[0][0])).toBe(0);
  });

  it('never violates a FAIL UPDATE expectation, and exercises every warn and drop expectation of silver', () => {
    for (const s of example.statements) {
      for (const e of s.expectations) {
        const failed = results.get(s.name)?.failed[e.name];
        if (failed === undefined) continue;
        if (e.action === 'fail') expect({ dataset: s.name, expectation: e.name, failed }).toEqual({ dataset: s.name, expectation: e.name, failed: 0 });
      }
    }
    for (const name of ['cleaned_customers', 'cleaned_orders']) {
      for (const e of byName(name).expectations.filter((x) => x.action !== 'fail')) {
        expect({ dataset: name, expectation: e.name, failing: results.get(name)!.failed[e.name] > 0 })
          .toEqual({ dataset: name, expectation: e.name, failing: true });
      }
    }
  });

  it('keeps silver keys unique and orders pointing at kept customers (the PRIMARY / FOREIGN KEY constraints hold)', async () => {
    const dupes = await con.runAndReadAll(`SELECT
      (SELECT count(*) - count(DISTINCT customer_id) FROM cleaned_customers),
      (SELECT count(*) - count(DISTINCT order_id) FROM cleaned_orders),
      (SELECT count(*) FROM cleaned_orders o ANTI JOIN cleaned_customers c USING (customer_id))`);
    expect(dupes.getRows()[0].map(Number)).toEqual([0, 0, 0]);
  });

  it('produces all four customer segments and a revenue row per order day', async () => {
    const seg = await con.runAndReadAll(`SELECT segment, count(*) FROM customer_segments GROUP BY 1 ORDER BY 1`);
    const segments = Object.fromEntries(seg.getRows().map((x) => [String(x[0]), Number(x[1])]));
    expect(Object.keys(segments)).toEqual(['New', 'Premium', 'Regular', 'VIP']);
    expect(Object.values(segments).every((n) => n > 0)).toBe(true);
    expect(results.get('customer_segments')!.rows).toBe(results.get('cleaned_customers')!.rows);
    const days = await con.runAndReadAll(`SELECT (SELECT count(*) FROM daily_revenue), (SELECT count(DISTINCT order_date) FROM revenue_orders)`);
    const [a, b] = days.getRows()[0].map(Number);
    expect(a).toBe(b);
    expect(a).toBeGreaterThan(100);
  });

  it('writes a CDC feed with updates, deletes, late, late-after-delete and duplicate events', async () => {
    await con.run(`CREATE TABLE feed AS SELECT *, row_number() OVER () AS arrival FROM read_json('${dataDir}/customers_changes/*.json', format = 'newline_delimited', filename = true) ORDER BY filename`);
    const ops = await con.runAndReadAll(`SELECT operation, count(*) FROM feed GROUP BY 1 ORDER BY 1`);
    expect(ops.getRows().map((x) => String(x[0]))).toEqual(['DELETE', 'INSERT', 'UPDATE']);
    const r = await con.runAndReadAll(`
      WITH f AS (SELECT *, max(event_ts) OVER (PARTITION BY customer_id ORDER BY arrival ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seen FROM feed)
      SELECT
        (SELECT count(*) FROM f WHERE event_ts < seen) AS late,
        (SELECT count(*) FROM f WHERE event_ts < (SELECT max(d.event_ts) FROM feed d WHERE d.operation = 'DELETE' AND d.customer_id = f.customer_id AND d.arrival < f.arrival) AND operation <> 'DELETE') AS late_after_delete,
        (SELECT count(*) FROM (SELECT customer_id, event_ts, count(*) c, count(DISTINCT (operation, email, city, loyalty_points)) v FROM feed GROUP BY ALL) WHERE c > 1 AND v = 1) AS duplicates,
        (SELECT count(*) FROM (SELECT customer_id, event_ts, count(DISTINCT (operation, email, city, loyalty_points)) v FROM feed GROUP BY ALL) WHERE v > 1) AS conflicting,
        (SELECT count(*) FROM feed WHERE customer_id IS NULL OR event_ts IS NULL) AS null_keys`);
    const [late, lateAfterDelete, duplicates, conflicting, nullKeys] = r.getRows()[0].map(Number);
    expect(late).toBeGreaterThan(0);
    expect(lateAfterDelete).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
    // Databricks requires one distinct change per key and sequence value: the generator never writes two.
    expect(conflicting).toBe(0);
    expect(nullKeys).toBe(0);
  });
});
