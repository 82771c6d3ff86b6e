import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/index.js';
import type { CliIO } from '../../src/cli/io.js';
import type { ExpectationResult } from '../../src/model/index.js';
import type { RunResults } from '../../src/model/run-results.js';

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output (no colours, no GitHub annotations unless env says so). */
export async function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    out: (t) => { stdout += t.endsWith('\n') ? t : `${t}\n`; },
    err: (t) => { stderr += t.endsWith('\n') ? t : `${t}\n`; },
    color: false,
    cwd,
    env,
  };
  const code = await main(['node', 'weir', ...args], io);
  return { code, stdout, stderr };
}

/** Writes a project into a fresh temp folder: `{ 'weir.yml': '...', 'transformations/a.sql': '...' }`. */
export function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'weir-project-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Runs `sql` on a DuckDB file opened read-only (what a user's DuckDB client would see after a run). */
export async function queryReadOnly(databasePath: string, sql: string): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(databasePath, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Runs `sql` on a DuckDB file (or ':memory:') opened for writing: an external table, a Parquet fixture. */
export async function runSql(databasePath: string, sql: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(databasePath);
  const c = await db.connect();
  try {
    await c.run(sql);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** `weir test` of a project with one pipeline file and one test file: exit code and all output. */
export async function weirTestOf(pipeline: string, tests: string, files: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const dir = writeProject({ 'weir.yml': 'name: ut\n', 'transformations/p.sql': pipeline, 'tests/t.yml': tests, ...files });
  const r = await runCli(['test', '--project', dir], dir);
  return { code: r.code, out: r.stdout + r.stderr };
}

/** Writes a file of a test project, creating its folders (`data/c/a.csv`). */
export function putFile(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** One dataset's result in the last run of the project in `dir` (an error when the run did not report it). */
export function runResultOf(dir: string, id: string): RunResults['results'][number] {
  const r = readRunResults(dir).results.find((x) => x.unique_id === id);
  if (!r) throw new Error(`${id} is not in the last run's results`);
  return r;
}

/** The last run's `target/run_results.json` of the project in `dir`. */
export function readRunResults(dir: string): RunResults {
  return JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResults;
}

/** A dataset's expectation and check results in the last run, by name. */
export function lastChecks(dir: string, dataset: string): Record<string, ExpectationResult> {
  const r = readRunResults(dir).results.find((x) => x.unique_id === dataset);
  if (!r) throw new Error(`${dataset} is not in the last run's results`);
  return Object.fromEntries(r.expectations.map((e) => [e.name, e]));
}
