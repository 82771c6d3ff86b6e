import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

describe('paths Weir cannot write to are bad invocations, not internal errors (audit 7)', () => {
  it('--junit naming a folder, and init under a file: exit 2 with the reason, no stack trace', async () => {
    const dir = writeProject({ 'weir.yml': 'name: bp\n', 'p.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS x;\n' });
    mkdirSync(join(dir, 'report.xml'));
    const junit = await runCli(['validate', '--project', dir, '--junit', join(dir, 'report.xml')], dir);
    expect(junit.code).toBe(2);
    expect(junit.stderr).toContain('cannot write the JUnit report');
    expect(junit.stderr).toContain('EISDIR');
    expect(junit.stderr).not.toContain('internal error');
    writeFileSync(join(dir, 'afile'), 'x');
    const init = await runCli(['init', join(dir, 'afile', 'sub')], dir);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('cannot create a project in');
    expect(init.stderr).not.toContain('internal error');
  });
});
