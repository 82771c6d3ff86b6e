import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastChecks, queryReadOnly, readRunResults, runCli, writeProject } from '../helpers/cli.js';

// FINDINGS §1: a FOREIGN KEY check reads its parent inside the child's update, so the parent is updated first
// (an ordering edge, not a data input), whatever the names' alphabetical order.

function csv(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

const CHILD_FIRST = `CREATE OR REFRESH MATERIALIZED VIEW child (
  CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent (id)
) TBLPROPERTIES ('weir.constraints' = 'fail')
AS SELECT * FROM read_files('data/b/*.csv', format => 'csv', header => true);
CREATE OR REFRESH MATERIALIZED VIEW parent (CONSTRAINT pk PRIMARY KEY (id))
AS SELECT * FROM read_files('data/a/*.csv', format => 'csv', header => true);
CREATE OR REFRESH MATERIALIZED VIEW consumer AS SELECT * FROM child;
`;

describe('foreign keys order their parent first', () => {
  it('updates the parent before the child, on the first run and when both gain rows', async () => {
    const dir = writeProject({ 'weir.yml': 'name: fk\n', 'p.sql': CHILD_FIRST });
    csv(dir, 'data/a/a.csv', 'id\n1\n2\n');
    csv(dir, 'data/b/b.csv', 'id,pid\n10,1\n11,2\n');
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).not.toContain('Catalog Error');
    expect(first.stdout.indexOf('OK parent')).toBeLessThan(first.stdout.indexOf('OK child'));
    expect(lastChecks(dir, 'child').fk).toMatchObject({ failed_records: 0, status: 'pass' });
    // A new parent key and a child row using it, in the same run: checked against the parent's new content.
    csv(dir, 'data/a/a2.csv', 'id\n3\n');
    csv(dir, 'data/b/b2.csv', 'id,pid\n12,3\n');
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.code, second.stdout).toBe(0);
    expect(readRunResults(dir).results.map((r) => [r.unique_id, r.status])).toEqual([
      ['parent', 'COMPLETED'], ['child', 'COMPLETED'], ['consumer', 'COMPLETED']]);
    expect(await queryReadOnly(join(dir, 'target', 'fk.duckdb'), 'SELECT count(*)::INT AS n FROM child')).toEqual([{ n: 3 }]);
    // Ordering only: no lineage edge from parent to child.
    const ls = await runCli(['ls', '--project', dir], dir);
    expect(ls.stdout).toMatch(/child\s+<- files:data\/b\/\*\.csv\n/);
  });

  it('checks against the current parent when the selection leaves it out, and says why when it has no table', async () => {
    const dir = writeProject({ 'weir.yml': 'name: fk\n', 'p.sql': CHILD_FIRST });
    csv(dir, 'data/a/a.csv', 'id\n1\n');
    csv(dir, 'data/b/b.csv', 'id,pid\n10,1\n11,2\n');
    const alone = await runCli(['run', '--project', dir, '--select', 'child'], dir);
    expect(alone.code, alone.stdout).toBe(0);
    expect(alone.stdout).not.toContain('Catalog Error');
    expect(alone.stdout).toContain('WARN child');
    expect(alone.stdout).toContain('foreign key (pid) of child references parent (id) not checked: parent has no table yet');
    expect(lastChecks(dir, 'child').fk).toBeUndefined();
    // Once the parent exists, an update of the child alone is checked against it (pid 2 is missing: rolled back).
    expect((await runCli(['run', '--project', dir, '--select', 'parent'], dir)).code).toBe(0);
    csv(dir, 'data/b/b2.csv', 'id,pid\n12,1\n');
    const checked = await runCli(['run', '--project', dir, '--select', 'child'], dir);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('foreign key (pid) of child references parent (id) failed on 1 row of child');
  });

  it('runs a pipeline whose foreign keys form a cycle', async () => {
    const dir = writeProject({
      'weir.yml': 'name: fk\n',
      'p.sql': `CREATE OR REFRESH MATERIALIZED VIEW a (CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id))
AS SELECT * FROM (VALUES (1, 1)) t(id, b_id);
CREATE OR REFRESH MATERIALIZED VIEW b (CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id))
AS SELECT * FROM (VALUES (1, 1)) t(id, a_id);
CREATE OR REFRESH MATERIALIZED VIEW c (CONSTRAINT c_a FOREIGN KEY (a_id) REFERENCES a (id))
AS SELECT * FROM b;
`,
    });
    const validate = await runCli(['validate', '--project', dir], dir);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).not.toContain('Catalog Error');
    // b's key on a orders a first (sorted first); a's key on b would close the cycle: on the first run it is not
    // checked (b has no table yet), later against b's previous update.
    expect(readRunResults(dir).results.map((r) => r.unique_id)).toEqual(['a', 'b', 'c']);
    expect(first.stdout).toContain('foreign key (b_id) of a references b (id) not checked: b has no table yet');
    expect(lastChecks(dir, 'a').a_b).toBeUndefined();
    expect(lastChecks(dir, 'b').b_a).toMatchObject({ failed_records: 0 });
    const second = await runCli(['run', '--project', dir, '--full-refresh-all'], dir);
    expect(second.code, second.stdout).toBe(0);
    expect(lastChecks(dir, 'a').a_b).toMatchObject({ failed_records: 0 });
  });
});
