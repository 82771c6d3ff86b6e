import { collectUndefined, StrictTemplate } from './strict-undefined.js';
import type { Diagnostic, StageResult } from '../model/diagnostic.js';
import type { RenderedFile } from '../model/rendered-file.js';
import type { SourceFile } from '../model/source-file.js';
import { identityMap, type SourceMap } from '../model/source-map.js';
import { instrumentTemplate } from './instrument-template.js';
import { renderLiteralCalls } from './literal-call-fast-path.js';
import { compileErrorDiagnostics, renderErrorDiagnostic, tagFromNunjucksPosition, type ErrorSite } from './locate-template-error.js';
import { usesMarkerRange } from './markers.js';
import { findWeirError } from './weir-template-error.js';
import { recoverSourceMap } from './recover-source-map.js';
import { scanTemplate, type ScannedTemplate, type TagPiece } from './scan-template.js';
import { substituteConf } from './substitute-conf.js';
import type { CompiledFile, TemplateContext } from './template-context.js';

/** Any nunjucks delimiter: files without one skip nunjucks entirely (SEMANTICS §1; most files). */
export function hasTemplateSyntax(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/**
 * SourceFile → RenderedFile: nunjucks (only when the file has template syntax), then `${key}`
 * substitution, with a SourceMap from rendered offsets to the user's file. Never throws for template
 * errors: on an error the rendered text is the source with its tags blanked (positions 1:1), so later
 * stages still see the file's DDL, and the diagnostic points at the user's line and column.
 */
export function renderFile(file: SourceFile, ctx: TemplateContext): StageResult<RenderedFile> {
  const src = file.text;
  const configuration = ctx.config.configuration;
  if (!hasTemplateSyntax(src)) {
    const sub = substituteConf(file.path, src, identityMap(src.length), configuration);
    return { value: { path: file.path, text: sub.text, map: sub.map, source: file, templated: false }, diagnostics: sub.diagnostics };
  }

  const cached = ctx.cache.get(cacheKey(file));
  const scanned = cached?.scanned ?? scanTemplate(src);
  const fast = cached ? undefined : renderLiteralCalls(src, scanned, (ctx.env as unknown as { globals: Record<string, unknown> }).globals);
  if (fast) {
    const sub = substituteConf(file.path, fast.text, fast.map, configuration);
    return { value: { path: file.path, text: sub.text, map: sub.map, source: file, templated: true }, diagnostics: sub.diagnostics };
  }

  const compiled = cached ?? compile(file, ctx, scanned);
  const site: ErrorSite = { file: file.path, src, scanned: compiled.scanned, instrumented: compiled.instrumented, ctx };
  if (compiled.compileError !== undefined || !compiled.template) {
    return failed(file, compiled, compileErrorDiagnostics(site, compiled.compileError));
  }

  let output: string;
  try {
    output = compiled.template.render({});
  } catch (e) {
    const tag = trackFailingTag(file, compiled, ctx) ?? tagFromNunjucksPosition(site, e);
    const first = renderErrorDiagnostic(site, e, tag);
    return failed(file, compiled, [first, ...moreUndefined(site, compiled, e, first)]);
  }

  let text: string;
  let map: SourceMap;
  if (usesMarkerRange(src)) {
    // The file itself uses our private-use markers: no instrumentation, so the whole output maps to the file.
    text = output;
    map = { segments: text.length ? [{ rendered: 0, length: text.length, source: 0, sourceLength: src.length, exact: false }] : [] };
  } else {
    ({ text, map } = recoverSourceMap(src, output, compiled.scanned.pieces));
  }
  const sub = substituteConf(file.path, text, map, configuration);
  return { value: { path: file.path, text: sub.text, map: sub.map, source: file, templated: true }, diagnostics: sub.diagnostics };
}

/** The content hash identifies the text (cleanup is deterministic); hash-less files key on the text itself. */
function cacheKey(file: SourceFile): string {
  return file.hash ? `${file.path}\u0000${file.hash}` : `${file.path}\u0000\u0000${file.text}`;
}

function compile(file: SourceFile, ctx: TemplateContext, scanned: ScannedTemplate): CompiledFile {
  const plain = usesMarkerRange(file.text);
  const instrumented = plain ? { text: file.text, runs: [{ at: 0, source: 0, length: file.text.length }] } : instrumentTemplate(file.text, scanned, 'map');
  let entry: CompiledFile;
  try {
    // A named template: nunjucks' renderString would report "(unknown path)".
    entry = { scanned, instrumented, template: new StrictTemplate(instrumented.text, ctx.env, file.path, true) };
  } catch (e) {
    entry = { scanned, instrumented, compileError: e };
  }
  ctx.cache.set(cacheKey(file), entry);
  return entry;
}

/**
 * Re-renders with a `__weir_at(t)` call before every tag and returns the last tag that started: the
 * exact place of a run-time error, which nunjucks misreports for errors inside functions and macros.
 */
function trackFailingTag(file: SourceFile, compiled: CompiledFile, ctx: TemplateContext): TagPiece | undefined {
  const tracked = instrumentTemplate(file.text, compiled.scanned, 'track');
  ctx.tracker.tag = -1;
  try {
    new StrictTemplate(tracked.text, ctx.env, file.path, true).render({});
    return undefined;
  } catch {
    const p = compiled.scanned.pieces[ctx.tracker.tag];
    return p && p.kind === 'tag' ? p : undefined;
  } finally {
    ctx.tracker.tag = -1;
  }
}

/**
 * After an undefined variable: every other undefined variable of this file, found by rendering again with
 * undefined lookups recorded instead of thrown (each reads as ''), so one pass reports them all.
 */
function moreUndefined(site: ErrorSite, compiled: CompiledFile, e: unknown, first: Diagnostic): Diagnostic[] {
  const template = compiled.template;
  if (!template || findWeirError(e)?.fn !== 'undefined') return [];
  const out: Diagnostic[] = [];
  for (const u of collectUndefined(() => template.render({}))) {
    if (u.at?.template !== site.file) continue;
    const d = renderErrorDiagnostic(site, u, undefined);
    if (d.span && first.span && d.span.start === first.span.start && d.span.file === first.span.file) continue;
    out.push(d);
  }
  return out;
}

/** The source with every tag blanked (newlines kept): the DDL stays visible at its real offsets. */
function failed(file: SourceFile, compiled: CompiledFile, diagnostics: Diagnostic[]): StageResult<RenderedFile> {
  const src = file.text;
  const parts: string[] = [];
  let last = 0;
  for (const p of compiled.scanned.pieces) {
    if (p.kind !== 'tag') continue;
    parts.push(src.slice(last, p.start), src.slice(p.start, p.end).replace(/[^\n]/g, ' '));
    last = p.end;
  }
  const tail = compiled.scanned.unterminated ? compiled.scanned.unterminated.start : src.length;
  parts.push(src.slice(last, tail), src.slice(tail).replace(/[^\n]/g, ' '));
  const text = parts.join('');
  return { value: { path: file.path, text, map: identityMap(text.length), source: file, templated: true }, diagnostics };
}
