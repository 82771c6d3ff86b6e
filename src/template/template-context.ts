import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ProjectConfig } from '../model/project-config.js';
import { TemplateCodes } from './codes.js';
import { TRACK_GLOBAL, type InstrumentedTemplate } from './instrument-template.js';
import { loadMacros, projectDisplay, type MacroInfo } from './load-macros.js';
import { MARKER_CODE_MAX, MARKER_CODE_MIN } from './markers.js';
import type { ScannedTemplate } from './scan-template.js';
import type { ErrorContext } from './locate-template-error.js';
import { WeirTemplateError } from './weir-template-error.js';

/** A compiled, instrumented template, cached per context by path and text. */
export interface CompiledFile {
  readonly scanned: ScannedTemplate;
  readonly instrumented: InstrumentedTemplate;
  readonly template?: nunjucks.Template;
  /** The compile error, when the template does not compile (cached too). */
  readonly compileError?: unknown;
}

/** `config`, `env`, macro texts by display path (code frames) and the globals' names (hints): ErrorContext. */
export interface TemplateContext extends ErrorContext {
  /** Every macro callable without an import: built-ins, then project macros (which win). */
  readonly macros: ReadonlyMap<string, MacroInfo>;
  /** Problems in macro files (compile errors, duplicates): report them once, not per file. */
  readonly diagnostics: readonly Diagnostic[];
  readonly cache: Map<string, CompiledFile>;
  /** Written by `__weir_at(t)` while a tracking render runs. */
  readonly tracker: { tag: number };
}

/** Trims whitespace at both ends, skipping (and keeping) marker characters. */
export function trimKeepingMarkers(s: string): string {
  const isMarker = (c: number): boolean => c >= MARKER_CODE_MIN && c <= MARKER_CODE_MAX;
  const isSpace = (ch: string): boolean => /\s/.test(ch);
  let head = '';
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isMarker(c)) head += s[i];
    else if (!isSpace(s[i])) break;
  }
  let tail = '';
  let j = s.length;
  for (; j > i; j--) {
    const c = s.charCodeAt(j - 1);
    if (isMarker(c)) tail = s[j - 1] + tail;
    else if (!isSpace(s[j - 1])) break;
  }
  return head + s.slice(i, j) + tail;
}

/** Weir's built-in macro library, next to `src/` and `dist/` alike. */
export const BUILTIN_MACRO_DIR = fileURLToPath(new URL('../../macros/', import.meta.url));

/**
 * Builds the nunjucks environment once per project: autoescape off (SQL is not HTML), throwOnUndefined
 * (a typo must not render as an empty string), globals `var`, `env_var`, `conf`, `raise_error`, and every
 * macro of the built-in library and of the project's macro folders.
 */
export function createTemplateContext(config: ProjectConfig): TemplateContext {
  const loader = new nunjucks.FileSystemLoader([config.root, ...config.macroPaths, BUILTIN_MACRO_DIR], { noCache: false });
  // `dev: true` only keeps nunjucks from replacing errors by fresh ones without `cause` (lib._prettifyError),
  // which would lose the WeirTemplateError and the macro origin the error locator needs.
  const env = new nunjucks.Environment(loader, { autoescape: false, throwOnUndefined: true, dev: true });
  const tracker = { tag: -1 };
  const vars = config.vars;
  const configuration = config.configuration;
  const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

  env.addGlobal('var', function weirVar(name: unknown, ...rest: unknown[]): unknown {
    const key = String(name);
    if (has(vars, key)) return vars[key];
    if (rest.length > 0) return rest[0];
    throw new WeirTemplateError(TemplateCodes.VAR_MISSING, `var \`${key}\` is not defined and has no default`, 'var', key);
  });
  env.addGlobal('env_var', function weirEnvVar(name: unknown, ...rest: unknown[]): unknown {
    const key = String(name);
    const v = process.env[key];
    if (v !== undefined) return v;
    if (rest.length > 0) return rest[0];
    throw new WeirTemplateError(TemplateCodes.ENV_VAR_MISSING, `environment variable \`${key}\` is not set and has no default`, 'env_var', key,
      `set ${key} in the environment, or give a default: env_var('${key}', 'value')`);
  });
  env.addGlobal('conf', function weirConf(name: unknown, ...rest: unknown[]): unknown {
    const key = String(name);
    if (has(configuration, key)) return configuration[key];
    if (rest.length > 0) return rest[0];
    throw new WeirTemplateError(TemplateCodes.CONF_MISSING, `configuration key \`${key}\` is not defined and has no default`, 'conf', key);
  });
  env.addGlobal('raise_error', function weirRaise(message: unknown): never {
    throw new WeirTemplateError(TemplateCodes.MACRO_ERROR, String(message), 'raise_error');
  });
  // `trim` must see through the source-map markers around copied text, or `{{ m() | trim }}` would not trim.
  env.addFilter('trim', (value: unknown) => trimKeepingMarkers(value === null || value === undefined ? '' : String(value)));
  env.addGlobal(TRACK_GLOBAL, (t: number): string => {
    tracker.tag = t;
    return '';
  });

  const folders = [
    ...(existsSync(BUILTIN_MACRO_DIR)
      ? [{ dir: BUILTIN_MACRO_DIR, origin: 'builtin' as const, display: (abs: string) => `weir:macros/${projectDisplay(BUILTIN_MACRO_DIR)(abs)}` }]
      : []),
    ...config.macroPaths.map((dir) => ({ dir, origin: 'project' as const, display: projectDisplay(config.root) })),
  ];
  const loaded = loadMacros(env, folders);
  return {
    config,
    env,
    macros: loaded.macros,
    macroSources: loaded.sources,
    diagnostics: loaded.diagnostics,
    globalNames: ['var', 'env_var', 'conf', 'raise_error', 'range', 'cycler', 'joiner'],
    cache: new Map(),
    tracker,
  };
}
