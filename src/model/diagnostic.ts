import type { Span } from './span.js';

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

/**
 * A problem found in user input. Stages collect these instead of throwing (ARCHITECTURE §3.2).
 * `code` is stable (`WEIR2001`); each stage owns a range and lists its codes in its `codes.ts`:
 * 1xxx project/discover, 15xx template, 2xxx parse, 3xxx resolve, 4xxx translate/validate,
 * 5xxx run, 6xxx CDC, 7xxx quality checks and tests.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for problems with no place (e.g. a missing project file). */
  readonly span?: Span;
  readonly related?: readonly RelatedLocation[];
  /** One actionable sentence: "did you mean LIVE.orders_clean?" */
  readonly hint?: string;
}

export function error(code: string, message: string, span?: Span, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'error', message, ...(span ? { span } : {}), ...extra };
}

export function warning(code: string, message: string, span?: Span, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'warning', message, ...(span ? { span } : {}), ...extra };
}

export function info(code: string, message: string, span?: Span, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'info', message, ...(span ? { span } : {}), ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** A stage's answer: plain data plus what went wrong along the way. */
export interface StageResult<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
