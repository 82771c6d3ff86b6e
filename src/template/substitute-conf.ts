import { error, warning, type Diagnostic } from '../model/diagnostic.js';
import { toSourceRange, type SourceMap, type SourceMapSegment } from '../model/source-map.js';
import { didYouMean } from '../util/did-you-mean.js';
import { TemplateCodes } from './codes.js';
import { composeSourceMaps } from './compose-source-maps.js';

/** Databricks' `${key}`: keys of letters, digits, `_`, `-` and `.` (SEMANTICS §1). */
const CONF_REF = /\$\{([A-Za-z0-9_.-]+)\}/g;

/**
 * Replaces every `${key}` in rendered text with its `configuration` value (after nunjucks, so macros may
 * produce `${key}` too). The substituted value maps to the `${key}` that produced it. An unknown key is an
 * error at its exact position in the user's file; it is left as written inside a string, a back-quoted name
 * or a comment, and elsewhere replaced by a placeholder that keeps the SQL parseable (`unknownKeyPlaceholder`),
 * so the file is still parsed and its other problems are reported in the same pass.
 */
export function substituteConf(
  file: string,
  text: string,
  map: SourceMap,
  configuration: Readonly<Record<string, string>>,
): { text: string; map: SourceMap; diagnostics: Diagnostic[] } {
  if (!text.includes('${')) return { text, map, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const parts: string[] = [];
  const outer: SourceMapSegment[] = [];
  let last = 0;
  let len = 0;
  const copy = (a: number, b: number): void => {
    if (b <= a) return;
    outer.push({ rendered: len, length: b - a, source: a, sourceLength: b - a, exact: true });
    parts.push(text.slice(a, b));
    len += b - a;
  };
  let context: ((offset: number) => SqlContext) | undefined;
  CONF_REF.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONF_REF.exec(text))) {
    const key = m[1];
    const start = m.index;
    const end = start + m[0].length;
    let value: string;
    let from = start;
    if (!Object.prototype.hasOwnProperty.call(configuration, key)) {
      const r = toSourceRange(map, start, end);
      const near = didYouMean(key, Object.keys(configuration));
      context ??= sqlContextScanner(text);
      const where = context(start);
      // In a comment the key never reaches a query (Spark leaves unknown keys as written): a warning, not an error.
      const report = where === 'comment' ? warning : error;
      diagnostics.push(report(TemplateCodes.UNKNOWN_CONF_KEY,
        `unknown configuration key \`\${${key}}\`${where === 'comment' ? ' in a comment (left as written)' : ''}`, { file, start: r.start, end: r.end }, {
          hint: near ? `did you mean \${${near}}?` : `define \`${key}\` under \`configuration:\` in the project spec, or pass --conf ${key}=<value>`,
        }));
      if (where !== 'code') continue;
      value = unknownKeyPlaceholder(text, start, end, key);
      // `LIVE.${t}` would be a reference to no dataset (a second error): without `LIVE.` the name resolves to
      // a dataset when one has it, else to an external table, which compiling does not check.
      const live = liveQualifier(text, last, start);
      if (live !== undefined) {
        copy(last, live);
        last = live + 'LIVE.'.length;
        if (last === start) from = live;
      }
    } else {
      value = configuration[key];
    }
    copy(last, start);
    if (value.length > 0) outer.push({ rendered: len, length: value.length, source: from, sourceLength: end - from, exact: false });
    parts.push(value);
    len += value.length;
    last = end;
  }
  if (last === 0 && diagnostics.length > 0 && parts.length === 0) return { text, map, diagnostics };
  copy(last, text.length);
  return { text: parts.join(''), map: composeSourceMaps({ segments: outer }, map), diagnostics };
}

/**
 * What stands in for an unknown `${key}` in SQL code: the back-quoted name `` `${key}` `` (a name wherever
 * a name may stand: `FROM ${t}`, `${catalog}.sales.orders`, `LIVE.${t}`), or, when the key is glued to a word
 * (`orders_${env}`), the key itself as letters, digits and `_`, so the word stays one name. Definitions and
 * references of the same templated name get the same placeholder, so they still match.
 */
function unknownKeyPlaceholder(text: string, start: number, end: number, key: string): string {
  const word = /[A-Za-z0-9_]/;
  const glued = (start > 0 && word.test(text[start - 1])) || (end < text.length && word.test(text[end]));
  return glued ? key.replace(/[^A-Za-z0-9_]/g, '_') : `\`\${${key}}\``;
}

/** Offset of a `LIVE.` (any case, not itself qualified) right before the name that ends at `start`, within [from, start). */
function liveQualifier(text: string, from: number, start: number): number | undefined {
  let w = start;
  while (w > from && /[A-Za-z0-9_]/.test(text[w - 1])) w--;
  const at = w - 'LIVE.'.length;
  if (at < from || text.slice(at, w).toUpperCase() !== 'LIVE.') return undefined;
  return at > 0 && /[\w.`]/.test(text[at - 1]) ? undefined : at;
}

type SqlContext = 'code' | 'string' | 'quoted-name' | 'comment';

/**
 * Classifies offsets of SQL text (strings '...' and "..." with backslash escapes, back-quoted names,
 * `--` and block comments); queries must come in ascending order (one forward scan).
 */
function sqlContextScanner(text: string): (offset: number) => SqlContext {
  let i = 0;
  let state: SqlContext = 'code';
  let close = '';
  return (offset) => {
    while (i < offset) {
      const c = text[i];
      if (state === 'code') {
        if (c === "'" || c === '"') [state, close] = ['string', c];
        else if (c === '`') [state, close] = ['quoted-name', c];
        else if (c === '-' && text[i + 1] === '-') [state, close, i] = ['comment', '\n', i + 1];
        else if (c === '/' && text[i + 1] === '*') [state, close, i] = ['comment', '*/', i + 1];
      } else if (state === 'string' && c === '\\') {
        i++;
      } else if (text.startsWith(close, i)) {
        i += close.length - 1;
        state = 'code';
      }
      i++;
    }
    return state;
  };
}
