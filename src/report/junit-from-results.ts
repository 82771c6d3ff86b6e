import type { Diagnostic } from '../model/diagnostic.js';
import type { PipelineGraph } from '../model/pipeline-graph.js';
import type { RunResults } from '../model/run-results.js';
import type { JUnitCase, JUnitSuite } from './junit.js';

/**
 * `weir run --junit`: one suite per dataset, one case for the update itself and one per expectation or
 * table-level check. A warn-level failure is reported in system-out, not as a failure (it did not fail the run),
 * except under --warn-error, where it fails the run and so is a failure in the report too (as in dbt): the
 * report must never be green when the exit code is not.
 */
export function junitFromRunResults(results: RunResults, options: { warnError?: boolean } = {}): JUnitSuite[] {
  const warnError = options.warnError === true;
  return results.results.map((r) => {
    const cases: JUnitCase[] = [];
    // A WARN dataset fails under --warn-error; its warned checks carry the failure, or, with none to carry it
    // (a warning of the update itself), the update case does.
    const warnedChecks = r.expectations.some((e) => e.status === 'warn');
    const updateFails = r.status === 'FAILED' || (warnError && r.status === 'WARN' && !warnedChecks);
    const update: JUnitCase = {
      classname: r.unique_id, name: `update ${r.unique_id}`, time: r.execution_time,
      ...(updateFails ? { failure: { message: r.message || `${r.unique_id} ended with warnings (--warn-error)`, type: r.status } } : {}),
      ...(r.status === 'SKIPPED' || r.status === 'EXCLUDED' ? { skipped: r.message || r.status } : {}),
      systemOut: `status ${r.status}; rows read ${r.rows_read}, written ${r.rows_written}, dropped ${r.rows_dropped}`,
    };
    cases.push(update);
    for (const e of r.expectations) {
      const label = e.kind && e.kind !== 'expectation' ? `check ${e.kind} ${e.name}` : `expectation ${e.name}`;
      const summary = `${e.failed_records} failed, ${e.passed_records} passed (${e.action})`;
      const failure = e.status === 'fail' ? { message: summary, type: e.kind ?? 'expectation' }
        : warnError && e.status === 'warn' ? { message: `${summary}: a warning, failed by --warn-error`, type: `${e.kind ?? 'expectation'} warning` }
          : undefined;
      cases.push({
        classname: r.unique_id, name: label,
        ...(failure ? { failure } : {}),
        systemOut: summary,
      });
    }
    return { name: r.unique_id, cases, time: r.execution_time };
  });
}

/**
 * `weir validate --junit`: one case per dataset, failed by the errors located in its statement (and by its
 * warnings under --warn-error, which fail the command).
 */
export function junitFromDiagnostics(
  graph: PipelineGraph, diagnostics: readonly Diagnostic[], where: (d: Diagnostic) => string, warnError = false,
): JUnitSuite[] {
  const errors = diagnostics.filter((d) => failsCommand(d, warnError));
  const cases: JUnitCase[] = graph.datasets.map((d) => {
    const mine = errors.filter((e) => e.span && e.span.file === d.file && e.span.start >= d.span.start && e.span.start <= d.span.end);
    return {
      classname: d.file, name: `validate ${d.name}`,
      ...(mine.length ? { failure: { message: mine[0].message, type: mine[0].code, text: mine.map((e) => `${where(e)}: ${e.code}: ${e.message}`).join('\n') } } : {}),
    };
  });
  const placed = new Set(cases.flatMap((c) => (c.failure ? [c.failure.text] : [])));
  const other = errors.filter((e) => ![...placed].some((t) => t?.includes(e.message)));
  for (const e of other) cases.push({ classname: e.span?.file ?? 'project', name: `${e.code} ${where(e)}`, failure: { message: e.message, type: e.code } });
  return [{ name: 'weir validate', cases }];
}

/** True when the diagnostic makes the command fail: an error, or a warning under --warn-error. */
function failsCommand(d: Diagnostic, warnError: boolean | undefined): boolean {
  return d.severity === 'error' || (warnError === true && d.severity === 'warning');
}

/**
 * Problems that are not a test's result (a project that does not compile, a broken test file) as a suite of
 * error cases, one per problem, named by its position: CI systems that read only the XML see why the job failed.
 */
export function junitFromProblems(name: string, diagnostics: readonly Diagnostic[], where: (d: Diagnostic) => string, warnError?: boolean): JUnitSuite {
  const cases: JUnitCase[] = diagnostics.filter((d) => failsCommand(d, warnError)).map((d) => ({
    classname: d.span?.file ?? 'project', name: `${d.code} ${where(d)}`,
    error: { message: d.message, type: d.code, text: `${where(d)}: ${d.severity} ${d.code}: ${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}` },
  }));
  return { name, cases };
}
