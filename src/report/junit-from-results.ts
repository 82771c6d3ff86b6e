import type { Diagnostic } from '../model/diagnostic.js';
import type { PipelineGraph } from '../model/pipeline-graph.js';
import type { RunResults } from '../model/run-results.js';
import type { JUnitCase, JUnitSuite } from './junit.js';

/**
 * `weir run --junit`: one suite per dataset, one case for the update itself and one per expectation or
 * table-level check (a warn-level failure is reported in system-out, not as a failure: it did not fail the run).
 */
export function junitFromRunResults(results: RunResults): JUnitSuite[] {
  return results.results.map((r) => {
    const cases: JUnitCase[] = [];
    const update: JUnitCase = {
      classname: r.unique_id, name: `update ${r.unique_id}`, time: r.execution_time,
      ...(r.status === 'FAILED' ? { failure: { message: r.message, type: 'FAILED' } } : {}),
      ...(r.status === 'SKIPPED' || r.status === 'EXCLUDED' ? { skipped: r.message || r.status } : {}),
      systemOut: `status ${r.status}; rows read ${r.rows_read}, written ${r.rows_written}, dropped ${r.rows_dropped}`,
    };
    cases.push(update);
    for (const e of r.expectations) {
      const label = e.kind && e.kind !== 'expectation' ? `check ${e.kind} ${e.name}` : `expectation ${e.name}`;
      const summary = `${e.failed_records} failed, ${e.passed_records} passed (${e.action})`;
      cases.push({
        classname: r.unique_id, name: label,
        ...(e.status === 'fail' ? { failure: { message: summary, type: e.kind ?? 'expectation' } } : {}),
        systemOut: summary,
      });
    }
    return { name: r.unique_id, cases, time: r.execution_time };
  });
}

/** `weir validate --junit`: one case per dataset, failed by the errors located in its statement. */
export function junitFromDiagnostics(graph: PipelineGraph, diagnostics: readonly Diagnostic[], where: (d: Diagnostic) => string): JUnitSuite[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
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
