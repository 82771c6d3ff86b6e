import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { putFile, queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

// SEMANTICS §3: new input whose type the table's column holds, or widens to, is no type conflict; a real one
// (a string into a number column) fails the update with a --full-refresh hint.

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  return queryReadOnly(join(dir, 'target', 'types.duckdb'), sql);
}

function status(dir: string, id: string): string | undefined {
  return readRunResults(dir).results.find((r) => r.unique_id === id)?.status;
}

/**
 * A project whose `sql` reads `data/<folder>/`: one run with the file `first` (it must succeed), then `second`
 * added and a run again. The project folder and that second run.
 */
async function twoBatches(sql: string, folder: string, first: string, second: string) {
  const dir = writeProject({ 'weir.yml': 'name: types\n', 'p.sql': sql });
  putFile(dir, `data/${folder}/1.json`, first);
  expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
  putFile(dir, `data/${folder}/2.json`, second);
  return { dir, second: await runCli(['run', '--project', dir], dir) };
}

describe('column types of streaming tables', () => {
  it('a file mixing negative and positive integers (HUGEINT to DuckDB) appends to a BIGINT column; a string does not', async () => {
    const { dir, second } = await twoBatches(`CREATE OR REFRESH STREAMING TABLE tv AS SELECT * FROM STREAM read_files('data/v/*.json', format => 'json');\n`,
      'v', '{"v": 1}\n', '{"v": 2}\n{"v": -3}\n');
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('type conflict');
    expect(await query(dir, `SELECT column_type FROM (DESCRIBE tv)`)).toEqual([{ column_type: 'BIGINT' }]);
    expect(await query(dir, 'SELECT v::INT AS v FROM tv ORDER BY v')).toEqual([{ v: -3 }, { v: 1 }, { v: 2 }]);
    // A value BIGINT cannot hold is a type conflict, reported as one.
    putFile(dir, 'data/v/3.json', '{"v": 18446744073709551615}\n');
    const big = await runCli(['run', '--project', dir], dir);
    expect(big.code).toBe(1);
    expect(big.stdout).toContain('type conflict in tv: column v holds 18446744073709551615, too large for the table\'s BIGINT column');
    expect(big.stdout).toContain('--full-refresh tv');
    putFile(dir, 'data/v/3.json', '{"v": "seven"}\n');
    const text = await runCli(['run', '--project', dir], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('type conflict in tv: column v is BIGINT in the table but VARCHAR in the new input');
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM tv')).toEqual([{ n: 3 }]);
  });

  it('a new file whose nested columns are only [] or null (JSON to DuckDB\'s reader) appends (audit 7: published retail data)', async () => {
    const { dir, second } = await twoBatches(`CREATE OR REFRESH STREAMING TABLE o AS SELECT * FROM STREAM read_files('data/o/*.json', format => 'json');\n`,
      'o', '{"n": 1, "items": [["54", "1"]], "promo": {"a": 1, "b": "x"}}\n', '{"n": 2, "items": [], "promo": null}\n');
    expect(second.code, second.stdout).toBe(0);
    expect(await query(dir, 'SELECT n::INT AS n, len(items)::INT AS k, promo IS NULL AS none FROM o ORDER BY n')).toEqual([
      { n: 1, k: 1, none: false }, { n: 2, k: 0, none: true },
    ]);
  });

  it('with a rescued data column, a value the table\'s column cannot hold is rescued, not a type conflict (audit 7)', async () => {
    const { dir, second } = await twoBatches(`CREATE OR REFRESH STREAMING TABLE c AS SELECT * FROM cloud_files('data/c', 'json', map('cloudFiles.inferColumnTypes', 'true'));\n`,
      'c', '{"id": 1, "op": "APPEND"}\n', '{"id": "abc", "op": "APPEND"}\n{"id": 2, "op": "DELETE"}\n');
    expect(second.code, second.stdout).toBe(0);
    expect(await query(dir, 'SELECT id::INT AS id, op, _rescued_data AS r FROM c ORDER BY op, id NULLS FIRST')).toEqual([
      { id: null, op: 'APPEND', r: '{"id":"abc"}' }, { id: 1, op: 'APPEND', r: null }, { id: 2, op: 'DELETE', r: null },
    ]);
    expect(await query(dir, 'SELECT column_type FROM (DESCRIBE c) WHERE column_name = \'id\'')).toEqual([{ column_type: 'BIGINT' }]);
  });

  it('schemaEvolutionMode rescue puts new columns in _rescued_data, none drops them, failOnNewColumns fails (audit 7: JHU pipeline)', async () => {
    const st = (name: string, mode: string) => `CREATE OR REFRESH STREAMING TABLE ${name} AS SELECT * FROM cloud_files('data/j', 'json', map('cloudFiles.inferColumnTypes', 'true', 'cloudFiles.schemaEvolutionMode', '${mode}'));\n`;
    const { dir, second } = await twoBatches(st('r', 'rescue') + st('n', 'none') + st('f', 'failOnNewColumns'), 'j', '{"state": "WA", "n": 1}\n', '{"state_name": "WA", "n": 2}\n');
    expect(second.code).toBe(1);
    expect(status(dir, 'r')).toBe('COMPLETED');
    expect(status(dir, 'n')).toBe('COMPLETED');
    expect(status(dir, 'f')).toBe('FAILED');
    expect(second.stdout).toContain('the input has a new column state_name (schemaEvolutionMode is failOnNewColumns)');
    expect(await query(dir, 'SELECT coalesce(state, json_extract_string(_rescued_data, \'$.state_name\')) AS s, n::INT AS n FROM r ORDER BY n')).toEqual([
      { s: 'WA', n: 1 }, { s: 'WA', n: 2 },
    ]);
    expect((await query(dir, 'DESCRIBE n')).map((c) => c.column_name)).toEqual(['state', 'n', '_rescued_data']);
  });

  it('two flows typing a column INTEGER and BIGINT build one table, again after a full refresh; a narrower table column widens', async () => {
    const dir = writeProject({
      'weir.yml': 'name: types\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE target;
CREATE FLOW fa AS INSERT INTO target BY NAME SELECT id, 'a' AS src FROM STREAM read_files('data/a/*.json', format => 'json');
CREATE FLOW backfill AS INSERT INTO ONCE target BY NAME SELECT 100 AS id, 'once' AS src;
CREATE OR REFRESH STREAMING TABLE narrow AS SELECT CAST(n AS INT) AS n FROM STREAM read_files('data/n/*.json', format => 'json');
CREATE FLOW wide AS INSERT INTO narrow BY NAME SELECT CAST(n AS BIGINT) * 1000000000 AS n FROM STREAM read_files('data/w/*.json', format => 'json');
`,
    });
    putFile(dir, 'data/a/1.json', '{"id": 1}\n{"id": 2}\n');
    putFile(dir, 'data/n/1.json', '{"n": 5}\n');
    mkdirSync(join(dir, 'data', 'w'));
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.stdout).not.toContain('type conflict');
    expect(first.code).toBe(0);
    expect(await query(dir, 'SELECT id::INT AS id, src FROM target ORDER BY id')).toEqual([
      { id: 1, src: 'a' }, { id: 2, src: 'a' }, { id: 100, src: 'once' },
    ]);
    expect(await query(dir, `SELECT column_type FROM (DESCRIBE target) WHERE column_name = 'id'`)).toEqual([{ column_type: 'BIGINT' }]);
    // The INTEGER column of an existing table takes BIGINT values: ALTERed, old rows kept.
    putFile(dir, 'data/w/1.json', '{"n": 7}\n');
    putFile(dir, 'data/a/2.json', '{"id": 3}\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(await query(dir, `SELECT column_type FROM (DESCRIBE narrow)`)).toEqual([{ column_type: 'BIGINT' }]);
    expect(await query(dir, 'SELECT n::BIGINT::VARCHAR AS n FROM narrow ORDER BY n::BIGINT')).toEqual([{ n: '5' }, { n: '7000000000' }]);
    // A full refresh rebuilds the table from both flows in one update: no conflict either.
    const full = await runCli(['run', '--project', dir, '--full-refresh', 'target'], dir);
    expect(full.stdout).not.toContain('type conflict');
    expect(full.code).toBe(0);
    expect(status(dir, 'target')).toBe('COMPLETED');
    expect(await query(dir, 'SELECT count(*)::INT AS n, count(*) FILTER (WHERE src = \'once\')::INT AS once FROM target')).toEqual([{ n: 4, once: 1 }]);
  });
});
