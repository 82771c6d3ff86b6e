import { describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

// CONVENTIONS "Output": `--log-format json` is one `{info, data}` object per line, for every command, not only
// `run` (a CI job that parses one command's lines parses them all).

interface LogObject { info: { name: string; level: string; msg: string; ts: string }; data: Record<string, unknown> }
const lines = (s: string): LogObject[] => s.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LogObject);

const PIPELINE = {
  'weir.yml': 'name: lf\n',
  'transformations/a.sql': `CREATE MATERIALIZED VIEW nums AS SELECT * FROM range(3) t(n);
CREATE MATERIALIZED VIEW doubled AS SELECT n * 2 AS d FROM LIVE.nums;
`,
  'tests/t.yml': `tests:
  - name: doubles
    dataset: doubled
    given: {nums: [{n: 2}]}
    expect: {rows: [{d: 4}]}
  - name: wrong
    dataset: doubled
    given: {nums: [{n: 2}]}
    expect: {rows: [{d: 5}]}
`,
};

describe('--log-format json', () => {
  it('weir test: a TestResult object per case and the summary, nothing else on stdout', async () => {
    const dir = writeProject(PIPELINE);
    const r = await runCli(['test', '--project', dir, '--log-format', 'json'], dir);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out.map((l) => l.info.name)).toEqual(['TestResult', 'TestResult', 'EndOfRunSummary']);
    expect(out[0]).toMatchObject({ info: { level: 'info' }, data: { name: 'doubles', dataset: 'doubled', status: 'pass', index: 1, total: 2 } });
    expect(out[1]).toMatchObject({ info: { level: 'error' }, data: { name: 'wrong', status: 'fail' } });
    expect(out[1].info.msg).toContain('FAIL wrong');
    expect(out[2]).toMatchObject({ info: { level: 'error', msg: 'Done. PASS=1 FAIL=1 ERROR=0 TOTAL=2' }, data: { PASS: 1, FAIL: 1, ERROR: 0, TOTAL: 2 } });
    expect(Date.parse(out[2].info.ts)).not.toBeNaN();
    expect(lines(r.stderr).at(-1)?.info).toMatchObject({ name: 'CommandFailed', level: 'error' });
  });

  it('weir run with a failed dataset ends with CommandFailed on stderr; every stdout line is JSON', async () => {
    const dir = writeProject({ 'weir.yml': 'name: lf\n', 'a.sql': "CREATE MATERIALIZED VIEW bad AS SELECT error('boom') AS x;\n" });
    const r = await runCli(['run', '--project', dir, '--log-format', 'json'], dir);
    expect(r.code).toBe(1);
    expect(lines(r.stdout).map((l) => l.info.name)).toContain('EndOfRunSummary');
    expect(lines(r.stderr).at(-1)?.info).toMatchObject({ name: 'CommandFailed', level: 'error' });
  });

  it('weir validate, compile and docs: their summary line is one object', async () => {
    const dir = writeProject(PIPELINE);
    const v = await runCli(['validate', '--project', dir, '--log-format', 'json'], dir);
    expect(v.code).toBe(0);
    expect(lines(v.stdout)).toEqual([expect.objectContaining({ info: expect.objectContaining({ name: 'ValidateFinished', level: 'info' }), data: expect.objectContaining({ datasets: 2, not_validated: 0 }) })]);
    const c = await runCli(['compile', '--project', dir, '--log-format', 'json'], dir);
    expect(lines(c.stdout)[0]).toMatchObject({ info: { name: 'CompileFinished' }, data: { datasets: 2, flows: 2 } });
    const d = await runCli(['docs', '--project', dir, '--log-format', 'json'], dir);
    expect(d.code).toBe(0);
    expect(lines(d.stdout)[0]).toMatchObject({ info: { name: 'DocsBuilt', msg: expect.stringContaining('Built the lineage site') }, data: { datasets: 2 } });
  });

  it('a failed command ends with one error object on stderr', async () => {
    const dir = writeProject({ 'weir.yml': 'name: lf\n', 'a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT * FROM LIVE.nope;\n' });
    for (const cmd of ['validate', 'test', 'docs']) {
      const r = await runCli([cmd, '--project', dir, '--log-format', 'json'], dir);
      expect(r.code).toBe(1);
      const err = lines(r.stderr);
      expect(err[0].info).toMatchObject({ level: 'error', code: 'WEIR3001' });
      expect(err[err.length - 1].info).toMatchObject({ name: 'CommandFailed', level: 'error' });
    }
  });
});
