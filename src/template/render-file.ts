import { collectErrors, StrictTemplate } from './strict-undefined.js';
import type { Diagnostic, StageResult } from '../model/diagnostic.js';
import type { RenderedFile } from '../model/rendered-file.js';
import type { SourceFile } from '../model/source-file.js';
import { identityMap, type SourceMap } from '../model/source-map.js';
import { instrumentTemplate } from './instrument-template.js';
import { renderLiteralCalls } from './literal-call-fast-path.js';
import { compileErrorDiagnostics, renderErrorDiagnostic, tagFromNunjucksPosition, type ErrorSite } from './locate-template-error.js';
import { usesMarkerRange } from './markers.js';
import { recoverSourceMap } from './recover-source-map.js';
import { scanTemplate, type ScannedTemplate } from './scan-template.js';
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
    return failed(file, compiled, compileErrorDiagnostics(site, compiled.compileError), ctx);
  }

  let output: string;
  try {
    output = compiled.template.render({});
  } catch (e) {
    const all = everyRenderError(file, compiled, ctx, site);
    return failed(file, compiled, all.length > 0 ? all : [renderErrorDiagnostic(site, e, tagFromNunjucksPosition(site, e))], ctx);
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
 * After a render error: every run-time problem of the file in one pass (SEMANTICS: diagnostics), found by
 * rendering again with a `__weir_at(t)` call before every tag — so each error is located at the tag that
 * was executing, which nunjucks misreports for errors inside functions and macros — and with the file's
 * failing lookups and calls recorded instead of thrown. Empty when the re-render does not fail.
 */
function everyRenderError(file: SourceFile, compiled: CompiledFile, ctx: TemplateContext, site: ErrorSite): Diagnostic[] {
  const tracked = instrumentTemplate(file.text, compiled.scanned, 'track');
  // Positions the strict lookups record are in the tracked text: map them back through its runs.
  const trackedSite: ErrorSite = { ...site, instrumented: tracked };
  ctx.tracker.tag = -1;
  let found;
  try {
    const template = new StrictTemplate(tracked.text, ctx.env, file.path, true);
    found = collectErrors(file.path, () => ctx.tracker.tag, () => template.render({}));
  } catch {
    return [];
  } finally {
    ctx.tracker.tag = -1;
  }
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const { error, tag } of found) {
    const p = compiled.scanned.pieces[tag];
    const d = renderErrorDiagnostic(trackedSite, error, p && p.kind === 'tag' ? p : undefined);
    // A loop repeats the same call: one report per place and message.
    const key = `${d.code}\u0000${d.span?.start ?? -1}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

/**
 * The source with every tag blanked (newlines kept): the DDL stays visible at its real offsets. Its
 * `${key}`s are still substituted, so an unknown key is reported in the same pass as the template errors.
 */
function failed(file: SourceFile, compiled: CompiledFile, diagnostics: Diagnostic[], ctx: TemplateContext): StageResult<RenderedFile> {
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
  const blanked = parts.join('');
  const sub = substituteConf(file.path, blanked, identityMap(blanked.length), ctx.config.configuration);
  return { value: { path: file.path, text: sub.text, map: sub.map, source: file, templated: true }, diagnostics: [...diagnostics, ...sub.diagnostics] };
}
