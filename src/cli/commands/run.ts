import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { runPipeline, type RunOptions } from '../../execute/index.js';
import { addCommonOptions, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { loadProjectToWrite } from '../load-project.js';
import { namedSelection } from '../named-selection.js';
import type { CompiledProject } from '../../compiler/compile-project.js';
import type { RunResults } from '../../model/index.js';
import { writeArtifacts } from './compile.js';
import { failedLine, printAnnotations } from '../print-diagnostics.js';
import { runDiagnostics } from '../run-annotations.js';
import { junitFromRunResults } from '../../report/junit-from-results.js';
import { textToStderr, writeJUnitFile } from '../ci-reports.js';

export interface RunFlags extends CommonFlags {
  select?: string[];
  exclude?: string[];
  /** `true` for a bare `--full-refresh` (dbt). */
  fullRefresh?: string[] | true;
  fullRefreshAll?: boolean;
  refresh?: string[];
  atomic?: boolean;
  failFast?: boolean;
  dryRun?: boolean;
  junit?: string;
  json?: boolean;
  threads?: number;
  selector?: string;
}

/** Comma-separated and repeated values both work: `--full-refresh a,b --full-refresh c`. */
function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** The options `weir run`, `weir build` and `weir retry` share. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('-s, --select <selectors...>', 'run only these (x, +x, x+, 2+x, @x, tag:t, path:dir; space = union, comma = intersection)')
    .option('--exclude <selectors...>', 'leave these out')
    .option('--selector <name>', 'the named selector from selectors.yml (dbt), instead of --select / --exclude')
    .option('--full-refresh [datasets]', 'truncate and reprocess these (comma-separated, repeatable); alone, as in dbt: every selected dataset', list)
    .option('--full-refresh-all', 'truncate and reprocess every dataset')
    .option('--refresh <datasets>', 'update only these (comma-separated, repeatable)', list)
    .option('--atomic', 'commit all dataset updates of the run together, or none (write-audit-publish)')
    .option('-x, --fail-fast', 'stop at the first failed dataset')
    .option('--threads <n>', 'DuckDB worker threads for the run\'s queries (default: one per core)', threadCount)
    .option('--dry-run', 'print the plan (what would run and why) without running it')
    .option('--junit <file>', 'write a JUnit XML report: one test case per dataset update, expectation and check')
    .option('--json', 'print the run results (target/run_results.json) as JSON instead of the text lines');
}

export function threadCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expects a whole number of threads, 1 or more.');
  return n;
}

/**
 * `weir run`: compile, then update the pipeline incrementally on the DuckDB file (SEMANTICS §3, §4, §6).
 * Spark pipelines' flags (`--full-refresh a,b`, `--full-refresh-all`, `--refresh a,b`) and dbt's selection
 * (`--select`, `--exclude`, `--fail-fast`, `--threads`) both work.
 */
export function registerRun(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addRunOptions(addCommonOptions(program.command('run')))
    .description('update the pipeline on its DuckDB file: incremental streaming tables, materialized views, CDC, expectations')
    .action(async (flags: RunFlags) => {
      const project = await loadProjectToWrite(flags, io, setExit, 'Run', { reports: { junit: flags.junit, json: flags.json, command: 'run' } });
      if (!project) return;
      const named = namedSelection(project, flags);
      if (named?.length === 0) { textToStderr(io, flags.json).out(`Nothing to do: selector '${flags.selector}' selects no dataset.`); return; }
      const { exitCode } = await executeRun(project, named ? { ...flags, select: named } : flags, io);
      // Under --log-format json a failed command ends with one CommandFailed object, as compile / validate / test do.
      if (exitCode === 1 && flags.logFormat === 'json') failedLine(io, 'json', 'Run failed: see the FAILED datasets above.');
      setExit(exitCode);
    });
}

/** Runs a compiled project with `weir run`'s flags; returns the exit code and the run results. */
export async function executeRun(project: CompiledProject, flags: RunFlags, io: CliIO, extra: Pick<RunOptions, 'skip'> = {}): Promise<{ exitCode: number; results: RunResults }> {
  const color = useColor(flags, io);
  // Like dbt's run: target/compiled/ and target/manifest.json describe what this run executes (the project is
  // compiled with column lineage all the same, so a project `weir compile` rejects never runs).
  if (!flags.dryRun) await writeArtifacts(project);
  const options: RunOptions = {
    ...(flags.select ? { select: flags.select } : {}),
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    // A bare --full-refresh (dbt's flag) fully refreshes whatever the run selects.
    ...(Array.isArray(flags.fullRefresh) ? { fullRefresh: flags.fullRefresh } : {}),
    ...(flags.fullRefreshAll || flags.fullRefresh === true ? { fullRefreshAll: true } : {}),
    ...(flags.refresh ? { refresh: flags.refresh } : {}),
    ...(flags.atomic ? { atomic: true } : {}),
    ...(flags.failFast ? { failFast: true } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
    ...(flags.conf?.length ? { conf: flags.conf } : {}),
    ...(flags.vars !== undefined ? { vars: flags.vars } : {}),
    ...extra,
    logFormat: flags.logFormat ?? 'text',
    // A live progress line for long updates, on a terminal only (never in CI logs or JSON output).
    progress: io.tty === true && (flags.logFormat ?? 'text') === 'text',
    color,
    databasePath: resolve(project.config.databasePath),
    targetPath: resolve(project.config.targetPath),
  };
  // With --json the run lines (and a bad selector's errors) go to stderr: stdout is the JSON document only.
  const out = textToStderr(io, flags.json).out;
  // Ctrl-C: the running update is interrupted and rolled back, the rest SKIPPED, the run recorded as CANCELED (exit
  // 130, as a shell reports SIGINT); a second Ctrl-C quits at once (DuckDB's file stays consistent: a kill -9 is safe).
  const cancel = new AbortController();
  const onSigint = (): void => {
    if (cancel.signal.aborted) process.exit(130);
    cancel.abort();
    io.err('weir: cancelling: the running update is rolled back, the rest are skipped (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  let ran: Awaited<ReturnType<typeof runPipeline>>;
  try {
    ran = await runPipeline(project.compiled, project.config, { ...options, signal: cancel.signal },
      { out, sources: project.sourceText, ...(io.status && !flags.json ? { status: io.status } : {}) });
  } finally {
    process.off('SIGINT', onSigint);
  }
  const { results } = ran;
  const exitCode = cancel.signal.aborted ? 130 : ran.exitCode;
  if (flags.json) io.out(JSON.stringify(results, null, 2));
  if (flags.junit) writeJUnitFile(io, flags.junit, junitFromRunResults(results, { warnError: flags.warnError }), 'weir run');
  // Paths from the repository root (GITHUB_WORKSPACE), like the compile annotations: the project may be a subfolder.
  if (io.env.GITHUB_ACTIONS === 'true') {
    printAnnotations(runDiagnostics(project.compiled.graph, results), project.sourceText, textToStderr(io, flags.json), project.config.root);
  }
  // --warn-error: a dataset that ended in WARN (an expectation or check warned) fails the run, as in dbt.
  const warned = results.results.some((r) => r.status === 'WARN');
  if (flags.warnError && warned && exitCode === 0) {
    io.err('weir: --warn-error: some datasets ended with warnings (see WARN above)');
    return { exitCode: 1, results };
  }
  return { exitCode, results };
}
