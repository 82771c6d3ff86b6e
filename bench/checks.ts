// Quality-gates bench (issue 7 "Numbers"): `npx tsx bench/checks.ts [--orders 10000000] [--tests 100] [--repeat 3]`
// (`npm run bench:checks`). Not a test: it prints a table.
//
// 1. Table-level checks: the example pipeline (models-example/) on N scaled orders (bench/scale-example.ts, data in
//    .bench/checks/data-<N>, reused when present). Two scratch copies of the project, identical except for the
//    checks: "on" has every table-level check of the pipeline (the example's PRIMARY KEY / FOREIGN KEY constraints,
//    plus PRIMARY KEY on cleaned_customers(customer_id) and cleaned_orders(order_id) and FOREIGN KEY
//    cleaned_orders(customer_id) -> cleaned_customers when missing, UNIQUE (customer_id) on customers_enriched and
//    'weir.expect_row_count' = '>= 1' on the gold tables); "off" is the same SQL with 'weir.checks' = 'off' on
//    every dataset that has checks. Each variant runs
//      node bin/weir.js run --project <copy> --full-refresh-all --conf data=<dir> --no-color
//    --repeat times (default 3), interleaved; the fastest wall time counts (goal: on / off <= 1.20).
//    Peak RSS from /usr/bin/time -v when present.
// 2. `weir test` on a scratch copy with --tests generated unit tests (bench/checks-unit-tests.ts) in tests/*.yml
//    (goal: <= 10 s, all pass).
// dist/ is rebuilt first (npm run build) when a file under src/ is newer than every file under dist/.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileProject } from '../src/compiler/compile-project.js';
import { readQualityConfig, tableChecks } from '../src/quality/index.js';
import { scaleExample } from './scale-example.js';
import { unitTestFiles } from './checks-unit-tests.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = join(ROOT, 'models-example');
const WEIR = join(ROOT, 'bin', 'weir.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const orders = Number(arg('orders', '10000000'));
const testCount = Number(arg('tests', '100'));
const repeat = Math.max(1, Number(arg('repeat', '3')));
if (!Number.isInteger(orders) || orders < 1 || !Number.isInteger(testCount) || testCount < 1) {
  console.error('usage: npx tsx bench/checks.ts [--orders 10000000] [--tests 100] [--repeat 3]');
  process.exit(2);
}
const BENCH = join(ROOT, '.bench', 'checks');
const work = join(BENCH, `work-${orders}`);

// ---------------------------------------------------------------------------------------------------------------
// Build dist/ when src/ is newer.

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'cli', 'index.js')) && newest(join(ROOT, 'dist')) >= newest(join(ROOT, 'src'))) return;
  console.error('dist/ is older than src/: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`npm run build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scratch copies of the example with the checks edited into the SQL.

/** Copies the example's project files (no data/, target/, tests/). */
function copyExample(dest: string): void {
  rmSync(dest, { recursive: true, force: true });
  cpSync(EXAMPLE, dest, {
    recursive: true,
    filter: (src) => !['data', 'target', 'tests'].includes(relative(EXAMPLE, src).split(/[\\/]/)[0]),
  });
}

/** Index just past the parenthesis closing the one at `open`; quotes and `--` comments are skipped. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced parenthesis at ${open}`);
}

interface DatasetText { file: string; text: string; listOpen: number; listClose: number }

/** Finds the CREATE statement of `name` among the copy's SQL files, with its column list. */
function locate(project: string, name: string): DatasetText {
  const dir = join(project, 'transformations');
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.sql')).map((f) => join(dir, f));
  const re = new RegExp(`CREATE\\s+(?:OR\\s+REFRESH\\s+)?(?:MATERIALIZED\\s+VIEW|STREAMING\\s+TABLE)\\s+${name}\\s*\\(`, 'i');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const m = re.exec(text);
    if (!m) continue;
    const listOpen = m.index + m[0].length - 1;
    return { file, text, listOpen, listClose: closingParen(text, listOpen) };
  }
  throw new Error(`bench/checks: no CREATE ... ${name} (column list) in ${dir}: did the example change?`);
}

/** Adds `constraint` to the column list of `name` unless `present` already matches it. Returns what was done. */
function addConstraint(project: string, name: string, constraint: string, present: RegExp): string {
  const d = locate(project, name);
  const list = d.text.slice(d.listOpen, d.listClose);
  if (present.test(list)) return `${name}: ${constraint} (already in the example)`;
  const at = d.listClose - 1;
  // Insert before the closing parenthesis, after the last non-blank character.
  const before = d.text.slice(0, at).replace(/\s*$/, '');
  writeFileSync(d.file, `${before},\n  ${constraint}\n${d.text.slice(at)}`);
  return `${name}: ${constraint} (added)`;
}

/** Adds `'key' = 'value'` to the TBLPROPERTIES of `name` (creating the clause when missing). */
function addProperty(project: string, name: string, key: string, value: string): void {
  const d = locate(project, name);
  const rest = d.text.slice(d.listClose);
  const as = /\bAS\s+(SELECT|WITH)\b/i.exec(rest);
  const props = /TBLPROPERTIES\s*\(/i.exec(rest);
  if (!as) throw new Error(`bench/checks: no AS SELECT after the column list of ${name}`);
  const prop = `'${key}' = '${value}'`;
  if (props && props.index < as.index) {
    const at = d.listClose + props.index + props[0].length;
    writeFileSync(d.file, `${d.text.slice(0, at)}${prop}, ${d.text.slice(at)}`);
  } else {
    const at = d.listClose + as.index;
    writeFileSync(d.file, `${d.text.slice(0, at)}TBLPROPERTIES (${prop})\n${d.text.slice(at)}`);
  }
}

const GOLD = ['customers_enriched', 'customer_segments', 'daily_revenue'];

/** The "on" copy: every table-level check of the brief. Returns the list of checks for the report. */
function prepareChecksOn(dest: string): string[] {
  copyExample(dest);
  const done = [
    addConstraint(dest, 'cleaned_customers', 'PRIMARY KEY (customer_id)', /PRIMARY\s+KEY\s*\(\s*customer_id\s*\)/i),
    addConstraint(dest, 'cleaned_orders', 'PRIMARY KEY (order_id)', /PRIMARY\s+KEY\s*\(\s*order_id\s*\)/i),
    addConstraint(dest, 'cleaned_orders', 'FOREIGN KEY (customer_id) REFERENCES cleaned_customers (customer_id)',
      /FOREIGN\s+KEY\s*\(\s*customer_id\s*\)\s*REFERENCES\s+(LIVE\.)?cleaned_customers\b/i),
    addConstraint(dest, 'customers_enriched', 'CONSTRAINT customers_enriched_unique UNIQUE (customer_id)', /\bUNIQUE\s*\(\s*customer_id\s*\)/i),
  ];
  for (const g of GOLD) {
    addProperty(dest, g, 'weir.expect_row_count', '>= 1');
    done.push(`${g}: 'weir.expect_row_count' = '>= 1'`);
  }
  return done;
}

/** Datasets of the copy that carry table-level checks (constraints or a row-count rule). */
function checkedDatasets(project: string): string[] {
  const dir = join(project, 'transformations');
  const out: string[] = [];
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).filter((x) => x.endsWith('.sql'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const re = /CREATE\s+(?:OR\s+REFRESH\s+)?(?:MATERIALIZED\s+VIEW|STREAMING\s+TABLE)\s+(\w+)\s*\(/gi;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const open = m.index + m[0].length - 1;
      const close = closingParen(text, open);
      const list = text.slice(open, close);
      const next = text.slice(close, close + 2000);
      if (/PRIMARY\s+KEY|FOREIGN\s+KEY|\bUNIQUE\s*\(/i.test(list) || /weir\.expect_row_count/i.test(next.split(/\bAS\s+(SELECT|WITH)\b/i)[0])) out.push(m[1]);
    }
  }
  return out;
}

/** The "off" copy: the "on" SQL with 'weir.checks' = 'off' on every dataset that has checks. */
function prepareChecksOff(on: string, dest: string): string[] {
  rmSync(dest, { recursive: true, force: true });
  cpSync(on, dest, { recursive: true, filter: (src) => relative(on, src).split(/[\\/]/)[0] !== 'target' });
  const names = checkedDatasets(dest);
  for (const n of names) addProperty(dest, n, 'weir.checks', 'off');
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Timed CLI runs.

interface Timed { seconds: number; rssMb?: number; r: SpawnSyncReturns<string>; command: string }

function timedCli(args: string[], cwd = ROOT): Timed {
  const command = `node bin/weir.js ${args.join(' ')}`;
  const [cmd, argv] = TIME ? [TIME, ['-v', process.execPath, WEIR, ...args]] : [process.execPath, [WEIR, ...args]];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(r.stderr ?? '');
  return { seconds, ...(rss ? { rssMb: Math.round(Number(rss[1]) / 1024) } : {}), r, command };
}

/** Weir's own stderr (without /usr/bin/time's report). */
const weirStderr = (r: SpawnSyncReturns<string>): string => (r.stderr ?? '').split(/\n\s*Command being timed:/)[0].trim();

interface RunSummary { datasets: number; checks: { dataset: string; name: string; kind: string; failed: number; passed: number; status?: string }[]; checkedTime: Map<string, number> }

function readRunResults(project: string): RunSummary {
  const j = JSON.parse(readFileSync(join(project, 'target', 'run_results.json'), 'utf8')) as {
    results: { unique_id: string; execution_time: number; expectations?: { name: string; kind?: string; failed_records: number; passed_records: number; status?: string }[] }[];
  };
  const checks: RunSummary['checks'] = [];
  const checkedTime = new Map<string, number>();
  for (const r of j.results) {
    checkedTime.set(r.unique_id, r.execution_time);
    for (const e of r.expectations ?? []) {
      if (e.kind && e.kind !== 'expectation') checks.push({ dataset: r.unique_id, name: e.name, kind: e.kind, failed: e.failed_records, passed: e.passed_records, status: e.status });
    }
  }
  return { datasets: j.results.length, checks, checkedTime };
}

/**
 * The check queries alone, on the committed tables of the "on" copy's database (read-only, after its last run):
 * the same SQL the runner executes before commit (src/quality/checks/table-checks.ts). Less exposed to the noise
 * of a shared machine than the difference of two full refreshes. Best of `times` per query.
 */
async function timeCheckQueries(project: string, dataDir: string, times: number): Promise<{ name: string; seconds: number }[]> {
  const { project: p, diagnostics } = await compileProject({ cwd: project, projectDir: project, conf: { data: dataDir } });
  if (!p) throw new Error(`cannot compile ${project}: ${diagnostics.map((d) => d.message).join('; ')}`);
  const graph = p.compiled.graph;
  const inst = await DuckDBInstance.create(join(project, 'target', 'shop.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  const out: { name: string; seconds: number }[] = [];
  try {
    for (const node of graph.datasets) {
      for (const check of tableChecks(node, graph, readQualityConfig(node).config, [])) {
        let best = Infinity;
        for (let i = 0; i < times; i++) {
          const t0 = performance.now();
          await conn.runAndReadAll(check.sql);
          best = Math.min(best, (performance.now() - t0) / 1000);
        }
        out.push({ name: `${node.id}: ${check.name}`, seconds: best });
      }
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  ensureBuilt();
  mkdirSync(work, { recursive: true });
  const dataDir = join(BENCH, `data-${orders}`);
  const t0 = performance.now();
  const meta = await scaleExample(dataDir, { orders });
  console.error(`data: ${meta.reused ? 'reused' : 'wrote'} ${orders.toLocaleString('en-US')} orders in ${dataDir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const onDir = join(work, 'checks-on');
  const offDir = join(work, 'checks-off');
  const added = prepareChecksOn(onDir);
  const offNames = prepareChecksOff(onDir, offDir);

  const runArgs = (project: string): string[] => ['run', '--project', project, '--full-refresh-all', '--conf', `data=${dataDir}`, '--no-color'];
  const times: Record<'on' | 'off', Timed[]> = { on: [], off: [] };
  const problems: string[] = [];
  let onSummary: RunSummary | undefined;
  let offSummary: RunSummary | undefined;
  for (let i = 0; i < repeat; i++) {
    for (const [variant, dir] of [['on', onDir], ['off', offDir]] as const) {
      const t = timedCli(runArgs(dir));
      console.error(`  run ${i + 1}/${repeat} checks ${variant}: ${t.seconds.toFixed(2)} s, exit ${t.r.status}${t.rssMb ? `, peak RSS ${t.rssMb} MB` : ''}`);
      if (t.r.status !== 0) {
        problems.push(`checks ${variant}, run ${i + 1}: exit ${t.r.status}\n${t.r.stdout.split('\n').filter((l) => /ERROR|FAIL|error/.test(l)).slice(0, 20).join('\n')}\n${weirStderr(t.r)}`);
      }
      times[variant].push(t);
      const s = readRunResults(dir);
      if (variant === 'on') onSummary = s; else offSummary = s;
    }
  }

  let checkQueries: { name: string; seconds: number }[] = [];
  try {
    checkQueries = await timeCheckQueries(onDir, dataDir, repeat);
  } catch (e) {
    problems.push(`timing the check queries: ${(e as Error).message}`);
  }

  // 2. weir test with generated unit tests.
  const testDir = join(work, 'unit-tests');
  copyExample(testDir);
  const files = unitTestFiles(testCount);
  for (const [rel, text] of files) {
    mkdirSync(dirname(join(testDir, rel)), { recursive: true });
    writeFileSync(join(testDir, rel), text);
  }
  const test = timedCli(['test', '--project', testDir, '--no-color']);
  const done = /Done\. PASS=(\d+) FAIL=(\d+) ERROR=(\d+) TOTAL=(\d+)/.exec(test.r.stdout ?? '');
  if (!done || test.r.status !== 0) {
    const failing = (test.r.stdout ?? '').split('\n').filter((l, i, all) => /^\d+ of \d+ (FAIL|ERROR)/.test(l) || (/^ {4}/.test(l) && i > 0 && /^(\d+ of \d+ (FAIL|ERROR)| {4})/.test(all[i - 1]))).slice(0, 40);
    problems.push(`weir test: exit ${test.r.status}\n${failing.join('\n')}\n${weirStderr(test.r).split('\n').slice(0, 30).join('\n')}`);
  }

  // Report.
  const best = (ts: Timed[]): Timed => ts.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const on = best(times.on);
  const off = best(times.off);
  const ratio = on.seconds / off.seconds;
  const rss = (ts: Timed[]): string => (ts.some((t) => t.rssMb) ? `${Math.max(...ts.map((t) => t.rssMb ?? 0))} MB` : 'n/a');
  const all = (ts: Timed[]): string => ts.map((t) => t.seconds.toFixed(2)).join(', ');
  const checkTime = onSummary && offSummary
    ? [...onSummary.checkedTime].filter(([id]) => offNames.includes(id)).map(([id, s]) => `${id} ${s.toFixed(2)}/${(offSummary!.checkedTime.get(id) ?? 0).toFixed(2)}`).join(', ')
    : '';
  const rows: [string, string, string][] = [
    [`full refresh, checks on (best of ${repeat})`, `${on.seconds.toFixed(2)} s`, `runs: ${all(times.on)} s; peak RSS ${rss(times.on)}`],
    [`full refresh, checks off (best of ${repeat})`, `${off.seconds.toFixed(2)} s`, `runs: ${all(times.off)} s; peak RSS ${rss(times.off)}`],
    ['checks on / off', `${ratio.toFixed(3)}`, `+${((ratio - 1) * 100).toFixed(1)}% (goal <= +20%: ${ratio <= 1.2 ? 'met' : 'NOT met'})`],
    ['  dataset time on/off (last run, s)', '', checkTime],
    ...(checkQueries.length ? [[`check queries alone (${checkQueries.length}, best of ${repeat} each)`,
      `${checkQueries.reduce((s, c) => s + c.seconds, 0).toFixed(2)} s`,
      `${((checkQueries.reduce((s, c) => s + c.seconds, 0) / off.seconds) * 100).toFixed(1)}% of the checks-off full refresh; on the committed tables, read-only`] as [string, string, string]] : []),
    [`weir test, ${testCount} unit tests`, `${test.seconds.toFixed(2)} s`,
      `${done ? `PASS=${done[1]} FAIL=${done[2]} ERROR=${done[3]} TOTAL=${done[4]}` : 'no summary line'}; exit ${test.r.status}; peak RSS ${test.rssMb ?? 'n/a'} MB ` +
      `(goal <= 10 s: ${test.seconds <= 10 ? 'met' : 'NOT met'}; all pass: ${done && done[1] === String(testCount) && done[4] === String(testCount) ? 'yes' : 'NO'})`],
  ];
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  console.log(`Weir quality-gates bench: models-example on ${orders.toLocaleString('en-US')} orders (${dataDir}), ${TIME ? 'timed with /usr/bin/time -v' : 'wall clock'}\n`);
  console.log(`| ${'measure'.padEnd(w[0])} | ${'value'.padStart(w[1])} | note |`);
  console.log(`|${'-'.repeat(w[0] + 2)}|${'-'.repeat(w[1] + 2)}|------|`);
  for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w[0])} | ${b.padStart(w[1])} | ${c} |`);
  console.log('\nchecks in the "on" copy:');
  for (const a of added) console.log(`  ${a}`);
  console.log(`"off" copy: 'weir.checks' = 'off' on ${offNames.join(', ')}`);
  if (onSummary) {
    console.log(`table-level checks run (last "on" run): ${onSummary.checks.length}`);
    for (const c of onSummary.checks) console.log(`  ${c.dataset}: ${c.name} [${c.kind}] failed ${c.failed}, passed ${c.passed}${c.status ? `, ${c.status}` : ''}`);
  }
  if (offSummary) console.log(`table-level checks run (last "off" run): ${offSummary.checks.length}`);
  if (checkQueries.length) {
    console.log('check queries alone (s):');
    for (const c of checkQueries) console.log(`  ${c.name}: ${c.seconds.toFixed(3)}`);
  }
  console.log('\ncommands:');
  console.log(`  ${on.command.replace(ROOT + '/', '')}`);
  console.log(`  ${off.command.replace(ROOT + '/', '')}`);
  console.log(`  ${test.command.replace(ROOT + '/', '')}`);
  if (problems.length) {
    console.log('\nproblems:');
    for (const p of problems) console.log(p.split('\n').map((l) => `  ${l}`).join('\n'));
    process.exitCode = 1;
  }
  console.error(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s; scratch copies kept in ${work}`);
}

await main();
