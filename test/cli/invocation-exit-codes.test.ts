import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

// CONVENTIONS (dbt's exit codes): 2 for a bad invocation, never a stack trace for a user error; 1 for problems in
// the project.

describe('exit codes of bad invocations', () => {
  it('a missing project folder and a target path that is a file exit 2 with a message; a project error exits 1', async () => {
    const dir = writeProject({ 'weir.yml': 'name: p\n', 'p.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS x;\n' });
    for (const command of ['run', 'compile', 'validate', 'test', 'ls']) {
      const missing = await runCli([command, '--project', join(dir, 'nope')], dir);
      expect(missing.code, command).toBe(2);
      expect(missing.stderr + missing.stdout).toContain('WEIR1001');
    }
    writeFileSync(join(dir, 'afile'), 'x');
    const file = await runCli(['run', '--project', dir, '--target-path', join(dir, 'afile')], dir);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain(`error WEIR1013: the target path ${join(dir, 'afile')} is a file, not a folder`);
    expect(file.stderr).not.toContain('internal error');
    writeFileSync(join(dir, 'p.sql'), 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS x FROM LIVE.nothing;\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(1);
  });
});
