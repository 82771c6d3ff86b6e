import { error, type Diagnostic } from '../model/diagnostic.js';
import { toSourceRange, type SourceMap, type SourceMapSegment } from '../model/source-map.js';
import { didYouMean } from '../util/did-you-mean.js';
import { TemplateCodes } from './codes.js';
import { composeSourceMaps } from './compose-source-maps.js';

/** Databricks' `${key}`: keys of letters, digits, `_`, `-` and `.` (SEMANTICS §1). */
const CONF_REF = /\$\{([A-Za-z0-9_.-]+)\}/g;

/**
 * Replaces every `${key}` in rendered text with its `configuration` value (after nunjucks, so macros may
 * produce `${key}` too). The substituted value maps to the `${key}` that produced it; an unknown key is an
 * error at its exact position in the user's file and is left in place.
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
  CONF_REF.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONF_REF.exec(text))) {
    const key = m[1];
    const start = m.index;
    const end = start + m[0].length;
    if (!Object.prototype.hasOwnProperty.call(configuration, key)) {
      const r = toSourceRange(map, start, end);
      const near = didYouMean(key, Object.keys(configuration));
      diagnostics.push(error(TemplateCodes.UNKNOWN_CONF_KEY, `unknown configuration key \`\${${key}}\``, { file, start: r.start, end: r.end }, {
        hint: near ? `did you mean \${${near}}?` : `define \`${key}\` under \`configuration:\` in the project spec, or pass --conf ${key}=<value>`,
      }));
      continue;
    }
    copy(last, start);
    const value = configuration[key];
    if (value.length > 0) outer.push({ rendered: len, length: value.length, source: start, sourceLength: end - start, exact: false });
    parts.push(value);
    len += value.length;
    last = end;
  }
  if (last === 0 && diagnostics.length > 0 && parts.length === 0) return { text, map, diagnostics };
  copy(last, text.length);
  return { text: parts.join(''), map: composeSourceMaps({ segments: outer }, map), diagnostics };
}
