import { TemplateCodes } from './codes.js';
import { WeirTemplateError } from './weir-template-error.js';

/**
 * Argument checks of the built-in macros (repo-root `macros/`). nunjucks passes whatever it is given, and
 * the macros then render nonsense (`surrogate_key(42)` → the same key for every row, `pivot('s', 'abc')` →
 * one column per character) or fail with a JavaScript message (`star_except(7)` → "arr.join is not a
 * function"). Each built-in's parameters are listed here with what they accept; the macro wrapper checks a
 * call before the macro runs, so only calls pay for it. A project macro that replaces a built-in is not
 * checked (its arguments may mean something else). A parameter not passed is left to the macro, which
 * reports it as "argument was not passed" (WEIR1506) at its use.
 */

/** What a parameter accepts. `optional`: `none` is allowed too (the parameter's default is none). */
interface Param {
  readonly name: string;
  readonly kind: Kind;
  readonly optional?: boolean;
  /** For `names`: what one name is (`column`, `relation`). */
  readonly noun?: 'column' | 'relation';
  /** Overrides the kind's description and example in messages. */
  readonly what?: string;
  readonly example?: string;
}

type Kind = 'sql' | 'sql-or-number' | 'names' | 'values' | 'function' | 'text' | 'scale' | 'interval';

const INTERVALS = ['day', 'week', 'month', 'quarter', 'year', 'hour', 'minute'];

/** The parameters of every built-in macro, in signature order (a test compares them with the macro files). */
export const BUILTIN_MACRO_PARAMS: Readonly<Record<string, readonly Param[]>> = {
  cents_to_dollars: [{ name: 'column', kind: 'sql-or-number' }, { name: 'scale', kind: 'scale' }],
  date_spine: [
    { name: 'start_date', kind: 'sql', what: 'a SQL date or timestamp expression as a non-empty string', example: `"DATE'2024-01-01'"` },
    { name: 'end_date', kind: 'sql', what: 'a SQL date or timestamp expression as a non-empty string', example: "'current_date()'" },
    { name: 'interval', kind: 'interval' },
  ],
  dedupe_latest: [
    { name: 'relation', kind: 'sql', what: 'a relation as a non-empty string', example: "'LIVE.customers_raw'" },
    { name: 'keys', kind: 'names', noun: 'column' },
    { name: 'order_by', kind: 'names', noun: 'column' },
  ],
  pivot: [
    { name: 'column', kind: 'sql', example: "'status'" },
    { name: 'values', kind: 'values' },
    { name: 'agg', kind: 'function' },
    { name: 'value_column', kind: 'sql', optional: true, what: 'none or a SQL expression as a non-empty string' },
    { name: 'prefix', kind: 'text' },
    { name: 'suffix', kind: 'text' },
  ],
  safe_divide: [{ name: 'numerator', kind: 'sql-or-number' }, { name: 'denominator', kind: 'sql-or-number' }],
  star_except: [{ name: 'columns', kind: 'names', noun: 'column' }],
  surrogate_key: [{ name: 'columns', kind: 'names', noun: 'column' }],
  union_datasets: [
    { name: 'relations', kind: 'names', noun: 'relation' },
    { name: 'columns', kind: 'names', noun: 'column', optional: true },
    { name: 'source_column', kind: 'sql', optional: true, what: 'none or a column name as a non-empty string', example: "'_source'" },
  ],
};

/** What each kind expects, for messages, and an example for the hint. */
const EXPECTS: Record<Kind, { what: string; example: string }> = {
  sql: { what: 'a SQL expression as a non-empty string', example: "'amount'" },
  'sql-or-number': { what: 'a SQL expression as a non-empty string, or a number', example: "'amount'" },
  names: { what: 'a non-empty string or a non-empty list of non-empty strings', example: "['a', 'b']" },
  values: { what: 'a non-empty list of strings, numbers or booleans', example: "['open', 'shipped']" },
  function: { what: 'the name of an aggregate function', example: "'sum'" },
  text: { what: 'a string or a number', example: "'x_'" },
  scale: { what: 'a whole number from 0 to 16 (the scale of DECIMAL(16, scale))', example: '2' },
  interval: { what: `one of ${INTERVALS.join(', ')}`, example: "'month'" },
};

const NAMES = {
  column: { what: 'a column (a string) or a non-empty list of columns', example: "['order_id', 'line_no']" },
  relation: { what: 'a relation (a string) or a non-empty list of relations', example: "['LIVE.orders_eu', 'LIVE.orders_us']" },
};

/**
 * Throws a WeirTemplateError (WEIR1512, `fn` 'macro_args', `key` the macro) for the first argument of a
 * call of built-in `macro` that does not fit; does nothing for a macro without a spec.
 */
export function checkBuiltinMacroArgs(macro: string, args: readonly unknown[]): void {
  const params = BUILTIN_MACRO_PARAMS[macro];
  if (!params) return;
  const last = args[args.length - 1];
  const kwargs = isKeywords(last) ? last : undefined;
  const positional = kwargs ? args.slice(0, -1) : args;
  const signature = `${macro}(${params.map((p) => p.name).join(', ')})`;
  if (positional.length > params.length) {
    // nunjucks drops extra positional arguments silently.
    fail(macro, `\`${macro}\` takes at most ${params.length} argument${params.length === 1 ? '' : 's'}, got ${positional.length}`,
      `the arguments are ${signature}`);
  }
  const values = new Map<string, unknown>();
  positional.forEach((v, i) => values.set(params[i].name, v));
  for (const [key, v] of Object.entries(kwargs ?? {})) {
    if (key === '__keywords' || key === 'caller') continue;
    if (!params.some((p) => p.name === key)) {
      // nunjucks ignores an unknown keyword argument: a typo (`value_col=`) would silently change the output.
      const near = params.find((p) => p.name.startsWith(key) || key.startsWith(p.name));
      fail(macro, `\`${macro}\` has no argument \`${key}\``, near ? `did you mean \`${near.name}=\`? The arguments are ${signature}` : `the arguments are ${signature}`);
    }
    if (values.has(key)) fail(macro, `argument \`${key}\` of \`${macro}\` is given twice (by position and by name)`, `the arguments are ${signature}`);
    values.set(key, v);
  }
  for (const p of params) {
    if (!values.has(p.name)) continue;
    const v = values.get(p.name);
    // Not passed (undefined) is the macro's business: a default applies, or it reports the missing argument.
    if (v === undefined || (v === null && p.optional)) continue;
    const problem = checkKind(p.kind, v);
    if (problem === undefined) continue;
    const expects = p.noun ? NAMES[p.noun] : EXPECTS[p.kind];
    fail(macro, `argument \`${p.name}\` of \`${macro}\` must be ${p.what ?? expects.what}; ${problem}`,
      `the arguments are ${signature}; \`${p.name}\` is for example ${p.example ?? expects.example}`);
  }
}

/** Why `v` does not fit `kind` ("got the number 42"), or undefined when it fits. */
function checkKind(kind: Kind, v: unknown): string | undefined {
  const got = `got ${describeValue(v)}`;
  switch (kind) {
    case 'sql':
      return typeof v === 'string' && v.trim() !== '' ? undefined : got;
    case 'sql-or-number':
      return (typeof v === 'string' && v.trim() !== '') || isFiniteNumber(v) ? undefined : got;
    case 'names':
      if (typeof v === 'string') return v.trim() !== '' ? undefined : got;
      if (!Array.isArray(v)) return got;
      if (v.length === 0) return 'got an empty list';
      for (const [i, x] of v.entries()) if (typeof x !== 'string' || x.trim() === '') return `item ${i + 1} is ${describeValue(x)}`;
      return undefined;
    case 'values':
      if (!Array.isArray(v)) return got;
      if (v.length === 0) return 'got an empty list';
      for (const [i, x] of v.entries()) if (typeof x !== 'string' && typeof x !== 'boolean' && !isFiniteNumber(x)) return `item ${i + 1} is ${describeValue(x)}`;
      return undefined;
    case 'function':
      return typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_.]*$/.test(v) ? undefined : got;
    case 'text':
      return typeof v === 'string' || isFiniteNumber(v) ? undefined : got;
    case 'scale': {
      const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 16 ? undefined : got;
    }
    case 'interval':
      return typeof v === 'string' && INTERVALS.includes(v.toLowerCase()) ? undefined : got;
  }
}

function isFiniteNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

function isKeywords(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && (v as { __keywords?: unknown }).__keywords === true;
}

/** A value as a user would write it in a template ("the string 'ab'", "a list", "none"). */
function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return v.trim() === '' ? `an empty string` : `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v).replace(/^"|"$/g, "'")}`;
  if (typeof v === 'number') return `the number ${String(v)}`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'function') return 'a macro or function';
  return 'a mapping';
}

function fail(macro: string, message: string, hint: string): never {
  throw new WeirTemplateError(TemplateCodes.MACRO_ERROR, message, 'macro_args', macro, hint);
}
