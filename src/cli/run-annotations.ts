import type { Diagnostic } from '../model/diagnostic.js';
import { error, warning } from '../model/diagnostic.js';
import type { PipelineGraph } from '../model/pipeline-graph.js';
import type { RunResults } from '../model/run-results.js';
import { RunCodes } from '../plan/codes.js';
import { readQualityConfig, tableChecks } from '../quality/index.js';

/**
 * A run's failures and warnings as diagnostics at the dataset's or the expectation's position, so CI can
 * annotate them on the pull request like compile errors (issue 7): a failed update at its CREATE statement, a
 * failed or warning expectation at its CONSTRAINT, a table-level check at the dataset.
 */
export function runDiagnostics(graph: PipelineGraph, results: RunResults): Diagnostic[] {
  const byId = new Map(graph.datasets.map((d) => [d.id, d]));
  const out: Diagnostic[] = [];
  for (const r of results.results) {
    const d = byId.get(r.unique_id);
    if (!d) continue;
    if (r.status === 'FAILED') out.push(error(RunCodes.DatasetFailed, `${d.name} failed: ${r.message}`, d.nameSpan));
    // A table-level check is annotated at its constraint or property, found by the name the run reported.
    const checks = r.expectations.some((e) => e.kind && e.kind !== 'expectation') ? tableChecks(d, graph, readQualityConfig(d).config, []) : [];
    for (const e of r.expectations) {
      if (!e.status || e.status === 'pass') continue;
      const def = d.expectations.find((x) => x.name === e.name) ?? checks.find((c) => c.name === e.name);
      const fail = e.status === 'fail';
      const what = e.kind && e.kind !== 'expectation' ? `check ${e.kind} ${e.name}` : `expectation ${e.name}`;
      out.push((fail ? error : warning)(fail ? RunCodes.ExpectationFailed : RunCodes.ExpectationWarned, `${what} of ${d.name}: ${e.failed_records} failed, ${e.passed_records} passed (${e.action})`, def?.span ?? d.nameSpan));
    }
  }
  return out;
}
