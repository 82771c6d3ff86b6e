import type { Diagnostic } from '../model/diagnostic.js';
import { formatDiagnostic, type SourceLookup } from '../report/format-diagnostic.js';
import { githubAnnotation } from '../report/github-annotation.js';
import type { CliIO } from './io.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { lineCol } from '../report/line-index.js';
import { logLine, type LogLevel } from '../report/log-line.js';

export interface DiagnosticSummary {
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Prints diagnostics to stderr (text with code frames, or one JSON object per line), plus GitHub Actions
 * annotations when running there. `warnError` counts warnings as errors (dbt's --warn-error).
 */
export function printDiagnostics(
  ds: readonly Diagnostic[], sources: SourceLookup, io: CliIO,
  options: { color: boolean; logFormat?: 'text' | 'json'; warnError?: boolean; root?: string },
): DiagnosticSummary {
  let errors = 0;
  let warnings = 0;
  for (const d of ds) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    if (options.logFormat === 'json') {
      io.err(JSON.stringify(jsonDiagnostic(d, sources)));
    } else {
      io.err(formatDiagnostic(d, sources, { color: options.color }) + '\n');
    }
  }
  printAnnotations(ds, sources, io, options.root);
  if (options.warnError) return { errors: errors + warnings, warnings: 0 };
  return { errors, warnings };
}

/**
 * Under GitHub Actions, one workflow annotation per error or warning (shown on the pull request's files).
 * GitHub places an annotation by its path from the repository root (GITHUB_WORKSPACE), not from the project
 * folder: with `root` (the project folder), paths are rewritten from the workspace (or the current folder).
 */
export function printAnnotations(ds: readonly Diagnostic[], sources: SourceLookup, io: CliIO, root?: string): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  const base = io.env.GITHUB_WORKSPACE ?? io.cwd;
  const where = root === undefined ? undefined : (file: string): string => {
    const rel = relative(base, resolve(root, file));
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
  };
  for (const d of ds) if (d.severity !== 'info') io.out(githubAnnotation(d, sources, where));
}

/**
 * One diagnostic as a JSON log line (dbt's `{info, data}` shape): the span as offsets and as 1-based line and
 * column, so tools need not read the file to place it.
 */
function jsonDiagnostic(d: Diagnostic, sources: SourceLookup): Record<string, unknown> {
  const text = d.span ? sources(d.span.file) : undefined;
  const at = d.span && text !== undefined ? { start: lineCol(text, d.span.start), end: lineCol(text, d.span.end) } : undefined;
  const location = d.span && at
    ? { file: d.span.file, line: at.start.line, column: at.start.column, end_line: at.end.line, end_column: at.end.column }
    : undefined;
  return {
    info: { level: d.severity, code: d.code, msg: d.message, ...(location ? { file: location.file, line: location.line, column: location.column } : {}) },
    data: { ...d, ...(location ? { location } : {}) },
  };
}

/** The last line of a failed command: text, or one JSON log object under `--log-format json`. */
export function failedLine(io: CliIO, logFormat: 'text' | 'json' | undefined, msg: string): void {
  io.err(logFormat === 'json' ? logLine('CommandFailed', 'error', msg) : msg);
}

/**
 * A command's own line (a summary, a result) on stdout: the text as is, or under `--log-format json` one
 * `{info, data}` object named `name` carrying `data`.
 */
export function sayLine(
  io: CliIO, logFormat: 'text' | 'json' | undefined, name: string, msg: string,
  data: Record<string, unknown> = {}, level: LogLevel = 'info',
): void {
  io.out(logFormat === 'json' ? logLine(name, level, msg, data) : msg);
}
