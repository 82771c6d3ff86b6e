import { lineCol } from '../../src/report/line-index.js';

/**
 * Renders parse output for golden files: every Span becomes `line:col-line:col` in the source text, and
 * fragments keep only their text and span, so goldens read like the SQL they came from.
 */
export function renderParsed(value: unknown, source: string): string {
  return JSON.stringify(simplify(value, source), null, 2) + '\n';
}

function isSpan(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 3 && typeof v.file === 'string' && typeof v.start === 'number' && typeof v.end === 'number';
}

function simplify(v: unknown, source: string): unknown {
  if (Array.isArray(v)) return v.map((x) => simplify(x, source));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (isSpan(o)) {
    const a = lineCol(source, o.start as number);
    const b = lineCol(source, o.end as number);
    return `${a.line}:${a.column}-${b.line}:${b.column}`;
  }
  if (typeof o.text === 'string' && typeof o.renderedStart === 'number') {
    return { text: o.text, span: simplify(o.span, source) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = simplify(x, source);
  return out;
}
