import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { TemplateCodes } from './codes.js';
import { TEMPLATE_AT, WeirTemplateError, type TemplateErrorAt } from './weir-template-error.js';

/**
 * Strict undefined, like Jinja's StrictUndefined: nunjucks' `throwOnUndefined` only checks what a
 * `{{ }}` outputs, so `'a' ~ undef`, `undef + 1`, `undef | upper`, `for x in undef` and `undef.x` rendered
 * `aundefined`, `NaN`, `` or nothing. Templates compiled here check every variable lookup and every
 * attribute lookup (`obj.key`, `obj['key']`) and throw a WeirTemplateError naming the variable and its
 * position — except where an undefined value is legitimately tested:
 * - `x is defined` / `is undefined` / `is none` and the other type tests (not the comparing ones),
 * - the arguments of the `default` / `d` filter,
 * - truthiness: the condition of `{% if %}` / `{% elif %}` / `a if c else b`, and the operands of `not`,
 *   `and`, `or` (like dbt's Jinja, and the built-in macros rely on it: `{% if not step %}`),
 * - the called name of a call (nunjucks reports an unknown macro better),
 * - an attribute lookup as the value of `{% set %}` (`{% set step = steps[k] %}{% if not step %}`).
 * `null` (`none`) is a defined value. Templates loaded through `{% include %}` / `{% import %}` keep
 * nunjucks' own behaviour.
 */


interface NjNode {
  readonly typename: string;
  readonly lineno: number;
  readonly colno: number;
  readonly fields: readonly string[];
  readonly children?: NjNode[];
  readonly value?: unknown;
  weirLenient?: boolean;
  [field: string]: unknown;
}

type Emitter = {
  _emit(code: string): void;
  _compileExpression(node: unknown, frame: unknown): void;
  _compileAggregate(node: unknown, frame: unknown, open: string, close: string): void;
  _getNodeName(node: unknown): string;
};
type CompilerClass = new (name: string, throwOnUndefined: boolean) => Emitter & {
  compile(node: unknown, frame?: unknown): void;
  getCode(): string;
  compileRoot(node: NjNode, frame: unknown): void;
  compileSymbol(node: NjNode, frame: unknown): void;
  compileLookupVal(node: NjNode, frame: unknown): void;
  compileFunCall(node: NjNode, frame: unknown): void;
};

const require = createRequire(import.meta.url);
const transformer = require('nunjucks/src/transformer') as { transform(ast: unknown, asyncFilters: unknown, name: string): unknown };
const nj = nunjucks as unknown as {
  compiler: { Compiler: CompilerClass };
  parser: { parse(src: string, extensions: unknown, opts: unknown): unknown };
};

/** The names the generated code calls; bound per template by `new Function`. */
const STRICT = '__weir_strict';
const CALL = '__weir_call';

/** `is` tests that look at the value without using it (Jinja's StrictUndefined lets these pass). */
const TYPE_TESTS = new Set([
  'defined', 'undefined', 'none', 'null', 'string', 'number', 'mapping', 'iterable', 'callable', 'boolean',
  'integer', 'float', 'escaped', 'truthy', 'falsy', 'true', 'false',
]);

/** Marks the Symbol / LookupVal nodes whose value may be undefined. */
function markLenient(node: unknown, lenient: boolean, inSet = false): void {
  if (!node || typeof node !== 'object') return;
  const n = node as NjNode;
  if (!Array.isArray(n.fields) && !Array.isArray(n.children)) return;
  const visit = (child: unknown, l = false): void => markLenient(child, l);
  switch (n.typename) {
    case 'Symbol':
      if (lenient) n.weirLenient = true;
      return;
    case 'LookupVal':
      if (lenient || inSet) n.weirLenient = true;
      visit(n.target);
      visit(n.val);
      return;
    case 'Group':
      for (const c of n.children ?? []) markLenient(c, lenient, inSet);
      return;
    case 'If':
    case 'IfAsync':
      visit(n.cond, true);
      visit(n.body);
      visit(n.else_);
      return;
    case 'InlineIf':
      visit(n.cond, true);
      markLenient(n.body, lenient, inSet);
      markLenient(n.else_, lenient, inSet);
      return;
    case 'Not':
      visit(n.target, true);
      return;
    case 'And':
    case 'Or':
      visit(n.left, true);
      visit(n.right, true);
      return;
    case 'Is': {
      const right = n.right as NjNode | null;
      // `is defined` (a Symbol), `is divisibleby(3)` (a call), `is none` / `is true` (literals).
      const test = right?.typename === 'Symbol' ? right.value
        : right?.typename === 'Literal' ? String(right.value) : (right?.name as NjNode | undefined)?.value;
      visit(n.left, typeof test === 'string' && TYPE_TESTS.has(test));
      if (right && right.typename !== 'Symbol') visit(right.args);
      return;
    }
    case 'Filter':
    case 'FilterAsync': {
      const name = (n.name as NjNode | undefined)?.value;
      const args = (n.args as NjNode | null)?.children ?? [];
      for (const a of args) visit(a, name === 'default' || name === 'd');
      return;
    }
    case 'FunCall':
      visit(n.name, true);
      visit(n.args);
      return;
    case 'Set':
      markLenient(n.value, false, true);
      visit(n.body);
      return;
    default:
      break;
  }
  // Aggregates (NodeList, Array, Dict, Output, Root ...) and every other node: children are used as values.
  if (Array.isArray(n.children)) for (const c of n.children) visit(c);
  if (Array.isArray(n.fields)) for (const f of n.fields) if (f !== 'children') visit(n[f]);
}

/** `a`, `a.b`, `a['k']`, `a[i]` for messages. */
function describe(node: NjNode | undefined): string {
  if (!node) return '…';
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename === 'LookupVal') {
    const val = node.val as NjNode;
    const target = describe(node.target as NjNode);
    if (val.typename === 'Literal' && typeof val.value === 'string') {
      return /^[A-Za-z_]\w*$/.test(val.value) ? `${target}.${val.value}` : `${target}[${JSON.stringify(val.value)}]`;
    }
    if (val.typename === 'Literal') return `${target}[${String(val.value)}]`;
    return `${target}[${describe(val)}]`;
  }
  if (node.typename === 'FunCall') return `${describe(node.name as NjNode)}(...)`;
  return '…';
}

/** The leftmost node of a lookup chain (`a` in `a.b[c]`): where the expression starts. */
function leftmost(node: NjNode): NjNode {
  let cur = node;
  while (cur.typename === 'LookupVal' || cur.typename === 'FunCall') cur = (cur.typename === 'LookupVal' ? cur.target : cur.name) as NjNode;
  return cur;
}

let StrictCompiler: CompilerClass | undefined;

function strictCompilerClass(): CompilerClass {
  if (StrictCompiler) return StrictCompiler;
  const Base = nj.compiler.Compiler;
  class Strict extends Base {
    override compileRoot(node: NjNode, frame: unknown): void {
      if (!frame) markLenient(node, false);
      super.compileRoot(node, frame);
    }
    override compileSymbol(node: NjNode, frame: unknown): void {
      if (node.weirLenient) return super.compileSymbol(node, frame);
      this._emit(`${STRICT}(`);
      super.compileSymbol(node, frame);
      this._emit(`, ${JSON.stringify(String(node.value))}, ${node.lineno}, ${node.colno})`);
    }
    override compileLookupVal(node: NjNode, frame: unknown): void {
      if (node.weirLenient) return super.compileLookupVal(node, frame);
      const at = leftmost(node);
      this._emit(`${STRICT}(`);
      super.compileLookupVal(node, frame);
      this._emit(`, ${JSON.stringify(describe(node))}, ${at.lineno}, ${at.colno})`);
    }
    /** nunjucks' compileFunCall with a call that records where a call of something not callable is. */
    override compileFunCall(node: NjNode, frame: unknown): void {
      const at = leftmost(node.name as NjNode);
      this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, ${CALL}(`);
      this._compileExpression(node.name, frame);
      this._emit(`, ${JSON.stringify(this._getNodeName(node.name))}, context, `);
      this._compileAggregate(node.args, frame, '[', ']');
      this._emit(`, ${at.lineno}, ${at.colno}))`);
    }
  }
  StrictCompiler = Strict as unknown as CompilerClass;
  return StrictCompiler;
}

/** An error a collecting render recorded, with the tag that was executing (`-1` when unknown). */
export interface CollectedError {
  readonly error: unknown;
  readonly tag: number;
}

/**
 * What a failed lookup or call yields while `collectErrors` runs: a non-empty string no SQL file contains
 * (a noncharacter), so a call that receives it, even concatenated into a larger string, is skipped — a
 * macro given the '' of a missing var would otherwise report a second, misleading error.
 */
const FAILED_VALUE = '\u{10FFFF}';

/** While `collectErrors` runs for a file: its undefined lookups and failing calls are recorded, not thrown. */
let collecting: { readonly file: string; readonly found: CollectedError[]; readonly tag: () => number } | undefined;

function record(error: unknown, key?: TemplateErrorAt): void {
  const c = collecting!;
  // `undef.x` starts where `undef` does: one report per place (loops repeat places too).
  const same = (k: TemplateErrorAt | undefined): boolean => !!k && !!key && k.template === key.template && k.line === key.line && k.column === key.column;
  if (key && c.found.some((f) => same(f.error instanceof WeirTemplateError ? f.error.at : undefined))) return;
  c.found.push({ error, tag: c.tag() });
}

/** Whether a call argument carries a value that already failed (strings, lists and keyword arguments). */
function carriesFailure(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes(FAILED_VALUE);
  if (depth > 2 || typeof v !== 'object' || v === null) return false;
  const items = Array.isArray(v) ? v : Object.values(v);
  return items.some((x) => carriesFailure(x, depth + 1));
}

/** The checker the compiled code of the template at `path` calls around each strict lookup. */
function strictFor(path: string): (value: unknown, name: string, lineno: number, colno: number) => unknown {
  return (value, name, lineno, colno) => {
    if (value !== undefined) return value;
    const at: TemplateErrorAt = { template: path, line: lineno + 1, column: colno + 1 };
    const what = /^[A-Za-z_]\w*$/.test(name) ? `undefined variable \`${name}\`` : `\`${name}\` is undefined`;
    const e = new WeirTemplateError(TemplateCodes.UNDEFINED_VARIABLE, what, 'undefined', name, undefined, at);
    // Inside a macro file the error goes up to the file's call of the macro, which records it with its origin.
    if (collecting?.file !== path) throw e;
    record(e, at);
    return FAILED_VALUE;
  };
}

/** nunjucks' runtime.callWrap, with the place of the call on its errors. */
function callFor(path: string): (fn: unknown, name: string, context: unknown, args: unknown[], lineno: number, colno: number) => unknown {
  const call = (fn: unknown, name: string, context: unknown, args: unknown[], lineno: number, colno: number): unknown => {
    if (typeof fn === 'function') return (fn as (...a: unknown[]) => unknown).apply(context, args);
    const e = new Error(`Unable to call \`${name}\`, which is ${fn ? 'not a function' : 'undefined or falsey'}`);
    Object.defineProperty(e, TEMPLATE_AT, { value: { template: path, line: lineno + 1, column: colno + 1 }, enumerable: false });
    throw e;
  };
  return (fn, name, context, args, lineno, colno) => {
    // Only the file's own calls are collected: an error inside a macro ends that macro's call.
    if (collecting?.file !== path) return call(fn, name, context, args, lineno, colno);
    if (carriesFailure(args)) return FAILED_VALUE;
    try {
      return call(fn, name, context, args, lineno, colno);
    } catch (e) {
      record(e);
      return FAILED_VALUE;
    }
  };
}

/**
 * Runs `render` (of the template at `file`) with the file's undefined lookups and failing calls (`var`,
 * `env_var`, `conf`, macros) recorded instead of thrown, each reading as a failed value, so one pass
 * reports every problem of the file. `tag` says which tag is executing (a tracking render's `__weir_at`).
 * An error that still ends the render (a filter failing, say) is kept only when nothing was recorded
 * before it, since it may follow from a failed value — except an unknown filter, which never does.
 */
export function collectErrors(file: string, tag: () => number, render: () => unknown): CollectedError[] {
  const found: CollectedError[] = [];
  const outer = collecting;
  collecting = { file, found, tag };
  try {
    render();
  } catch (e) {
    if (found.length === 0 || /filter not found/.test(e instanceof Error ? e.message : String(e))) found.push({ error: e, tag: tag() });
  } finally {
    collecting = outer;
  }
  return found;
}

interface TemplateInternals {
  tmplStr: string;
  path: string;
  env: nunjucks.Environment & { asyncFilters: unknown; extensionsList: unknown; opts: unknown };
  blocks: unknown;
  rootRenderFunc: unknown;
  compiled: boolean;
  _getBlocks(props: unknown): unknown;
}

/** A nunjucks Template compiled with strict lookups (same constructor, same errors, same output). */
export class StrictTemplate extends nunjucks.Template {
  /** Replaces nunjucks' Template._compile (called from the constructor when eagerCompile is set). */
  _compile(this: StrictTemplate & TemplateInternals): void {
    const Compiler = strictCompilerClass();
    const c = new Compiler(this.path, true);
    const ast = nj.parser.parse(this.tmplStr, this.env.extensionsList, this.env.opts);
    c.compile(transformer.transform(ast, this.env.asyncFilters, this.path));
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const props = new Function(STRICT, CALL, c.getCode())(strictFor(this.path), callFor(this.path)) as { root: unknown };
    this.blocks = this._getBlocks(props);
    this.rootRenderFunc = props.root;
    this.compiled = true;
  }
}
