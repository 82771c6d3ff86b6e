/**
 * A place in a user's file. Offsets are UTF-16 code-unit offsets into the ORIGINAL source text
 * (before nunjucks and `${key}` substitution), so every diagnostic points where the user typed.
 * Line and column are computed only when reporting (see `src/report/`).
 */
export interface Span {
  /** Project-relative, POSIX-separated path, e.g. `transformations/orders.sql`. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}

/** The smallest span covering both. Both must be in the same file. */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
