#!/usr/bin/env node
// Input data for the example pipeline (models-example/): deterministic batches of CRM customers (JSON lines),
// the CRM change feed (JSON lines), orders (Parquet), web and app clickstream events (NDJSON).
//
//   node scripts/generate-example-data.mjs [--project models-example] [--batch N|next] [--seed 42]
//                                          [--customers 200] [--orders 2000]
//
// Without --batch: writes batch 1 only when the project has no data yet (so `npm start` can call it blindly).
// --batch next: appends the next batch (new customers and orders, updates, deletes, late and duplicate CDC events).
// Every batch is a pure function of (seed, sizes, batch number): batch N is identical however it is produced, which
// is what the determinism test and reproducible demos rely on. Sizes and seed are fixed by batch 1 and kept in
// data/_generator.json so later batches continue the same id ranges and change history.
//
// Quality on purpose: a few rows violate the example's warn / drop expectations (e-mails without '@', customers
// without a last name, non-positive or missing amounts, unknown order statuses) but never a FAIL UPDATE one
// (customer_id and order_id are never NULL).

import { mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

const DAY = 86_400_000;
/** Batch 1 covers the half year from here; every later batch the following week. Fixed so data never depends on "now". */
const BASE = Date.UTC(2024, 0, 1);
const FIRST_WINDOW_DAYS = 180;
const LATER_WINDOW_DAYS = 7;

export const FOLDERS = ['customers', 'customers_changes', 'orders', 'events', 'app_events'];

// ---- deterministic randomness ----------------------------------------------------------------------------------

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of pairs) { r -= w; if (r < 0) return v; }
      return pairs[pairs.length - 1][0];
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam',
  'Maya', 'Noah', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Ximena', 'Yusuf', 'Zoe'];
const LAST = ['Anders', 'Brown', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Huang', 'Ivanova', 'Jensen',
  'Kim', 'Lopez', 'Muller', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Nguyen', 'Weber', 'Young'];
const PLACES = [['US', 'Austin'], ['US', 'Seattle'], ['DE', 'Berlin'], ['FR', 'Lyon'], ['GB', 'Leeds'],
  ['NL', 'Utrecht'], ['JP', 'Osaka'], ['BR', 'Recife'], ['IN', 'Pune'], ['CA', 'Halifax'], ['SE', 'Malmo']];
const PAGES = ['/', '/search', '/category/shoes', '/category/bags', '/product/1042', '/product/2210', '/cart', '/checkout'];

const pad = (n, w) => String(n).padStart(w, '0');
/** `YYYY-MM-DD HH:MM:SS` (UTC): what both Spark and DuckDB cast to TIMESTAMP without a format. */
const ts = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

// ---- batches ---------------------------------------------------------------------------------------------------

/** Sizes of batch `b`: batch 1 is the initial load, later batches add a tenth of the customers and a quarter of the orders. */
export function batchSizes(params, b) {
  if (b === 1) return { customers: params.customers, orders: params.orders };
  return { customers: Math.max(1, Math.round(params.customers / 10)), orders: Math.max(1, Math.round(params.orders / 4)) };
}

function windowOf(b) {
  if (b === 1) return { start: BASE, end: BASE + FIRST_WINDOW_DAYS * DAY };
  const start = BASE + (FIRST_WINDOW_DAYS + (b - 2) * LATER_WINDOW_DAYS) * DAY;
  return { start, end: start + LATER_WINDOW_DAYS * DAY };
}

/**
 * Generates batches 1..upTo and returns the rows of every batch. Earlier batches are regenerated rather than read
 * back because the change feed of batch N depends on the keys' history (what was deleted, the latest sequence).
 */
export function generateBatches(params, upTo) {
  const { seed } = params;
  /** customer id -> { row, lastTs, insertTs, deleted, deleteTs, orderable } for the CDC simulation */
  const crm = new Map();
  const orderable = []; // customer ids orders may reference (valid, not test accounts)
  let nextCustomer = 1;
  let nextOrder = 1;
  const out = [];
  // id -> Set of used event_ts (ms), across batches: the feed has one event per key and sequence value
  // (apart from exact re-deliveries), as Databricks requires of a CDC source.
  const eventTimes = new Map();
  for (let b = 1; b <= upTo; b++) {
    const r = rng(seed * 7919 + b);
    const size = batchSizes(params, b);
    const win = windowOf(b);
    const customers = [];
    const changes = [];

    const uniqueTs = (id, ms) => {
      let used = eventTimes.get(id);
      if (!used) { used = new Set(); eventTimes.set(id, used); }
      while (used.has(ms)) ms += 1000;
      used.add(ms);
      return ms;
    };

    // New customers. Batch 1 customers signed up during the year before the window; later ones during it.
    for (let i = 0; i < size.customers; i++) {
      const id = nextCustomer++;
      const [country, city] = r.pick(PLACES);
      const first = r.pick(FIRST);
      let last = r.pick(LAST);
      const signup = b === 1
        ? BASE - 365 * DAY + Math.floor(r.next() * (365 + 150) * DAY / 1000) * 1000
        : win.start + Math.floor(r.next() * (LATER_WINDOW_DAYS - 2) * DAY / 1000) * 1000;
      const bad = r.next();
      let email = `${first}.${last}${id}@example.com`.toLowerCase();
      if (bad < 0.03) email = `${first}.${last}${id}.example.com`.toLowerCase(); // warn: valid_email
      else if (bad < 0.05) last = r.chance(0.5) ? null : ''; // drop: valid_name
      const isTest = r.chance(0.03);
      const row = {
        customer_id: id,
        first_name: r.chance(0.1) ? ` ${first} ` : first,
        last_name: last,
        email: r.chance(0.1) ? email.toUpperCase() : email,
        country_code: r.chance(0.02) ? null : r.chance(0.1) ? country.toLowerCase() : country,
        city,
        signup_ts: ts(signup),
        is_test_account: isTest,
      };
      customers.push(row);
      // About one in twelve valid customers never orders: the "New" segment.
      const browsesOnly = r.chance(0.08);
      if (last && !isTest && !browsesOnly) orderable.push(id);
      const insertTs = uniqueTs(id, signup);
      crm.set(id, { row, insertTs, lastTs: insertTs, deleted: false, deleteTs: 0, points: 0 });
      changes.push(changeRow('INSERT', insertTs, row, 0));
    }

    // Updates of live customers: new e-mail, a move, or loyalty points only (SCD 2 tracks no history for those).
    const live = [...crm.entries()].filter(([, s]) => !s.deleted).map(([id]) => id);
    const nUpdates = Math.max(2, Math.round(live.length * 0.15));
    for (let i = 0; i < nUpdates; i++) {
      const id = r.pick(live);
      const s = crm.get(id);
      if (s.deleted) continue;
      const at = uniqueTs(id, Math.max(s.lastTs, win.start) + r.int(60, 3 * DAY / 1000) * 1000);
      const kind = r.weighted([['points', 5], ['email', 3], ['move', 2]]);
      if (kind === 'points') s.points += r.int(10, 500);
      else if (kind === 'email') s.row = { ...s.row, email: `${(s.row.first_name ?? 'x').trim()}.${id}@mail.example.org`.toLowerCase() };
      else { const [country, city] = r.pick(PLACES); s.row = { ...s.row, country_code: country, city }; }
      s.lastTs = at;
      changes.push(changeRow('UPDATE', at, s.row, s.points));
    }

    // Deletes (about 2% of live keys, at least one).
    const nDeletes = Math.max(1, Math.round(live.length * 0.02));
    for (let i = 0; i < nDeletes; i++) {
      const id = r.pick(live);
      const s = crm.get(id);
      if (s.deleted) continue;
      const at = uniqueTs(id, Math.max(s.lastTs, win.start) + r.int(60, 3 * DAY / 1000) * 1000);
      s.deleted = true;
      s.deleteTs = at;
      s.lastTs = at;
      changes.push(changeRow('DELETE', at, s.row, s.points));
    }

    // Late events: older than what the target already holds for the key (sequence between its insert and its
    // latest change), so they must not overwrite anything (SCD 1) and must split history (SCD 2). One of them
    // targets a deleted key and must not resurrect it.
    const late = [...crm.entries()].filter(([, s]) => s.lastTs - s.insertTs > 10_000);
    for (let i = 0; i < Math.min(3, late.length); i++) {
      const [id, s] = late[(i * 7 + b) % late.length];
      const at = uniqueTs(id, s.insertTs + Math.floor((s.lastTs - s.insertTs) / 2000) * 1000);
      changes.push(changeRow('UPDATE', at, { ...s.row, city: `${s.row.city} (old address)` }, s.points));
    }
    const deleted = [...crm.entries()].filter(([, s]) => s.deleted && s.deleteTs - s.insertTs > 10_000);
    if (deleted.length > 0) {
      const [id, s] = deleted[b % deleted.length];
      const at = uniqueTs(id, s.insertTs + Math.floor((s.deleteTs - s.insertTs) / 2000) * 1000);
      changes.push(changeRow('UPDATE', at, { ...s.row, email: `late.${id}@mail.example.org` }, s.points));
    }

    // Shuffle the feed a little (arrival order != sequence order), then append exact duplicates (re-delivery).
    for (let i = changes.length - 1; i > 0; i--) {
      if (!r.chance(0.2)) continue;
      const j = r.int(0, i);
      [changes[i], changes[j]] = [changes[j], changes[i]];
    }
    for (let i = 0; i < 3 && changes.length > 0; i++) changes.push({ ...r.pick(changes) });

    // Orders of orderable customers; skewed so some customers buy a lot (VIP) and some never (New).
    const orders = [];
    for (let i = 0; i < size.orders; i++) {
      const id = nextOrder++;
      const u = r.next();
      const customer = orderable[Math.floor(u * u * orderable.length)];
      const signupMs = Date.parse(crm.get(customer).row.signup_ts.replace(' ', 'T') + 'Z');
      const from = Math.max(win.start, signupMs);
      const placed = from + Math.floor(r.next() * Math.max(1, win.end - from) / 1000) * 1000;
      const q = r.next();
      let amount = Math.round(Math.exp(3.9 + 0.8 * r.normal()) * 100) / 100;
      if (q < 0.006) amount = 0; // drop: valid_amount
      else if (q < 0.012) amount = -Math.round(r.int(100, 5000)) / 100; // drop: a refund booked as an order
      else if (q < 0.015) amount = null; // drop: NULL never passes an expectation
      const status = r.chance(0.01)
        ? r.pick(['unknown', 'on_hold'])
        : r.weighted([['delivered', 55], ['shipped', 20], ['placed', 12], ['cancelled', 8], ['returned', 5]]);
      orders.push({
        order_id: id,
        customer_id: customer,
        order_ts: ts(placed),
        amount,
        currency: r.chance(0.04) ? null : r.weighted([['USD', 70], ['EUR', 20], ['eur', 3], ['GBP', 7]]),
        status: r.chance(0.05) ? ` ${status.toUpperCase()} ` : status,
        channel: r.weighted([['web', 60], ['app', 30], ['store', 10]]),
        items: r.int(1, 6),
      });
    }

    // Clickstream: three web events and one app event per two orders; a fifth of web events are anonymous.
    const events = [];
    const appEvents = [];
    const span = win.end - win.start;
    for (let i = 0; i < Math.round(size.orders * 1.5); i++) {
      const customer = r.chance(0.2) ? null : orderable[r.int(0, orderable.length - 1)];
      events.push({
        event_id: `w-${pad(b, 4)}-${pad(i + 1, 7)}`,
        customer_id: customer,
        event_type: r.weighted([['page_view', 70], ['add_to_cart', 20], ['checkout', 10]]),
        page: r.pick(PAGES),
        event_ts: ts(win.start + Math.floor(r.next() * span / 1000) * 1000),
        device: r.pick(['desktop', 'mobile-web', 'tablet']),
      });
    }
    for (let i = 0; i < Math.round(size.orders * 0.5); i++) {
      appEvents.push({
        id: `a-${pad(b, 4)}-${pad(i + 1, 7)}`,
        user_id: orderable[r.int(0, orderable.length - 1)],
        action: r.weighted([['PAGE_VIEW', 60], ['ADD_TO_CART', 25], ['CHECKOUT', 15]]),
        screen: r.pick(['home', 'search', 'product', 'cart']),
        ts: ts(win.start + Math.floor(r.next() * span / 1000) * 1000),
        os: r.pick(['ios', 'android']),
      });
    }
    out.push({ batch: b, customers, changes, orders, events, appEvents });
  }
  return out;
}

function changeRow(operation, atMs, row, points) {
  return {
    customer_id: row.customer_id,
    operation,
    event_ts: ts(atMs),
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    country_code: row.country_code,
    city: row.city,
    loyalty_points: points,
  };
}

// ---- writing ---------------------------------------------------------------------------------------------------

const ndjson = (rows) => rows.map((x) => JSON.stringify(x)).join('\n') + '\n';

/** Write then rename, so a pipeline reading the folder never sees half a file. */
function writeAtomic(path, text) {
  writeFileSync(path + '.tmp', text);
  renameSync(path + '.tmp', path);
}

async function writeParquet(path, rows) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const staging = join(tmpdir(), `weir-orders-${process.pid}-${Date.now()}.ndjson`);
  writeFileSync(staging, ndjson(rows));
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await db.connect();
  try {
    const q = (s) => `'${s.replaceAll("'", "''")}'`;
    // Explicit types: the order service's schema, not whatever JSON inference would guess.
    await con.run(`COPY (
      SELECT * FROM read_json(${q(staging)}, format = 'newline_delimited', columns = {
        order_id: 'BIGINT', customer_id: 'BIGINT', order_ts: 'TIMESTAMP', amount: 'DOUBLE',
        currency: 'VARCHAR', status: 'VARCHAR', channel: 'VARCHAR', items: 'INTEGER'})
    ) TO ${q(path + '.tmp')} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(path + '.tmp', path);
  } finally {
    con.closeSync();
    db.closeSync();
    rmSync(staging, { force: true });
  }
}

export function existingBatches(dataDir) {
  const dir = join(dataDir, 'orders');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^batch-(\d+)\.parquet$/.exec(f))
    .filter(Boolean)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Writes batch `batch` of the project's data; returns the row counts written. */
export async function writeBatch(dataDir, params, batch) {
  const data = generateBatches(params, batch)[batch - 1];
  for (const f of FOLDERS) mkdirSync(join(dataDir, f), { recursive: true });
  const name = `batch-${pad(batch, 4)}`;
  writeAtomic(join(dataDir, 'customers', `${name}.json`), ndjson(data.customers));
  writeAtomic(join(dataDir, 'customers_changes', `${name}.json`), ndjson(data.changes));
  writeAtomic(join(dataDir, 'events', `${name}.ndjson`), ndjson(data.events));
  writeAtomic(join(dataDir, 'app_events', `${name}.ndjson`), ndjson(data.appEvents));
  await writeParquet(join(dataDir, 'orders', `${name}.parquet`), data.orders);
  writeAtomic(join(dataDir, '_generator.json'), JSON.stringify({ ...params, batches: batch }, null, 2) + '\n');
  return {
    customers: data.customers.length, customers_changes: data.changes.length, orders: data.orders.length,
    events: data.events.length, app_events: data.appEvents.length,
  };
}

// ---- CLI -------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { project: 'models-example' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument '${a}'`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    if (!['project', 'batch', 'seed', 'customers', 'orders'].includes(m[1])) throw new Error(`unknown option --${m[1]}`);
    opts[m[1]] = value;
  }
  for (const k of ['seed', 'customers', 'orders']) {
    if (opts[k] !== undefined && !/^\d+$/.test(opts[k])) throw new Error(`--${k} must be a whole number`);
  }
  if (opts.batch !== undefined && opts.batch !== 'next' && !/^[1-9]\d*$/.test(opts.batch)) {
    throw new Error(`--batch must be a positive number or 'next'`);
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`generate-example-data: ${e.message}\n` +
      'usage: node scripts/generate-example-data.mjs [--project dir] [--batch N|next] [--seed 42] [--customers 200] [--orders 2000]\n');
    return 2;
  }
  const dataDir = resolve(opts.project, 'data');
  const metaPath = join(dataDir, '_generator.json');
  const stored = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : undefined;
  const have = existingBatches(dataDir);
  // Sizes and seed come from batch 1 so later batches continue its id ranges; options override only a fresh start.
  const params = {
    seed: Number(opts.seed ?? stored?.seed ?? 42),
    customers: Number(opts.customers ?? stored?.customers ?? 200),
    orders: Number(opts.orders ?? stored?.orders ?? 2000),
  };
  if (stored && have.length > 0 && (params.seed !== stored.seed || params.customers !== stored.customers || params.orders !== stored.orders)) {
    process.stderr.write(`generate-example-data: ${dataDir} was generated with seed ${stored.seed}, ` +
      `${stored.customers} customers, ${stored.orders} orders; delete it to change them\n`);
    return 2;
  }
  let batch;
  if (opts.batch === undefined) {
    if (have.length > 0) {
      console.log(`data exists in ${dataDir} (batches ${have.join(', ')}); use --batch next to add one`);
      return 0;
    }
    batch = 1;
  } else if (opts.batch === 'next') {
    batch = (have.at(-1) ?? 0) + 1;
  } else {
    batch = Number(opts.batch);
  }
  const t0 = performance.now();
  const counts = await writeBatch(dataDir, params, batch);
  const ms = Math.round(performance.now() - t0);
  console.log(`wrote batch ${batch} to ${dataDir} in ${ms} ms: ` +
    Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', '));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`generate-example-data: ${e?.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
