import { compileProject, type CompiledProject, type CompileOptions } from '../compiler/compile-project.js';
import { printDiagnostics } from './print-diagnostics.js';
import type { CliIO } from './io.js';
import { compileOptionsFrom, useColor, type CommonFlags } from './common-options.js';

/**
 * Compiles the project and prints its diagnostics. Returns the project (even with errors, so commands
 * can decide) and whether errors were found (after --warn-error).
 */
export async function loadProject(
  options: CompileOptions, io: CliIO, print: { color: boolean; logFormat?: 'text' | 'json'; warnError?: boolean },
): Promise<{ project?: CompiledProject; failed: boolean }> {
  const { project, diagnostics } = await compileProject(options);
  const sources = project ? project.sourceText : () => undefined;
  const summary = printDiagnostics(diagnostics, sources, io, { ...print, ...(project ? { root: project.config.root } : {}) });
  return { project, failed: !project || summary.errors > 0 };
}

/**
 * `loadProject` for commands that write (run, build, retry): the project, or undefined after saying that nothing
 * was started (exit 1 set).
 */
export async function loadProjectToWrite(
  flags: CommonFlags, io: CliIO, setExit: (code: number) => void, what: string, options: { skipLineage?: boolean } = {},
): Promise<CompiledProject | undefined> {
  const { project, failed } = await loadProject({ ...compileOptionsFrom(flags, io), ...options }, io,
    { color: useColor(flags, io), logFormat: flags.logFormat, warnError: flags.warnError });
  if (project && !failed) return project;
  io.err(`${what} not started: fix the errors above. Nothing was written.`);
  setExit(1);
  return undefined;
}
