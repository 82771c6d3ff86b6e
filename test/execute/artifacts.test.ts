import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../helpers/golden.js';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

const FIXED = () => new Date('2026-01-02T03:04:05.000Z');

function pipeline(f: Fixture) {
  return makePipeline({
    name: 'shop',
    datasets: {
      raw_orders: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/o/*.json}`, expect: [['has_amount', 'amount IS NOT NULL', 'drop']] },
      orders_v: { kind: 'tv', query: 'SELECT id, amount FROM {raw_orders}' },
      order_totals: { kind: 'mv', query: 'SELECT count(*)::INT AS n, sum(amount)::INT AS total FROM {orders_v}', expect: [['big', 'total > 5000']] },
      audit: { kind: 'mv', query: "SELECT error('audit source unavailable') AS x FROM {raw_orders}" },
      audit_report: { kind: 'view', query: 'SELECT * FROM {audit}' },
      ids: { kind: 'mv', query: 'SELECT id FROM {raw_orders}' },
    },
  });
}

function normalise(text: string, f: Fixture): string {
  return text.split(f.dir).join('<tmp>');
}

describe('run artifacts and console', () => {
  it('prints dbt-style lines (golden, fixed clock) and writes run_results.json + runs/<id>.json', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1, amount: 1204 }, { id: 2, amount: null }, { id: 3, amount: 5 }]);
    const r1 = await f.run(pipeline(f), {}, { now: FIXED, runId: 'run-1' });
    expect(r1.exitCode).toBe(1);
    const r2 = await f.run(pipeline(f), {}, { now: FIXED, runId: 'run-2' });
    expectGolden(join(import.meta.dirname, 'golden', 'console-run.txt'),
      normalise(`${r1.lines.join('\n')}\n\n--- second run ---\n${r2.lines.join('\n')}\n`, f));
    for (const line of r1.lines.filter((l) => / of \d+ /.test(l))) expect(line.length).toBe(80);

    const results = JSON.parse(readFileSync(join(f.targetPath, 'run_results.json'), 'utf8'));
    expect(existsSync(join(f.targetPath, 'runs', 'run-1.json'))).toBe(true);
    expect(results.metadata).toMatchObject({ run_id: 'run-2', project_name: 'shop', database_path: f.databasePath });
    expect(results.status).toBe('FAILED');
    const first = JSON.parse(readFileSync(join(f.targetPath, 'runs', 'run-1.json'), 'utf8'));
    const raw = first.results.find((x: { unique_id: string }) => x.unique_id === 'raw_orders');
    expect(raw).toMatchObject({
      status: 'WARN', rows_read: 3, rows_written: 2, rows_dropped: 1, files_read: 1, failures: 1,
      timing: [{ name: 'execute', started_at: '2026-01-02T03:04:05.000Z', completed_at: '2026-01-02T03:04:05.000Z' }],
      expectations: [{ name: 'has_amount', dataset: 'raw_orders', action: 'drop', passed_records: 2, failed_records: 1 }],
    });
    expect(first.results.map((x: { unique_id: string; status: string }) => `${x.unique_id}:${x.status}`)).toEqual([
      'raw_orders:WARN', 'audit:FAILED', 'audit_report:SKIPPED', 'ids:COMPLETED', 'orders_v:COMPLETED', 'order_totals:WARN',
    ]);
  });

  it('writes Databricks-shaped events to _weir.event_log', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1, amount: 10 }, { id: 2, amount: null }]);
    await f.run(pipeline(f), {}, { now: FIXED, runId: 'run-1' });
    const cols = await f.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '_weir' AND table_name = 'event_log' ORDER BY ordinal_position`);
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'sequence', 'timestamp', 'level', 'event_type', 'origin', 'message', 'details']);
    const events = await f.query(`SELECT sequence::INT AS s, level, event_type, origin.dataset_name AS ds, origin.flow_name AS flow, message,
      details::VARCHAR AS details FROM _weir.event_log ORDER BY sequence`);
    const seqs = events.map((e) => e.s as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const types = events.map((e) => e.event_type);
    expect(types[0]).toBe('create_update');
    expect(types).toContain('flow_definition');
    expect(types.at(-1)).toBe('update_progress');
    // Databricks' lineage query reads the inputs from flow_definition (audit 7).
    const lineage = await f.query(`SELECT details->>'$.flow_definition.output_dataset' AS output, (details->'$.flow_definition.input_datasets')::VARCHAR AS inputs
      FROM _weir.event_log WHERE event_type = 'flow_definition' AND origin.flow_name = 'order_totals'`);
    expect(lineage).toEqual([{ output: 'order_totals', inputs: '["orders_v"]' }]);
    const raw = events.find((e) => e.event_type === 'flow_progress' && e.ds === 'raw_orders' && e.level === 'METRICS')!;
    expect(JSON.parse(String(raw.details))).toEqual({
      flow_progress: {
        status: 'COMPLETED',
        metrics: { num_output_rows: 1, num_input_rows: 2, num_files: 1 },
        data_quality: { dropped_records: 1, expectations: [{ name: 'has_amount', dataset: 'raw_orders', passed_records: 1, failed_records: 1 }] },
      },
    });
    expect(raw.message).toBe("Flow 'raw_orders' has completed (read 2 = written 1 + dropped 1).");
    // Each flow is QUEUED, then RUNNING (unless skipped), then ends: the last event holds its end state.
    const failed = events.findLast((e) => e.event_type === 'flow_progress' && e.ds === 'audit')!;
    expect(failed.level).toBe('ERROR');
    expect(JSON.parse(String(failed.details)).flow_progress.status).toBe('FAILED');
    const skipped = events.findLast((e) => e.event_type === 'flow_progress' && e.ds === 'audit_report')!;
    expect(JSON.parse(String(skipped.details)).flow_progress.status).toBe('SKIPPED');
    // A second run continues the sequence.
    await f.run(pipeline(f), {}, { now: FIXED, runId: 'run-2' });
    const next = await f.query(`SELECT min(sequence)::INT AS s FROM _weir.event_log WHERE origin.update_id = 'run-2'`);
    expect(next[0].s).toBe(Math.max(...seqs) + 1);
  });

  it('--log-format json writes one {info, data} object per line; --dry-run prints the plan and writes nothing', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1, amount: 10 }]);
    const r = await f.run(pipeline(f), { logFormat: 'json' }, { now: FIXED, runId: 'run-j' });
    for (const line of r.lines) {
      const o = JSON.parse(line);
      expect(Object.keys(o)).toEqual(['info', 'data']);
      expect(o.info).toMatchObject({ ts: '2026-01-02T03:04:05.000Z', invocation_id: 'run-j' });
    }
    expect(r.lines.map((l) => JSON.parse(l).info.name)).toContain('NodeFinished');
    const g = new Fixture();
    const dry = await g.run(pipeline(g), { dryRun: true, select: ['+order_totals'] });
    expect(dry.exitCode).toBe(0);
    expect(existsSync(g.databasePath)).toBe(false);
    expectGolden(join(import.meta.dirname, 'golden', 'dry-run.txt'), normalise(dry.lines.join('\n') + '\n', g));
  });

  it('colours only when asked', async () => {
    const f = new Fixture();
    const p = makePipeline({ datasets: { a: { kind: 'mv', query: 'SELECT 1 AS x' } } });
    expect((await f.run(p)).lines.join('\n')).not.toContain('\u001b[');
    expect((await f.run(p, { color: true, fullRefreshAll: true })).lines.join('\n')).toContain('\u001b[32mOK\u001b[0m');
  });
});
