import { quoteString } from '../model/index.js';
import type { Database } from './database.js';
import type { RejectedLine } from './rejected-rows.js';

/** What checking one JSON file found (src/execute/README.md "Malformed input"). */
export interface JsonFileCheck {
  /** Records taken out of the file: not valid JSON, or (nothing rescuing them) with a value its type cannot hold. */
  readonly rejected: readonly RejectedLine[];
  /**
   * Records kept with what did not fit moved to the rescued-data column: their new text by 1-based line, and
   * one `partial` RejectedLine each (for the warning; the row itself is read from the rewritten line).
   */
  readonly rewritten: ReadonlyMap<number, string>;
  readonly rescued: readonly RejectedLine[];
  /** Records left to read (0: the file has nothing readable). */
  readonly kept: number;
  /** True when the file was checked as one whole (multiLine) record. */
  readonly whole: boolean;
}

export interface JsonCheckOptions {
  readonly multiLine: boolean;
  /** The declared schema (DuckDB types): values that do not fit are rejected, or rescued with `rescued`. */
  readonly schema?: readonly { readonly name: string; readonly type: string }[];
  /** The rescued-data column: values that do not fit and fields the schema does not name go there. */
  readonly rescued?: string;
}

/**
 * Checks one JSON file with DuckDB's own parser, as its reader would see it. Newline-delimited files are checked
 * line by line (blank lines skipped, as DuckDB's reader does): a line that is not valid JSON is malformed; with a
 * declared schema, a field whose value DuckDB's reader would refuse for its type (`"amount":"abc"` for INT) is a
 * type mismatch, as in Databricks' PERMISSIVE mode: never a failed update. A mismatched record is rejected (dropped,
 * counted) unless a rescued-data column is asked for; then it is kept (rewritten), the values that do not fit NULL, and the
 * column gets `{"amount":"abc","extra":"x","_file_path":...}` — the mismatched values and the fields the schema does
 * not name, as Databricks' rescued data column holds them. A whole-file (multiLine) file is only checked for
 * validity, as one record.
 */
export async function checkJsonFile(db: Database, path: string, options: JsonCheckOptions): Promise<JsonFileCheck> {
  const file = `read_text(${quoteString(path)})`;
  const none = new Map<number, string>();
  if (options.multiLine) {
    const r = await db.rows(`SELECT json_valid(content) AS ok, left(content, 1000) AS text FROM ${file}`);
    if (r[0]?.ok !== false) return { rejected: [], rewritten: none, rescued: [], kept: 1, whole: true };
    return { rejected: [{ file: path, errorType: 'MALFORMED JSON', error: 'the file is not valid JSON', text: String(r[0].text) }], rewritten: none, rescued: [], kept: 0, whole: true };
  }
  const schema = options.schema ?? [];
  // Per field of a valid object: does it fit (a schema field), or is it an extra to rescue (a field not named)?
  const misfit = schema.length === 0 ? 'false' : `CASE k ${schema.map((c) => `WHEN ${quoteString(c.name)} THEN ${doesNotFit(c.type)}`).join(' ')} ELSE ${options.rescued ? 'true' : 'false'} END`;
  const typeOf = schema.length === 0 ? 'NULL' : `CASE k ${schema.map((c) => `WHEN ${quoteString(c.name)} THEN ${quoteString(c.type)}`).join(' ')} END`;
  const rows = await db.rows(`WITH l AS (SELECT i, rtrim(ls[i], chr(13)) AS line FROM (SELECT string_split(content, chr(10)) AS ls FROM ${file}),
      range(1, len(ls) + 1) t(i) WHERE trim(ls[i]) <> ''),
    c AS (SELECT i, line, json_valid(line) AS ok FROM l),
    f AS (SELECT i, n, keys[n] AS k, json_extract(line, '$."' || replace(keys[n], '"', '\\"') || '"') AS v
      FROM (SELECT i, line, json_keys(line) AS keys FROM c WHERE ${schema.length === 0 ? 'false' : "ok AND json_type(line) = 'OBJECT'"}), range(1, len(keys) + 1) t(n)),
    b AS (SELECT i, n, k, v::VARCHAR AS v, ${typeOf} AS t FROM f WHERE ${misfit})
    SELECT -1 AS i, NULL AS line, count(*) FILTER (WHERE ok) AS valid, NULL AS bad, NULL AS fixed FROM c
    UNION ALL SELECT i, line, NULL, NULL, NULL FROM c WHERE NOT ok
    UNION ALL SELECT b.i, any_value(c.line), NULL, list({'k': k, 'v': v, 't': t} ORDER BY n), ${options.rescued ? rescuedRecord(options.rescued, path) : 'NULL'}
      FROM b JOIN c USING (i) GROUP BY b.i
    ORDER BY i`);
  const rejected: RejectedLine[] = [];
  const rescued: RejectedLine[] = [];
  const rewritten = new Map<number, string>();
  let kept = Number(rows.find((r) => Number(r.i) === -1)?.valid ?? 0);
  for (const r of rows) {
    const line = Number(r.i);
    if (line < 0) continue;
    const text = String(r.line);
    if (r.bad === null || r.bad === undefined) {
      rejected.push({ file: path, line, errorType: 'MALFORMED JSON', error: 'not a valid JSON record', text });
      continue;
    }
    const bad = r.bad as { k: string; v: string; t: string | null }[];
    const mismatched = bad.filter((b) => b.t !== null);
    const error = mismatched.map((b) => `could not convert ${b.v} to ${b.t} in field ${b.k}`).join('; ') || `fields not in the schema: ${bad.map((b) => b.k).join(', ')}`;
    const first = (mismatched[0] ?? bad[0]).k;
    if (!options.rescued) {
      rejected.push({ file: path, line, column: first, errorType: 'CAST', error, text });
      kept--;
      continue;
    }
    rewritten.set(line, String(r.fixed));
    rescued.push({ file: path, line, column: first, errorType: mismatched.length > 0 ? 'CAST' : 'UNKNOWN FIELD', error, text, partial: true });
  }
  return { rejected, rewritten, rescued, kept, whole: false };
}

/**
 * Whether a present, non-null JSON value `v` is one DuckDB's JSON reader refuses for `type` (its reader converts
 * strictly). A STRUCT is only checked as a whole: the strict transform also refuses a missing nested field,
 * which the reader reads as NULL.
 */
function doesNotFit(type: string): string {
  const fits = /\b(STRUCT|MAP)\s*\(/i.test(type)
    ? `TRY_CAST(v AS ${type}) IS NOT NULL`
    : `try(json_transform_strict(v, ${quoteString(JSON.stringify(type))})) IS NOT NULL`;
  return `(json_type(v) <> 'NULL' AND NOT (${fits}))`;
}

/**
 * SQL (over one record's misfits `b`, grouped) for the record with what did not fit moved to the rescued column:
 * the mismatched fields removed (read as NULL) and the column set to `{"<field>": <value as written>, ...,
 * "_file_path": ...}`. A JSON merge patch, so the other values keep their digits; a reader refuses duplicate keys.
 */
function rescuedRecord(column: string, path: string): string {
  const key = (k: string) => `to_json(${k})::VARCHAR`;
  const removed = `string_agg(${key('k')} || ':null', ',' ORDER BY n) FILTER (WHERE t IS NOT NULL AND k <> ${quoteString(column)})`;
  const value = `'{' || string_agg(${key('k')} || ':' || v, ',' ORDER BY n) || ',"_file_path":' || ${key(quoteString(path))} || '}'`;
  return `json_merge_patch(any_value(c.line), '{' || coalesce(${removed} || ',', '') || ${key(quoteString(column))} || ':' || to_json(${value})::VARCHAR || '}')::VARCHAR`;
}
