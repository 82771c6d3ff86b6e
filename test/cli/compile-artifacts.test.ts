import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { emitDatasetScripts } from '../../src/emit/index.js';
import { runCli, writeProject } from '../helpers/cli.js';

/**
 * target/compiled/ is written on a worker thread while column lineage runs (projects of 500+ datasets), and
 * the recompile path rewrites only what changed. Both must leave exactly the files a plain write would, and a
 * failed compile must leave nothing behind.
 */
function bigProject(n: number, broken = false): Record<string, string> {
  const files: Record<string, string> = { 'weir.yml': 'name: big\nlibraries: ["transformations/**/*.sql"]\n' };
  for (let f = 0; f < n / 10; f++) {
    const stmts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const k = f * 10 + i;
      const from = k === 0 ? 'SELECT 1 AS id, 2 AS amount' : `SELECT id, amount + ${k} AS amount FROM d${k - 1}`;
      stmts.push(`CREATE MATERIALIZED VIEW d${k} (CONSTRAINT pos_${k} EXPECT (amount > 0)) AS ${from};`);
    }
    files[`transformations/f${String(f).padStart(3, '0')}.sql`] = stmts.join('\n') + (broken && f === 7 ? '\nCREATE MATERIALIZED VIEW oops AS SELECT id FROM d0 WHERE ORDER;\n' : '\n');
  }
  return files;
}

function compiledDir(dir: string): string {
  return join(dir, 'target', 'compiled');
}

async function expectedScripts(dir: string): Promise<Record<string, string>> {
  const { project } = await compileProject({ cwd: dir, projectDir: dir, noCache: true });
  return emitDatasetScripts(project!.compiled, project!.sourceText);
}

describe('compiled scripts written in the background', () => {
  it('a cold compile of 600 datasets writes every script, byte for byte, and no staging folder remains', async () => {
    const dir = writeProject(bigProject(600));
    const r = await runCli(['compile', '--project', dir], dir);
    expect(r.code).toBe(0);
    const want = await expectedScripts(dir);
    const names = readdirSync(compiledDir(dir)).sort();
    expect(names).toEqual(Object.keys(want).map((id) => `${id}.sql`).sort());
    for (const id of ['d0', 'd299', 'd599']) expect(readFileSync(join(compiledDir(dir), `${id}.sql`), 'utf8')).toBe(want[id]);
    expect(readdirSync(join(dir, 'target')).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('a recompile rewrites changed scripts, removes those of deleted datasets and leaves the rest untouched', async () => {
    const files = bigProject(600);
    const dir = writeProject(files);
    expect((await runCli(['compile', '--project', dir], dir)).code).toBe(0);
    const old = new Date('2020-01-01T00:00:00Z');
    for (const n of readdirSync(compiledDir(dir))) utimesSync(join(compiledDir(dir), n), old, old);
    // f001.sql: d10's query changes, d19 disappears (d20 then reads a missing dataset: keep the chain valid).
    const f1 = files['transformations/f001.sql'].replace('amount + 10 AS amount', 'amount * 10 AS amount')
      .replace(/CREATE MATERIALIZED VIEW d19 .*\n?/, '');
    writeFileSync(join(dir, 'transformations/f001.sql'), f1);
    writeFileSync(join(dir, 'transformations/f002.sql'), files['transformations/f002.sql'].replace('FROM d19', 'FROM d18'));
    const r = await runCli(['compile', '--project', dir], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const want = await expectedScripts(dir);
    expect(readdirSync(compiledDir(dir)).sort()).toEqual(Object.keys(want).map((id) => `${id}.sql`).sort());
    expect(existsSync(join(compiledDir(dir), 'd19.sql'))).toBe(false);
    expect(readFileSync(join(compiledDir(dir), 'd10.sql'), 'utf8')).toContain('amount * 10');
    expect(readFileSync(join(compiledDir(dir), 'd10.sql'), 'utf8')).toBe(want.d10);
    expect(statSync(join(compiledDir(dir), 'd10.sql')).mtime.getTime()).toBeGreaterThan(old.getTime());
    expect(statSync(join(compiledDir(dir), 'd500.sql')).mtime.getTime()).toBe(old.getTime());
  });

  it('a compile that fails after the writer started (a syntax error only DuckDB finds) writes nothing', async () => {
    const dir = writeProject(bigProject(600, true));
    const r = await runCli(['compile', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/WEIR4055/);
    expect(existsSync(compiledDir(dir))).toBe(false);
    expect(existsSync(join(dir, 'target')) ? readdirSync(join(dir, 'target')).filter((n) => n.includes('partial')) : []).toEqual([]);
  });
});
