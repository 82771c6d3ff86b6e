import { error, type Diagnostic } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import { didYouMean } from '../util/did-you-mean.js';
import { checkBlockStructure } from './check-block-structure.js';
import { TemplateCodes } from './codes.js';
import { toTemplateSource, type InstrumentedTemplate } from './instrument-template.js';
import { offsetOf } from './offset-of.js';
import { scanTemplate, type Piece, type ScannedTemplate, type TagPiece } from './scan-template.js';
import type nunjucks from 'nunjucks';
import type { ProjectConfig } from '../model/project-config.js';

/**
 * What locating an error needs of the template context, structurally: this file must not import
 * template-context.ts, which loads macro files through this file.
 */
export interface ErrorContext {
  readonly config: ProjectConfig;
  readonly env: nunjucks.Environment;
  readonly macros: ReadonlyMap<string, unknown>;
  readonly macroSources: ReadonlyMap<string, string>;
  readonly globalNames: readonly string[];
}
import { findErrorAt, findMacroOrigin, findWeirError, parseNunjucksMessage, type MacroErrorOrigin, type TemplateErrorAt, type WeirTemplateError } from './weir-template-error.js';

export interface ErrorSite {
  readonly file: string;
  readonly src: string;
  readonly scanned: ScannedTemplate;
  readonly instrumented: InstrumentedTemplate;
  readonly ctx: ErrorContext;
}

const BLOCK_TAGS = ['if', 'elif', 'else', 'for', 'set', 'macro', 'call', 'filter', 'raw', 'verbatim', 'import', 'from', 'include', 'switch', 'case', 'block', 'extends'];

const END_TAGS = ['endif', 'endfor', 'endmacro', 'endcall', 'endfilter', 'endset', 'endraw', 'endverbatim', 'endswitch', 'endblock', 'endeach', 'endall'];

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'true', 'false', 'none', 'null', 'True', 'False', 'None', 'loop', 'caller', 'as', 'import', 'from', 'with', 'without', 'context', 'ignore', 'missing', 'recursive']);

/** What locating a compile error needs (no template context: macro files compile while it is being built). */
export type CompileSite = Omit<ErrorSite, 'ctx'> & { readonly ctx?: ErrorContext };

/**
 * A template that does not compile — a transformation file or a macro file alike: block structure first
 * (nunjucks has no line for it), then nunjucks' own message.
 */
export function compileErrorDiagnostics(site: CompileSite, e: unknown): Diagnostic[] {
  const unknownTag = /unknown block tag: (\w+)/.exec(errorMessage(e));
  // A known end or middle tag is "unknown" where nunjucks did not expect it: the nesting check says why.
  if (unknownTag && !END_TAGS.includes(unknownTag[1]) && !/^(else|elif|elseif|case|default)$/.test(unknownTag[1])) {
    // Before the nesting check: `{% iff %}...{% endif %}` is a typo in the opener, not a stray endif.
    const tag = site.scanned.pieces.find((p): p is TagPiece => p.kind === 'tag' && p.type === 'block' && p.name === unknownTag[1]);
    if (tag) {
      const start = site.src.indexOf(unknownTag[1], tag.innerStart);
      const near = didYouMean(unknownTag[1], unknownTag[1].startsWith('end') ? END_TAGS : BLOCK_TAGS);
      return [error(TemplateCodes.TEMPLATE_SYNTAX, `unknown block tag \`${unknownTag[1]}\``, { file: site.file, start, end: start + unknownTag[1].length }, {
        hint: near ? `did you mean \`{% ${near} %}\`?` : `block tags are ${BLOCK_TAGS.join(', ')}`,
      })];
    }
  }
  const structural = checkBlockStructure(site.file, site.src, site.scanned);
  if (structural.length > 0) return structural;
  const parsed = parseNunjucksMessage(errorMessage(e));
  const filter = unknownFilter(site, parsed.message);
  if (filter) return [filter];
  let span: Span = wholeFile(site);
  if (parsed.line !== undefined) {
    // nunjucks' line/column count in the instrumented text; map back through the runs we copied.
    const inst = offsetOf(site.instrumented.text, parsed.line, parsed.column ?? 1);
    const at = toTemplateSource(site.instrumented.runs, inst);
    const tag = tagAt(site.scanned, at);
    const end = tag ? Math.max(at + 1, tokenEnd(site.src, at, tag.end)) : at + 1;
    span = { file: site.file, start: at, end: Math.min(end, site.src.length) };
  }
  return [error(TemplateCodes.TEMPLATE_SYNTAX, `template syntax error: ${parsed.message}`, span)];
}

/** A render-time error; `tag` is the tag the tracking re-render was executing (undefined if unknown). */
export function renderErrorDiagnostic(site: ErrorSite, e: unknown, tag: TagPiece | undefined): Diagnostic {
  const { file, ctx } = site;
  const origin = findMacroOrigin(e);
  const weir = findWeirError(e);
  const parsed = parseNunjucksMessage(errorMessage(e));
  const tagSpan: Span = tag ? { file, start: tag.start, end: tag.end } : wholeFile(site);
  const inMacro = origin ? `in macro \`${origin.macro}\` (${origin.file}): ` : '';
  const macroCall = origin ? findInTags(site, tag, new RegExp(`\\b(${escapeRe(origin.macro)})\\s*\\(`), 1, true) : undefined;
  // The exact place inside a macro file when the error knows it (an unknown macro called there), else the
  // line nunjucks gave the macro wrapper.
  const at = findErrorAt(e);
  const atMacro = at && at.template !== file && ctx.macroSources.has(at.template) ? at : undefined;
  const related = atMacro
    ? [{ span: macroSpan(ctx, atMacro.template, atMacro.line, atMacro.column, true), message: origin ? `inside macro \`${origin.macro}\`` : `in ${atMacro.template}` }]
    : origin?.line !== undefined && ctx.macroSources.has(origin.file)
      ? [{ span: macroSpan(ctx, origin.file, origin.line, origin.column ?? 1), message: `inside macro \`${origin.macro}\`` }]
      : [];
  const extra = related.length > 0 ? { related } : {};

  if (weir) {
    if (weir.fn === 'undefined') return undefinedVariableDiagnostic(site, weir, origin, macroCall ?? tagSpan);
    if (weir.code === TemplateCodes.MACRO_FILE_ERROR) {
      // A macro of a macro file that does not compile: the call, with its arguments.
      const call = findInTags(site, tag, new RegExp(`\\b(${escapeRe(weir.fn)})\\s*\\(`), 1, true);
      return error(weir.code, `${inMacro}${weir.message}`, origin ? macroCall ?? tagSpan : call ?? tagSpan, { ...(weir.hint ? { hint: weir.hint } : {}), ...extra });
    }
    if (weir.fn === 'macro_args') {
      // A built-in macro refused an argument before it ran: the call, and where the macro is defined.
      const name = weir.key ?? origin?.macro ?? '';
      const call = findInTags(site, tag, new RegExp(`\\b(${escapeRe(name)})\\s*\\(`), 1, true);
      const def = origin ? macroDefinition(ctx, origin.file, name) : undefined;
      return error(TemplateCodes.MACRO_ERROR, weir.message, call ?? tagSpan, {
        ...(weir.hint ? { hint: weir.hint } : {}), ...(def ? { related: [{ span: def, message: `\`${name}\` is defined here` }] } : {}),
      });
    }
    if (weir.fn === 'raise_error') {
      return error(TemplateCodes.MACRO_ERROR, `${inMacro}${weir.message}`, macroCall ?? tagSpan, extra);
    }
    const call = weir.key !== undefined
      ? findInTags(site, tag, new RegExp(`\\b${weir.fn}\\s*\\(\\s*(['"])${escapeRe(weir.key)}\\1[^)]*\\)`), 0)
      : undefined;
    const span = origin ? macroCall ?? tagSpan : call ?? findInTags(site, tag, new RegExp(`\\b${weir.fn}\\s*\\(`), 0) ?? tagSpan;
    let hint = weir.hint;
    if (!hint && weir.fn === 'var') {
      const near = weir.key !== undefined ? didYouMean(weir.key, Object.keys(ctx.config.vars)) : undefined;
      hint = near ? `did you mean var('${near}')?` : `define \`${weir.key}\` under \`vars:\` in the project spec, pass --vars, or give a default: var('${weir.key}', ...)`;
    } else if (!hint && weir.fn === 'conf') {
      const near = weir.key !== undefined ? didYouMean(weir.key, Object.keys(ctx.config.configuration)) : undefined;
      hint = near ? `did you mean conf('${near}')?` : `define \`${weir.key}\` under \`configuration:\`, pass --conf, or give a default`;
    }
    return error(weir.code, `${inMacro}${weir.message}`, span, { ...(hint ? { hint } : {}), ...extra });
  }

  const filter = unknownFilter(site, parsed.message);
  if (filter) return filter;

  const unable = /^Unable to call `([^`]+)`, which is (?:undefined or falsey|not a function)/.exec(parsed.message);
  if (unable) {
    const name = unable[1];
    const bare = /^[A-Za-z_][\w.]*$/.test(name) ? name : undefined;
    const exact = at && at.template === file ? exactSpan(site, at) : undefined;
    const where = origin ? macroCall : exact ?? (bare ? findInTags(site, tag, new RegExp(`(?<![\\w.])(${escapeRe(bare)})\\s*\\(`), 1) : undefined);
    const near = bare ? didYouMean(bare, [...ctx.macros.keys(), ...ctx.globalNames, ...definedNames(site.src, site.scanned.pieces)]) : undefined;
    return error(TemplateCodes.UNKNOWN_MACRO, `${inMacro}unknown macro or function \`${name}\``, where ?? macroCall ?? tagSpan, {
      hint: near ? `did you mean \`${near}\`?` : 'define it with `{% macro ... %}` in a file under macros/, or check the spelling',
      ...extra,
    });
  }

  if (/attempted to output null or undefined value/.test(parsed.message)) {
    if (origin) {
      return error(TemplateCodes.UNDEFINED_VARIABLE, `${inMacro}a value it outputs is undefined`, macroCall ?? tagSpan, {
        hint: 'check the arguments passed to the macro', ...extra,
      });
    }
    const culprit = tag ? undefinedName(site, tag) : undefined;
    if (culprit) {
      return error(TemplateCodes.UNDEFINED_VARIABLE, `undefined variable \`${culprit.name}\``, { file, start: culprit.start, end: culprit.end }, {
        hint: undefinedHint(ctx, culprit.name, definedNames(site.src, site.scanned.pieces)),
      });
    }
    const expr = tag ? trimmedInner(site.src, tag) : undefined;
    return error(TemplateCodes.UNDEFINED_VARIABLE, expr ? `\`${expr.text}\` is undefined` : 'an output value is undefined',
      expr ? { file, start: expr.start, end: expr.end } : tagSpan, { hint: 'use the `default` filter for optional values: `{{ x | default(\'\') }}`' });
  }

  return error(origin ? TemplateCodes.MACRO_ERROR : TemplateCodes.TEMPLATE_ERROR, `${inMacro}${parsed.message}`, macroCall ?? tagSpan, extra);
}

/** nunjucks looks filters up when the template runs: "filter not found: x" has no position at all. */
function unknownFilter(site: CompileSite, message: string): Diagnostic | undefined {
  const m = /^filter not found: ([\w$]+)/.exec(message);
  if (!m) return undefined;
  const name = m[1];
  const span = findInTags(site, undefined, new RegExp(`\\|\\s*(${escapeRe(name)})\\b`), 1);
  const near = didYouMean(name, Object.keys((site.ctx?.env as unknown as { filters?: Record<string, unknown> } | undefined)?.filters ?? {}));
  return error(TemplateCodes.UNKNOWN_FILTER, `unknown filter \`${name}\``, span ?? wholeFile(site), {
    hint: near ? `did you mean \`${near}\`?` : 'see the nunjucks built-in filters, or write a macro instead',
  });
}

/** Fallback when the tracking render did not fail again: nunjucks' own (approximate) line/column. */
export function tagFromNunjucksPosition(site: ErrorSite, e: unknown): TagPiece | undefined {
  const parsed = parseNunjucksMessage(errorMessage(e));
  if (parsed.line === undefined) return undefined;
  const inst = offsetOf(site.instrumented.text, parsed.line, parsed.column ?? 1);
  return tagAt(site.scanned, toTemplateSource(site.instrumented.runs, inst));
}

/** The tag piece containing `offset`. */
export function tagAt(scanned: ScannedTemplate, offset: number): TagPiece | undefined {
  for (const p of scanned.pieces) if (p.kind === 'tag' && p.start <= offset && offset < p.end) return p;
  return undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function wholeFile(site: CompileSite): Span {
  return { file: site.file, start: 0, end: Math.min(site.src.length, 1) };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A place in a macro file; `word` extends it over the name there. */
function macroSpan(ctx: ErrorContext, file: string, line: number, column: number, word = false): Span {
  const text = ctx.macroSources.get(file) ?? '';
  const start = offsetOf(text, line, column);
  const end = word ? (/^[A-Za-z_][\w.]*/.exec(text.slice(start, start + 200))?.[0].length ?? 1) + start : start + 1;
  return { file, start, end: Math.min(text.length, end) };
}

/** The name of `{% macro name(` in a macro file. */
function macroDefinition(ctx: ErrorContext, file: string, macro: string): Span | undefined {
  const text = ctx.macroSources.get(file);
  const m = text !== undefined ? new RegExp(`\\{%-?\\s*macro\\s+(${escapeRe(macro)})\\b`).exec(text) : null;
  if (!m) return undefined;
  const start = m.index + m[0].length - macro.length;
  return { file, start, end: start + macro.length };
}

/** The name at a place of the user's file as the instrumented template saw it. */
function exactSpan(site: ErrorSite, at: TemplateErrorAt): Span {
  const start = toTemplateSource(site.instrumented.runs, offsetOf(site.instrumented.text, at.line, at.column));
  const len = /^[A-Za-z_][\w.]*/.exec(site.src.slice(start, start + 200))?.[0].length ?? 1;
  return { file: site.file, start, end: Math.min(site.src.length, start + len) };
}

/**
 * Finds `re` in the inner text of `tag` first, else in any tag (nunjucks gives no place for some errors).
 * `group` selects the part to span; `toParen` extends the span over the call's parentheses.
 */
function findInTags(site: CompileSite, tag: TagPiece | undefined, re: RegExp, group: number, toParen = false): Span | undefined {
  const tags = site.scanned.pieces.filter((p): p is TagPiece => p.kind === 'tag' && p.type !== 'comment');
  const ordered = tag ? [tag, ...tags.filter((t) => t !== tag)] : tags;
  for (const t of ordered) {
    const inner = site.src.slice(t.innerStart, t.innerEnd);
    const m = re.exec(inner);
    if (!m) continue;
    const sub = m[group] ?? m[0];
    const start = t.innerStart + m.index + m[0].indexOf(sub);
    let end = start + sub.length;
    if (toParen) end = matchParen(site.src, t.innerStart + m.index + m[0].length - 1, t.innerEnd) ?? end;
    return { file: site.file, start, end };
  }
  return undefined;
}

/** Offset after the `)` matching the `(` at `open`, skipping strings. */
function matchParen(src: string, open: number, limit: number): number | undefined {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < limit && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return undefined;
}

function tokenEnd(src: string, at: number, limit: number): number {
  let i = at;
  while (i < limit && !/\s/.test(src[i])) i++;
  return i;
}

function trimmedInner(src: string, tag: TagPiece): { text: string; start: number; end: number } | undefined {
  const raw = src.slice(tag.innerStart, tag.innerEnd);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (!text) return undefined;
  return { text, start: tag.innerStart + lead, end: tag.innerStart + lead + text.length };
}

/** Names a template defines itself: `set`, `for`, macro names and parameters, imports. */
function definedNames(src: string, pieces: readonly Piece[]): string[] {
  const names = new Set<string>();
  for (const p of pieces) {
    if (p.kind !== 'tag' || p.type !== 'block') continue;
    const inner = src.slice(p.innerStart, p.innerEnd).replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""');
    let m: RegExpExecArray | null;
    if ((m = /^\s*set\s+([\w\s,]+?)\s*(=|$)/.exec(inner))) m[1].split(',').forEach((n) => names.add(n.trim()));
    else if ((m = /^\s*for\s+([\w\s,]+?)\s+in\b/.exec(inner))) m[1].split(',').forEach((n) => names.add(n.trim()));
    else if ((m = /^\s*macro\s+(\w+)\s*\(([^)]*)\)/.exec(inner))) {
      names.add(m[1]);
      m[2].split(',').forEach((a) => names.add(a.split('=')[0].trim()));
    } else if ((m = /\bas\s+(\w+)\s*$/.exec(inner))) names.add(m[1]);
    else if ((m = /^\s*from\s+.*\bimport\s+(.*)$/.exec(inner))) {
      m[1].split(',').forEach((a) => names.add(a.trim().split(/\s+as\s+/).pop()?.trim() ?? ''));
    }
  }
  names.delete('');
  return [...names];
}

/** The first identifier of an output tag that nothing defines: the likely undefined variable. */
function undefinedName(site: ErrorSite, tag: TagPiece): { name: string; start: number; end: number } | undefined {
  const defined = new Set([...definedNames(site.src, site.scanned.pieces), ...site.ctx.macros.keys(), ...site.ctx.globalNames]);
  const src = site.src;
  const re = /(["'])(?:\\.|(?!\1).)*\1|[A-Za-z_][A-Za-z0-9_]*/g;
  re.lastIndex = tag.innerStart;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) && m.index < tag.innerEnd) {
    const word = m[0];
    if (word[0] === '"' || word[0] === "'") continue;
    const before = src.slice(tag.innerStart, m.index).trimEnd();
    const after = src.slice(m.index + word.length, tag.innerEnd).trimStart();
    if (before.endsWith('.') || before.endsWith('|') || /\bis(\s+not)?$/.test(before)) continue;
    if (/^=(?!=)/.test(after)) continue;
    if (KEYWORDS.has(word) || defined.has(word) || /^\d/.test(word)) continue;
    return { name: word, start: m.index, end: m.index + word.length };
  }
  return undefined;
}

/** The hint for an undefined name: a project var read without var(), or the nearest defined name. */
function undefinedHint(ctx: ErrorContext, name: string, local: readonly string[]): string {
  const head = name.split(/[.[]/)[0];
  if (Object.prototype.hasOwnProperty.call(ctx.config.vars, head)) return `project vars are read with var('${head}')`;
  if (head !== name) return `test it with \`is defined\`, or give a default: \`${name} | default(...)\``;
  const near = didYouMean(name, [...local, ...ctx.macros.keys(), ...ctx.globalNames]);
  return near ? `did you mean \`${near}\`?` : 'define it with `{% set ... %}`, or pass it to the macro';
}

/** End of the lookup expression at `start` (`a.b['c'][d]`), for the span of an undefined attribute. */
function lookupEnd(src: string, start: number, name: string): number {
  if (src.startsWith(name, start)) return start + name.length;
  let i = start;
  while (i < src.length) {
    if (/[\w.]/.test(src[i])) i++;
    else if (src[i] === '[') {
      const close = src.indexOf(']', i);
      if (close < 0) break;
      i = close + 1;
    } else break;
  }
  return Math.max(i, start + 1);
}

/** A strict lookup found an undefined value: at its exact place, in the file or inside a macro file. */
function undefinedVariableDiagnostic(site: ErrorSite, weir: WeirTemplateError, origin: MacroErrorOrigin | undefined, callSpan: Span): Diagnostic {
  const { file, ctx } = site;
  const name = weir.key ?? '';
  const at = weir.at;
  if (at && at.template === file) {
    const inst = offsetOf(site.instrumented.text, at.line, at.column);
    const start = toTemplateSource(site.instrumented.runs, inst);
    return error(TemplateCodes.UNDEFINED_VARIABLE, weir.message, { file, start, end: Math.min(site.src.length, lookupEnd(site.src, start, name)) }, {
      hint: undefinedHint(ctx, name, definedNames(site.src, site.scanned.pieces)),
    });
  }
  const macroText = at ? ctx.macroSources.get(at.template) : undefined;
  if (at && macroText !== undefined) {
    const macro = origin && origin.file === at.template ? origin.macro : undefined;
    const start = offsetOf(macroText, at.line, at.column);
    const used = { file: at.template, start, end: Math.min(macroText.length, lookupEnd(macroText, start, name)) };
    const param = macro !== undefined && macroParams(macroText, macro).includes(name);
    const where = macro !== undefined ? `in macro \`${macro}\` (${at.template}): ` : `in ${at.template}: `;
    const message = param ? `${where}argument \`${name}\` was not passed` : `${where}${weir.message}`;
    const hint = param
      ? `pass \`${name}\` to \`${macro}(...)\`, or give it a default in the macro: \`${name}=none\``
      : undefinedHint(ctx, name, definedNames(macroText, scanTemplate(macroText).pieces));
    return error(TemplateCodes.UNDEFINED_VARIABLE, message, callSpan, {
      hint, related: [{ span: used, message: `\`${name}\` is used here` }],
    });
  }
  return error(TemplateCodes.UNDEFINED_VARIABLE, weir.message, callSpan, { hint: undefinedHint(ctx, name, []) });
}

/** Parameter names of `{% macro name(a, b=1) %}` in a macro file's text. */
function macroParams(text: string, macro: string): string[] {
  const m = new RegExp(`\\{%-?\\s*macro\\s+${escapeRe(macro)}\\s*\\(([^)]*)\\)`).exec(text);
  return m ? m[1].split(',').map((a) => a.split('=')[0].trim()).filter(Boolean) : [];
}
