// What the runner benchmarks share (bench/run.ts, bench/run-per-dataset.ts): arguments, the project to measure,
// compiling it, and the emitted scripts run as a plain DuckDB script (the runner's floor).
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileProject } from '../src/compiler/compile-project.js';
import { emitDatasetScripts } from '../src/emit/index.js';
import type { CompiledPipeline, ProjectConfig } from '../src/model/index.js';
import { scaleExample } from './scale-example.js';

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/**
 * The project to measure: `--orders N`, the example pipeline with N generated orders in `.bench/run/example-<N>/`
 * (models-example's SQL and weir.yml, data from bench/scale-example.ts, built once and reused); else `--project
 * <dir>` as it is (default models-example).
 */
export async function benchProject(): Promise<string> {
  const orders = Number(arg('orders', '0'));
  if (!(orders > 0)) return resolve(arg('project', 'models-example'));
  const dir = resolve('.bench', 'run', `example-${orders}`);
  if (!existsSync(join(dir, 'weir.yml'))) {
    mkdirSync(dir, { recursive: true });
    cpSync(resolve('models-example', 'transformations'), join(dir, 'transformations'), { recursive: true });
    copyFileSync(resolve('models-example', 'weir.yml'), join(dir, 'weir.yml'));
  }
  const { reused } = await scaleExample(join(dir, 'data'), { orders });
  if (!reused) console.log(`generated ${orders.toLocaleString('en-US')} orders into ${dir}/data`);
  return dir;
}

/** Compiles `project` (exits with its errors when it does not compile). */
export async function compileOrExit(project: string, databasePath: string, targetPath: string): Promise<{ compiled: CompiledPipeline; config: ProjectConfig }> {
  const { project: p, diagnostics } = await compileProject({ cwd: project, projectDir: project, databasePath, targetPath });
  if (!p || diagnostics.some((d) => d.severity === 'error')) {
    console.error(`cannot compile ${project}:\n${diagnostics.filter((d) => d.severity === 'error').map((d) => `  ${d.code} ${d.message}`).join('\n')}`);
    process.exit(1);
  }
  return { compiled: p.compiled, config: p.config };
}

/** The datasets written by CDC flows: the emitted scripts cannot apply CDC (src/cdc runs it). */
export function cdcTargets(compiled: CompiledPipeline): Set<string> {
  return new Set(compiled.flows.filter((f) => f.kind === 'cdc').map((f) => f.target));
}

/**
 * The emitted scripts run directly, one after the other, in a fresh database at `path`, CDC targets left out: the
 * runner's floor. Timed like a script run with the DuckDB CLI (`duckdb shop.duckdb < pipeline.sql`) and like the
 * runner: from opening the database to closing it, whose final checkpoint writes what the WAL holds (~45 ms at 1M
 * orders, ~140 ms at 10M). Returns seconds in total and per dataset id.
 */
export async function runEmitted(compiled: CompiledPipeline, path: string): Promise<{ total: number; byDataset: Map<string, number> }> {
  const scripts = emitDatasetScripts(compiled, () => undefined);
  const cdc = cdcTargets(compiled);
  const byDataset = new Map<string, number>();
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(path);
  const conn = await inst.connect();
  await conn.run(`CREATE SCHEMA IF NOT EXISTS _weir_private; CREATE SCHEMA IF NOT EXISTS "${compiled.graph.schema}"`);
  for (const id of compiled.graph.order) {
    if (cdc.has(id)) continue;
    const t = performance.now();
    await conn.run(scripts[id]);
    byDataset.set(id, (performance.now() - t) / 1000);
  }
  conn.closeSync();
  inst.closeSync();
  return { total: (performance.now() - t0) / 1000, byDataset };
}
