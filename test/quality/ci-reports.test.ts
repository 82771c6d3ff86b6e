import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

const PIPELINE = `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/*.json', format => 'json');
CREATE MATERIALIZED VIEW clean (
  CONSTRAINT positive EXPECT (amount > 0),
  CONSTRAINT pk PRIMARY KEY (id)
) TBLPROPERTIES ('weir.constraints' = 'fail') AS SELECT id, amount FROM raw;
`;

function project(sql = PIPELINE): string {
  const dir = writeProject({ 'weir.yml': 'name: ci\n', 'p.sql': sql });
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'a.json'), '{"id": 1, "amount": 5}\n{"id": 1, "amount": -1}\n');
  return dir;
}

describe('CI reports (issue 7)', () => {
  it('weir run --junit: a case per update, expectation and check; the failed key check is a failure', async () => {
    const dir = project();
    const r = await runCli(['run', '--project', dir, '--junit', 'reports/run.xml'], dir);
    expect(r.code).toBe(1);
    const xml = readFileSync(join(dir, 'reports', 'run.xml'), 'utf8');
    expect(xml).toContain('<testcase classname="clean" name="update clean"');
    expect(xml).toContain('<testcase classname="clean" name="check primary-key pk"');
    expect(xml).toMatch(/name="check primary-key pk"[^>]*>\s*<failure message="2 failed, 0 passed \(fail\)"/);
    expect(xml).toContain('name="expectation positive"');
  });

  it('weir run --json prints the run results', async () => {
    const dir = project(PIPELINE.replace("'weir.constraints' = 'fail'", "'weir.constraints' = 'warn'"));
    const r = await runCli(['run', '--project', dir, '--json'], dir);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout);
    const clean = results.results.find((x: { unique_id: string }) => x.unique_id === 'clean');
    expect(clean.status).toBe('WARN');
    expect(clean.expectations.map((e: { name: string; failed_records: number }) => [e.name, e.failed_records])).toEqual([['positive', 1], ['pk', 2]]);
  });

  it('weir validate --junit and --json report an unknown column at its position', async () => {
    const dir = project(PIPELINE.replace('SELECT id, amount FROM raw', 'SELECT id, amont FROM raw'));
    const r = await runCli(['validate', '--project', dir, '--junit', 'v.xml', '--json'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(false);
    expect(json.diagnostics[0]).toMatchObject({ severity: 'error', location: 'p.sql:5:61' });
    const xml = readFileSync(join(dir, 'v.xml'), 'utf8');
    expect(xml).toMatch(/name="validate clean"[^>]*>\s*<failure/);
    expect(xml).toContain('name="validate raw" time="0.000"/>');
  });

  it('--warn-error turns warnings into failures', async () => {
    const dir = project(`CREATE MATERIALIZED VIEW orders_clean AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW b AS SELECT * FROM orders_clen;`);
    expect((await runCli(['compile', '--project', dir], dir)).code).toBe(0);
    const strict = await runCli(['compile', '--project', dir, '--warn-error'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('warning WEIR3009');
  });
});

describe('CI annotations and --warn-error for runs (issue 7)', () => {
  it('annotates a failed update at the dataset, a failed check at its constraint and a warning expectation at its CONSTRAINT', async () => {
    const dir = project();
    const r = await runCli(['run', '--project', dir], dir, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=p\.sql,line=2,col=26,title=WEIR5020::clean failed: /m);
    expect(r.stdout).toMatch(/^::error file=p\.sql,line=4,col=3,title=WEIR5021::check primary-key pk of clean: 2 failed/m);
  });

  it('--warn-error fails a run whose datasets ended in WARN', async () => {
    const dir = project(PIPELINE.replace("'weir.constraints' = 'fail'", "'weir.constraints' = 'warn'"));
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'b.json'), '{"id": 7, "amount": -3}\n');
    const strict = await runCli(['run', '--project', dir, '--warn-error'], dir, { GITHUB_ACTIONS: 'true' });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^::warning file=p\.sql,line=3,col=3,title=WEIR5022::expectation positive of clean: 2 failed/m);
  });
});
