import type { Call, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { lex } from '../../sql/lexer.js';
import { readSparkType } from '../spark-type.js';
import { duckdbJsonPath } from '../json-path-syntax.js';
import { quoteString } from '../../model/relations.js';

/**
 * from_json(s, schema): the schema a constant, as a DDL column list (`'a INT, b ARRAY<STRING>'`) or a type
 * (`'struct<a:int>'`, `'array<struct<...>>'`, `'map<string,int>'`), translated to DuckDB's type; the JSON text is
 * cast to it. Like Spark's PERMISSIVE default, text that is not JSON gives a struct of NULLs, a field that is missing or whose
 * value does not convert is NULL, and fields not in the schema are ignored. Options (a third argument) change the
 * parsing (FAILFAST, formats): refused rather than ignored.
 */
function fromJson(c: Call, t: RuleTools): Piece[] {
  if (c.args.length === 3) return t.fail('WEIR4005', 'from_json with options is not translated', 'drop the options (Spark\'s PERMISSIVE defaults are what Weir reproduces)', t.argRange(2));
  const schema = t.stringArg(1);
  if (schema === undefined) return t.fail('WEIR4003', 'from_json: the schema must be a string literal', "write it as 'a INT, b STRING' or 'struct<a:int>'", t.argRange(1));
  const type = duckdbTypeOfSchema(schema);
  if ('error' in type) return t.fail('WEIR4003', `from_json: ${type.error}`, "write the schema as 'a INT, b STRING' or 'struct<a:int>'", t.argRange(1));
  // Spark 3's PERMISSIVE from_json: text that is not JSON gives a struct of NULLs (NULL input stays NULL).
  if (type.text.startsWith('STRUCT(')) {
    return t.out('CASE WHEN (', c.args[0], ') IS NULL THEN NULL ELSE coalesce(TRY_CAST(TRY_CAST(', c.args[0], ` AS JSON) AS ${type.text}), ` +
      `TRY_CAST('{}'::JSON AS ${type.text})) END`);
  }
  return t.out('TRY_CAST(TRY_CAST(', c.args[0], ` AS JSON) AS ${type.text})`);
}

/** DuckDB's type for a Spark schema string: a type, or a DDL column list read as the fields of a struct. */
function duckdbTypeOfSchema(schema: string): { text: string } | { error: string } {
  const trimmed = schema.trim();
  const isType = /^(struct|array|map)\s*</i.test(trimmed);
  const text = isType ? trimmed : `STRUCT<${trimmed}>`;
  const lexed = lex(text);
  const ty = readSparkType(lexed.tokens, 0);
  const rest = lexed.tokens.slice(ty.last + 1).filter((x) => x.kind !== 'eof');
  if (ty.error || rest.length > 0 || trimmed === '') return { error: `cannot read the schema '${schema}'${ty.error ? ` (${ty.error})` : ''}` };
  return { text: ty.text };
}

export const FROM_JSON_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  from_json: rule(2, 3, fromJson),
};

/**
 * VARIANT (Databricks) is DuckDB's JSON here (spark-type.ts): parse_json parses (an error for text that is not JSON,
 * as in Databricks), try_parse_json gives NULL instead; variant_get(v, path, type) reads the value at a JSONPath as
 * `type` (a STRING is the value's text: unquoted for a string, JSON for an object), failing when it does not
 * convert; try_variant_get gives NULL instead.
 */
function variantGet(tryIt: boolean) {
  return (c: Call, t: RuleTools): Piece[] => {
    const path = t.stringArg(1);
    const duckPath = path === undefined ? undefined : duckdbJsonPath(path);
    if (duckPath === undefined || duckPath.includes('*')) {
      return t.fail('WEIR4003', `${c.name}: the path must be a JSONPath string literal such as '$.a[0].b'`, undefined, t.argRange(1));
    }
    const typeName = c.args.length === 3 ? t.stringArg(2) : 'variant';
    const ty = typeName === undefined ? undefined : readSparkType(lex(typeName).tokens, 0);
    if (!ty || ty.error) return t.fail('WEIR4003', `${c.name}: the type must be a string literal such as 'int' or 'struct<a:int>'`, undefined, t.argRange(2));
    const p = quoteString(duckPath);
    const cast = tryIt ? 'TRY_CAST' : 'CAST';
    if (ty.text === 'JSON') return t.out('json_extract(', c.args[0], `, ${p})`);
    if (ty.text === 'VARCHAR') return t.out('json_extract_string(', c.args[0], `, ${p})`);
    // Nested types convert from the JSON value, scalars from its text (`"1"` and `1` are both the INT 1).
    const nested = /^(STRUCT|MAP)\(|\[\]$/.test(ty.text);
    return t.out(`${cast}(`, nested ? 'json_extract(' : 'json_extract_string(', c.args[0], `, ${p}) AS ${ty.text})`);
  };
}

export const VARIANT_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  parse_json: rule(1, 1, (c, t) => t.out('json(', c.args[0], ')')),
  try_parse_json: rule(1, 1, (c, t) => t.out('try(json(', c.args[0], '))')),
  variant_get: rule(2, 3, variantGet(false)),
  try_variant_get: rule(2, 3, variantGet(true)),
  is_variant_null: rule(1, 1, (c, t) => t.out("coalesce(json_type(", c.args[0], ") = 'NULL', false)")),
};
