import type { TemplateCode } from './codes.js';

/** Where in a template (its path; 1-based line/column) the error happened, when the thrower knows. */
export interface TemplateErrorAt {
  readonly template: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Thrown by Weir's template globals (`var`, `env_var`, `conf`, `raise_error`) so the error locator knows
 * the code and the name involved; nunjucks wraps it, the locator finds it again through `cause`.
 */
export class WeirTemplateError extends Error {
  constructor(
    readonly code: TemplateCode,
    message: string,
    /** The global that threw (`var`; `undefined` for a strict lookup), and the name involved (`'start_date'`). */
    readonly fn: string,
    readonly key?: string,
    readonly hint?: string,
    readonly at?: TemplateErrorAt,
  ) {
    super(message);
    this.name = 'WeirTemplateError';
  }
}

/** Where an error left a macro from a macro file (recorded by the macro wrapper, innermost first). */
export interface MacroErrorOrigin {
  readonly macro: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export const MACRO_ORIGIN = Symbol('weir.macroOrigin');

/** Set by strictly compiled templates on errors they raise themselves (a call of something not callable). */
export const TEMPLATE_AT = Symbol('weir.templateAt');

/** Where the innermost error that knows its place happened (following `cause` links). */
export function findErrorAt(e: unknown): TemplateErrorAt | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 10; depth++) {
    if (cur instanceof WeirTemplateError && cur.at) return cur.at;
    const at = (cur as Record<symbol, TemplateErrorAt | undefined>)[TEMPLATE_AT];
    if (at) return at;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Follows `cause` links to the first WeirTemplateError, if any. */
export function findWeirError(e: unknown): WeirTemplateError | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 10; depth++) {
    if (cur instanceof WeirTemplateError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function findMacroOrigin(e: unknown): MacroErrorOrigin | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 10; depth++) {
    const o = (cur as Record<symbol, MacroErrorOrigin | undefined>)[MACRO_ORIGIN];
    if (o) return o;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * nunjucks prefixes messages with `(path) [Line l, Column c]\n  ` once per template it passes through and
 * `Error: ` for wrapped errors. Returns the bare message and the first line/column found.
 */
export function parseNunjucksMessage(message: string): { message: string; line?: number; column?: number } {
  let rest = message;
  let line: number | undefined;
  let column: number | undefined;
  for (;;) {
    const m = /^\((?:[^)\n]*)\)(?: \[Line (\d+)(?:, Column (\d+))?\])?\n\s*/.exec(rest);
    if (!m) break;
    if (m[1] !== undefined && line === undefined) {
      line = Number(m[1]);
      if (m[2] !== undefined) column = Number(m[2]);
    }
    rest = rest.slice(m[0].length);
  }
  rest = rest.replace(/^(?:Error|TypeError|RangeError|ReferenceError|WeirTemplateError): /, '');
  return { message: rest, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) };
}
