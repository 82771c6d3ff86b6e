import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { queryReadOnly, readRunResults, writeProject } from '../helpers/cli.js';

describe('Ctrl-C during weir run (audit 7)', () => {
  it('interrupts and rolls back the running update, skips the rest, records the run CANCELED, exits 130', async () => {
    const dir = writeProject({
      'weir.yml': 'name: cancel\n',
      'p.sql': `CREATE MATERIALIZED VIEW slow AS SELECT sum((id * 7919) % 104729) AS h, count(DISTINCT id % 1000003) AS d FROM range(2000000000);
CREATE MATERIALIZED VIEW after AS SELECT h FROM slow;
`,
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const io: CliIO = {
      out: (t) => {
        stdout += `${t}\n`;
        // The slow update has started: Ctrl-C (the handler the CLI installed, as the terminal would call it).
        if (!signalled && /START materialized view slow/.test(t)) { signalled = true; setTimeout(() => process.emit('SIGINT'), 200); }
      },
      err: (t) => { stderr += `${t}\n`; }, color: false, cwd: dir, env: {},
    };
    const code = await main(['node', 'weir', 'run', '--project', dir], io);
    expect(signalled).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toContain('cancelling');
    expect(readRunResults(dir).results.map((r) => `${r.unique_id}:${r.status}`)).toEqual(['slow:FAILED', 'after:SKIPPED']);
    expect(stdout).toContain('cancelled: the update was interrupted and rolled back');
    const db = join(dir, 'target', 'cancel.duckdb');
    expect(await queryReadOnly(db, 'SELECT status FROM _weir.runs')).toEqual([{ status: 'CANCELED' }]);
    const events = await queryReadOnly(db, `SELECT event_type, details->>'$.flow_progress.status' AS flow, details->>'$.update_progress.state' AS run
      FROM _weir.event_log WHERE origin.flow_name = 'slow' OR event_type = 'update_progress' ORDER BY sequence`);
    expect(events.map((e) => e.flow ?? e.run).filter((s) => s !== null)).toEqual(['RUNNING', 'QUEUED', 'RUNNING', 'STOPPED', 'CANCELED']);
    expect(await queryReadOnly(db, "SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 'slow'")).toEqual([{ n: 0 }]);
  }, 60_000);
});
