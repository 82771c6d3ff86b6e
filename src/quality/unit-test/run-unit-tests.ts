import type { CompiledPipeline } from '../../model/compiled-pipeline.js';
import { loadTestFiles, type LoadedTests } from './load-test-files.js';
import { runUnitTest, type UnitTestResult } from './run-unit-test.js';

export interface UnitTestRun {
  readonly loaded: LoadedTests;
  readonly results: readonly UnitTestResult[];
}

/**
 * Loads `tests/**\/*.yml` and runs every case (optionally only those whose name or dataset matches `filter`).
 * A case whose file reading found errors (a misspelled key, a missing fixture) is not run.
 * Cases run one after another: each opens its own in-memory DuckDB, so they cannot see each other's rows.
 */
export async function runUnitTests(compiled: CompiledPipeline, root: string, filter?: (name: string, dataset: string) => boolean): Promise<UnitTestRun> {
  const loaded = loadTestFiles(root);
  const results: UnitTestResult[] = [];
  for (const c of loaded.cases) {
    if (filter && !filter(c.name, c.dataset)) continue;
    // A case with errors in its file is reported by those diagnostics (loaded.diagnostics), once: it is not run.
    if (c.problems) continue;
    results.push(await runUnitTest(compiled, c));
  }
  return { loaded, results };
}
