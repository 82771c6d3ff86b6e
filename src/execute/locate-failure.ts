import type { CompiledSql, Span } from '../model/index.js';
import { toSourceOffset } from '../model/index.js';
import { codeFrame } from '../report/format-diagnostic.js';
import { lineCol } from '../report/line-index.js';
import { mapCompiledRange } from '../translate/map-compiled-offset.js';
import { stripSemicolon } from '../emit/index.js';
import { isBooleanCondition, notBooleanMessage } from '../util/duckdb-settings.js';
import { isSystemName, withoutSystemSuggestion } from '../analyze/duckdb-error.js';
import type { Database, Row } from './database.js';

export interface FailureLocation {
  /** `path:line:col` in the user's file. */
  readonly location: string;
  /** DuckDB's message without the JSON wrapping, when it was re-derived. */
  readonly message?: string;
  readonly hint?: string;
}

/**
 * Maps a failed update back to the user's file and line (issue 4: "the message mapped to the user's file and
 * line"). Bind and parse errors carry a position: each flow query (then each expectation condition over it) is
 * re-bound alone with `errors_as_json` and DESCRIBE — no data read — and the position is mapped through the
 * compiled SQL's source map. A run-time error (a bad cast in row 10,000) binds fine: DuckDB's message points at
 * the expression with `LINE n:` and a caret in the statement Weir sent, which is found in the compiled SQL and
 * mapped the same way (runtimeLocation); without one, the flow's definition is the place to look. `raw`: the
 * DuckDB error's message as thrown. Runs after the rollback, outside any transaction.
 */
export async function locateFailure(
  db: Database, queries: readonly { sql: CompiledSql; span: Span }[], conditions: readonly CompiledSql[],
  sources: (file: string) => string | undefined, raw?: string,
): Promise<FailureLocation | undefined> {
  if (queries.length === 0) return undefined;
  // A run-time error (not a bind or parse error: those are re-derived below, with DuckDB's candidates).
  const runtime = raw !== undefined && !/^(Binder|Parser|Catalog) Error/.test(raw)
    ? runtimeLocation(raw, [...queries.map((q) => q.sql), ...conditions], sources) : undefined;
  if (runtime && 'location' in runtime) return runtime;
  try {
    await db.run('SET errors_as_json = true');
    for (const q of queries) {
      const query = stripSemicolon(q.sql.sql);
      const found = await bindError(db, 'DESCRIBE ', query, '', q.sql, sources);
      if (found && !Array.isArray(found)) return found;
      for (const cond of conditions) {
        const hit = await bindError(db, 'DESCRIBE SELECT (', cond.sql, `\n) AS "c" FROM (\n${query}\n) AS "__weir_q"`, cond, sources);
        if (!Array.isArray(hit)) { if (hit) return hit; continue; }
        // Binds, but is not BOOLEAN: what Weir's `_weir.spark_expect` refused.
        const type = String(hit[0]?.column_type ?? 'BOOLEAN');
        if (!isBooleanCondition(type, cond.sql)) {
          return { location: where(cond.file, toSourceOffset(cond.map, 0), sources), message: notBooleanMessage(type),
            hint: 'an expectation is a BOOLEAN condition on the row: compare the value, e.g. EXPECT (amount > 0) or EXPECT (name IS NOT NULL)' };
        }
      }
    }
    const first = queries[0];
    return { location: where(first.span.file, first.span.start, sources), ...(runtime ? { message: runtime.untrusted } : {}) };
  } catch {
    return undefined;
  } finally {
    await db.run('SET errors_as_json = false').catch(() => undefined);
  }
}

/** The error of `DESCRIBE ...` at the user's place; when it binds, the DESCRIBE's rows (the bound columns). */
async function bindError(
  db: Database, prefix: string, text: string, suffix: string, compiled: CompiledSql, sources: (file: string) => string | undefined,
): Promise<FailureLocation | Row[] | undefined> {
  try {
    return await db.rows(`${prefix}${text}${suffix}`);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const json = raw.slice(raw.indexOf('{'));
    let parsed: { exception_type?: string; exception_message?: string; position?: string; candidates?: string };
    try { parsed = JSON.parse(json); } catch { return undefined; }
    // The update's cleaned copies of its input files (bind-inputs.ts) are gone by now while the file variables
    // still name them: that is Weir's bookkeeping, not the user's error.
    if (/weir-cleaned-/.test(parsed.exception_message ?? '')) return undefined;
    const pos = parsed.position !== undefined ? Number(parsed.position) - prefix.length : NaN;
    if (!(pos >= 0 && pos <= text.length)) return undefined;
    const offset = toSourceOffset(compiled.map, pos);
    const message = `${parsed.exception_type ?? 'DuckDB'} Error: ${withoutSystemSuggestion(parsed.exception_message ?? raw)}`;
    const candidates = parsed.candidates?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    return {
      location: where(compiled.file, offset, sources), message,
      ...(candidateHint(parsed.exception_message ?? raw, candidates)),
    };
  }
}

/**
 * A run-time error's position from DuckDB's frame (`<message>\n\nLINE n: <text of line n>\n<spaces>^`, the line
 * cut to about 40 characters either side of the caret, with `...` where cut) in the statement Weir sent, which
 * wraps the compiled query. The framed text is looked up in the compiled SQL (the statement may glue Weir's own
 * text to the query's first or last line, so the longest piece around the caret that occurs counts; among
 * several occurrences the one whose line number is closest below n, as the wrapper only adds lines before).
 * Returns the user's `file:line:col` and the message with the user's line as the frame; `untrusted` (the message
 * without DuckDB's frame) when the frame shows an expression that cannot have failed (see plausible).
 */
export function runtimeLocation(
  raw: string, texts: readonly CompiledSql[], sources: (file: string) => string | undefined,
): FailureLocation | { readonly untrusted: string } | undefined {
  const m = /\n\s*LINE (\d+): ([^\n]*)\n( *)\^/.exec(raw);
  if (!m) return macroCastLocation(raw, texts, sources);
  const n = Number(m[1]);
  let snippet = m[2];
  let caret = m[3].length - `LINE ${m[1]}: `.length;
  if (snippet.startsWith('...')) { snippet = snippet.slice(3); caret -= 3; }
  const cutEnd = snippet.endsWith('...') && caret < snippet.length - 3;
  if (caret < 0 || caret >= snippet.length) return undefined;
  const hit = findAround(cutEnd ? snippet.slice(0, -3) : snippet, caret, n, texts) ?? (cutEnd ? findAround(snippet, caret, n, texts) : undefined);
  const message = raw.slice(0, m.index).replace(/\s+$/, '');
  if (!hit) return undefined;
  // A frame that shows the wrong expression is left out of the message.
  if (!plausible(message, hit.text.sql, hit.offset)) return { untrusted: message };
  const span = mapCompiledRange(hit.text, hit.offset, hit.offset + tokenLength(hit.text.sql, hit.offset));
  const source = sources(span.file);
  const frame = source === undefined ? [] : codeFrame(source, span.start, span.end);
  return { location: where(span.file, span.start, sources), message: [message, ...frame].join('\n') };
}

/**
 * DuckDB frames no position for an error raised inside a macro: a cast through Weir's `_weir.spark_*` macros
 * (translate: Spark's casts) that fails on a value names its source column, so the failing cast is the macro call
 * on that column.
 */
function macroCastLocation(raw: string, texts: readonly CompiledSql[], sources: (file: string) => string | undefined): FailureLocation | undefined {
  const message = raw.split('\n')[0];
  const col = /when casting from source column ([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(message)?.[1];
  if (!col) return undefined;
  const call = new RegExp(`_weir\\.spark_\\w+\\(\\s*(?:[A-Za-z_"][\\w"]*\\.)?"?${col}"?\\s*\\)`, 'i');
  for (const text of texts) {
    const hit = call.exec(text.sql);
    if (!hit) continue;
    const span = mapCompiledRange(text, hit.index, hit.index + hit[0].length);
    const source = sources(span.file);
    const frame = source === undefined ? [] : codeFrame(source, span.start, span.end);
    return { location: where(span.file, span.start, sources), message: [message, ...frame].join('\n') };
  }
  return undefined;
}

function findAround(snippet: string, caret: number, line: number, texts: readonly CompiledSql[]): { text: CompiledSql; offset: number } | undefined {
  // Longest window [a, b) around the caret first: the whole framed text, then less of its start, then of its end.
  for (let len = snippet.length; len >= Math.min(4, snippet.length); len--) {
    const hits: { text: CompiledSql; offset: number; line: number }[] = [];
    for (let a = Math.max(0, caret + 1 - len); a <= caret && a + len <= snippet.length; a++) {
      const w = snippet.slice(a, a + len);
      if (w.trim().length === 0) continue;
      for (const text of texts) {
        for (let i = text.sql.indexOf(w); i >= 0; i = text.sql.indexOf(w, i + 1)) {
          hits.push({ text, offset: i + caret - a, line: lineCol(text.sql, i).line });
        }
      }
    }
    if (hits.length === 0) continue;
    const below = hits.filter((h) => h.line <= line);
    const pool = below.length > 0 ? below : hits;
    return pool.reduce((best, h) => (Math.abs(line - h.line) < Math.abs(line - best.line) ? h : best));
  }
  return undefined;
}

/**
 * An expression of a view the query reads fails with the view's position, which DuckDB frames in the query's
 * text: a cast that names its source column must be at that column (`v::INT`, `CAST(v AS INT)`, or `v` itself
 * for an implicit cast), else the frame is not trusted (the flow's definition is reported instead).
 */
function plausible(message: string, sql: string, pos: number): boolean {
  const col = /source column ([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(message.split('\n')[0])?.[1];
  if (!col) return true;
  const word = sql.slice(pos, pos + tokenLength(sql, pos)).replace(/^"|"$/g, '');
  const named = (text: string) => new RegExp(`(^|[^A-Za-z0-9_$])"?${col}"?([^A-Za-z0-9_$]|$)`, 'i').test(text);
  if (word === '::') return /\)\s*$/.test(sql.slice(0, pos)) || new RegExp(`(^|[^A-Za-z0-9_$])"?${col}"?\s*$`, 'i').test(sql.slice(Math.max(0, pos - 200), pos));
  if (/^(try_)?cast$/i.test(word)) return named(sql.slice(pos, sql.indexOf('\n', pos) >= 0 ? sql.indexOf('\n', pos) : sql.length));
  return word.toLowerCase() === col.toLowerCase() || named(word);
}

/** Length of the word or operator at `pos`, for the underline (at least 1). */
function tokenLength(sql: string, pos: number): number {
  const m = /^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")*"|::|[^\s])/.exec(sql.slice(pos));
  return m ? m[0].length : 1;
}

/** `path:line:col` of an offset in the ORIGINAL source; just the path when the text is unknown. */
export function where(file: string, offset: number, sources: (file: string) => string | undefined): string {
  const text = sources(file);
  if (text === undefined) return file;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return `${file}:${line}:${offset - lineStart + 1}`;
}

/**
 * DuckDB's candidates are names for an unknown column or table ("did you mean ...?"), but function overloads for
 * a type error: those get a CAST hint, never "did you mean sum(DECIMAL) -> DECIMAL?".
 */
function candidateHint(message: string, candidates: readonly string[]): { hint?: string } {
  if (candidates.length === 0) return {};
  if (/No function matches|Could not choose a best candidate/i.test(message)) {
    return { hint: `add a CAST; DuckDB accepts ${candidates.slice(0, 3).join(', ')}${candidates.length > 3 ? ', ...' : ''}` };
  }
  // Table candidates from DuckDB's own catalog (pg_constraint, pragma_database_list, ...) are no help for a pipeline.
  const names = candidates.map((c) => c.replace(/^"|"$/g, '')).filter((c) => !isSystemName(c));
  return names.length > 0 ? { hint: `did you mean ${names[0]}?` } : {};
}
