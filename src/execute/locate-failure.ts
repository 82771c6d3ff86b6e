import type { CompiledSql, Span } from '../model/index.js';
import { toSourceOffset } from '../model/index.js';
import { stripSemicolon } from '../emit/index.js';
import type { Database } from './database.js';

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
 * compiled SQL's source map. Run-time errors (a bad cast in row 10,000) have no position: the flow's
 * definition is the place to look. Runs after the rollback, outside any transaction.
 */
export async function locateFailure(
  db: Database, queries: readonly { sql: CompiledSql; span: Span }[], conditions: readonly CompiledSql[],
  sources: (file: string) => string | undefined,
): Promise<FailureLocation | undefined> {
  if (queries.length === 0) return undefined;
  try {
    await db.run('SET errors_as_json = true');
    for (const q of queries) {
      const query = stripSemicolon(q.sql.sql);
      const found = await bindError(db, 'DESCRIBE ', query, '', q.sql, sources);
      if (found) return found;
      for (const cond of conditions) {
        const hit = await bindError(db, 'DESCRIBE SELECT (', cond.sql, `) FROM (\n${query}\n) AS "__weir_q"`, cond, sources);
        if (hit) return hit;
      }
    }
    const first = queries[0];
    return { location: where(first.span.file, first.span.start, sources) };
  } catch {
    return undefined;
  } finally {
    await db.run('SET errors_as_json = false').catch(() => undefined);
  }
}

async function bindError(
  db: Database, prefix: string, text: string, suffix: string, compiled: CompiledSql, sources: (file: string) => string | undefined,
): Promise<FailureLocation | undefined> {
  try {
    await db.run(`${prefix}${text}${suffix}`);
    return undefined;
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const json = raw.slice(raw.indexOf('{'));
    let parsed: { exception_type?: string; exception_message?: string; position?: string; candidates?: string };
    try { parsed = JSON.parse(json); } catch { return undefined; }
    const pos = parsed.position !== undefined ? Number(parsed.position) - prefix.length : NaN;
    if (!(pos >= 0 && pos <= text.length)) return undefined;
    const offset = toSourceOffset(compiled.map, pos);
    const message = `${parsed.exception_type ?? 'DuckDB'} Error: ${parsed.exception_message ?? raw}`;
    const candidates = parsed.candidates?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    return {
      location: where(compiled.file, offset, sources), message,
      ...(candidates.length > 0 ? { hint: `did you mean ${candidates[0]}?` } : {}),
    };
  }
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
