import type { ManifestLocation } from '../model/manifest.js';
import type { Span } from '../model/span.js';
import { lineCol } from '../report/line-index.js';

/** A span as 1-based lines and columns of the user's ORIGINAL file. */
export function toLocation(span: Span, sources: (file: string) => string | undefined): ManifestLocation {
  const text = sources(span.file) ?? '';
  const a = lineCol(text, span.start);
  const b = lineCol(text, span.end);
  return { column: a.column, end_column: b.column, end_line: b.line, file: span.file, line: a.line };
}
