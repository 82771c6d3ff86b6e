import type { Token } from '../model/token.js';

/**
 * The syntax of Databricks' JSON paths, shared by the `col:path` operator (json-path.ts), select-item naming
 * and the JSONPath strings of get_json_object / variant_get.
 */

export function isName(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'ident' || t.kind === 'quoted-ident');
}

/** A JSON path after `:`, from token `at`: DuckDB's JSONPath text, whether it has `[*]`, and its last token. */
export function readJsonPath(tk: readonly Token[], at: number, hi: number): { text: string; wildcard: boolean; last: number; lastField?: string } | undefined {
  let text = '$';
  let lastField: string | undefined;
  let wildcard = false;
  let j = at;
  let first = true;
  for (;;) {
    const t = tk[j];
    if (j < hi && (first ? isName(t) : t.kind === 'op' && t.text === '.' && isName(tk[j + 1]))) {
      const name = first ? t : tk[j + 1];
      lastField = name.kind === 'quoted-ident' ? name.value : name.text;
      text += field(lastField);
      j += first ? 1 : 2;
    } else if (j + 2 < hi && t.kind === 'op' && t.text === '[' && tk[j + 2].text === ']') {
      const k = tk[j + 1];
      if (k.kind === 'string') { lastField = k.value; text += field(k.value); }
      else if (k.kind === 'number' && /^\d+$/.test(k.text)) text += `[${k.text}]`;
      else if (k.kind === 'op' && k.text === '*') { text += '[*]'; wildcard = true; }
      else break;
      j += 3;
    } else break;
    first = false;
  }
  return j === at ? undefined : { text, wildcard, last: j - 1, ...(lastField !== undefined ? { lastField } : {}) };
}

/**
 * A Spark JSONPath string (`$.a[0]['b c'].d`, `$.items[*].n`, get_json_object / variant_get) as DuckDB's, whose
 * brackets take only indexes and `*` (a quoted key is `."b c"`); undefined when it is not one Weir can read.
 */
export function duckdbJsonPath(path: string): string | undefined {
  const p = path.trim();
  if (!p.startsWith('$')) return undefined;
  let out = '$';
  let i = 1;
  while (i < p.length) {
    const rest = p.slice(i);
    const m = /^\.([A-Za-z_][A-Za-z0-9_]*|\*)/.exec(rest) ?? /^\[\s*(\d+|\*)\s*\]/.exec(rest) ?? /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(rest) ?? /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest);
    if (!m) return undefined;
    if (rest.startsWith('.')) out += m[1] === '*' ? '.*' : field(m[1]);
    else if (/^\d+$|^\*$/.test(m[1]) && !/^\[\s*['"]/.test(rest)) out += `[${m[1]}]`;
    else out += field(m[1].replace(/\\(.)/g, '$1'));
    i += m[0].length;
  }
  return out;
}

/** One field step of a DuckDB JSONPath: `.name`, or `."a b"` for a name with other characters. */
function field(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `."${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

