import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readLineageCache } from '../../src/compiler/lineage-cache-file.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

/** Syntax errors outside query bodies are compile errors at their position (src/analyze/check-expressions.ts). */
describe('compile: syntax of expectations, generated columns and CDC clauses', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  const compile = async (sql: string) => {
    const dir = writeProject({ 'weir.yml': 'name: x\n', 'a.sql': sql });
    dirs.push(dir);
    return runCli(['compile', '--project', dir], dir);
  };

  it('reports each broken expression once, at the user line and column', async () => {
    const r = await compile(`CREATE MATERIALIZED VIEW c (
  id INT,
  CONSTRAINT e2 EXPECT (id > 1 AND),
  CONSTRAINT fine EXPECT (id > 1 AND id < 9)
) AS SELECT 1 AS id;

CREATE MATERIALIZED VIEW g (
  a INT,
  b INT GENERATED ALWAYS AS (a * * 2)
) AS SELECT 1 AS a;

CREATE OR REFRESH STREAMING TABLE src AS SELECT * FROM STREAM read_files('data', format => 'json');
CREATE OR REFRESH STREAMING TABLE t;
CREATE FLOW f AS AUTO CDC INTO t FROM STREAM(src) KEYS (id)
APPLY AS DELETE WHEN op = = 'D'
SEQUENCE BY ts +;
`);
    expect(r.code).toBe(1);
    const found = [...r.stderr.matchAll(/^a\.sql:(\d+):(\d+): error (WEIR\d+): syntax error in ([^:]+):/gm)].map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]}`);
    expect(found).toEqual([
      '3:34 WEIR4055 expectation e2',
      '9:36 WEIR4055 generated column b',
      '15:27 WEIR4055 APPLY AS DELETE WHEN',
      '16:16 WEIR4055 SEQUENCE BY',
    ]);
  });

  it('passes valid expressions; a recompile with the lineage cache still parses a changed expression', async () => {
    const good = "CREATE MATERIALIZED VIEW c (CONSTRAINT e EXPECT (id BETWEEN 1 AND 3 OR name LIKE 'a%')) AS SELECT 1 AS id, 'a' AS name;\n";
    const dir = writeProject({ 'weir.yml': 'name: x\n', 'a.sql': good });
    dirs.push(dir);
    const first = await runCli(['compile', '--project', dir], dir);
    expect([first.code, first.stderr]).toEqual([0, '']);
    // The hash of the texts that parsed cleanly survives in the lineage cache, so an unchanged recompile skips them.
    const written = JSON.parse(readFileSync(join(dir, 'target', '.weir-cache', 'lineage.json'), 'utf8')) as { expressions?: string };
    expect(written.expressions).toEqual(expect.any(String));
    expect(readLineageCache(join(dir, 'target')).expressions).toBe(written.expressions);
    writeFileSync(join(dir, 'a.sql'), good.replace("LIKE 'a%'", "LIKE"));
    const broken = await runCli(['compile', '--project', dir], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^a\.sql:1:\d+: error WEIR4055: syntax error in expectation e:/m);
    writeFileSync(join(dir, 'a.sql'), good);
    const again = await runCli(['compile', '--project', dir], dir);
    expect([again.code, again.stderr]).toEqual([0, '']);
  });
});
