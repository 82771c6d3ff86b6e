import type { CompiledCdc, CompiledSql } from '../model/compiled-pipeline.js';
import { error, warning, type Diagnostic } from '../model/diagnostic.js';
import { toSourceRange } from '../model/source-map.js';
import type { Span } from '../model/span.js';
import type { ColumnInfo } from './cdc-columns.js';
import { CDC_CODES } from './codes.js';
import { didYouMean } from './did-you-mean.js';
import { sequenceType } from './sequence-type.js';

/** Where the clauses are in the user's file, when the caller knows (CompiledCdc carries no clause spans). */
export interface CdcSpans {
  readonly keys?: Span;
  readonly columns?: Span;
  readonly trackHistory?: Span;
}

export interface CheckCdcOptions {
  /** The sequence type this target was built with in an earlier run (from the runner's state). */
  readonly previousSequenceType?: string;
  /** The sequence's DuckDB type now; inferred when SEQUENCE BY is a plain column. */
  readonly sequenceType?: string;
  readonly spans?: CdcSpans;
}

/** The span of compiled text in the user's file (the whole expression). */
function spanOf(sql: CompiledSql): Span {
  const r = toSourceRange(sql.map, 0, sql.sql.length);
  return { file: sql.file, start: r.start, end: r.end };
}

const norm = (s: string): string => s.toLowerCase();
const normType = (t: string): string => t.replace(/\s+/g, ' ').trim().toUpperCase();

/**
 * Checks a CDC flow against its change rows' columns (and the target's, when it exists) before anything
 * runs (SEMANTICS §5, issue 5 "What bad input gets"). Never throws: returns diagnostics with spans and hints.
 */
export function checkCdcSpec(
  spec: CompiledCdc,
  changeColumns: readonly ColumnInfo[],
  targetColumns?: readonly ColumnInfo[],
  options: CheckCdcOptions = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seqSpan = spanOf(spec.sequenceBy);
  const keysSpan = options.spans?.keys ?? seqSpan;
  const columnsSpan = options.spans?.columns ?? seqSpan;
  const names = changeColumns.map((c) => c.name);
  const known = new Set(names.map(norm));

  if (spec.keys.length === 0) out.push(error(CDC_CODES.noKeys, 'KEYS must name at least one column', keysSpan));
  const seen = new Set<string>();
  for (const k of spec.keys) {
    if (seen.has(norm(k))) out.push(error(CDC_CODES.duplicateKey, `key column '${k}' is listed twice in KEYS`, keysSpan));
    seen.add(norm(k));
    if (!known.has(norm(k))) {
      const hint = didYouMean(k, names);
      out.push(error(CDC_CODES.unknownKey, `KEYS names column '${k}', which the change rows do not have`, keysSpan,
        { hint: hint ? `did you mean '${hint}'?` : `the change rows have: ${names.join(', ')}` }));
    }
  }

  const unknownIn = (list: readonly string[], clause: string, span: Span): void => {
    for (const c of list) {
      if (known.has(norm(c))) continue;
      const hint = didYouMean(c, names);
      out.push(error(CDC_CODES.unknownColumn, `${clause} names column '${c}', which the change rows do not have`, span,
        hint ? { hint: `did you mean '${hint}'?` } : {}));
    }
  };
  if (spec.columns) {
    unknownIn(spec.columns.columns, 'COLUMNS', columnsSpan);
    for (const k of spec.keys) {
      const listed = spec.columns.columns.some((c) => norm(c) === norm(k));
      if (spec.columns.mode === 'except' && listed) {
        out.push(error(CDC_CODES.columnsExcludeKey, `COLUMNS * EXCEPT excludes key column '${k}'; keys are always stored`,
          columnsSpan, { hint: `remove '${k}' from the EXCEPT list` }));
      } else if (spec.columns.mode === 'include' && !listed) {
        out.push(warning(CDC_CODES.columnsExcludeKey, `COLUMNS does not list key column '${k}'; it is stored anyway`,
          columnsSpan, { hint: `add '${k}' to the COLUMNS list` }));
      }
    }
  }

  const trackSpan = options.spans?.trackHistory ?? seqSpan;
  if (spec.trackHistory) {
    if (spec.storedAs !== 2) {
      out.push(error(CDC_CODES.trackHistoryWithScd1, 'TRACK HISTORY is only allowed with STORED AS SCD TYPE 2', trackSpan));
    }
    unknownIn(spec.trackHistory.columns, 'TRACK HISTORY', trackSpan);
  }
  if (spec.truncateWhen && spec.storedAs === 2) {
    out.push(error(CDC_CODES.truncateWithScd2, 'APPLY AS TRUNCATE WHEN is only supported for SCD type 1',
      spanOf(spec.truncateWhen), { hint: 'remove the TRUNCATE clause or store as SCD TYPE 1' }));
  }

  for (const c of names) {
    const reserved = norm(c).startsWith('__weir_') ||
      (spec.storedAs === 2 && (norm(c) === '__start_at' || norm(c) === '__end_at'));
    if (reserved) {
      out.push(error(CDC_CODES.reservedColumn, `change column '${c}' uses a name reserved for CDC bookkeeping`,
        columnsSpan, { hint: `rename it in the source query or drop it with COLUMNS * EXCEPT (${c})` }));
    }
  }

  const seqType = options.sequenceType ?? sequenceType(spec, changeColumns);
  if (seqType && options.previousSequenceType && normType(seqType) !== normType(options.previousSequenceType)) {
    out.push(error(CDC_CODES.sequenceTypeChanged,
      `SEQUENCE BY is now ${seqType} but this target was built with ${options.previousSequenceType}`, seqSpan,
      { hint: 'keep the sequence type stable, or rebuild the target with --full-refresh' }));
  }
  if (spec.storedAs === 2 && targetColumns && targetColumns.length > 0) {
    for (const col of ['__START_AT', '__END_AT']) {
      const found = targetColumns.find((c) => norm(c.name) === norm(col));
      if (!found) {
        out.push(error(CDC_CODES.scd2ColumnType, `the SCD type 2 target has no ${col} column`, seqSpan,
          { hint: `declare ${col} typed like the SEQUENCE BY expression${seqType ? ` (${seqType})` : ''}` }));
      } else if (seqType && normType(found.type) !== normType(seqType)) {
        out.push(error(CDC_CODES.scd2ColumnType, `${col} is ${found.type} but SEQUENCE BY is ${seqType}`, seqSpan,
          { hint: `declare ${col} as ${seqType}, or rebuild the target with --full-refresh` }));
      }
    }
  }
  return out;
}
