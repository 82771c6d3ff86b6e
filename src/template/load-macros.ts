import fg from 'fast-glob';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import nunjucks from 'nunjucks';
import { checkBuiltinMacroArgs } from './builtin-macro-args.js';
import { StrictTemplate } from './strict-undefined.js';
import { error, warning, type Diagnostic } from '../model/diagnostic.js';
import { TemplateCodes } from './codes.js';
import { compileErrorDiagnostics } from './locate-template-error.js';
import { scanTemplate } from './scan-template.js';
import { offsetOf } from './offset-of.js';
import { findErrorAt, findWeirError, MACRO_ORIGIN, parseNunjucksMessage, WeirTemplateError, type MacroErrorOrigin } from './weir-template-error.js';

export interface MacroInfo {
  readonly name: string;
  /** Display path: project-relative for project macros, `weir:macros/<file>` for built-ins. */
  readonly file: string;
  readonly origin: 'builtin' | 'project';
}

export interface MacroFolder {
  readonly dir: string;
  readonly origin: 'builtin' | 'project';
  /** Turns a path under `dir` into the display path used in spans. */
  readonly display: (abs: string) => string;
}

const DEFINES_MACRO = /\{%-?\s*macro\b/;

/**
 * Compiles every macro file once and registers its exported macros as environment globals, so any file
 * can call them without an import. Folders are loaded in order (built-ins first), so a project macro
 * replaces a built-in of the same name. Each macro is wrapped to record which macro an error left from:
 * nunjucks reports such errors with the macro file's line numbers against the caller's path.
 */
export function loadMacros(env: nunjucks.Environment, folders: readonly MacroFolder[]): {
  macros: Map<string, MacroInfo>;
  sources: Map<string, string>;
  diagnostics: Diagnostic[];
} {
  const macros = new Map<string, MacroInfo>();
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const folder of folders) {
    const files = fg.sync('**/*.sql', { cwd: folder.dir, onlyFiles: true }).sort();
    for (const rel of files) {
      const abs = join(folder.dir, rel);
      const text = readFileSync(abs, 'utf8');
      if (!DEFINES_MACRO.test(text)) continue;
      const file = folder.display(abs);
      sources.set(file, text);
      let tmpl: nunjucks.Template & {
        getExported(ctx: object, frame: unknown, cb: (err: unknown, exp: Record<string, unknown>) => void): void;
      };
      try {
        tmpl = new StrictTemplate(text, env, file, true) as unknown as typeof tmpl;
      } catch (e) {
        // Located like a transformation file's: the unclosed block, the stray end tag, the bad tag.
        const scanned = scanTemplate(text);
        const instrumented = { text, runs: [{ at: 0, source: 0, length: text.length }] };
        diagnostics.push(...compileErrorDiagnostics({ file, src: text, scanned, instrumented }, e));
        addBrokenMacros(env, macros, file, text, folder.origin, 'does not compile');
        continue;
      }
      let exported: Record<string, unknown> = {};
      let failure: unknown;
      try {
        tmpl.getExported({}, undefined, (err, exp) => {
          if (err) failure = err;
          else exported = exp;
        });
      } catch (e) {
        failure = e;
      }
      if (failure) {
        diagnostics.push(loadErrorDiagnostic(file, text, failure));
        addBrokenMacros(env, macros, file, text, folder.origin, 'fails to load');
        continue;
      }
      for (const [name, fn] of Object.entries(exported)) {
        if (typeof fn !== 'function') continue;
        const prev = macros.get(name);
        if (prev && prev.origin === 'project' && folder.origin === 'project') {
          // At the winning definition's name, so an editor jumps to it.
          const at = new RegExp(`\\{%-?\\s*macro\\s+(${name})\\b`).exec(text);
          const start = at ? at.index + at[0].length - name.length : 0;
          diagnostics.push(warning(TemplateCodes.DUPLICATE_MACRO, `macro \`${name}\` is defined in ${prev.file} and ${file}; ${file} wins`,
            { file, start, end: start + (at ? name.length : 1) }, { hint: 'rename one of them' }));
        }
        macros.set(name, { name, file, origin: folder.origin });
        // Only the built-in itself is checked: a project macro of the same name may take other arguments.
        const check = folder.origin === 'builtin' ? checkBuiltinMacroArgs : undefined;
        env.addGlobal(name, wrapMacro(name, file, fn as (...args: unknown[]) => unknown, check));
      }
    }
  }
  return { macros, sources, diagnostics };
}

/**
 * The macros of a macro file that does not compile or load still exist for callers, which learn where the
 * problem is (WEIR1513 at the call) instead of "unknown macro".
 */
function addBrokenMacros(env: nunjucks.Environment, macros: Map<string, MacroInfo>, file: string, text: string,
  origin: MacroInfo['origin'], why: string): void {
  for (const m of text.matchAll(/\{%-?\s*macro\s+([A-Za-z_]\w*)/g)) {
    const name = m[1];
    if (name.startsWith('_')) continue;
    macros.set(name, { name, file, origin });
    env.addGlobal(name, function brokenMacro(): never {
      throw new WeirTemplateError(TemplateCodes.MACRO_FILE_ERROR, `macro \`${name}\` is defined in ${file}, which ${why}`, name, undefined,
        `fix the error reported in ${file}`);
    });
  }
}

/** The file's top level failed while it was loaded (an import of a missing file, an undefined variable ...). */
function loadErrorDiagnostic(file: string, text: string, e: unknown): Diagnostic {
  const weir = findWeirError(e);
  const at = findErrorAt(e);
  const parsed = parseNunjucksMessage(e instanceof Error ? e.message : String(e));
  const line = at?.template === file ? at.line : parsed.line;
  const column = at?.template === file ? at.column : parsed.column;
  let start = line !== undefined ? offsetOf(text, line, column ?? 1) : 0;
  let end = start + (line !== undefined ? (/^[A-Za-z_][\w.]*/.exec(text.slice(start, start + 200))?.[0].length ?? 1) : 1);
  if (!at) {
    // nunjucks' place is the tag's (or the line's) start: show the whole tag.
    const tag = scanTemplate(text).pieces.find((p) => p.kind === 'tag' && p.type !== 'comment' && p.end > start);
    if (tag) [start, end] = [tag.start, tag.end];
  }
  const missing = /^template not found/.test(parsed.message);
  return error(weir ? weir.code : TemplateCodes.MACRO_FILE_ERROR, `macro file fails to load: ${weir ? weir.message : parsed.message}`,
    { file, start, end: Math.min(text.length, end) }, {
      hint: missing
        ? 'names in `{% import %}` and `{% include %}` are paths from the project folder or a macro folder'
        : 'outside `{% macro %}` blocks a macro file runs once, when Weir loads it: keep only macros and simple `{% set %}` there',
    });
}

function wrapMacro(name: string, file: string, fn: (...args: unknown[]) => unknown,
  check?: (macro: string, args: readonly unknown[]) => void): (...args: unknown[]) => unknown {
  return function weirMacro(this: unknown, ...args: unknown[]): unknown {
    try {
      check?.(name, args);
      return fn.apply(this, args);
    } catch (e) {
      if (e && typeof e === 'object' && !(MACRO_ORIGIN in e)) {
        const t = e as { lineno?: number; colno?: number };
        const origin: MacroErrorOrigin = { macro: name, file, ...(t.lineno ? { line: t.lineno } : {}), ...(t.colno ? { column: t.colno } : {}) };
        Object.defineProperty(e, MACRO_ORIGIN, { value: origin, enumerable: false });
      }
      throw e;
    }
  };
}


export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function projectDisplay(root: string): (abs: string) => string {
  return (abs) => toPosix(relative(root, abs));
}
