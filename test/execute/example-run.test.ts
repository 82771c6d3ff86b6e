// The example project end to end through the real front end (compileProject) and the runner: first run,
// rerun with no input (everything IDLE / NO-OP, nothing written), next batch (incremental), per SEMANTICS §3.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { runPipeline } from '../../src/execute/index.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'weir-example-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generate(...args: string[]): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'generate-example-data.mjs'), '--project', dir, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generator failed: ${r.stderr}`);
}

async function run() {
  const { project, diagnostics } = await compileProject({ cwd: dir, projectDir: dir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines: string[] = [];
  const r = await runPipeline(project!.compiled, project!.config,
    { databasePath: project!.config.databasePath, targetPath: project!.config.targetPath },
    { out: (l) => lines.push(l), sources: project!.sourceText });
  return { ...r, lines, status: Object.fromEntries(r.results.results.map((x) => [x.unique_id, x.status])) };
}

describe('the example pipeline', () => {
  it('runs, reruns as IDLE / NO-OP, then ingests only the next batch', async () => {
    cpSync(join(root, 'models-example'), dir, { recursive: true, filter: (src) => !/\/(data|target)(\/|$)/.test(src.slice(root.length)) });
    generate('--customers', '50', '--orders', '300');
    const first = await run();
    expect(first.exitCode, first.lines.join('\n')).toBe(0);
    expect(Object.values(first.status).every((s) => s === 'COMPLETED' || s === 'WARN')).toBe(true);
    // rows read = rows written + rows dropped, for every non-CDC update (CDC writes upserts, not rows read).
    for (const r of first.results.results.filter((x) => x.num_upserted_rows === undefined)) expect(r.rows_read).toBe(r.rows_written + r.rows_dropped);

    const again = await run();
    const kinds = new Set(Object.values(again.status));
    expect([...kinds].filter((s) => !['IDLE', 'NO-OP', 'COMPLETED'].includes(s))).toEqual([]);
    // Only views are recreated on a rerun with no input: no table gets a new version.
    expect(again.results.results.filter((r) => r.status === 'COMPLETED').every((r) => (r.adapter_response as { action: string }).action === 'create-view')).toBe(true);

    const ordersBefore = first.results.results.find((r) => r.unique_id === 'raw_orders')!.rows_written;
    generate('--batch', 'next');
    const next = await run();
    expect(next.exitCode).toBe(0);
    const rawOrders = next.results.results.find((r) => r.unique_id === 'raw_orders')!;
    expect(rawOrders).toMatchObject({ status: 'COMPLETED', files_read: 1 });
    expect(rawOrders.rows_written).toBeLessThan(ordersBefore);
  }, 60_000);
});
