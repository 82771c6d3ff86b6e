import fg from 'fast-glob';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import nunjucks from 'nunjucks';
import { error, warning, type Diagnostic } from '../model/diagnostic.js';
import { TemplateCodes } from './codes.js';
import { MACRO_ORIGIN, parseNunjucksMessage, type MacroErrorOrigin } from './weir-template-error.js';

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
      let exported: Record<string, unknown>;
      try {
        const tmpl = new nunjucks.Template(text, env, file, true) as nunjucks.Template & {
          getExported(ctx: object, frame: unknown, cb: (err: unknown, exp: Record<string, unknown>) => void): void;
        };
        let result: Record<string, unknown> = {};
        let failure: unknown;
        tmpl.getExported({}, undefined, (err, exp) => {
          if (err) failure = err;
          else result = exp;
        });
        if (failure) throw failure;
        exported = result;
      } catch (e) {
        const parsed = parseNunjucksMessage(e instanceof Error ? e.message : String(e));
        const start = parsed.line !== undefined ? offsetOf(text, parsed.line, parsed.column ?? 1) : 0;
        diagnostics.push(error(TemplateCodes.MACRO_FILE_ERROR, `macro file does not compile: ${parsed.message}`, { file, start, end: start + 1 }));
        continue;
      }
      for (const [name, fn] of Object.entries(exported)) {
        if (typeof fn !== 'function') continue;
        const prev = macros.get(name);
        if (prev && prev.origin === 'project' && folder.origin === 'project') {
          diagnostics.push(warning(TemplateCodes.DUPLICATE_MACRO, `macro \`${name}\` is defined in ${prev.file} and ${file}; ${file} wins`, undefined, {
            hint: 'rename one of them',
          }));
        }
        macros.set(name, { name, file, origin: folder.origin });
        env.addGlobal(name, wrapMacro(name, file, fn as (...args: unknown[]) => unknown));
      }
    }
  }
  return { macros, sources, diagnostics };
}

function wrapMacro(name: string, file: string, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function weirMacro(this: unknown, ...args: unknown[]): unknown {
    try {
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

/** 1-based line/column → offset (clamped). */
export function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  const lineEnd = text.indexOf('\n', off);
  return Math.min(off + Math.max(0, column - 1), lineEnd < 0 ? text.length : lineEnd);
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function projectDisplay(root: string): (abs: string) => string {
  return (abs) => toPosix(relative(root, abs));
}
