#!/usr/bin/env node
// `npm start`: the example pipeline end to end, as far as Weir goes today.
//   1. data    first start: generate batch 1; every later start: add the next batch, so a rerun shows an
//              incremental update (new files ingested once, MVs refreshed)
//   2. build   compile the TypeScript to dist/ when it is missing or older than src/
//   3. compile weir compile --project models-example
//   4. run     weir run --project models-example (only once the CLI has a `run` command)
//   5. show    customer_segments from models-example/target/shop.duckdb, opened read-only
// Each step says what it does; the first failing step ends the script with a non-zero exit code.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = 'models-example';
const projectDir = join(root, project);
const databasePath = join(projectDir, 'target', 'shop.duckdb');
const weir = join(root, 'bin', 'weir.js');

let stepNo = 0;
function step(title) {
  stepNo += 1;
  console.log(`\n[${stepNo}] ${title}`);
}

/** Runs a command with inherited output; exits the script when it fails. */
function sh(cmd, args, what) {
  const shown = args.map((a) => (isAbsolute(a) ? relative(root, a) || '.' : a));
  console.log(`    $ ${[cmd === process.execPath ? 'node' : cmd, ...shown].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    console.error(`\nnpm start: ${what} failed (${r.error ? r.error.message : `exit code ${r.status}`})`);
    process.exit(r.status && r.status > 0 ? r.status : 1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function showSegments() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  // Read-only, after the run has released the file: the same way any other DuckDB client would read it.
  const db = await DuckDBInstance.create(databasePath, { access_mode: 'READ_ONLY' });
  const con = await db.connect();
  try {
    const summary = await con.runAndReadAll(`
      SELECT segment, count(*) AS customers, CAST(sum(lifetime_value) AS DECIMAL(18, 2)) AS lifetime_value,
             CAST(avg(order_count) AS DECIMAL(10, 1)) AS avg_orders
      FROM customer_segments
      GROUP BY segment
      ORDER BY CASE segment WHEN 'VIP' THEN 1 WHEN 'Premium' THEN 2 WHEN 'Regular' THEN 3 ELSE 4 END`);
    printTable('customer_segments by segment', summary.columnNames(), summary.getRowsJson());
    const top = await con.runAndReadAll(`
      SELECT customer_id, full_name, segment, lifetime_value, order_count, last_order_date
      FROM customer_segments ORDER BY lifetime_value DESC, customer_id LIMIT 10`);
    printTable('top 10 customers by lifetime value', top.columnNames(), top.getRowsJson());
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

function printTable(title, names, rows) {
  const cells = rows.map((r) => r.map((v) => (v === null ? 'NULL' : String(v))));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((r) => r[i].length)));
  // Numbers right-aligned, like any SQL client prints them.
  const numeric = names.map((_, i) => cells.length > 0 && cells.every((r) => /^-?\d+(\.\d+)?$/.test(r[i])));
  const line = (vals) => '    ' + vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(`\n    ${title}`);
  console.log(line(names));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of cells) console.log(line(r));
}

async function main() {
  const hasData = existsSync(join(projectDir, 'data', 'orders')) &&
    readdirSync(join(projectDir, 'data', 'orders')).some((f) => f.endsWith('.parquet'));
  step(hasData
    ? 'data: adding the next batch of input files (new customers, orders, events and CDC changes)'
    : 'data: generating the first batch of input files');
  sh(process.execPath, [join(root, 'scripts', 'generate-example-data.mjs'), '--project', projectDir, ...(hasData ? ['--batch', 'next'] : [])],
    'generating data');

  const built = join(root, 'dist', 'cli', 'index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(join(root, 'src'))) {
    step('build: compiling Weir (dist/ is missing or older than src/)');
    sh(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], 'build');
  }

  step(`compile: checking the pipeline and writing ${project}/target/manifest.json and target/compiled/`);
  sh(process.execPath, [weir, 'compile', '--project', projectDir], 'weir compile');

  const help = spawnSync(process.execPath, [weir, '--help'], { cwd: root, encoding: 'utf8' });
  const hasRun = /^  run\b/m.test(`${help.stdout ?? ''}`);
  if (!hasRun) {
    step('run: skipped, this build of Weir has no `run` command yet');
    return;
  }
  step(`run: updating the pipeline into ${relative(root, databasePath)}`);
  sh(process.execPath, [weir, 'run', '--project', projectDir], 'weir run');

  step(`show: customer_segments (read-only from ${relative(root, databasePath)})`);
  await showSegments();
  console.log(`\nRun \`npm start\` again to add a batch and watch the incremental update.`);
}

main().catch((e) => {
  console.error(`npm start: ${e?.message ?? e}`);
  process.exit(1);
});
