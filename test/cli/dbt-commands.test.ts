import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

/** The dbt commands and flags CONVENTIONS lists as what users will try: build, retry, --threads, ls --select. */
const statuses = (dir: string): string[] => readRunResults(dir).results.map((x) => `${x.unique_id}:${x.status}`).sort();

const PIPELINE = (limit: number): string => `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/*.csv', format => 'csv', header => true);
CREATE OR REFRESH MATERIALIZED VIEW checked (CONSTRAINT small EXPECT (id < ${limit}) ON VIOLATION FAIL UPDATE) AS SELECT id FROM raw;
CREATE OR REFRESH MATERIALIZED VIEW total AS SELECT count(*) AS n FROM checked;
`;

const unitTest = (n: number): string => `tests:
  - name: counts_rows
    dataset: total
    given:
      checked: [{id: 1}, {id: 2}]
    expect:
      rows: [{n: ${n}}]
`;

describe('weir build', () => {
  const dir = writeProject({ 'weir.yml': 'name: b\n', 'p.sql': PIPELINE(10), 'data/1.csv': 'id\n1\n2\n', 'tests/t.yml': unitTest(3) });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('does not update a dataset whose unit test fails, nor anything downstream of it', async () => {
    const r = await runCli(['build', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL counts_rows');
    expect(r.stdout).toContain('Unit tests failed for total');
    expect(statuses(dir)).toEqual(['checked:COMPLETED', 'raw:COMPLETED', 'total:SKIPPED']);
    expect(r.stdout).toContain('SKIP=1');
    expect(readRunResults(dir).results.find((x) => x.unique_id === 'total')?.message).toContain('its unit tests failed (counts_rows)');
  });

  it('retry after the build runs the unit tests again: still failing, the dataset stays SKIPPED', async () => {
    const r = await runCli(['retry', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL counts_rows');
    expect(statuses(dir).filter((x) => !x.endsWith(':EXCLUDED'))).toEqual(['total:SKIPPED']);
  });

  it('--junit: one report with the unit tests and the run', async () => {
    const r = await runCli(['build', '--project', dir, '--junit', 'reports/build.xml'], dir);
    expect(r.code).toBe(1);
    const xml = readFileSync(join(dir, 'reports', 'build.xml'), 'utf8');
    expect(xml).toContain('name="unit tests: total"');
    expect(xml).toMatch(/<testcase[^>]*name="counts_rows"[^>]*>\s*<failure/);
    expect(xml).toMatch(/<testcase[^>]*name="[^"]*checked[^"]*"/);
  });

  it('runs everything once the unit tests pass; --json gives the run results with the unit tests', async () => {
    writeFileSync(join(dir, 'tests/t.yml'), unitTest(2));
    const r = await runCli(['build', '--project', dir, '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: { unique_id: string; status: string }[]; unit_tests: { name: string; status: string }[] };
    expect(out.unit_tests.map((t) => `${t.name}:${t.status}`)).toEqual(['counts_rows:pass']);
    expect(out.results.map((x) => `${x.unique_id}:${x.status}`).sort()).toEqual(['checked:NO-OP', 'raw:IDLE', 'total:COMPLETED']);
  });
});

describe('weir retry', () => {
  const dir = writeProject({ 'weir.yml': 'name: r\n', 'p.sql': PIPELINE(2), 'data/1.csv': 'id\n1\n2\n' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has nothing to retry before the first run (exit 2)', async () => {
    const r = await runCli(['retry', '--project', dir], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to retry');
  });

  it('runs again only what the last run failed or skipped, until it succeeds', async () => {
    expect((await runCli(['run', '--project', dir, '--threads', '1'], dir)).code).toBe(1);
    expect(statuses(dir)).toEqual(['checked:FAILED', 'raw:COMPLETED', 'total:SKIPPED']);
    expect(readRunResults(dir).args.threads).toBe(1);

    const again = await runCli(['retry', '--project', dir], dir);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Retrying 2 datasets');
    expect(statuses(dir)).toEqual(['checked:FAILED', 'raw:EXCLUDED', 'total:SKIPPED']);
    expect(readRunResults(dir).args.threads).toBe(1); // the last run's flags carry over

    writeFileSync(join(dir, 'p.sql'), PIPELINE(10));
    expect((await runCli(['retry', '--project', dir], dir)).code).toBe(0);
    expect(statuses(dir)).toEqual(['checked:COMPLETED', 'raw:EXCLUDED', 'total:COMPLETED']);

    const done = await runCli(['retry', '--project', dir], dir);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Nothing to retry');
  });

  it('repeats the last run\'s --conf, --vars and database (dbt\'s retry repeats the invocation)', async () => {
    const V = "CREATE MATERIALIZED VIEW v AS SELECT '${who}' AS who, '{{ var(\"day\") }}' AS day;\n";
    const d = writeProject({ 'weir.yml': 'name: rc\n', 'p.sql': `${V}CREATE MATERIALIZED VIEW w AS SELECT who, day FROM v WHERE raise_error('not yet') IS NULL;\n` });
    const db = join(d, 'elsewhere.duckdb');
    const first = await runCli(['run', '--project', d, '--database', db, '--conf', 'who=ann', '--vars', '{day: "2024-01-02"}'], d);
    expect(first.code).toBe(1);
    writeFileSync(join(d, 'p.sql'), `${V}CREATE MATERIALIZED VIEW w AS SELECT who, day FROM v;\n`);
    const again = await runCli(['retry', '--project', d], d);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await queryReadOnly(db, 'SELECT who, day FROM w')).toEqual([{ who: 'ann', day: '2024-01-02' }]);
  });

  it('refuses a --threads that is not a positive whole number (exit 2)', async () => {
    for (const bad of ['0', '-1', '1.5', 'two']) expect((await runCli(['run', '--project', dir, '--threads', bad], dir)).code).toBe(2);
  });
});

describe('weir ls --select / --exclude / --output', () => {
  const dir = writeProject({ 'weir.yml': 'name: l\n', 'p.sql': PIPELINE(10), 'data/1.csv': 'id\n1\n' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists only the selection, in dbt spellings', async () => {
    const names = await runCli(['ls', '--project', dir, '--output', 'name', '-s', 'checked+'], dir);
    expect(names.stdout.trim().split('\n')).toEqual(['checked', 'total']);
    const json = await runCli(['ls', '--project', dir, '--output', 'json', '-s', '+checked', '--exclude', 'raw'], dir);
    const graph = JSON.parse(json.stdout) as { datasets?: { name: string }[]; nodes?: { name?: string; id?: string }[] };
    expect(JSON.stringify(graph)).toContain('"checked"');
    expect(JSON.stringify(graph)).not.toContain('"total"');
  });

  it('a selector that cannot be parsed is a bad invocation (exit 2)', async () => {
    const r = await runCli(['ls', '--project', dir, '-s', '++x'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('WEIR5003');
  });
});

describe('--selector (dbt selectors.yml)', () => {
  const dir = writeProject({
    'weir.yml': 'name: s\n', 'p.sql': PIPELINE(10), 'data/1.csv': 'id\n1\n',
    'selectors.yml': 'selectors:\n  - name: upstream\n    definition: {method: fqn, value: checked, parents: true}\n  - name: none\n    definition: "tag:nothing"\n',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs and lists what the named selector selects', async () => {
    expect((await runCli(['run', '--project', dir, '--selector', 'upstream'], dir)).code).toBe(0);
    expect(statuses(dir)).toEqual(['checked:COMPLETED', 'raw:COMPLETED', 'total:EXCLUDED']);
    const names = await runCli(['ls', '--project', dir, '--selector', 'upstream', '--output', 'name'], dir);
    expect(names.stdout.trim().split('\n')).toEqual(['raw', 'checked']);
  });

  it('selecting nothing runs nothing; combining with --select is a bad invocation', async () => {
    const none = await runCli(['run', '--project', dir, '--selector', 'none'], dir);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('Nothing to do');
    expect((await runCli(['run', '--project', dir, '--selector', 'upstream', '-s', 'raw'], dir)).code).toBe(2);
    expect((await runCli(['run', '--project', dir, '--selector', 'nope'], dir)).code).toBe(2);
  });
});

describe('weir run writes the manifest, as dbt run does', () => {
  it('target/manifest.json describes the project that ran (with column lineage); --dry-run writes none', async () => {
    const dir = writeProject({ 'weir.yml': 'name: m\n', 'p.sql': PIPELINE(10), 'data/1.csv': 'id\n1\n2\n' });
    const dry = await runCli(['run', '--project', dir, '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(() => readFileSync(join(dir, 'target', 'manifest.json'))).toThrow();
    const r = await runCli(['run', '--project', dir], dir);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { columns?: Record<string, unknown> }>; child_map: Record<string, string[]> };
    expect(Object.keys(manifest.nodes).sort()).toEqual(expect.arrayContaining([expect.stringContaining('checked'), expect.stringContaining('raw'), expect.stringContaining('total')]));
    const total = Object.entries(manifest.nodes).find(([k]) => k.endsWith('total'))![1];
    expect(Object.keys(total.columns ?? {})).toEqual(['n']);
    rmSync(dir, { recursive: true, force: true });
  });
});
