import type { Token } from '../model/token.js';
import { quoteIdent, quoteString } from '../model/relations.js';
import { columnItemName } from './select-item.js';
import { isName, readJsonPath } from './json-path-syntax.js';
import type { AheadRule } from './ahead-rule.js';
import { generated, type Piece } from './pieces.js';

/**
 * Databricks' JSON path operator on a STRING column, `raw:store.fruit[0].type` (a STRING; `raw:a.b::int` casts
 * it): DuckDB's `json_extract_string(raw, '$.store.fruit[0].type')` gives the same text for a scalar (unquoted), an
 * object or an array (JSON text), and NULL for a missing field or a JSON null; `try(...)` makes text that is not
 * JSON NULL, as in Databricks. `[*]` collects every element's value into a JSON array's text.
 * Difference (documented): a dotted field name matches its case exactly (Databricks ignores case there).
 */
export const JSON_PATH: AheadRule = {
  gate: /(^|[^:]):(?!:)/,
  at(cx, i, hi, rewrite) {
    const tk = cx.tokens;
    if (!isName(tk[i]) || tk[i - 1]?.text === '.') return undefined;
    let j = i;
    while (tk[j + 1]?.kind === 'op' && tk[j + 1].text === '.' && isName(tk[j + 2])) j += 2;
    const colon = j + 1;
    if (colon >= hi || tk[colon].kind !== 'op' || tk[colon].text !== ':' || inTypeBrackets(tk, i)) return undefined;
    const path = readJsonPath(tk, colon + 1, hi);
    if (!path) return undefined;
    const gen = (text: string): Piece => generated(text, tk[i].start, tk[path.last].end);
    const operand = rewrite(cx, i, j + 1);
    const lit = quoteString(path.text);
    const pieces = path.wildcard
      ? [gen('try(CAST(to_json(json_extract('), ...operand, gen(`, ${lit})) AS VARCHAR))`)]
      : [gen('try(json_extract_string('), ...operand, gen(`, ${lit}))`)];
    // Unaliased, the item is named after the path's last field (`SELECT raw:owner` is `owner`), as in Databricks.
    const named = columnItemName(tk, i, i, path.last + 1, path.last);
    if (named !== undefined) pieces.push(generated(` AS ${quoteIdent(named)}`, tk[path.last].start, tk[path.last].end));
    return { pieces, end: path.last + 1 };
  },
};

/** Token i is inside a type's angle brackets (`STRUCT<a: INT>`), where `a:` names a field, not a JSON path. */
function inTypeBrackets(tk: readonly Token[], i: number): boolean {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tk[j];
    if (t.kind !== 'op') continue;
    if (t.text === '>') depth++;
    else if (t.text === '<') {
      if (depth === 0) return tk[j - 1]?.kind === 'ident' && ['STRUCT', 'ARRAY', 'MAP'].includes(tk[j - 1].upper);
      depth--;
    } else if (t.text === '(' || t.text === ')' || t.text === ';') return false;
  }
  return false;
}
