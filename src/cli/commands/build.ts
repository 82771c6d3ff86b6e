import type { Command } from 'commander';
import { selectDatasets } from '../../plan/index.js';
import { addCommonOptions } from '../common-options.js';
import type { CliIO } from '../io.js';
import type { CompiledProject } from '../../compiler/compile-project.js';
import { loadProjectToWrite } from '../load-project.js';
import { namedSelection } from '../named-selection.js';
import { addRunOptions, executeRun, type RunFlags } from './run.js';
import { executeTests } from './test.js';
import { textToStderr, writeJUnitFile } from '../ci-reports.js';
import { junitFromRunResults } from '../../report/junit-from-results.js';

/**
 * `weir build` (dbt's build): the unit tests of the selected datasets, then the run. As in dbt, a dataset whose
 * unit test fails is SKIPPED, and so is everything downstream of it: its logic is known to be wrong, and the
 * tables keep their last good data. Exit code 1 when a unit test or a dataset update failed.
 */
export function registerBuild(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addRunOptions(addCommonOptions(program.command('build')))
    .description('run the unit tests of the selected datasets, then update the datasets whose tests passed (dbt build)')
    .action(async (given: RunFlags) => {
      const project = await loadProjectToWrite(given, io, setExit, 'Build', { reports: { junit: given.junit, json: given.json, command: 'build' } });
      if (!project) return;
      const named = namedSelection(project, given);
      if (named?.length === 0) { textToStderr(io, given.json).out(`Nothing to do: selector '${given.selector}' selects no dataset.`); return; }
      const flags: RunFlags = named ? { ...given, select: named } : given;
      const graph = project.compiled.graph;
      const { selected, diagnostics } = selectDatasets(graph, flags.select, flags.exclude);
      // A bad selector is reported by the run itself (exit 2) before anything is touched.
      // With --json, stdout is the one JSON document at the end: the test and run lines go to stderr.
      const quiet = textToStderr(io, flags.json);
      const { tests, skip } = diagnostics.some((d) => d.severity === 'error') ? { tests: { results: [], failed: 0, suites: [] }, skip: {} }
        : await unitTestGate(project, flags, quiet, (id) => selected.has(id));
      const run = await executeRun(project, { ...flags, json: false, junit: undefined }, quiet, { skip });
      // One report for the whole build: the unit tests' suites, then the run's.
      if (flags.junit) writeJUnitFile(io, flags.junit, [...tests.suites, ...junitFromRunResults(run.results, { warnError: flags.warnError })], 'weir build');
      if (flags.json) io.out(JSON.stringify({ ...run.results, unit_tests: tests.results }, null, 2));
      setExit(Math.max(run.exitCode, tests.failed > 0 ? 1 : 0));
    });
}

/**
 * The unit tests of the datasets `isSelected` accepts (by id), and the SKIPPED reasons of those whose tests failed
 * (their downstream is skipped by the run). Shared by `weir build` and `weir retry` after a build.
 */
export async function unitTestGate(
  project: CompiledProject, flags: RunFlags, quiet: CliIO, isSelected: (id: string) => boolean,
): Promise<{ tests: Awaited<ReturnType<typeof executeTests>>; skip: Record<string, string> }> {
  const graph = project.compiled.graph;
  const byName = new Map(graph.datasets.map((d) => [d.name.toLowerCase(), d.id]));
  const tests = await executeTests(project, { ...flags, json: false, junit: undefined }, quiet,
    (_name, dataset) => isSelected(byName.get(dataset.toLowerCase()) ?? dataset.toLowerCase()));
  const broken = [...new Set(tests.results.filter((r) => r.status !== 'pass').map((r) => byName.get(r.dataset.toLowerCase())).filter((id): id is string => !!id))].sort();
  const names = broken.map((id) => graph.datasets.find((d) => d.id === id)?.name ?? id);
  if (names.length > 0) {
    quiet.out(`Unit tests failed for ${names.join(', ')}: ${names.length === 1 ? 'it' : 'they'} and every dataset downstream will not be updated.`);
  }
  // SKIPPED (not left out): the Done line counts them, and `weir retry` runs them again once the tests pass.
  const skip = Object.fromEntries(broken.map((id) => [id, `${UNIT_TESTS_FAILED}${tests.results.filter((r) => r.status !== 'pass' && byName.get(r.dataset.toLowerCase()) === id).map((r) => r.name).join(', ')})`]));
  return { tests, skip };
}

/** How a dataset skipped for its failed unit tests is reported (retry recognises a build by it). */
export const UNIT_TESTS_FAILED = 'skipped: its unit tests failed (';
