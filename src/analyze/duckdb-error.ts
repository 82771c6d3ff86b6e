import type { CompiledSql } from '../model/compiled-pipeline.js';
import { error as errorDiag, type Diagnostic } from '../model/diagnostic.js';
import { CODES } from '../translate/codes.js';
import { mapCompiledOffset, mapCompiledRange } from '../translate/map-compiled-offset.js';

/**
 * DuckDB's structured errors (`SET errors_as_json = true`) → a diagnostic at the user's position: the 0-based
 * `position` is in the statement Weir sent, so the caller passes how many characters it put before the
 * compiled SQL. Parser errors keep a text prefix before the JSON.
 */
export interface DuckError {
  readonly type: string;
  readonly message: string;
  readonly subtype?: string;
  readonly position?: number;
  readonly candidates: readonly string[];
}

export function parseDuckError(e: unknown): DuckError {
  const raw = e instanceof Error ? e.message : String(e);
  const brace = raw.indexOf('{');
  if (brace >= 0) {
    try {
      const j = JSON.parse(raw.slice(brace)) as Record<string, string>;
      return {
        type: j.exception_type ?? 'Error', message: withoutSystemSuggestion(j.exception_message ?? raw),
        ...(j.error_subtype ? { subtype: j.error_subtype } : {}),
        ...(j.position !== undefined ? { position: Number(j.position) } : {}),
        candidates: j.candidates ? j.candidates.split(',').map((s) => s.trim()).filter((c) => c && !isSystemName(c)) : [],
      };
    } catch {
      // Not JSON after all: fall through.
    }
  }
  return { type: 'Error', message: withoutSystemSuggestion(raw), candidates: [] };
}

/**
 * DuckDB's own catalog (`pg_constraint`, `information_schema.tables`, `pragma_database_list`, `duckdb_tables`):
 * the closest names to a missing table are often these, which no pipeline means.
 */
export function isSystemName(name: string): boolean {
  const parts = name.replace(/"/g, '').toLowerCase().split('.');
  return parts.some((p) => p === 'information_schema' || p === 'pg_catalog') || /^(pg_|pragma_|duckdb_|sqlite_)/.test(parts[parts.length - 1]);
}

/** DuckDB's message without a `Did you mean "<system table>"?` line. */
export function withoutSystemSuggestion(message: string): string {
  return message.replace(/\s*Did you mean "([^"]+)"\?/g, (all, name: string) => (isSystemName(name) ? '' : all));
}

/** The code for an error class users care about; everything else is a generic bind error. */
export function classify(err: DuckError): string {
  const m = err.message;
  if (err.type === 'Parser') return CODES.syntaxError;
  if (/Ambiguous reference/i.test(m)) return CODES.ambiguousColumn;
  if (err.subtype === 'COLUMN_NOT_FOUND' || /Referenced column .* not found|Referenced table .* not found/i.test(m)) return CODES.unknownColumn;
  if (err.type === 'Catalog' && /(Table|View) with name/i.test(m)) return CODES.unknownTable;
  if (/No function matches|Could not choose a best candidate|Cannot compare|Conversion Error|Cannot mix|can only be|Binder Error: .*type/i.test(m) || err.type === 'Conversion') return CODES.typeError;
  return CODES.bindError;
}

/** Length of the identifier (or quoted identifier) at `pos` in the SQL, for a precise underline. */
function identifierLength(sql: string, pos: number): number {
  const m = /^(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*(?:\s*\.\s*(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*))*)/.exec(sql.slice(pos));
  return m ? m[0].length : 1;
}

export function duckErrorDiagnostic(err: DuckError, compiled: CompiledSql, prefixLength: number, context: string): Diagnostic {
  const code = classify(err);
  const firstLine = err.message.split('\n')[0];
  let span = undefined;
  if (err.position !== undefined && err.position >= prefixLength && err.position - prefixLength <= compiled.sql.length) {
    const pos = err.position - prefixLength;
    span = code === CODES.syntaxError || code === CODES.bindError
      ? mapCompiledOffset(compiled, pos)
      : mapCompiledRange(compiled, pos, pos + identifierLength(compiled.sql, pos));
    if (span.end === span.start) span = { ...span, end: span.start + 1 };
  }
  const names = err.candidates.map((c) => c.replace(/^"|"$/g, ''));
  const hint = code === CODES.typeError
    ? `add a CAST${names.length ? `; DuckDB accepts ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}` : ''}`
    : names.length ? `did you mean ${names[0]}?`
      : code === CODES.ambiguousColumn ? 'qualify the column with its table alias' : undefined;
  return errorDiag(code, `${context}: ${firstLine}`, span, hint ? { hint } : {});
}

/**
 * The declared column a query does not produce, from DuckDB's error about Weir's column-list wrapper
 * (`COLUMNS(* EXCLUDE ("phone"))`, translate/declared-columns.ts): a file source whose fields are known only when
 * it is read. Undefined for any other error.
 */
export function missingDeclaredColumn<C extends { readonly name: string }>(message: string, declared: readonly C[]): C | undefined {
  const m = /Column "([^"]+)" in EXCLUDE list not found/.exec(message);
  return m ? declared.find((c) => c.name.toLowerCase() === m[1].toLowerCase()) : undefined;
}
