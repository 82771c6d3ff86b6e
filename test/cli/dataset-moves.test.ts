import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { putFile, queryReadOnly, readRunResults, runCli, runSql, writeProject } from '../helpers/cli.js';

// A streaming table's checkpoints and file ledger describe the table it was last updated in. When the dataset
// moves (the pipeline's schema changes, and back) or changes kind (streaming table -> materialized view -> streaming
// table), appending to the table found there would lose or repeat input (audit 8): it is rebuilt from all input.
const PIPELINE = (kind: 'STREAMING TABLE' | 'MATERIALIZED VIEW') => `CREATE STREAMING TABLE raw AS SELECT id::int AS id FROM STREAM read_files('d', format => 'csv');
CREATE ${kind} fil AS SELECT id FROM ${kind === 'STREAMING TABLE' ? 'STREAM ' : ''}read_files('d', format => 'csv');
`;
const ids = async (db: string, table: string): Promise<string> =>
  String((await queryReadOnly(db, `SELECT list(id ORDER BY id)::VARCHAR AS v FROM ${table}`))[0].v);

describe('a dataset that moved or changed kind since its last update', () => {
  it('is rebuilt when the pipeline schema changes and changes back (no input lost)', async () => {
    const dir = writeProject({ 'weir.yml': 'name: m\n', 'a.sql': PIPELINE('STREAMING TABLE'), 'd/1.csv': 'id\n1\n' });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'weir.yml'), 'name: m\ndatabase: dev\n');
    putFile(dir, 'd/2.csv', 'id\n2\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    writeFileSync(join(dir, 'weir.yml'), 'name: m\n');
    putFile(dir, 'd/3.csv', 'id\n3\n');
    const dry = await runCli(['run', '--project', dir, '--dry-run'], dir);
    expect(dry.stdout).toContain('raw: it was last updated as dev.raw: rebuild from all input');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const db = join(dir, 'target', 'm.duckdb');
    expect(await ids(db, 'main.raw')).toBe('[1, 2, 3]');
    expect(await ids(db, 'dev.raw')).toBe('[1, 2]');
  });

  it('is rebuilt when a streaming table was a materialized view at its last update (no row twice)', async () => {
    const dir = writeProject({ 'weir.yml': 'name: k\n', 'a.sql': PIPELINE('STREAMING TABLE'), 'd/1.csv': 'id\n1\n' });
    await runCli(['run', '--project', dir], dir);
    writeFileSync(join(dir, 'a.sql'), PIPELINE('MATERIALIZED VIEW'));
    putFile(dir, 'd/2.csv', 'id\n2\n');
    await runCli(['run', '--project', dir], dir);
    writeFileSync(join(dir, 'a.sql'), readFileSync(join(dir, 'a.sql'), 'utf8').replace(/MATERIALIZED VIEW fil AS SELECT id FROM read_files/, 'STREAMING TABLE fil AS SELECT id FROM STREAM read_files'));
    putFile(dir, 'd/3.csv', 'id\n3\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(readRunResults(dir).results.find((r) => r.unique_id === 'fil')?.message).toBe('full refresh');
    expect(await ids(join(dir, 'target', 'k.duckdb'), 'main.fil')).toBe('[1, 2, 3]');
  });

  it('a table of the same name that Weir did not make is left alone; --full-refresh of the dataset replaces it', async () => {
    const dir = writeProject({ 'weir.yml': 'name: f\n', 'a.sql': PIPELINE('STREAMING TABLE'), 'd/1.csv': 'id\n1\n' });
    mkdirSync(join(dir, 'target'), { recursive: true });
    const db = join(dir, 'target', 'f.duckdb');
    await runSql(db, "CREATE TABLE raw AS SELECT 'precious' AS note");
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('main.raw already exists and was not made by this pipeline');
    expect(await queryReadOnly(db, 'SELECT * FROM raw')).toEqual([{ note: 'precious' }]);
    expect((await runCli(['run', '--project', dir, '--full-refresh', 'raw'], dir)).code).toBe(0);
    expect(await ids(db, 'raw')).toBe('[1]');
  });

  it('a database last updated by another pipeline is a warning (state is kept per dataset name, one pipeline per file)', async () => {
    const dir = writeProject({ 'weir.yml': 'name: one\ndatabase_path: shared.duckdb\n', 'a.sql': PIPELINE('STREAMING TABLE'), 'd/1.csv': 'id\n1\n' });
    expect((await runCli(['run', '--project', dir], dir)).stdout).not.toContain('was last updated by pipeline');
    writeFileSync(join(dir, 'weir.yml'), 'name: two\ndatabase_path: shared.duckdb\n');
    expect((await runCli(['run', '--project', dir], dir)).stdout).toContain('shared.duckdb was last updated by pipeline one');
    expect((await runCli(['run', '--project', dir], dir)).stdout).not.toContain('was last updated by pipeline');
  });

  it('a STREAM reader of a dataset rebuilt because it moved is rebuilt too (PRIVATE on and off, no failure, no row lost)', async () => {
    const sql = (priv: string) => `CREATE ${priv}STREAMING TABLE raw AS SELECT id::int AS id FROM STREAM read_files('d', format => 'csv');
CREATE STREAMING TABLE sil AS SELECT * FROM STREAM(raw);
`;
    const dir = writeProject({ 'weir.yml': 'name: pv\n', 'a.sql': sql(''), 'd/1.csv': 'id\n1\n' });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    for (const [i, priv] of [[2, 'PRIVATE '], [3, '']] as const) {
      writeFileSync(join(dir, 'a.sql'), sql(priv));
      putFile(dir, `d/${i}.csv`, `id\n${i}\n`);
      const dry = await runCli(['run', '--project', dir, '--dry-run'], dir);
      expect(dry.stdout).toContain('sil: it reads STREAM(raw), which is rebuilt: rebuild from all input');
      expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    }
    expect(await ids(join(dir, 'target', 'pv.duckdb'), 'main.sil')).toBe('[1, 2, 3]');
  });

  it('changes between a view and a table kind both ways (the dataset\'s own table or view is replaced)', async () => {
    const dir = writeProject({ 'weir.yml': 'name: kv\n', 'a.sql': '', 'd/1.csv': 'x\n5\n' });
    const db = join(dir, 'target', 'kv.duckdb');
    for (const [sql, want] of [
      ['CREATE MATERIALIZED VIEW m AS SELECT 1 AS x;', '[1]'], ['CREATE VIEW m AS SELECT 2 AS x;', '[2]'],
      ['CREATE MATERIALIZED VIEW m AS SELECT 2 AS x;', '[2]'], ["CREATE STREAMING TABLE m AS SELECT x::int AS x FROM STREAM read_files('d', format => 'csv');", '[5]'],
      ['CREATE VIEW m AS SELECT 3 AS x;', '[3]'],
    ] as const) {
      writeFileSync(join(dir, 'a.sql'), `${sql}\n`);
      const r = await runCli(['run', '--project', dir], dir);
      expect(r.stdout, sql).toContain('Done. PASS=1');
      expect(await queryReadOnly(db, 'SELECT list(x)::VARCHAR AS v FROM m')).toEqual([{ v: want }]);
    }
  });
});
