// Where a run's time goes, per dataset: `npx tsx bench/run-per-dataset.ts --orders 10000000` (or `--project <dir>`).
// 1. a full refresh by the runner and the emitted scripts run as a plain DuckDB script (CDC datasets excluded from
//    both), side by side per dataset; 2. +1% input (bench/add-one-percent.ts), then the runner's incremental update
//    and a rerun with no new input, per dataset. Not a test: it prints tables. Copies are deleted afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline, type RunOptions } from '../src/execute/index.js';
import { addOnePercent } from './add-one-percent.js';
import { benchProject, cdcTargets, compileOrExit, runEmitted } from './run-common.js';

const project = await benchProject();
const work = mkdtempSync(join(tmpdir(), 'weir-per-dataset-'));
const database = join(work, 'runner.duckdb');
const { compiled, config } = await compileOrExit(project, database, join(work, 'target'));
const cdc = cdcTargets(compiled);
const nameOf = new Map(compiled.graph.datasets.map((d) => [d.id, d.name]));

/** Seconds per dataset (run_results' unique_id is the dataset's name). */
async function runner(label: string, options: Partial<RunOptions>): Promise<Map<string, number>> {
  const t0 = performance.now();
  const r = await runPipeline(compiled, config, { databasePath: database, targetPath: join(work, 'target'), ...options }, { out: () => undefined });
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s (exit ${r.exitCode})`);
  return new Map(r.results.results.map((x) => [x.unique_id, x.execution_time]));
}

try {
  // 1. Full refresh, runner vs plain script, CDC targets excluded from both.
  const plain = await runEmitted(compiled, join(work, 'plain.duckdb'));
  console.log(`plain script: ${plain.total.toFixed(2)} s`);
  const full = await runner('runner, full refresh', { fullRefreshAll: true, exclude: [...cdc].map((id) => nameOf.get(id) ?? id) });
  console.log('\n| dataset | runner | plain script |\n|---|---|---|');
  for (const [id, s] of plain.byDataset) {
    const name = nameOf.get(id) ?? id;
    console.log(`| ${name} | ${(full.get(name) ?? NaN).toFixed(3)} s | ${s.toFixed(3)} s |`);
  }

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
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
