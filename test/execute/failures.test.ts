import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

describe('failures and atomicity (SEMANTICS §6)', () => {
  it('--atomic: all dataset updates of the run commit together or none', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1 }]);
    const p = (fail: boolean) => makePipeline({
      datasets: {
        a: { kind: 'st', query: `SELECT id FROM {files:json ${f.landing}/o/*.json}` },
        b: { kind: 'mv', query: 'SELECT count(*) AS n FROM {a}' },
        c: { kind: 'mv', query: fail ? 'SELECT error(\'boom\') AS x FROM {b}' : 'SELECT n FROM {b}' },
      },
    });
    expect((await f.run(p(false), { atomic: true })).exitCode).toBe(0);
    f.file('o/2.json', [{ id: 2 }]);
    const r = await f.run(p(true), { atomic: true });
    expect(r.exitCode).toBe(1);
    expect(r.status).toEqual({ a: 'FAILED', b: 'FAILED', c: 'FAILED' });
    expect(await f.query('SELECT count(*)::INT AS n FROM main.a')).toEqual([{ n: 1 }]);
    expect(await f.query('SELECT n::INT AS n FROM main.b')).toEqual([{ n: 1 }]);
    // Without --atomic the same failure keeps a and b's new data.
    const r2 = await f.run(p(true));
    expect(r2.status).toEqual({ a: 'COMPLETED', b: 'COMPLETED', c: 'FAILED' });
    expect(await f.query('SELECT count(*)::INT AS n FROM main.a')).toEqual([{ n: 2 }]);
  });

  it('--fail-fast skips everything after the first failure', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        a: { kind: 'mv', query: "SELECT error('boom') AS x" },
        z: { kind: 'mv', query: 'SELECT 1 AS y' },
      },
    });
    expect((await f.run(p)).status).toEqual({ a: 'FAILED', z: 'COMPLETED' });
    expect((await f.run(p, { failFast: true, fullRefreshAll: true })).status).toEqual({ a: 'FAILED', z: 'SKIPPED' });
  });

  it('adds new columns to a streaming table and fails a type conflict with a full-refresh hint', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1, name: 'a' }]);
    const p = makePipeline({ datasets: { t: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/o/*.json}` } } });
    await f.run(p);
    f.file('o/2.json', [{ id: 2, name: 'b', extra: true }]);
    const r = await f.run(p);
    expect(r.status.t).toBe('COMPLETED');
    expect(await f.query('SELECT id::INT AS id, extra FROM main.t ORDER BY id')).toEqual([{ id: 1, extra: null }, { id: 2, extra: true }]);
    f.file('o/3.json', [{ id: 'not a number', name: 'c' }]);
    const bad = await f.run(p);
    expect(bad.exitCode).toBe(1);
    expect(bad.lines.join('\n')).toContain('type conflict in t: column id is BIGINT in the table but VARCHAR in the new input');
    expect(bad.lines.join('\n')).toContain('--full-refresh t');
    expect(await f.query('SELECT count(*)::INT AS n FROM main.t')).toEqual([{ n: 2 }]);
    const fixed = await f.run(p, { fullRefresh: ['t'] });
    expect(fixed.status.t).toBe('COMPLETED');
    expect(await f.query('SELECT count(*)::INT AS n FROM main.t')).toEqual([{ n: 3 }]);
  });

  it('warns when a streaming table definition changed since its last update', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1 }]);
    await f.run(makePipeline({ datasets: { t: { kind: 'st', query: `SELECT id FROM {files:json ${f.landing}/o/*.json}` } } }));
    f.file('o/2.json', [{ id: 2 }]);
    const r = await f.run(makePipeline({ datasets: { t: { kind: 'st', query: `SELECT id, 1 AS v FROM {files:json ${f.landing}/o/*.json}` } } }));
    expect(r.status.t).toBe('WARN');
    expect(r.lines.join('\n')).toContain('definition of t changed since its last update; rows already written are not rewritten (run --full-refresh t');
  });

  it('a second run on a database held by another process fails at once with the holder PID, exit 1', async () => {
    const f = new Fixture();
    const p = makePipeline({ datasets: { a: { kind: 'mv', query: 'SELECT 1 AS x' } } });
    await f.run(p);
    const child = spawn(process.execPath, ['-e',
      // The instance is kept referenced: a collected instance closes its file and releases the lock.
      `import('@duckdb/node-api').then(async (m) => { globalThis.holder = await m.DuckDBInstance.create(${JSON.stringify(f.databasePath)}); console.log('ready'); setInterval(() => {}, 1000); })`],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
        child.on('exit', () => reject(new Error('holder exited')));
      });
      const t0 = Date.now();
      const r = await f.run(p);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(r.exitCode).toBe(1);
      expect(r.lines.join('\n')).toContain(`database ${f.databasePath} is in use by process ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('malformed input', () => {
  it('rejected CSV lines are counted and kept in _weir.rejected_rows, never silently lost', async () => {
    const f = new Fixture();
    f.file('c/1.csv', 'a,b\n1,2\n3,4,5,6\n7,8\n');
    const p = makePipeline({ datasets: { t: { kind: 'st', query: `SELECT * FROM {files:csv-rejects ${f.landing}/c/*.csv}` } } });
    const r = await f.run(p);
    expect(r.exitCode).toBe(0);
    // Rejected lines are read and dropped: rows read = rows written + rows dropped.
    expect(f.result(r.results, 't')).toMatchObject({ rows_read: 3, rows_written: 2, rows_dropped: 1, adapter_response: expect.objectContaining({ rows_rejected: 1 }) });
    expect(r.lines.join('\n')).toContain('1 malformed input row dropped (rows: read 3 = written 2 + dropped 1), kept in _weir.rejected_rows');
    expect(await f.query('SELECT line::INT AS line, csv_line FROM _weir.rejected_rows')).toEqual([{ line: 3, csv_line: '3,4,5,6' }]);
  });

  it('a missing input folder fails that dataset only', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        m: { kind: 'mv', query: `SELECT * FROM {files:json ${f.landing}/missing/*.json}` },
        ok: { kind: 'mv', query: 'SELECT 1 AS x' },
      },
    });
    const r = await f.run(p);
    expect(r.status).toEqual({ m: 'FAILED', ok: 'COMPLETED' });
    expect(r.lines.join('\n')).toContain(`no file matches ${f.landing}/missing/*.json`);
  });
});

describe('DuckDB errors point at the user file', () => {
  it('a bind error is reported at file:line:col with a did-you-mean hint; other datasets keep going', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        base: { kind: 'mv', query: 'SELECT 1 AS id, 2 AS amount' },
        bad: { kind: 'mv', query: 'SELECT id,\n  amout\nFROM {base}' },
        cond: { kind: 'mv', query: 'SELECT id FROM {base}', expect: [['e', 'idd > 0']] },
      },
    });
    const text = (file: string) => p.flows.find((fl) => fl.query?.file === file)?.query?.sql;
    const r = await f.run(p, {}, { sources: text });
    expect(r.status).toEqual({ base: 'COMPLETED', bad: 'FAILED', cond: 'FAILED' });
    const out = r.lines.join('\n');
    expect(out).toContain('error: transformations/bad.sql:2:3: Binder Error: Referenced column "amout" not found');
    expect(out).toContain('hint: did you mean amount?');
    expect(out).toContain('error: transformations/cond.sql:1:1: Binder Error: Referenced column "idd" not found');
  });
});
