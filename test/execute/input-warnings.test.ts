import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

/**
 * Warnings about the input or the definition (not only expectations) make a dataset WARN, so the Done line counts
 * them and `--warn-error` fails the run, as dbt does with every warning.
 */
describe('warnings that are not expectations', () => {
  const ST = (filter: string) => `CREATE OR REFRESH STREAMING TABLE c AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true, schema => 'id INT, amount INT')${filter};\n`;
  const dir = writeProject({ 'weir.yml': 'name: warns\n', 'p.sql': ST(''), 'data/1.csv': 'id,amount\n1,10\n2,xx\n' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const status = () => readRunResults(dir).results.find((r) => r.unique_id === 'c')?.status;

  it('dropped malformed rows: WARN, and --warn-error exits 1', async () => {
    const r = await runCli(['run', '--project', dir, '--warn-error'], dir);
    expect(status()).toBe('WARN');
    expect(r.stdout).toContain('WARN=1');
    expect(r.code).toBe(1);
    // The warning is a WARN event of the flow; its status is a flow state (SEMANTICS §6), not 'WARNING'.
    const events = await queryReadOnly(join(dir, 'target', 'warns.duckdb'),
      "SELECT origin.flow_name AS flow, details->>'$.flow_progress.status' AS status FROM _weir.event_log WHERE level = 'WARN' AND event_type = 'flow_progress'");
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e).toEqual({ flow: 'c', status: 'COMPLETED' });
  });

  it('a changed definition: WARN on the next incremental update, no warning on a full refresh', async () => {
    writeFileSync(join(dir, 'p.sql'), ST(' WHERE id > 0'));
    writeFileSync(join(dir, 'data', '2.csv'), 'id,amount\n3,30\n');
    const changed = await runCli(['run', '--project', dir, '--warn-error'], dir);
    expect(changed.stdout).toContain('WEIR5030');
    expect(status()).toBe('WARN');
    expect(changed.code).toBe(1);
    writeFileSync(join(dir, 'p.sql'), ST(' WHERE id > 1'));
    const full = await runCli(['run', '--project', dir, '--full-refresh', 'c'], dir);
    expect(full.stdout).not.toContain('WEIR5030');
  });
});
