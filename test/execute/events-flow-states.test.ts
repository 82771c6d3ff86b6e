import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, runSql, writeProject } from '../helpers/cli.js';

// The event log's flow states (SEMANTICS §6, CONVENTIONS "Artifacts"): QUEUED at plan time, RUNNING when the
// update starts, then its end state; a failed update keeps its expectation counts; an --atomic run that rolls
// back says so for the updates it had completed, in the console, the event log and run_results.json alike.

const WEIR = 'name: ev\nlibraries:\n  - transformations/**\n';
const PIPELINE = `CREATE OR REFRESH STREAMING TABLE src AS
SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true);

CREATE OR REFRESH MATERIALIZED VIEW checked (
  CONSTRAINT has_id EXPECT (id IS NOT NULL),
  CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION FAIL UPDATE
) AS SELECT id, amount FROM src;

CREATE OR REFRESH MATERIALIZED VIEW downstream AS SELECT count(*) AS n FROM checked;

CREATE OR REFRESH MATERIALIZED VIEW other AS SELECT 1 AS x;

CREATE OR REFRESH MATERIALIZED VIEW other2 AS SELECT x + 1 AS y FROM other;
`;

interface Event { seq: number; level: string; ds: string | null; status: string | null; message: string; details: Record<string, unknown> }

async function events(dir: string, runId: string): Promise<Event[]> {
  const rows = await queryReadOnly(join(dir, 'target', 'ev.duckdb'), `SELECT sequence::INT AS seq, level, origin.dataset_name AS ds,
    details->>'$.flow_progress.status' AS status, message, details::VARCHAR AS details FROM _weir.event_log
    WHERE origin.update_id = '${runId}' ORDER BY sequence`);
  return rows.map((r) => ({ ...r, details: JSON.parse(String(r.details)) }) as Event);
}

const flowStates = (evs: Event[]) => evs.filter((e) => e.status !== null).map((e) => `${e.ds}:${e.status}`);

describe('flow states in the event log (events-flow-states)', () => {
  it('QUEUED for every planned flow, RUNNING at its start, FAILED with its expectation counts', async () => {
    const dir = writeProject({ 'weir.yml': WEIR, 'data/1.csv': 'id,amount\n1,10\n,-5\n', 'transformations/p.sql': PIPELINE });
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    const results = readRunResults(dir);
    const evs = await events(dir, results.metadata.run_id);
    expect(flowStates(evs)).toEqual([
      'other:QUEUED', 'src:QUEUED', 'checked:QUEUED', 'other2:QUEUED', 'downstream:QUEUED',
      'other:RUNNING', 'other:COMPLETED', 'src:RUNNING', 'src:COMPLETED', 'checked:RUNNING', 'checked:FAILED',
      'other2:RUNNING', 'other2:COMPLETED', 'downstream:SKIPPED',
    ]);
    // QUEUED comes after the update is RUNNING, as in Databricks; every event of the run is numbered without gaps.
    expect(evs.findIndex((e) => e.message.endsWith('is RUNNING.') && e.ds === null)).toBe(evs.findIndex((e) => e.status === 'QUEUED') - 1);
    expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => evs[0].seq + i));
    expect(evs.find((e) => e.ds === 'src' && e.status === 'RUNNING')).toMatchObject({ level: 'INFO', message: "Flow 'src' is RUNNING." });
    const checked = results.results.find((x) => x.unique_id === 'checked')!;
    expect(checked.status).toBe('FAILED');
    const failed = evs.find((e) => e.ds === 'checked' && e.status === 'FAILED')!;
    expect(failed.level).toBe('ERROR');
    expect(failed.details).toEqual({
      flow_progress: {
        status: 'FAILED',
        data_quality: {
          dropped_records: 0,
          expectations: [
            { name: 'has_id', dataset: 'checked', passed_records: 1, failed_records: 1 },
            { name: 'positive', dataset: 'checked', passed_records: 1, failed_records: 1 },
          ],
        },
        error: { message: checked.message },
      },
    });
    expect(checked.expectations.map((e) => [e.name, e.passed_records, e.failed_records])).toEqual([['has_id', 1, 1], ['positive', 1, 1]]);
  });

  it('a failed streaming table logs the rows its DROP rule removed before the FAIL UPDATE fired', async () => {
    const dir = writeProject({
      'weir.yml': WEIR,
      'data/1.csv': 'id,amount\n1,10\n,20\n3,-1\n4,5\n',
      'transformations/p.sql': `CREATE OR REFRESH STREAMING TABLE t (
  CONSTRAINT has_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION FAIL UPDATE
) AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true);
`,
    });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(1);
    const results = readRunResults(dir);
    const evs = await events(dir, results.metadata.run_id);
    expect(flowStates(evs)).toEqual(['t:QUEUED', 't:RUNNING', 't:FAILED']);
    expect(evs.find((e) => e.status === 'FAILED')!.details).toMatchObject({
      flow_progress: {
        data_quality: {
          dropped_records: 1,
          expectations: [
            { name: 'has_id', dataset: 't', passed_records: 3, failed_records: 1 },
            { name: 'positive', dataset: 't', passed_records: 3, failed_records: 1 },
          ],
        },
      },
    });
    // run_results.json says the same (audit 8: it said 0).
    expect(results.results.find((r) => r.unique_id === 't')).toMatchObject({ status: 'FAILED', rows_read: 4, rows_written: 0, rows_dropped: 1 });
  });

  it('--atomic: updates completed before the failure are reported rolled back everywhere', async () => {
    const dir = writeProject({ 'weir.yml': WEIR, 'data/1.csv': 'id,amount\n1,10\n2,20\n', 'transformations/p.sql': PIPELINE });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const first = readRunResults(dir).metadata.run_id;
    writeFileSync(join(dir, 'data/2.csv'), 'id,amount\n3,30\n4,-5\n');
    const r = await runCli(['run', '--project', dir, '--atomic'], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const failAt = lines.findIndex((l) => l.startsWith('3 of 5 FAIL checked'));
    expect(lines.findIndex((l) => l.startsWith('2 of 5 OK src'))).toBeLessThan(failAt);
    expect(lines.findIndex((l) => l === '    rolled back (--atomic): src keeps its previous content')).toBeGreaterThan(failAt);
    expect(r.stdout).toContain('Done. PASS=0 WARN=0 ERROR=2 SKIP=2 NO-OP=1 TOTAL=5');
    const results = readRunResults(dir);
    expect(results.results.map((x) => `${x.unique_id}:${x.status}`)).toEqual([
      'other:NO-OP', 'src:FAILED', 'checked:FAILED', 'other2:SKIPPED', 'downstream:SKIPPED',
    ]);
    const src = results.results.find((x) => x.unique_id === 'src')!;
    expect(src.message).toBe('rolled back: checked failed in this --atomic run');
    // The data agrees: src kept the first run's rows.
    expect(await queryReadOnly(join(dir, 'target', 'ev.duckdb'), 'SELECT count(*)::INT AS n FROM src')).toEqual([{ n: 2 }]);

    const evs = await events(dir, results.metadata.run_id);
    expect(flowStates(evs)).toEqual([
      'other:QUEUED', 'src:QUEUED', 'checked:QUEUED', 'other2:QUEUED', 'downstream:QUEUED',
      'other:RUNNING', 'other:NO-OP', 'src:RUNNING', 'checked:RUNNING', 'checked:FAILED', 'src:FAILED',
      'other2:SKIPPED', 'downstream:SKIPPED',
    ]);
    expect(evs.filter((e) => e.level === 'METRICS')).toEqual([]);
    expect(evs.find((e) => e.ds === 'src' && e.status === 'FAILED')).toMatchObject({
      level: 'ERROR', message: "Flow 'src' was rolled back: checked failed in this --atomic run.",
      details: { flow_progress: { status: 'FAILED', rolled_back: true, error: { message: src.message } } },
    });
    // The withdrawn COMPLETED event leaves no gap in the sequence, which continues the first run's.
    const before = await events(dir, first);
    expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => before.at(-1)!.seq + 1 + i));
  });

  it('a run that never ended (killed) is recorded FAILED by the next run, not left RUNNING', async () => {
    const dir = writeProject({ 'weir.yml': WEIR, 'data/1.csv': 'id,amount\n1,10\n', 'transformations/p.sql': PIPELINE });
    await runCli(['run', '--project', dir], dir);
    const killed = readRunResults(dir).metadata.run_id;
    const db = join(dir, 'target', 'ev.duckdb');
    // What a kill -9 between its start and its end leaves: the run's row still RUNNING.
    await runSql(db, `UPDATE _weir.runs SET status = 'RUNNING', completed_at = NULL WHERE run_id = '${killed}'`);
    await runCli(['run', '--project', dir], dir);
    expect(await queryReadOnly(db, `SELECT status FROM _weir.runs WHERE run_id = '${killed}'`)).toEqual([{ status: 'FAILED' }]);
    expect(await queryReadOnly(db, `SELECT level, message FROM _weir.event_log WHERE origin.update_id = '${killed}' AND event_type = 'update_progress'
      AND (details->>'$.update_progress.state') = 'FAILED'`)).toEqual([{ level: 'ERROR', message: expect.stringContaining('its process ended before the update finished') }]);
  });
});
