import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceLookup } from './format-diagnostic.js';
import { lineCol } from './line-index.js';

/**
 * `::error file=F,line=L,col=C,title=CODE::message` — GitHub Actions shows it on the PR's diff. `where` turns the
 * project-relative path into the repository-relative one GitHub needs.
 */
export function githubAnnotation(d: Diagnostic, sources: SourceLookup, where: (file: string) => string = (f) => f): string {
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (d.span) {
    props.push(`file=${escapeProperty(where(d.span.file))}`);
    const text = sources(d.span.file);
    if (text !== undefined) {
      const a = lineCol(text, d.span.start);
      const b = lineCol(text, d.span.end);
      props.push(`line=${a.line}`, `col=${a.column}`);
      if (b.line !== a.line) props.push(`endLine=${b.line}`);
    }
  }
  props.push(`title=${escapeProperty(d.code)}`);
  const msg = d.hint ? `${d.message} (${d.hint})` : d.message;
  return `::${level} ${props.join(',')}::${escapeData(msg)}`;
}

// Escaping per the GitHub Actions workflow-command rules.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
