import { compileProject, type CompiledProject, type CompileOptions } from '../compiler/compile-project.js';
import { printDiagnostics } from './print-diagnostics.js';
import type { CliIO } from './io.js';

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
