import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

/**
 * What CI reads (the exit code, the JUnit file, the --json document, GitHub annotations) must tell the same story
 * (acceptance audit C §7–§10, §14): a red job with a green report, a missing report, or a JSON document followed by
 * a text line all leave the reader unable to see why the job failed.
 */
const WARNED = `CREATE MATERIALIZED VIEW clean (
  CONSTRAINT positive EXPECT (amount > 0),
  CONSTRAINT pk PRIMARY KEY (id)
) AS SELECT * FROM (VALUES (1, 5), (1, -1)) t(id, amount);
`;
const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = writeProject({ 'weir.yml': 'name: ci\n', ...files });
  dirs.push(dir);
  return dir;
}
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const xmlOf = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
const totals = (xml: string): { tests: number; failures: number; errors: number } => {
  const m = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml);
  if (!m) throw new Error(`no <testsuites> in ${xml}`);
  return { tests: Number(m[1]), failures: Number(m[2]), errors: Number(m[3]) };
};

describe('--warn-error: the JUnit report fails when the exit code does (§7)', () => {
  it('weir run: warned expectations and checks become failures', async () => {
    const dir = project({ 'p.sql': WARNED });
    const plain = await runCli(['run', '--project', dir, '--junit', 'plain.xml'], dir);
    expect(plain.code).toBe(0);
    expect(totals(xmlOf(dir, 'plain.xml')).failures).toBe(0);
    const strict = await runCli(['run', '--project', dir, '--full-refresh-all', '--warn-error', '--junit', 'strict.xml'], dir);
    expect(strict.code).toBe(1);
    const xml = xmlOf(dir, 'strict.xml');
    expect(totals(xml).failures).toBe(2);
    expect(xml).toMatch(/name="expectation positive"[^>]*>\s*<failure message="1 failed, 1 passed \(warn\): a warning, failed by --warn-error"/);
    expect(xml).toMatch(/name="check primary-key pk"[^>]*>\s*<failure /);
  });

  it('weir validate: a compile warning is a failed case', async () => {
    const dir = project({ 'p.sql': "CREATE MATERIALIZED VIEW a TBLPROPERTIES ('weir.quarantne' = 'true') AS SELECT 1 AS x;\n" });
    const r = await runCli(['validate', '--project', dir, '--warn-error', '--junit', 'v.xml'], dir);
    expect(r.code).toBe(1);
    const xml = xmlOf(dir, 'v.xml');
    expect(totals(xml).failures).toBeGreaterThan(0);
    expect(xml).toContain('WEIR7105');
  });
});

describe('problems that are not test results are in the reports (§8)', () => {
  const BROKEN = "CREATE MATERIALIZED VIEW a TBLPROPERTIES ('weir.checks' = 'x') AS SELECT 1 AS x;\n";

  it.each(['run', 'test', 'validate', 'build'])('weir %s --junit writes an error case when the project does not compile', async (command) => {
    const dir = project({ 'p.sql': BROKEN });
    const r = await runCli([command, '--project', dir, '--junit', 'reports/r.xml'], dir);
    expect(r.code).toBe(1);
    const xml = xmlOf(dir, 'reports/r.xml');
    expect(totals(xml).failures + totals(xml).errors).toBeGreaterThan(0);
    expect(xml).toContain('WEIR7101');
    expect(xml).toMatch(/p\.sql:1:\d+/);
  });

  it('weir validate --junit / --json without a project at all', async () => {
    const dir = project({});
    rmSync(join(dir, 'weir.yml'));
    const r = await runCli(['validate', '--project', dir, '--junit', 'v.xml', '--json'], dir);
    expect(r.code).toBeGreaterThan(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
    expect(totals(xmlOf(dir, 'v.xml')).errors).toBe(1);
  });

  it('weir test: a broken test file is an error case and is counted in the summary', async () => {
    const dir = project({
      'p.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS x;\n',
      'tests/c.yml': 'tests:\n  - name: ok\n    dataset: a\n    expect: {rows: [{x: 1}]}\n',
      'tests/d.yml': 'tests:\n  - name: broken\n    dataset: a\n    given: {raw: [{x: 1}]\n',
    });
    const r = await runCli(['test', '--project', dir, '--junit', 'j.xml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Done\. PASS=1 FAIL=0 ERROR=[1-9]\d* TOTAL=[2-9]/);
    const xml = xmlOf(dir, 'j.xml');
    expect(totals(xml).errors).toBeGreaterThan(0);
    expect(xml).toMatch(/<testcase classname="tests\/d\.yml" name="WEIR7001 tests\/d\.yml:\d+:\d+"/);
    const json = JSON.parse((await runCli(['test', '--project', dir, '--json'], dir)).stdout);
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toContain('WEIR7001');
  });

  it('weir run --json with a compile error prints one JSON document', async () => {
    const dir = project({ 'p.sql': BROKEN });
    const r = await runCli(['run', '--project', dir, '--json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics[0].location).toMatch(/^p\.sql:1:/);
    expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(false);
  });
});

describe('--json: stdout is exactly one JSON document (§9)', () => {
  const GHA = { GITHUB_ACTIONS: 'true' };
  const WARNING = "CREATE MATERIALIZED VIEW a TBLPROPERTIES ('weir.quarantne' = 'true') AS SELECT 1 AS x;\n";

  it('weir validate --json, also with a warning under GitHub Actions', async () => {
    const ok = project({ 'p.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS x;\n' });
    const r = await runCli(['validate', '--project', ok, '--json'], ok);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, datasets: 1 });
    expect(r.stderr).toContain('Validated 1 datasets');
    const warned = project({ 'p.sql': WARNING });
    const w = await runCli(['validate', '--project', warned, '--json'], warned, GHA);
    expect(JSON.parse(w.stdout).diagnostics[0].code).toBe('WEIR7105');
    expect(w.stderr).toContain('::warning file=p.sql');
  });

  it('weir run, build and test --json under GitHub Actions', async () => {
    const dir = project({
      'p.sql': WARNED,
      'tests/t.yml': 'tests:\n  - name: wrong\n    dataset: clean\n    expect: {rows: [{id: 9, amount: 9}]}\n',
    });
    for (const command of ['run', 'build', 'test']) {
      const r = await runCli([command, '--project', dir, '--json'], dir, GHA);
      expect(() => JSON.parse(r.stdout), `${command}: ${r.stdout}`).not.toThrow();
      expect(r.stderr, command).toMatch(/^::(warning|error) file=/m);
    }
  });

  it('weir ls --json and weir lineage --json with a warning under GitHub Actions', async () => {
    const dir = project({ 'p.sql': WARNING });
    const ls = await runCli(['ls', '--project', dir, '--json'], dir, GHA);
    expect(() => JSON.parse(ls.stdout)).not.toThrow();
    const lineage = await runCli(['lineage', 'a.x', '--project', dir, '--json'], dir, GHA);
    expect(lineage.code).toBe(0);
    expect(() => JSON.parse(lineage.stdout)).not.toThrow();
    expect(lineage.stderr).toContain('::warning');
  });
});

describe('GitHub annotations (§10, §14)', () => {
  it('run annotations are placed from GITHUB_WORKSPACE when the project is a subfolder', async () => {
    const repo = project({ 'pipelines/sales/weir.yml': 'name: sales\n', 'pipelines/sales/t/p.sql': WARNED });
    const dir = join(repo, 'pipelines', 'sales');
    const r = await runCli(['run', '--project', dir], repo, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning file=pipelines\/sales\/t\/p\.sql,line=2,col=3,title=WEIR5022::expectation positive/m);
    expect(r.stdout).not.toMatch(/file=t\/p\.sql/);
  });

  it('a failed unit test annotation carries the row diff (multi-line, %0A-escaped)', async () => {
    const dir = project({
      'p.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS x;\n',
      'tests/t.yml': 'tests:\n  - name: wrong\n    dataset: a\n    expect: {rows: [{x: 2}]}\n',
    });
    const r = await runCli(['test', '--project', dir], dir, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.startsWith('::error file=tests/t.yml'));
    expect(line).toBeDefined();
    expect(line).toContain('%0A');
    expect(line).toMatch(/%0A.*2/);
    expect(line).not.toContain('\n');
  });
});

describe('weir compile --json', () => {
  it('prints one JSON document: counts and diagnostics, or ok false with the errors', async () => {
    const dir = writeProject({ 'weir.yml': 'name: cj\n', 'a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS id;\nCREATE MATERIALIZED VIEW b AS SELECT * FROM aa;\n' });
    try {
      const ok = await runCli(['compile', '--project', dir, '--json'], dir);
      expect(ok.code).toBe(0);
      const doc = JSON.parse(ok.stdout) as { ok: boolean; datasets: number; manifest: string; diagnostics: { code: string }[] };
      expect([doc.ok, doc.datasets, doc.manifest]).toEqual([true, 2, 'target/manifest.json']);
      expect(doc.diagnostics.map((d) => d.code)).toEqual(['WEIR3009']);
      writeFileSync(join(dir, 'a.sql'), 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS id;\nCREATE MATERIALIZED VIEW b AS SELECT * FROM LIVE.a_typo;\n');
      const bad = await runCli(['compile', '--project', dir, '--json'], dir);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, diagnostics: [{ code: 'WEIR3001' }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
