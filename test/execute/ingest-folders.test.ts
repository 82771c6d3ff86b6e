import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

// Issue 4: "A missing input folder ... the dataset fails with the message mapped to the user's file and line, the
// rest keeps going"; an existing but empty landing folder (a new pipeline) is not a failure, and nothing
// downstream meets a Catalog Error.

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  return queryReadOnly(join(dir, 'target', 'landing.duckdb'), sql);
}

function statuses(dir: string): Record<string, string> {
  return Object.fromEntries(readRunResults(dir).results.map((r) => [r.unique_id, r.status]));
}

const PROJECT = `CREATE OR REFRESH STREAMING TABLE rj AS SELECT * FROM STREAM read_files('data/nope/*.json', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW m AS SELECT count(*) c FROM rj;
CREATE OR REFRESH STREAMING TABLE re AS SELECT * FROM STREAM read_files('data/empty/*.json', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW me AS SELECT count(*)::INT AS c FROM re;
CREATE OR REFRESH STREAMING TABLE rd (id BIGINT, name STRING) AS SELECT * FROM STREAM read_files('data/declared', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW md AS SELECT count(*)::INT AS c FROM rd;
`;

describe('input folders', () => {
  it('a missing folder fails its reader at the read_files call; an empty one waits; declared columns give an empty table', async () => {
    const dir = writeProject({ 'weir.yml': 'name: landing\n', 'p.sql': PROJECT });
    mkdirSync(join(dir, 'data', 'empty'), { recursive: true });
    mkdirSync(join(dir, 'data', 'declared'), { recursive: true });
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code).toBe(1);
    expect(statuses(dir)).toEqual({ rj: 'FAILED', m: 'SKIPPED', re: 'IDLE', me: 'SKIPPED', rd: 'COMPLETED', md: 'COMPLETED' });
    expect(first.stdout).toContain(`error: p.sql:1:55: input folder ${join(dir, 'data/nope')} does not exist: no file matches ${join(dir, 'data/nope/*.json')}`);
    expect(first.stdout).toContain('hint: check the path');
    expect(first.stdout).not.toContain('Catalog Error');
    expect(first.stdout).toContain('skipped: upstream rj was not updated');
    expect(first.stdout).toContain('skipped: upstream re has no input yet');
    expect(first.stdout).toMatch(/no input yet: no file matches \S*data\/empty\/\*\.json; re is created with its first file/);
    // Declared columns: the table exists (empty, with its columns) and its reader runs.
    expect((await query(dir, 'DESCRIBE rd')).map((r) => [r.column_name, r.column_type])).toEqual([['id', 'BIGINT'], ['name', 'VARCHAR']]);
    expect(await query(dir, 'SELECT c FROM md')).toEqual([{ c: 0 }]);
    expect(await query(dir, `SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name IN ('re', 'me', 'rj', 'm')`)).toEqual([{ n: 0 }]);

    // Files arrive: everything downstream of the landing folders runs; rj still fails on its missing folder.
    writeFileSync(join(dir, 'data', 'empty', '1.json'), '{"id": 1}\n{"id": 2}\n');
    writeFileSync(join(dir, 'data', 'declared', '1.json'), '{"id": 7, "name": "x"}\n');
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.code).toBe(1);
    expect(statuses(dir)).toEqual({ rj: 'FAILED', m: 'SKIPPED', re: 'COMPLETED', me: 'COMPLETED', rd: 'COMPLETED', md: 'COMPLETED' });
    expect(await query(dir, 'SELECT c FROM me')).toEqual([{ c: 2 }]);
    expect(await query(dir, 'SELECT c FROM md')).toEqual([{ c: 1 }]);
    expect(await query(dir, 'SELECT id::INT AS id, name FROM rd')).toEqual([{ id: 7, name: 'x' }]);

    // A full refresh with no input left truncates: the table stays, empty, with its columns.
    rmSync(join(dir, 'data', 'empty', '1.json'));
    expect((await runCli(['run', '--project', dir, '--full-refresh', 're'], dir)).code).toBe(0);
    expect(statuses(dir)).toMatchObject({ re: 'COMPLETED' });
    expect((await runCli(['run', '--project', dir, '--refresh', 'me'], dir)).code).toBe(0);
    expect(statuses(dir)).toMatchObject({ me: 'COMPLETED' });
    expect((await query(dir, 'DESCRIBE re')).map((r) => r.column_name)).toEqual(['id']);
    expect(await query(dir, 'SELECT c FROM me')).toEqual([{ c: 0 }]);
  });

  it('an empty landing folder alone is not a failure (exit 0), and a rerun stays IDLE until a file arrives', async () => {
    const dir = writeProject({
      'weir.yml': 'name: landing\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/in', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW n AS SELECT count(*)::INT AS c FROM raw;
`,
    });
    mkdirSync(join(dir, 'data', 'in'), { recursive: true });
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['run', '--project', dir], dir);
      expect(r.code).toBe(0);
      expect(statuses(dir)).toEqual({ raw: 'IDLE', n: 'SKIPPED' });
    }
    writeFileSync(join(dir, 'data', 'in', 'a.json'), '{"x": 1}\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(statuses(dir)).toEqual({ raw: 'COMPLETED', n: 'COMPLETED' });
    expect(await query(dir, 'SELECT c FROM n')).toEqual([{ c: 1 }]);
  });
});
