import type { Diagnostic } from '../model/diagnostic.js';
import { formatDiagnostic, type SourceLookup } from '../report/format-diagnostic.js';
import { githubAnnotation } from '../report/github-annotation.js';
import type { CliIO } from './io.js';

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
  options: { color: boolean; logFormat?: 'text' | 'json'; warnError?: boolean },
): DiagnosticSummary {
  let errors = 0;
  let warnings = 0;
  for (const d of ds) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    if (options.logFormat === 'json') {
      io.err(JSON.stringify({ info: { level: d.severity, code: d.code, msg: d.message }, data: d }));
    } else {
      io.err(formatDiagnostic(d, sources, { color: options.color }) + '\n');
    }
  }
  printAnnotations(ds, sources, io);
  if (options.warnError) return { errors: errors + warnings, warnings: 0 };
  return { errors, warnings };
}

/** Under GitHub Actions, one workflow annotation per error or warning (shown on the pull request's files). */
export function printAnnotations(ds: readonly Diagnostic[], sources: SourceLookup, io: CliIO): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  for (const d of ds) if (d.severity !== 'info') io.out(githubAnnotation(d, sources));
}
