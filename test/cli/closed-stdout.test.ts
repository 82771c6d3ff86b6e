import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunResults, writeProject } from '../helpers/cli.js';

const CHILD = join(import.meta.dirname, 'helpers', 'cli-child.ts');

/** `weir run | head -1`: the reader goes away after the first line; the run must finish quietly. */
describe('a closed stdout', () => {
  const dir = writeProject({
    'weir.yml': 'name: pipe\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true);
CREATE OR REFRESH MATERIALIZED VIEW n AS SELECT count(*) AS n FROM raw;
`,
    'data/1.csv': 'id\n1\n2\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('does not crash the run with EPIPE: every dataset is updated', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'run', '--project', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
    expect(readRunResults(dir).results.map((r) => `${r.unique_id}:${r.status}`).sort()).toEqual(['n:COMPLETED', 'raw:COMPLETED']);
  });
});
