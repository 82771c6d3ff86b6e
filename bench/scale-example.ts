// The example pipeline's input data at benchmark scale, written with DuckDB SQL (COPY (SELECT ... FROM range(...))),
// in the same folder layout and columns as scripts/generate-example-data.mjs, so models-example/ runs on it unchanged
// (`weir run --project models-example --conf data=<dir>`).
//
//   npx tsx bench/scale-example.ts --data .bench/run/data-1m --orders 1000000      # initial load (skipped if present)
//   npx tsx bench/scale-example.ts --data .bench/run/data-1m --add-percent 1       # +1% new files of every source
//
// Layout: every source is split into --files (default 100) equally sized files, so "1% new data" is exactly one
// new file per source. Sizes: customers = orders / 10, web events = orders / 10, app events = orders / 20, the CDC
// feed = new customers' inserts plus updates (1%) and deletes (0.1%) of existing customers per file.
// Values are deterministic functions of the row number (DuckDB's hash, through the macro h), so two runs write the same data.
// Programmatic use (bench/run.ts): import { scaleExample, addPercent } from './scale-example.js'.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface ScaleMeta {
  readonly orders: number;
  readonly files: number;
  /** Files written per source so far (initial files plus added ones). */
  readonly written: number;
  readonly seed: number;
}

const SOURCES = ['customers', 'customers_changes', 'orders', 'events', 'app_events'] as const;
const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const part = (f: number): string => `part-${String(f + 1).padStart(5, '0')}`;

/** SQL for file `f` of a source; `per*` are rows per file, derived from the initial order count. */
function fileSql(source: (typeof SOURCES)[number], f: number, meta: ScaleMeta, path: string): string {
  const perOrders = Math.ceil(meta.orders / meta.files);
  const perCustomers = Math.max(1, Math.ceil(perOrders / 10));
  const perEvents = Math.max(1, Math.ceil(perOrders / 10));
  const perApp = Math.max(1, Math.ceil(perOrders / 20));
  const s = meta.seed;
  // A uniform number in [0, 1) from row i and a salt: deterministic, no random state.
  const u = (salt: number, i = 'i'): string => `((h(${i}, ${s * 1000 + salt}) % 1000000) / 1000000.0)`;
  // Dates advance with the row number: the initial load spans 2024 H1; added files continue after it.
  const tsOf = (i: string, total: number): string =>
    `TIMESTAMP '2024-01-01 00:00:00' + to_seconds(CAST(${i} * ${Math.floor(15_552_000 / Math.max(1, total))}::DOUBLE AS BIGINT))`;
  const fmt = (e: string): string => `strftime(${e}, '%Y-%m-%d %H:%M:%S')`;
  const range = (per: number): string => `range(${f * per + 1}, ${(f + 1) * per + 1}) t(i)`;
  const customersSoFar = (f + 1) * perCustomers;
  switch (source) {
    case 'customers':
      return `COPY (SELECT
          i AS customer_id,
          (['Ada','Ben','Chloe','Dmitri','Elena','Farid','Grace','Hiro','Ines','Jonas'])[1 + h(i, 1) % 10] AS first_name,
          CASE WHEN i % 50 = 7 THEN NULL ELSE (['Anders','Brown','Costa','Dubois','Garcia','Huang','Kim','Patel','Rossi','Silva'])[1 + h(i, 2) % 10] END AS last_name,
          CASE WHEN i % 33 = 3 THEN 'customer' || i || '.example.com' ELSE 'customer' || i || '@example.com' END AS email,
          (['US','DE','FR','GB','NL','JP','BR','IN','CA','se'])[1 + h(i, 3) % 10] AS country_code,
          (['Austin','Berlin','Lyon','Leeds','Utrecht','Osaka','Recife','Pune','Halifax','Malmo'])[1 + h(i, 3) % 10] AS city,
          ${fmt(`TIMESTAMP '2023-01-01 00:00:00' + to_seconds(CAST(i * ${Math.floor(31_536_000 / Math.max(1, meta.files * perCustomers))}::DOUBLE AS BIGINT))`)} AS signup_ts,
          i % 40 = 11 AS is_test_account
        FROM ${range(perCustomers)} ORDER BY i) TO ${q(path)} (FORMAT json)`;
    case 'orders':
      return `COPY (SELECT
          i AS order_id,
          -- Never a customer silver drops or filters (no last name, test account): the FOREIGN KEY holds.
          CAST(CASE WHEN c % 50 = 7 OR c % 40 = 11 THEN c - c % 200 + 1 ELSE c END AS BIGINT) AS customer_id,
          ${tsOf('i', meta.orders)} AS order_ts,
          CASE WHEN i % 200 = 13 THEN NULL WHEN i % 150 = 17 THEN 0.0 ELSE round(exp(2.0 + 3.5 * ${u(6)}), 2) END AS amount,
          CASE WHEN i % 25 = 1 THEN NULL ELSE (['USD','USD','USD','EUR','GBP'])[1 + h(i, 7) % 5] END AS currency,
          CASE WHEN i % 100 = 42 THEN 'unknown'
               ELSE (['delivered','delivered','delivered','shipped','placed','cancelled','returned'])[1 + h(i, 8) % 7] END AS status,
          (['web','web','app','store'])[1 + h(i, 9) % 4] AS channel,
          CAST(1 + h(i, 10) % 6 AS INTEGER) AS items
        FROM ${range(perOrders)}, LATERAL (SELECT 1 + h(i, 5) % ${customersSoFar} AS c) ORDER BY i) TO ${q(path)} (FORMAT parquet, COMPRESSION zstd)`;
    case 'events':
      return `COPY (SELECT
          'w-' || i AS event_id,
          CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(1 + h(i, 11) % ${customersSoFar} AS BIGINT) END AS customer_id,
          (['page_view','page_view','page_view','add_to_cart','checkout'])[1 + h(i, 12) % 5] AS event_type,
          (['/','/search','/cart','/product/1042','/checkout'])[1 + h(i, 13) % 5] AS page,
          ${fmt(tsOf('i', meta.files * perEvents))} AS event_ts,
          (['desktop','mobile-web','tablet'])[1 + h(i, 14) % 3] AS device
        FROM ${range(perEvents)} ORDER BY i) TO ${q(path)} (FORMAT json)`;
    case 'app_events':
      return `COPY (SELECT
          'a-' || i AS id,
          CAST(1 + h(i, 15) % ${customersSoFar} AS BIGINT) AS user_id,
          (['PAGE_VIEW','PAGE_VIEW','ADD_TO_CART','CHECKOUT'])[1 + h(i, 16) % 4] AS action,
          (['home','search','product','cart'])[1 + h(i, 17) % 4] AS screen,
          ${fmt(tsOf('i', meta.files * perApp))} AS ts,
          (['ios','android'])[1 + h(i, 18) % 2] AS os
        FROM ${range(perApp)} ORDER BY i) TO ${q(path)} (FORMAT json)`;
    case 'customers_changes': {
      // Inserts of this file's new customers, then updates / deletes of customers that exist by now. One event
      // per key and file, event_ts after every earlier file's events for the key: a valid CDC feed.
      const lo = f * perCustomers + 1;
      const hi = (f + 1) * perCustomers;
      const changeTs = `TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (${f}) DAY + to_seconds(i % 86000 + 1)`;
      return `COPY (
        SELECT i AS customer_id, 'INSERT' AS operation,
               ${fmt(`TIMESTAMP '2023-01-01 00:00:00' + to_seconds(i)`)} AS event_ts,
               'First' || (i % 10) AS first_name, 'Last' || (i % 13) AS last_name, 'customer' || i || '@example.com' AS email,
               'US' AS country_code, 'Austin' AS city, 0 AS loyalty_points
        FROM range(${lo}, ${hi + 1}) t(i)
        UNION ALL
        SELECT i, CASE WHEN h(i, ${f + 100}) % 1000 = 1 THEN 'DELETE' ELSE 'UPDATE' END,
               ${fmt(changeTs)},
               'First' || (i % 10), 'Last' || (i % 13), 'customer' || i || '.' || ${f} || '@mail.example.org',
               (['US','DE','FR'])[1 + h(i, ${f + 200}) % 3], 'Berlin', CAST(h(i, ${f + 300}) % 1000 AS INTEGER)
        FROM range(1, ${hi + 1}) t(i)
        WHERE h(i, ${f + 100}) % 1000 = 1 OR h(i, ${f + 100}) % 100 = 0
        ORDER BY 1, 3) TO ${q(path)} (FORMAT json)`;
    }
  }
}

async function writeFiles(con: DuckDBConnection, dataDir: string, meta: ScaleMeta, from: number, to: number): Promise<void> {
  for (const source of SOURCES) {
    const dir = join(dataDir, source);
    mkdirSync(dir, { recursive: true });
    const ext = source === 'orders' ? 'parquet' : source === 'events' || source === 'app_events' ? 'ndjson' : 'json';
    for (let f = from; f < to; f++) {
      const path = join(dir, `${part(f)}.${ext}`);
      // Temp name then rename: a run reading the folder never sees a half-written file.
      await con.run(fileSql(source, f, meta, `${path}.tmp`));
      renameSync(`${path}.tmp`, path);
    }
  }
}

function readMeta(dataDir: string): ScaleMeta | undefined {
  const p = join(dataDir, '_scale.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as ScaleMeta) : undefined;
}

async function withDb<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    // hash() is UBIGINT, which list indexing and modular arithmetic with BIGINTs reject: a BIGINT variant.
    await con.run('CREATE MACRO h(i, salt) AS CAST(hash(i, salt) % 1000000007 AS BIGINT)');
    return await fn(con);
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/** Writes the initial data set unless `dataDir` already holds one of the same size. Returns its metadata. */
export async function scaleExample(dataDir: string, opts: { orders: number; files?: number; seed?: number }): Promise<ScaleMeta & { reused: boolean }> {
  const existing = readMeta(dataDir);
  const files = opts.files ?? 100;
  if (existing && existing.orders === opts.orders && existing.files === files && existing.seed === (opts.seed ?? 1)) {
    return { ...existing, reused: true };
  }
  if (existing) throw new Error(`${dataDir} holds a different data set (${existing.orders} orders); use another folder`);
  const meta: ScaleMeta = { orders: opts.orders, files, written: files, seed: opts.seed ?? 1 };
  await withDb((con) => writeFiles(con, dataDir, meta, 0, files));
  writeFileSync(join(dataDir, '_scale.json'), JSON.stringify(meta, null, 2) + '\n');
  return { ...meta, reused: false };
}

/** Adds `percent`% new data as whole new files of every source (1% = one file each with the default 100 files). */
export async function addPercent(dataDir: string, percent: number): Promise<ScaleMeta> {
  const meta = readMeta(dataDir);
  if (!meta) throw new Error(`${dataDir} has no scaled data yet: run with --orders first`);
  const add = Math.max(1, Math.round((meta.files * percent) / 100));
  await withDb((con) => writeFiles(con, dataDir, meta, meta.written, meta.written + add));
  const next: ScaleMeta = { ...meta, written: meta.written + add };
  writeFileSync(join(dataDir, '_scale.json'), JSON.stringify(next, null, 2) + '\n');
  return next;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const get = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const data = get('data');
  if (!data) {
    console.error('usage: npx tsx bench/scale-example.ts --data <dir> (--orders 1000000 [--files 100] | --add-percent 1)');
    return 2;
  }
  const dataDir = resolve(data);
  const t0 = performance.now();
  if (get('add-percent')) {
    const meta = await addPercent(dataDir, Number(get('add-percent')));
    console.log(`added files up to ${meta.written} per source in ${dataDir} (${Math.round(performance.now() - t0)} ms)`);
    return 0;
  }
  const orders = Number(get('orders') ?? '1000000');
  if (!Number.isInteger(orders) || orders < 1) {
    console.error('--orders must be a positive whole number');
    return 2;
  }
  const meta = await scaleExample(dataDir, { orders, files: get('files') ? Number(get('files')) : undefined, seed: get('seed') ? Number(get('seed')) : undefined });
  console.log(`${meta.reused ? 'reused' : 'wrote'} ${meta.orders} orders in ${meta.files} files per source into ${dataDir} ` +
    `(${Math.round(performance.now() - t0)} ms)`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => { process.exitCode = code; }, (e: unknown) => {
    console.error(`scale-example: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
