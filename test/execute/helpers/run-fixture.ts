import { mkdtempSync, mkdirSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryReadOnly } from '../../helpers/cli.js';
import { afterAll } from 'vitest';
import type { CompiledPipeline, ProjectConfig, RunResults } from '../../../src/model/index.js';
import type { RunOptions } from '../../../src/execute/index.js';
import { runPipeline } from '../../../src/execute/index.js';

const created: string[] = [];
// Registered in the importing test file: its fixtures' folders go when the file's tests are done.
afterAll(() => { for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A temp project dir with a DuckDB file and a landing folder; runs a pipeline and queries the file. */
export class Fixture {
  readonly dir = (() => { const d = mkdtempSync(join(tmpdir(), 'weir-run-')); created.push(d); return d; })();
  readonly landing = join(this.dir, 'landing');
  readonly databasePath = join(this.dir, 'target', 'test.duckdb');
  readonly targetPath = join(this.dir, 'target');
  private clock = 0;

  constructor() { mkdirSync(this.landing, { recursive: true }); }

  /** Writes a landing file (NDJSON rows or raw text) with a distinct, increasing mtime. */
  file(name: string, content: string | Record<string, unknown>[]): string {
    const path = join(this.landing, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : content.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const t = new Date(Date.UTC(2026, 0, 1) + ++this.clock * 1000);
    utimesSync(path, t, t);
    return path;
  }

  config(overrides: Partial<ProjectConfig> = {}): ProjectConfig {
    return {
      name: 'test_pipeline', root: this.dir, specFile: join(this.dir, 'weir.yml'), specKind: 'weir', libraries: ['**/*.sql'],
      schema: 'main', configuration: {}, databasePath: this.databasePath, macroPaths: [], vars: {}, targetPath: this.targetPath,
      publish: 'per-dataset', ...overrides,
    };
  }

  async run(p: CompiledPipeline, options: Partial<RunOptions> = {}, extra: { now?: () => Date; runId?: string; config?: Partial<ProjectConfig>; sources?: (file: string) => string | undefined } = {}):
    Promise<{ exitCode: number; results: RunResults; lines: string[]; status: Record<string, string> }> {
    const lines: string[] = [];
    const r = await runPipeline(p, this.config(extra.config), { databasePath: this.databasePath, targetPath: this.targetPath, ...options },
      { out: (l) => lines.push(l), now: extra.now, runId: extra.runId, sources: extra.sources });
    const status = Object.fromEntries(r.results.results.map((x) => [x.unique_id, x.status]));
    return { ...r, lines, status };
  }

  /** Reads the database (after a run: the runner has closed it). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    return queryReadOnly(this.databasePath, sql);
  }

  result(r: RunResults, id: string) {
    const x = r.results.find((y) => y.unique_id === id);
    if (!x) throw new Error(`no result for ${id}`);
    return x;
  }
}
