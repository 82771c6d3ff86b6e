import { isArrayExpression, isMapExpression } from '../collection-syntax.js';
import type { Call, Part, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { formatString } from './format-string.js';
import { sparkStringCall } from '../spark-casts.js';
import { javaRegexToRe2, re2Refusal } from '../java-regex.js';
import { duckdbJsonPath } from '../json-path-syntax.js';
import { quoteString } from '../../model/relations.js';

/**
 * String functions. Spark strings are 1-based like DuckDB's, but Spark's substring treats a start of 0 as 1
 * (DuckDB: 0 is before the first character), and Spark's regex functions are Java regexes with
 * find-anywhere semantics (DuckDB: RE2, regexp_matches also finds anywhere). concat propagates NULL in Spark
 * (DuckDB's concat skips NULLs, its || propagates them).
 */
function substring(c: Call, t: RuleTools): Piece[] {
  const pos = t.intArg(1);
  const start: Part = pos !== undefined && pos !== 0 ? c.args[1] : pos === 0 ? '1' : ['CASE WHEN (', c.args[1], ') = 0 THEN 1 ELSE ', c.args[1], ' END'];
  if (c.args.length === 2) return t.out('substring(', c.args[0], ', ', start, ')');
  // A negative length is an empty string in Spark; DuckDB would count backwards.
  const len = t.intArg(2);
  const length: Part = len !== undefined && len >= 0 ? c.args[2] : ['greatest(', c.args[2], ', 0)'];
  return t.out('substring(', c.args[0], ', ', start, ', ', length, ')');
}

/**
 * Argument i of a regex function as RE2 (java-regex.ts): the translated argument, a rewritten constant pattern,
 * or the failure (an error at the pattern) the rule returns.
 */
function pattern(c: Call, t: RuleTools, i: number): { part: Part } | { failed: Piece[] } {
  const literal = t.stringArg(i);
  if (literal === undefined) return { part: c.args[i] };
  const re2 = javaRegexToRe2(literal);
  if ('error' in re2) {
    const r = re2Refusal(c.name, re2.error);
    return { failed: t.fail('WEIR4005', r.message, r.hint, t.argRange(i)) };
  }
  return { part: re2.pattern === literal ? c.args[i] : `'${re2.pattern.replace(/'/g, "''")}'` };
}

/** A regex rule whose pattern is argument 1: `build` gets the pattern as RE2. */
function withPattern(build: (c: Call, t: RuleTools, p: Part) => Piece[]) {
  return (c: Call, t: RuleTools): Piece[] => {
    const p = pattern(c, t, 1);
    return 'failed' in p ? p.failed : build(c, t, p.part);
  };
}

/** Java replacement `$1` → RE2 `\1`; only literal replacements can be translated. */
function regexpReplace(c: Call, t: RuleTools): Piece[] {
  if (c.args.length === 4) return t.fail('WEIR4005', 'regexp_replace with a position argument is not supported', 'apply substring first');
  const rep = t.stringArg(2);
  if (rep === undefined) {
    return t.fail('WEIR4003', 'regexp_replace: the replacement must be a string literal (Java `$1` group references are translated)', undefined, t.argRange(2));
  }
  const re2 = rep.replace(/\\\$/g, '\u0000').replace(/\$(\d)/g, '\\$1').replace(/\u0000/g, '$');
  const p = pattern(c, t, 1);
  if ('failed' in p) return p.failed;
  return t.out('regexp_replace(', c.args[0], ', ', p.part, `, '${re2.replace(/'/g, "''")}', 'g')`);
}

function split(c: Call, t: RuleTools): Piece[] {
  if (c.args.length === 3) {
    const lim = t.intArg(2);
    if (lim === undefined || lim > 0) {
      return t.fail('WEIR4005', 'split with a positive limit has no DuckDB equivalent', 'drop the limit (or use -1)', t.argRange(2));
    }
  }
  const p = pattern(c, t, 1);
  if ('failed' in p) return p.failed;
  return t.out('regexp_split_to_array(', c.args[0], ', ', p.part, ')');
}

/** lpad / rpad: Spark pads with ' ' by default, and an empty pad truncates to the length (DuckDB errors). */
function pad(fn: 'lpad' | 'rpad') {
  return (c: Call, t: RuleTools): Piece[] => {
    if (c.args.length === 2) return t.out(`${fn}(`, t.list(), ", ' ')");
    const p = t.stringArg(2);
    if (p !== undefined && p !== '') return t.out(`${fn}(`, t.list(), ')');
    return t.out("CASE WHEN (", c.args[2], ") = '' THEN left(", c.args[0], ', greatest(', c.args[1], `, 0)) ELSE ${fn}(`, t.list(), ') END');
  };
}

/** left / right with a negative length are '' in Spark (DuckDB counts from the other end). */
function side(fn: 'left' | 'right') {
  return (c: Call, t: RuleTools): Piece[] => {
    const n = t.intArg(1);
    if (n !== undefined && n >= 0) return t.out(`${fn}(`, t.list(), ')');
    return t.out(`${fn}(`, c.args[0], ', CASE WHEN (', c.args[1], ') < 0 THEN 0 ELSE ', c.args[1], ' END)');
  };
}

/**
 * Spark's to_json leaves out struct fields whose value is NULL; DuckDB writes them as null. The `"key":null`
 * members are removed from DuckDB's compact JSON text with a regex that consumes every string literal whole (so
 * text inside strings is never touched), then a `{,` left by a removed first member is repaired. A MAP's NULL
 * values (kept by Spark) are removed too unless the argument is visibly a map.
 */
const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
function toJson(c: Call, t: RuleTools): Piece[] {
  if (isMapExpression(c.argTokens[0])) return t.out('to_json(', c.args[0], ')');
  return t.out(`regexp_replace(regexp_replace(to_json(`, c.args[0], `), ',?${JSON_STRING}:null|(${JSON_STRING})', '\\1', 'g'), `,
    `'(\\{),|(${JSON_STRING})', '\\1\\2', 'g')`);
}

/**
 * concat_ws flattens array arguments (skipping NULL elements) in Spark; DuckDB prints a list as '[a, b]'. When
 * an argument is visibly an array (array(...), collect_list(...), split(...), ...), every argument becomes a
 * list and the concatenation is joined once; otherwise DuckDB's concat_ws (scalars only) is used.
 */
function concatWs(c: Call, t: RuleTools): Piece[] {
  const arrays = c.argTokens.map((toks, i) => i > 0 && isArrayExpression(toks));
  if (!arrays.some(Boolean)) return t.out('concat_ws(', t.list(), ')');
  const lists: Part[] = c.args.slice(1).map((a, k) => [k ? ', ' : '', arrays[k + 1] ? ['CAST(', a, ' AS VARCHAR[])'] : ['[CAST(', a, ' AS VARCHAR)]']]);
  const join: Part[] = ['array_to_string(list_concat(', lists, '), ', c.args[0], ')'];
  // array_to_string with a NULL separator joins with ','; Spark gives NULL.
  return t.stringArg(0) !== undefined ? t.out(join) : t.out('CASE WHEN (', c.args[0], ') IS NULL THEN NULL ELSE ', join, ' END');
}

/**
 * ltrim / rtrim / trim with two arguments take the characters FIRST in Spark (`ltrim(trimStr, str)`), DuckDB
 * takes them second. `trim(BOTH 'x' FROM s)` is one argument, as DuckDB writes it too.
 */
function trimChars(fn: 'ltrim' | 'rtrim' | 'trim') {
  return (c: Call, t: RuleTools): Piece[] => (c.args.length === 1 ? t.out(`${fn}(`, c.args[0], ')') : t.out(`${fn}(`, c.args[1], ', ', c.args[0], ')'));
}

/** chr(n): '' for n < 0, else the character n modulo 256 (Spark; DuckDB takes any code point, fails below 0). */
function chr(c: Call, t: RuleTools): Piece[] {
  return t.out('CASE WHEN (', c.args[0], ") < 0 THEN '' ELSE chr(CAST(_weir.spark_long(", c.args[0], ') % 256 AS INTEGER)) END');
}

/**
 * Spark's concat: NULL if any argument is NULL (DuckDB's `||` too). Concatenating strings casts the other
 * arguments as CAST(x AS STRING) does (a DOUBLE `1.0E10`, BINARY decoded): when an argument is a string literal
 * the others go through Weir's cast (spark-casts.ts); otherwise they may be arrays, which `||` concatenates.
 */
function concat(c: Call, t: RuleTools): Piece[] {
  const literal = (k: number): boolean => c.argTokens[k].length === 1 && c.argTokens[k][0].kind === 'string';
  const str = (k: number): Part => { const [open, close] = sparkStringCall(c.argTokens[k]); return [open, c.args[k], close]; };
  if (c.args.length === 1) return t.out(literal(0) ? ['CAST(', c.args[0], ' AS VARCHAR)'] : str(0));
  const strings = c.args.some((_, k) => literal(k));
  const arg = (k: number): Part => (strings && !literal(k) ? str(k) : c.args[k]);
  return t.out('(', c.args.flatMap((_, k) => (k ? [' || ', arg(k)] : [arg(k)])), ')');
}

/** locate(substr, str[, pos]) and position(...): the 1-based position, 0 when absent. */
function locate(c: Call, t: RuleTools): Piece[] {
  return c.args.length === 2 ? t.out('instr(', c.args[1], ', ', c.args[0], ')')
    : t.out('CASE WHEN (', c.args[2], ') < 1 THEN 0 ELSE coalesce(nullif(instr(substring(', c.args[1], ', ', c.args[2], '), ', c.args[0],
      '), 0) + (', c.args[2], ') - 1, 0) END');
}

export const STRING_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  substring: rule(2, 3, substring),
  substr: rule(2, 3, substring),
  concat: rule(1, 999, concat),
  ltrim: rule(1, 2, trimChars('ltrim')),
  rtrim: rule(1, 2, trimChars('rtrim')),
  trim: rule(1, 2, trimChars('trim')),
  chr: rule(1, 1, chr),
  char: rule(1, 1, chr),
  split: rule(2, 3, split),
  regexp_extract: rule(2, 3, withPattern((c, t, p) => t.out('regexp_extract(', c.args[0], ', ', p, ', ', c.args.length === 3 ? c.args[2] : '1', ')'))),
  regexp_extract_all: rule(2, 3, withPattern((c, t, p) => t.out('regexp_extract_all(', c.args[0], ', ', p, ', ', c.args.length === 3 ? c.args[2] : '1', ')'))),
  regexp_replace: rule(3, 4, regexpReplace),
  rlike: rule(2, 2, withPattern((c, t, p) => t.out('regexp_matches(', c.args[0], ', ', p, ')'))),
  regexp: rule(2, 2, withPattern((c, t, p) => t.out('regexp_matches(', c.args[0], ', ', p, ')'))),
  regexp_like: rule(2, 2, withPattern((c, t, p) => t.out('regexp_matches(', c.args[0], ', ', p, ')'))),
  locate: rule(2, 3, locate),
  position: rule(2, 3, locate),
  // space(n): n spaces, '' for n <= 0.
  space: rule(1, 1, (c, t) => t.out("repeat(' ', CAST(greatest(", c.args[0], ', 0) AS BIGINT))')),
  // substring_index(s, delim, n): before the n-th delimiter (n > 0), after the n-th from the end (n < 0); the whole
  // string when there are fewer; '' for n = 0 or an empty delimiter.
  substring_index: rule(3, 3, (c, t) => t.out('CASE WHEN (', c.args[2], ') IS NULL THEN NULL WHEN (', c.args[2], ") = 0 OR (", c.args[1],
    ") = '' THEN '' WHEN (", c.args[2], ') > 0 THEN array_to_string(string_split(', c.args[0], ', ', c.args[1], ')[1:', c.args[2], '], ',
    c.args[1], ') ELSE array_to_string(string_split(', c.args[0], ', ', c.args[1], ')[', c.args[2], ':], ', c.args[1], ') END')),
  // elt(n, a, b, ...): the n-th argument, NULL out of range.
  elt: rule(2, 999, (c, t) => t.out('CASE ', c.args[0], ...c.args.slice(1).map((a, i) => [` WHEN ${i + 1} THEN `, a]), ' END')),
  // find_in_set(x, 'a,b,c'): 1-based position in the comma-separated list, 0 when absent or when x holds a comma.
  find_in_set: rule(2, 2, (c, t) => t.out('CASE WHEN (', c.args[0], ') IS NULL OR (', c.args[1], ") IS NULL THEN NULL WHEN contains(", c.args[0],
    ", ',') THEN 0 ELSE coalesce(list_position(string_split(", c.args[1], ", ','), ", c.args[0], '), 0) END')),
  regexp_count: rule(2, 2, withPattern((c, t, p) => t.out('len(regexp_extract_all(', c.args[0], ', ', p, ', 0))'))),
  // The first match, NULL when there is none.
  regexp_substr: rule(2, 2, (c, t) => t.out('CASE WHEN regexp_matches(', c.args[0], ', ', c.args[1], ') THEN regexp_extract(', c.args[0], ', ',
    c.args[1], ', 0) END')),
  // The keys of a JSON object; NULL for any other JSON value and for text that is not JSON.
  json_object_keys: rule(1, 1, (c, t) => t.out("CASE WHEN try(json_type(", c.args[0], ")) = 'OBJECT' THEN json_keys(", c.args[0], ') END')),
  ucase: rule(1, 1, (c, t) => t.out('upper(', c.args[0], ')')),
  lcase: rule(1, 1, (c, t) => t.out('lower(', c.args[0], ')')),
  char_length: rule(1, 1, (c, t) => t.out('length(', c.args[0], ')')),
  character_length: rule(1, 1, (c, t) => t.out('length(', c.args[0], ')')),
  format_string: rule(1, 999, formatString),
  printf: rule(1, 999, formatString),
  base64: rule(1, 1, (c, t) => t.out('to_base64(CAST(', c.args[0], ' AS BLOB))')),
  unbase64: rule(1, 1, (c, t) => t.out('from_base64(', c.args[0], ')')),
  lpad: rule(2, 3, pad('lpad')),
  rpad: rule(2, 3, pad('rpad')),
  left: rule(2, 2, side('left')),
  right: rule(2, 2, side('right')),
  // replace(str, search) removes search (Spark's default replacement is '').
  replace: rule(2, 3, (c, t) => t.out('replace(', t.list(), c.args.length === 2 ? ", '')" : ')')),
  // java.net.URLEncoder: space → '+', '*' kept, '~' encoded (DuckDB: %20, %2A, ~); URLDecoder reads '+' as a space.
  url_encode: rule(1, 1, (c, t) => t.out("replace(replace(replace(url_encode(", c.args[0], "), '%20', '+'), '%2A', '*'), '~', '%7E')")),
  url_decode: rule(1, 1, (c, t) => t.out("url_decode(replace(", c.args[0], ", '+', ' '))")),
  to_json: rule(1, 1, toJson),
  concat_ws: rule(1, 999, concatWs),
  // Malformed JSON is NULL (Spark, in every mode), as is a path without Spark's leading `$`.
  // A constant path is read as Spark's JSONPath (`$['a b']`, `$.a[*].b`) and given to DuckDB in its syntax; a path
  // Spark cannot read gives NULL, as in Spark.
  get_json_object: rule(2, 2, (c, t) => {
    const path = t.stringArg(1);
    if (path === undefined) return t.out('try(json_extract_string(', t.list(), '))');
    const duck = duckdbJsonPath(path);
    if (duck === undefined) return t.out('CAST(NULL AS VARCHAR)');
    // A wildcard's matches: none is NULL, one is that value, several a JSON array (Spark wraps only several).
    return duck.includes('*')
      ? t.out('try(list_transform([json_extract(', c.args[0], `, ${quoteString(duck)})], __weir_m -> CASE len(__weir_m) WHEN 0 THEN NULL ` +
        "WHEN 1 THEN json_extract_string(__weir_m[1], '$') ELSE CAST(to_json(__weir_m) AS VARCHAR) END)[1])")
      : t.out('try(json_extract_string(', c.args[0], `, ${quoteString(duck)}))`);
  }),
  // The length of a JSON array; NULL for any other JSON value and for text that is not JSON (Spark's INT).
  json_array_length: rule(1, 1, (c, t) => t.out("CASE WHEN try(json_type(", c.args[0], ")) = 'ARRAY' THEN CAST(json_array_length(", c.args[0], ') AS INTEGER) END')),
  // octet_length: the bytes of a STRING's UTF-8 text or of a BINARY (DuckDB has it for BLOB only).
  octet_length: rule(1, 1, (c, t) => t.out("CAST(CASE WHEN typeof(", c.args[0], ") = 'BLOB' THEN octet_length(TRY_CAST(", c.args[0],
    ' AS BLOB)) ELSE strlen(TRY_CAST(', c.args[0], ' AS VARCHAR)) END AS INTEGER)')),
  startswith: rule(2, 2, (c, t) => t.out('starts_with(', t.list(), ')')),
  endswith: rule(2, 2, (c, t) => t.out('ends_with(', t.list(), ')')),
  btrim: rule(1, 2, (c, t) => t.out('trim(', t.list(), ')')),
  initcap: rule(1, 1, (c, t) => t.out(
    'array_to_string(list_transform(string_split(lower(', c.args[0], "), ' '), w -> upper(w[1]) || w[2:]), ' ')")),
};
