import type { Command } from 'commander';
import { QualityCodes, runUnitTests, type UnitTestResult } from '../../quality/index.js';
import type { JUnitSuite } from '../../report/junit.js';
import { junitFromProblems } from '../../report/junit-from-results.js';
import { jsonDiagnostic, locationOf, reportCompileFailure, textToStderr, writeJUnitFile } from '../ci-reports.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { compileFailureExit, loadProject } from '../load-project.js';
import type { CompiledProject } from '../../compiler/compile-project.js';
import { failedLine, printAnnotations, printDiagnostics, sayLine } from '../print-diagnostics.js';
import { error, type Diagnostic } from '../../model/diagnostic.js';

export interface TestFlags extends CommonFlags {
  select?: string[];
  junit?: string;
  json?: boolean;
}

/** `weir test`: unit tests of SQL logic from tests/*.yml (issue 7). */
export function registerTest(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('test'))
    .description('run the unit tests under tests/ (rows in, expected rows out) on in-memory DuckDB')
    .option('-s, --select <names...>', 'only tests whose name or dataset is listed')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json', 'print results as JSON')
    .action(async (flags: TestFlags) => {
      const color = useColor(flags, io);
      const print = { color, logFormat: flags.logFormat, warnError: flags.warnError };
      const { project, failed, diagnostics } = await loadProject(compileOptionsFrom(flags, io), textToStderr(io, flags.json), print);
      if (!project || failed) {
        reportCompileFailure(io, diagnostics, project ? project.sourceText : () => undefined, { junit: flags.junit, json: flags.json, warnError: flags.warnError, command: 'test' });
        failedLine(textToStderr(io, flags.json), flags.logFormat, 'Tests not run: fix the compile errors above.');
        setExit(compileFailureExit(project, diagnostics));
        return;
      }
      const wanted = flags.select?.map((s) => s.toLowerCase());
      const run = await executeTests(project, flags, io,
        wanted ? (name, dataset) => wanted.includes(name.toLowerCase()) || wanted.includes(dataset.toLowerCase()) : undefined);
      if (run.failed > 0 && flags.logFormat === 'json') failedLine(textToStderr(io, flags.json), 'json', `Tests failed: ${run.failed} of ${run.results.length} did not pass.`);
      setExit(run.failed > 0 ? 1 : 0);
    });
}

/**
 * Runs the project's unit tests and prints them (text or --json, --junit, GitHub annotations). `failed` counts
 * failed and erroring cases and broken test files.
 */
export async function executeTests(
  project: CompiledProject, flags: TestFlags, io: CliIO, filter?: (name: string, dataset: string) => boolean,
): Promise<{ results: readonly UnitTestResult[]; failed: number; suites: JUnitSuite[] }> {
  const color = useColor(flags, io);
  const print = { color, logFormat: flags.logFormat, warnError: flags.warnError };
  // With --json, stdout is the JSON document alone (`io.out`); every other line goes through `text`.
  const text = textToStderr(io, flags.json);
  const run = await runUnitTests(project.compiled, project.config.root, filter);
  const texts = run.loaded.texts;
  const lookup = (f: string): string | undefined => texts.get(f) ?? project.sourceText(f);
  const rooted = { ...print, root: project.config.root };
  const fileProblems = printDiagnostics(run.loaded.diagnostics, lookup, text, rooted);
  // A broken test file is not a test result, but it fails the command: the summary, the JSON and the JUnit
  // report all count it, so a CI system reading any one of them sees why the job failed.
  // A problem inside a case that still ran (a broken CSV fixture it names) is already that case's ERROR.
  const results = run.results;
  const ran = run.loaded.cases.filter((c) => results.some((r) => r.name === c.name && r.file === c.file));
  const inCaseThatRan = (d: Diagnostic): boolean => ran.some((c) => d.span !== undefined && c.span.file === d.span.file && d.span.start >= c.span.start && d.span.start <= c.span.end);
  const broken = run.loaded.diagnostics.filter((d) => (d.severity === 'error' || (flags.warnError === true && d.severity === 'warning')) && !inCaseThatRan(d));
  for (const r of results) printDiagnostics(r.diagnostics, lookup, text, rooted);
  if (flags.json) io.out(JSON.stringify({ results, diagnostics: run.loaded.diagnostics.map((d) => jsonDiagnostic(d, lookup)) }, null, 2));
  else printResults(results, broken.length, io, color, flags.logFormat);
  if (flags.junit) writeJUnit(io, flags.junit, results, broken, lookup);
  // Failed cases annotate their test file under GitHub Actions (errors already did through printDiagnostics),
  // with the whole row diff: GitHub shows a multi-line annotation (newlines are escaped as %0A).
  printAnnotations(run.results.filter((x) => x.status === 'fail').map((r) => {
    const c = run.loaded.cases.find((x) => x.name === r.name && x.file === r.file);
    return error(QualityCodes.UnitTestFailed, `unit test ${r.name} failed: ${r.message}`, c?.span);
  }), lookup, text, project.config.root);
  if (results.length === 0 && fileProblems.errors === 0) sayLine(text, flags.logFormat, 'NoTests', 'No unit tests found under tests/.');
  return { results, failed: results.filter((r) => r.status !== 'pass').length + fileProblems.errors, suites: unitTestSuites(results, broken, lookup) };
}

/**
 * dbt-style lines and the `Done.` summary (or one JSON log object each under `--log-format json`); `brokenFiles`
 * (problems in test files) count as errors.
 */
function printResults(results: readonly UnitTestResult[], brokenFiles: number, io: CliIO, color: boolean, logFormat: 'text' | 'json' | undefined): void {
  const paint = (code: string, s: string): string => (color && logFormat !== 'json' ? `\u001b[${code}m${s}\u001b[0m` : s);
  results.forEach((r, i) => {
    const tag = r.status === 'pass' ? paint('32', 'PASS') : r.status === 'fail' ? paint('31', 'FAIL') : paint('31', 'ERROR');
    const head = `${i + 1} of ${results.length} ${tag} ${r.name} (${r.dataset}) `;
    const detail = r.status !== 'pass' && r.message ? '\n' + r.message.split('\n').map((l) => `    ${l}`).join('\n') : '';
    sayLine(io, logFormat, 'TestResult', `${head.padEnd(70, '.')} [${r.durationMs} ms]${detail}`,
      { index: i + 1, total: results.length, name: r.name, dataset: r.dataset, file: r.file, status: r.status, duration_ms: r.durationMs, message: r.message },
      r.status === 'pass' ? 'info' : 'error');
  });
  const n = (s: UnitTestResult['status']): number => results.filter((r) => r.status === s).length;
  const counts = { PASS: n('pass'), FAIL: n('fail'), ERROR: n('error') + brokenFiles, TOTAL: results.length + brokenFiles };
  sayLine(io, logFormat, 'EndOfRunSummary', `Done. PASS=${counts.PASS} FAIL=${counts.FAIL} ERROR=${counts.ERROR} TOTAL=${counts.TOTAL}`,
    counts, counts.FAIL + counts.ERROR > 0 ? 'error' : 'info');
}

/** One suite per dataset tested, plus one of error cases for the problems in test files (`broken`). */
export function writeJUnit(io: CliIO, file: string, results: readonly UnitTestResult[], broken: readonly Diagnostic[], sources: (f: string) => string | undefined): void {
  writeJUnitFile(io, file, unitTestSuites(results, broken, sources), 'weir test');
}

function unitTestSuites(results: readonly UnitTestResult[], broken: readonly Diagnostic[], sources: (f: string) => string | undefined): JUnitSuite[] {
  const byDataset = new Map<string, UnitTestResult[]>();
  for (const r of results) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  const suites: JUnitSuite[] = [...byDataset].map(([dataset, rs]) => ({
    name: `unit tests: ${dataset}`,
    cases: rs.map((r) => ({
      classname: `${r.file}`, name: r.name, time: r.durationMs / 1000,
      ...(r.status === 'fail' ? { failure: { message: r.message.split('\n')[0], type: 'unit test', text: r.message } } : {}),
      ...(r.status === 'error' ? { error: { message: r.message.split('\n')[0], type: 'test error', text: r.message } } : {}),
    })),
  }));
  if (broken.length > 0) suites.push(junitFromProblems('unit test files', broken, locationOf(sources)));
  return suites;
}
