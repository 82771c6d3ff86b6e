import { compileProject, type CompiledProject, type CompileOptions } from '../compiler/compile-project.js';
import { failedLine, printDiagnostics } from './print-diagnostics.js';
import type { CliIO } from './io.js';
import { compileOptionsFrom, useColor, type CommonFlags } from './common-options.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { reportCompileFailure, textToStderr } from './ci-reports.js';
import { DiscoverCodes } from '../discover/codes.js';

/**
 * Compiles the project and prints its diagnostics. Returns the project (even with errors, so commands
 * can decide) and whether errors were found (after --warn-error).
 */
export async function loadProject(
  options: CompileOptions, io: CliIO, print: { color: boolean; logFormat?: 'text' | 'json'; warnError?: boolean },
): Promise<{ project?: CompiledProject; failed: boolean; diagnostics: readonly Diagnostic[] }> {
  const { project, diagnostics } = await compileProject(options);
  const sources = project ? project.sourceText : () => undefined;
  const summary = printDiagnostics(diagnostics, sources, io, { ...print, ...(project ? { root: project.config.root } : {}) });
  return { project, failed: !project || summary.errors > 0, diagnostics };
}

/**
 * `loadProject` for commands that write (run, build, retry): the project, or undefined after saying that nothing
 * was started (exit 1 set). `reports`: the command's --junit / --json, which then describe the compile problems.
 */
export async function loadProjectToWrite(
  flags: CommonFlags, io: CliIO, setExit: (code: number) => void, what: string,
  options: { skipLineage?: boolean; reports?: { junit?: string; json?: boolean; command: string } } = {},
): Promise<CompiledProject | undefined> {
  const { reports, ...compile } = options;
  const { project, failed, diagnostics } = await loadProject({ ...compileOptionsFrom(flags, io), ...compile }, textToStderr(io, reports?.json),
    { color: useColor(flags, io), logFormat: flags.logFormat, warnError: flags.warnError });
  if (project && !failed) return project;
  if (reports) reportCompileFailure(io, diagnostics, project ? project.sourceText : () => undefined, { ...reports, warnError: flags.warnError });
  failedLine(textToStderr(io, reports?.json), flags.logFormat, `${what} not started: fix the errors above. Nothing was written.`);
  setExit(compileFailureExit(project, diagnostics));
  return undefined;
}

/**
 * The exit code of a compile that failed (CONVENTIONS: dbt's codes): 2 when the command was pointed at no project
 * (a missing folder, no weir.yml) or at a target path that cannot be one, 1 for problems in the project.
 */
export function compileFailureExit(project: CompiledProject | undefined, diagnostics: readonly Diagnostic[]): number {
  if (diagnostics.some((d) => d.severity === 'error' && INVOCATION_ERRORS.has(d.code))) return 2;
  // A project was found but cannot be read (two specs in one folder, a broken weir.yml): its problem, exit 1.
  return project || diagnostics.some((d) => d.severity === 'error') ? 1 : 2;
}

const INVOCATION_ERRORS = new Set<string>([DiscoverCodes.NO_SPEC, DiscoverCodes.TARGET_NOT_FOLDER]);
