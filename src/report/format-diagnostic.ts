import type { Diagnostic } from '../model/diagnostic.js';
import { lineCol, lineText } from './line-index.js';

/** Looks up a file's ORIGINAL text by its project-relative path (for line/column and code frames). */
export type SourceLookup = (file: string) => string | undefined;

export interface FormatOptions {
  readonly color?: boolean;
  /** Print the source line and a caret under the span (default true). */
  readonly codeFrame?: boolean;
}

const paint = (on: boolean, code: string, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** `file:line:col` of a diagnostic's span start (or the bare file). */
export function formatLocation(file: string, text: string | undefined, offset: number): string {
  if (text === undefined) return file;
  const { line, column } = lineCol(text, offset);
  return `${file}:${line}:${column}`;
}

/**
 * The console form users and CI grep (CONVENTIONS "Errors"):
 *   path:line:col: error WEIR2001: message
 *      12 | SELECT * FROM LIVE.orders_clen
 *         |               ^^^^^^^^^^^^^^^^
 *   hint: did you mean LIVE.orders_clean?
 *   related: path:line:col: first definition
 */
export function formatDiagnostic(d: Diagnostic, sources: SourceLookup, options: FormatOptions = {}): string {
  const color = options.color === true;
  const sev = d.severity === 'error' ? paint(color, '31;1', 'error') : d.severity === 'warning' ? paint(color, '33;1', 'warning') : paint(color, '36', 'info');
  const out: string[] = [];
  const text = d.span ? sources(d.span.file) : undefined;
  const where = d.span ? `${formatLocation(d.span.file, text, d.span.start)}: ` : '';
  out.push(`${where}${sev} ${d.code}: ${d.message}`);
  if (d.span && text !== undefined && options.codeFrame !== false) out.push(...codeFrame(text, d.span.start, d.span.end, color));
  if (d.hint) out.push(`  ${paint(color, '32', 'hint')}: ${d.hint}`);
  for (const r of d.related ?? []) {
    const rt = sources(r.span.file);
    out.push(`  related: ${formatLocation(r.span.file, rt, r.span.start)}: ${r.message}`);
  }
  return out.join('\n');
}

export function codeFrame(text: string, start: number, end: number, color = false): string[] {
  const a = lineCol(text, start);
  const b = lineCol(text, Math.max(start, end));
  const src = lineText(text, a.line);
  const gutter = String(a.line).length;
  const caretEnd = b.line === a.line ? Math.max(b.column, a.column + 1) : src.length + 1;
  const carets = '^'.repeat(Math.max(1, caretEnd - a.column));
  // Tabs in the prefix are kept so the caret lines up in a terminal.
  const pad = src.slice(0, a.column - 1).replace(/[^\t]/g, ' ');
  return [
    `  ${String(a.line).padStart(gutter)} | ${src}`,
    `  ${' '.repeat(gutter)} | ${pad}${paint(color, '31;1', carets)}`,
  ];
}

export function formatDiagnostics(ds: readonly Diagnostic[], sources: SourceLookup, options: FormatOptions = {}): string {
  return ds.map((d) => formatDiagnostic(d, sources, options)).join('\n\n');
}
