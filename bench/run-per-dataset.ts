// Where a run's time goes, per dataset: `npx tsx bench/run-per-dataset.ts --project .bench/run/project10`.
// 1. a full refresh by the runner and the emitted scripts run as a plain DuckDB script (CDC datasets excluded from
//    both), side by side per dataset; 2. +1% input (bench/add-one-percent.ts), then the runner's incremental update
//    and a rerun with no new input, per dataset. Not a test: it prints tables. Copies are deleted afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileProject } from '../src/compiler/compile-project.js';
import { emitDatasetScripts } from '../src/emit/index.js';
import { runPipeline, type RunOptions } from '../src/execute/index.js';
import { addOnePercent } from './add-one-percent.js';

const i = process.argv.indexOf('--project');
const project = resolve(i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : 'models-example');
const work = mkdtempSync(join(tmpdir(), 'weir-per-dataset-'));
const database = join(work, 'runner.duckdb');
const { project: p } = await compileProject({ cwd: project, projectDir: project, databasePath: database, targetPath: join(work, 'target') });
if (!p) throw new Error(`cannot compile ${project}`);
const compiled = p.compiled;
const cdc = new Set(compiled.flows.filter((f) => f.kind === 'cdc').map((f) => f.target));
const names = new Map(compiled.graph.datasets.map((d) => [d.id, d.name]));

async function runner(label: string, options: Partial<RunOptions>): Promise<Map<string, number>> {
  const t0 = performance.now();
  const r = await runPipeline(compiled, p!.config, { databasePath: database, targetPath: join(work, 'target'), ...options }, { out: () => undefined });
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s (exit ${r.exitCode})`);
  return new Map(r.results.results.map((x) => [x.unique_id, x.execution_time]));
}

// 1. Full refresh, runner vs plain script, CDC targets excluded from both.
const scripts = emitDatasetScripts(compiled, () => undefined);
const inst = await DuckDBInstance.create(join(work, 'plain.duckdb'));
const conn = await inst.connect();
await conn.run(`CREATE SCHEMA IF NOT EXISTS _weir_private; CREATE SCHEMA IF NOT EXISTS "${compiled.graph.schema}"`);
const plain = new Map<string, number>();
const t0 = performance.now();
for (const id of compiled.graph.order) {
  if (cdc.has(id)) continue;
  const t = performance.now();
  await conn.run(scripts[id]);
  plain.set(names.get(id) ?? id, (performance.now() - t) / 1000);
}
conn.closeSync();
inst.closeSync();
console.log(`plain script: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
const full = await runner('runner, full refresh', { fullRefreshAll: true, exclude: [...cdc].map((id) => names.get(id) ?? id) });
console.log('\n| dataset | runner | plain script |\n|---|---|---|');
for (const [name, s] of full) if (plain.has(name)) console.log(`| ${name} | ${s.toFixed(3)} s | ${plain.get(name)!.toFixed(3)} s |`);

// 2. +1% input: incremental update and idle rerun (after a full refresh of everything, CDC included).
await runner('\nrunner, full refresh (all datasets)', { fullRefreshAll: true });
const copies = await addOnePercent(compiled);
try {
  const inc = await runner('runner, incremental after +1%', {});
  const idle = await runner('runner, rerun with no new input', {});
  console.log('\n| dataset | incremental | rerun |\n|---|---|---|');
  for (const [name, s] of inc) console.log(`| ${name} | ${s.toFixed(3)} s | ${(idle.get(name) ?? 0).toFixed(3)} s |`);
} finally {
  for (const c of copies) rmSync(c, { force: true });
  rmSync(work, { recursive: true, force: true });
}
