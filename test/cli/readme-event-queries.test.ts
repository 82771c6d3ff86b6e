import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

/** The README's event-log queries, as written: users copy them (audit 7 checked them by hand). */
function readmeQueries(): string[] {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### The event log and run results'));
  const block = /```sql\n([\s\S]*?)```/.exec(section)![1];
  return block.split(';').map((q) => q.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
}

describe('the README\'s event-log queries', () => {
  it('run on a pipeline\'s database and answer', async () => {
    const dir = writeProject({
      'weir.yml': 'name: rq\n',
      'p.sql': `CREATE MATERIALIZED VIEW a (CONSTRAINT pos EXPECT (x > 1) ON VIOLATION DROP ROW) AS SELECT * FROM VALUES (1), (2) AS t(x);
CREATE MATERIALIZED VIEW b AS SELECT x FROM a;
CREATE MATERIALIZED VIEW c AS SELECT raise_error('boom') AS y;
`,
    });
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(1);
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(4);
    const answers = [];
    for (const q of queries) answers.push(await queryReadOnly(join(dir, 'target', 'rq.duckdb'), q));
    for (const a of answers) expect(a.length).toBeGreaterThan(0);
    expect(JSON.stringify(answers)).toContain('"b"');
  });
});
