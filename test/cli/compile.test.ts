import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

const EXAMPLE = resolve(__dirname, '../../models-example');

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weir-example-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (p) => !p.includes('/target') && !p.includes('/data/') });
  return dir;
}

describe('weir compile', () => {
  it('compiles the example pipeline into a byte-stable manifest and one compiled file per dataset', async () => {
    const dir = copyExample();
    const first = await runCli(['compile', '--project', dir], dir);
    expect(first.stderr.match(/error WEIR\d+/g) ?? []).toEqual([]);
    expect(first.code).toBe(0);
    const manifestPath = join(dir, 'target', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const names = Object.keys(manifest.nodes);
    expect(names).toEqual(expect.arrayContaining(['raw_orders', 'cleaned_orders', 'customers_enriched', 'customer_segments']));
    const compiled = readdirSync(join(dir, 'target', 'compiled')).sort();
    expect(compiled).toEqual(names.map((n) => `${n}.sql`).sort());
    const sql = readFileSync(join(dir, 'target', 'compiled', 'customer_segments.sql'), 'utf8');
    expect(sql).toMatch(/-- source: transformations\/.+\.sql:\d+/);
    const bytes = readFileSync(manifestPath, 'utf8');
    await runCli(['compile', '--project', dir], dir);
    expect(readFileSync(manifestPath, 'utf8')).toBe(bytes);
  });

  it('reports every problem in one pass with file:line:col, and exits 1 without writing', async () => {
    const dir = writeProject({
      'weir.yml': 'name: broken\nlibraries: ["*.sql"]\n',
      'a.sql': 'CREATE MATERIALIZED VIEW orders_clean AS SELECT 1 AS x;\nCREATE MATERIALIZED VIEW b AS SELECT * FROM LIVE.orders_clen;\n',
      'b.sql': 'CREATE MATERIALIZED VIEW b AS SELECT 2 AS y;\nCREATE MATERIALIZED VIEW c AS SELEC 1;\n',
    });
    const r = await runCli(['compile', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a.sql:2:45: error WEIR3001: LIVE.orders_clen is not a dataset of this pipeline');
    expect(r.stderr).toContain('hint: did you mean LIVE.orders_clean?');
    expect(r.stderr).toMatch(/b\.sql:1:26: error WEIR3002/);
    expect(r.stderr).toContain('b.sql:2:31: error WEIR4055: syntax error in the query: syntax error at or near "SELEC"');
    expect(r.stderr).toContain('hint: did you mean SELECT?');
    expect(existsSync(join(dir, 'target', 'manifest.json'))).toBe(false);
  });

  it('prints GitHub Actions annotations under GITHUB_ACTIONS=true', async () => {
    const dir = writeProject({ 'weir.yml': 'name: gh\n', 'a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT * FROM LIVE.nope;\n' });
    const r = await runCli(['compile', '--project', dir], dir, { GITHUB_ACTIONS: 'true' });
    expect(r.stdout).toMatch(/^::error file=a\.sql,line=1,col=45,title=WEIR3001::LIVE\.nope is not a dataset/m);
  });

  it('annotates with the path from the repository root when the project is a subfolder', async () => {
    const repo = writeProject({ 'pipelines/shop/weir.yml': 'name: gh\n', 'pipelines/shop/a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT * FROM LIVE.nope;\n' });
    const r = await runCli(['compile', '--project', 'pipelines/shop'], repo, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo });
    expect(r.stdout).toMatch(/^::error file=pipelines\/shop\/a\.sql,line=1,col=45,title=WEIR3001::/m);
  });

  it('--log-format json: one JSON object per line, with line and column', async () => {
    const dir = writeProject({ 'weir.yml': 'name: js\n', 'a.sql': '-- one\nCREATE MATERIALIZED VIEW a AS SELECT * FROM LIVE.nope;\n' });
    const r = await runCli(['compile', '--project', dir, '--log-format', 'json'], dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { info: Record<string, unknown>; data?: Record<string, unknown> });
    expect(lines[0].info).toMatchObject({ level: 'error', code: 'WEIR3001', file: 'a.sql', line: 2, column: 45 });
    expect(lines[0].data?.location).toEqual({ file: 'a.sql', line: 2, column: 45, end_line: 2, end_column: 54 });
    expect(lines[lines.length - 1].info).toMatchObject({ level: 'error', msg: expect.stringContaining('Compilation failed') });
  });

  it('a cycle does not hide the problems of datasets outside it (one pass)', async () => {
    const dir = writeProject({ 'weir.yml': 'name: cy\n', 'a.sql': `CREATE MATERIALIZED VIEW c1 AS SELECT * FROM c2;
CREATE MATERIALIZED VIEW c2 AS SELECT * FROM c1;
CREATE MATERIALIZED VIEW p AS SELECT (1 v;
` });
    const r = await runCli(['compile', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error WEIR3003: cycle between datasets: c1 -> c2 -> c1');
    expect(r.stderr).toContain('a.sql:3:41: error WEIR4055');
  });

  it('exits 2 on a bad invocation', async () => {
    const r = await runCli(['compile', '--no-such-flag'], tmpdir());
    expect(r.code).toBe(2);
    const c = await runCli(['compile', '--conf', 'novalue'], tmpdir());
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('--conf expects key=value');
  });

  it('exits 2 (a bad invocation) with a clear message when there is no project', async () => {
    const r = await runCli(['compile', '--project', mkdtempSync(join(tmpdir(), 'empty-'))], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WEIR1001/);
  });
});

describe('weir ls', () => {
  const files = {
    'weir.yml': 'name: ls\n',
    'p.sql': `CREATE STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/*.json', format => 'json');
CREATE MATERIALIZED VIEW agg AS SELECT count(*) AS n FROM raw;`,
  };

  it('lists datasets in dependency order', async () => {
    const dir = writeProject(files);
    const r = await runCli(['ls', '--project', dir], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      'streaming table raw <- files:data/*.json',
      'materialized view agg <- raw',
    ]);
  });

  it('prints dot, mermaid and json', async () => {
    const dir = writeProject(files);
    expect((await runCli(['ls', '--project', dir, '--format', 'dot'], dir)).stdout).toContain('"files:data/*.json" -> "raw" [style=dashed, label="stream"];');
    expect((await runCli(['ls', '--project', dir, '--format', 'mermaid'], dir)).stdout).toContain('n_raw --> n_agg');
    const json = JSON.parse((await runCli(['ls', '--project', dir, '--json'], dir)).stdout);
    expect(json.map((d: { name: string }) => d.name)).toEqual(['agg', 'raw']);
  });
});

describe('weir ls --format mermaid', () => {
  it('keeps names that differ only in punctuation apart', async () => {
    const dir = writeProject({
      'weir.yml': 'name: m\n',
      'p.sql': 'CREATE MATERIALIZED VIEW a_b AS SELECT 1 AS x;\nCREATE MATERIALIZED VIEW `a-b` AS SELECT 2 AS x;\nCREATE MATERIALIZED VIEW c AS SELECT * FROM `a-b`;\n',
    });
    const out = (await runCli(['ls', '--project', dir, '--format', 'mermaid'], dir)).stdout;
    expect(out).toContain('n_a_x2d_b --> n_c');
    expect(out).not.toContain('n_a_b --> n_c');
  });
});

describe('weir ls and quarantine', () => {
  it('lists the quarantine table after the dataset that fills it', async () => {
    const dir = writeProject({
      'weir.yml': 'name: q\n',
      'p.sql': `CREATE MATERIALIZED VIEW clean (CONSTRAINT pos EXPECT (x > 0) ON VIOLATION DROP ROW)
TBLPROPERTIES ('weir.quarantine' = 'true') AS SELECT 1 AS x;`,
    });
    const r = await runCli(['ls', '--project', dir], dir);
    expect(r.stdout).toMatch(/quarantine table\s+clean_quarantine\s+<- clean \(dropped rows\)/);
    const json = JSON.parse((await runCli(['ls', '--project', dir, '--json'], dir)).stdout);
    expect(json[0].quarantine).toBe('clean_quarantine');
  });
});
