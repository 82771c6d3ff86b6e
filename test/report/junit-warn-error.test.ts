import { describe, expect, it } from 'vitest';
import { error, warning } from '../../src/model/diagnostic.js';
import type { RunResults } from '../../src/model/run-results.js';
import { toJUnitXml } from '../../src/report/junit.js';
import { junitFromProblems, junitFromRunResults } from '../../src/report/junit-from-results.js';

const result = (status: string, expectations: { name: string; status: string }[]) => ({
  unique_id: 'orders', status, message: '', execution_time: 0.1, rows_read: 2, rows_written: 2, rows_dropped: 0,
  expectations: expectations.map((e) => ({ ...e, action: 'warn', passed_records: 1, failed_records: 1, kind: 'expectation' })),
});
const runOf = (...results: ReturnType<typeof result>[]) => ({ results }) as unknown as RunResults;

describe('junitFromRunResults under --warn-error', () => {
  it('keeps warnings out of the failures by default, and makes them failures under --warn-error', () => {
    const run = runOf(result('WARN', [{ name: 'positive', status: 'warn' }, { name: 'ok', status: 'pass' }]));
    expect(toJUnitXml(junitFromRunResults(run))).toContain('failures="0"');
    const xml = toJUnitXml(junitFromRunResults(run, { warnError: true }));
    expect(xml).toContain('<testsuites name="weir" tests="3" failures="1"');
    expect(xml).toMatch(/name="expectation positive"[^>]*>\s*<failure/);
  });

  it('fails the update case of a WARN dataset with no warned check to carry the failure', () => {
    const xml = toJUnitXml(junitFromRunResults(runOf(result('WARN', [])), { warnError: true }));
    expect(xml).toMatch(/name="update orders"[^>]*>\s*<failure message="orders ended with warnings \(--warn-error\)" type="WARN"/);
  });
});

describe('junitFromProblems', () => {
  it('turns error diagnostics (and warnings under --warn-error) into error cases named by their position', () => {
    const ds = [error('WEIR7001', 'bad YAML', { file: 'tests/d.yml', start: 3, end: 4 }), warning('WEIR7105', 'unknown property')];
    const where = (d: { span?: { file: string } }): string => (d.span ? `${d.span.file}:1:4` : 'project');
    const plain = toJUnitXml([junitFromProblems('files', ds, where)]);
    expect(plain).toContain('tests="1" failures="0" errors="1"');
    expect(plain).toContain('<testcase classname="tests/d.yml" name="WEIR7001 tests/d.yml:1:4"');
    expect(toJUnitXml([junitFromProblems('files', ds, where, true)])).toContain('tests="2" failures="0" errors="2"');
  });
});
