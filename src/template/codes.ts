/**
 * Diagnostic codes of the template stage (WEIR15xx). Codes are stable: never renumber, only add.
 * All are errors unless noted.
 */
export const TemplateCodes = {
  /** `${key}` names no key of `configuration` / `--conf`. */
  UNKNOWN_CONF_KEY: 'WEIR1501',
  /** A block tag (`{% if %}`, `{% for %}`, `{% macro %}` ...) is never closed. */
  UNCLOSED_BLOCK: 'WEIR1502',
  /** An end or middle tag with no matching opening tag (`{% endif %}` alone, `{% endfor %}` closing an `if`). */
  UNEXPECTED_END_TAG: 'WEIR1503',
  /** `{{`, `{%` or `{#` without its closing delimiter. */
  UNTERMINATED_TAG: 'WEIR1504',
  /** Any other nunjucks syntax error inside a tag. */
  TEMPLATE_SYNTAX: 'WEIR1505',
  /**
   * Any use of an undefined variable or attribute (output, `~`, arithmetic, filters, loops, calls' arguments,
   * `x.y` of an undefined `x`), like Jinja's StrictUndefined; `is defined`, `| default(...)` and truthiness
   * tests (`{% if x %}`) are allowed. Also a macro argument that was not passed and is used.
   */
  UNDEFINED_VARIABLE: 'WEIR1506',
  /** A call of a macro or function that does not exist. */
  UNKNOWN_MACRO: 'WEIR1507',
  /** `| f` where `f` is not a filter. */
  UNKNOWN_FILTER: 'WEIR1508',
  /** `var('x')` with no such var and no default. */
  VAR_MISSING: 'WEIR1509',
  /** `env_var('X')` with no such environment variable and no default. */
  ENV_VAR_MISSING: 'WEIR1510',
  /** `conf('k')` with no such configuration key and no default. */
  CONF_MISSING: 'WEIR1511',
  /** An error raised while running a macro (including `raise_error(...)`). */
  MACRO_ERROR: 'WEIR1512',
  /**
   * A macro file that fails to load: its top level (outside `{% macro %}`) fails when Weir runs it once,
   * e.g. an import of a missing file (reported once per template context); and each call of a macro of a
   * macro file that does not compile. Syntax errors in macro files get the codes transformation files get
   * (WEIR1502–WEIR1505), at their place in the macro file.
   */
  MACRO_FILE_ERROR: 'WEIR1513',
  /** warning: two project macro files define the same macro; the later file (by path) wins. */
  DUPLICATE_MACRO: 'WEIR1514',
  /** Any other error while rendering. */
  TEMPLATE_ERROR: 'WEIR1599',
} as const;

export type TemplateCode = (typeof TemplateCodes)[keyof typeof TemplateCodes];
