import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/execute/index.js';
import { killPipeline } from './helpers/kill-pipeline.js';

const CHILD = join(import.meta.dirname, 'helpers', 'kill-child.ts');

function writeBatch(landing: string, i: number): void {
  const rows = Array.from({ length: 2000 }, (_, k) => JSON.stringify({ id: i * 1000 + k, amount: (k % 7) - 1, file: i }));
  writeFileSync(join(landing, `f${String(i).padStart(3, '0')}.json`), rows.join('\n') + '\n');
}

async function runToEnd(dir: string): Promise<number> {
  const databasePath = join(dir, 'db.duckdb');
  const lines: string[] = [];
  const r = await runPipeline(killPipeline(join(dir, 'landing')), {
    name: 'kill', root: dir, specFile: join(dir, 'weir.yml'), specKind: 'weir', libraries: [], schema: 'main', configuration: {},
    databasePath, macroPaths: [], vars: {}, targetPath: join(dir, 'target'), publish: 'per-dataset',
  }, { databasePath, targetPath: join(dir, 'target') }, { out: (l) => lines.push(l) });
  if (r.exitCode !== 0) console.log(lines.join('\n'));
  return r.exitCode;
}

async function tables(dir: string): Promise<Record<string, unknown>> {
  const inst = await DuckDBInstance.create(join(dir, 'db.duckdb'));
  const conn = await inst.connect();
  const out: Record<string, unknown> = {};
  for (const t of ['raw', 'raw_copy', 'clean', 'summary']) out[t] = (await conn.runAndReadAll(`SELECT * FROM main.${t} ORDER BY ALL`)).getRowObjectsJson();
  conn.closeSync();
  inst.closeSync();
  return out;
}

/** Deterministic pseudo-random delays (a failing seed can be replayed). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('kill -9 at random moments (SEMANTICS §6)', () => {
  it('leaves every table before or after its update; the next run neither loses nor duplicates input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-kill-'));
    const landing = join(dir, 'landing');
    mkdirSync(landing);
    const rand = prng(Number(process.env.WEIR_KILL_SEED ?? 4242));
    let files = 0;
    let killed = 0;
    for (let round = 0; round < 15; round++) {
      for (let k = 0; k < 3; k++) writeBatch(landing, files++);
      // Kill after a random number of console lines (header, START, result lines) plus a random few ms, so kill
      // points spread over every phase of the run: before opening, mid-update, between updates, while logging.
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'ignore'] });
      const target = Math.floor(rand() * 11);
      const jitter = Math.floor(rand() * 25);
      let seen = 0;
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString().split('\n').length - 1;
        if (seen >= target && !timer) timer = setTimeout(() => { if (child.kill('SIGKILL')) killed++; }, jitter);
      });
      await exited;
      clearTimeout(timer);
    }
    expect(await runToEnd(dir)).toBe(0);

    const clean = mkdtempSync(join(tmpdir(), 'weir-kill-ref-'));
    mkdirSync(join(clean, 'landing'));
    for (let i = 0; i < files; i++) writeBatch(join(clean, 'landing'), i);
    // Paths differ between the two folders; compare content only.
    expect(await runToEnd(clean)).toBe(0);
    const a = await tables(dir);
    const b = await tables(clean);
    expect((a.raw as unknown[]).length).toBe(files * 2000);
    expect(a).toEqual(b);
    expect(killed).toBeGreaterThan(0);
    // Runs killed after they started writing leave a RUNNING row in _weir.runs, which the next run records FAILED
    // (with an event saying the process ended): the kills did hit mid-update, and no run is left RUNNING.
    const inst = await DuckDBInstance.create(join(dir, 'db.duckdb'));
    const conn = await inst.connect();
    const midRun = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM _weir.event_log WHERE event_type = 'update_progress'
      AND message LIKE '%its process ended before the update finished%'`)).getRowObjectsJson()[0].n);
    expect(Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM _weir.runs WHERE status = 'RUNNING'`)).getRowObjectsJson()[0].n)).toBe(0);
    // Every committed ingestion (a file-ledger row of run R) has its COMPLETED flow_progress event of run R: the
    // events commit with the update, so a run killed afterwards keeps them.
    const unlogged = (await conn.runAndReadAll(`SELECT DISTINCT l.run_id, l.flow FROM _weir.file_ledger l WHERE NOT EXISTS (
      SELECT 1 FROM _weir.event_log e WHERE e.event_type = 'flow_progress' AND e.origin.update_id = l.run_id
        AND e.origin.flow_name = l.flow AND (e.details->>'$.flow_progress.status') = 'COMPLETED')`)).getRowObjectsJson();
    expect(unlogged).toEqual([]);
    conn.closeSync();
    inst.closeSync();
    console.log(`kill test: ${killed} kills, ${midRun} during a run, ${files} files`);
    expect(midRun).toBeGreaterThanOrEqual(3);
    rmSync(dir, { recursive: true, force: true });
    rmSync(clean, { recursive: true, force: true });
  }, 120_000);
});
