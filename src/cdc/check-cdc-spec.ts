import type { CompiledCdc, CompiledSql } from '../model/compiled-pipeline.js';
import { error, warning, type Diagnostic } from '../model/diagnostic.js';
import { toSourceRange } from '../model/source-map.js';
import type { Span } from '../model/span.js';
import { cdcColumns, type ColumnInfo } from './cdc-columns.js';
import { CDC_CODES } from './codes.js';
import { didYouMean } from './did-you-mean.js';
import { sequenceType } from './sequence-type.js';

/**
 * Where the clauses are in the user's file, when the caller knows (CompiledCdc carries no clause spans; the
 * parsed `CdcSpec` in the pipeline graph does). `*Items` are the spans of the listed names, in the order of
 * the CompiledCdc's lists: a diagnostic about one name points at that name.
 */
export interface CdcSpans {
  readonly keys?: Span;
  readonly keyItems?: readonly Span[];
  readonly columns?: Span;
  readonly columnItems?: readonly Span[];
  readonly trackHistory?: Span;
  readonly trackHistoryItems?: readonly Span[];
  /** The FROM source: where a change column comes from (reserved names). */
  readonly source?: Span;
  /** The INTO target's name (the target's shape: SCD 2 history columns). */
  readonly target?: Span;
}

export interface CheckCdcOptions {
  /** The sequence type this target was built with in an earlier run (from the runner's state). */
  readonly previousSequenceType?: string;
  /** The sequence's DuckDB type now; inferred when SEQUENCE BY is a plain column. */
  readonly sequenceType?: string;
  readonly spans?: CdcSpans;
  /** The target's name as users write it, for `--full-refresh <name>` hints. */
  readonly targetName?: string;
}

/** The span of compiled text in the user's file (the whole expression). */
function spanOf(sql: CompiledSql): Span {
  const r = toSourceRange(sql.map, 0, sql.sql.length);
  return { file: sql.file, start: r.start, end: r.end };
}

const norm = (s: string): string => s.toLowerCase();
/**
 * Types compared as the run-time guard compares them (plan-context.ts `sequenceGuardSql`): integer types of
 * any width are one family (a JSON reader may infer INTEGER one run and BIGINT the next).
 */
const normType = (t: string): string => {
  const u = t.replace(/\s+/g, ' ').trim().toUpperCase();
  return /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(u) ? 'integer' : u;
};

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

  const item = (items: readonly Span[] | undefined, i: number, fallback: Span): Span => items?.[i] ?? fallback;

  if (spec.keys.length === 0) out.push(error(CDC_CODES.noKeys, 'KEYS must name at least one column', keysSpan));
  const seen = new Set<string>();
  spec.keys.forEach((k, i) => {
    const at = item(options.spans?.keyItems, i, keysSpan);
    if (seen.has(norm(k))) out.push(error(CDC_CODES.duplicateKey, `key column '${k}' is listed twice in KEYS`, at, { hint: `remove the second '${k}'` }));
    seen.add(norm(k));
    if (!known.has(norm(k))) {
      const hint = didYouMean(k, names);
      out.push(error(CDC_CODES.unknownKey, `KEYS names column '${k}', which the change rows do not have`, at,
        { hint: hint ? `did you mean '${hint}'?` : `the change rows have: ${names.join(', ')}` }));
    }
  });

  const unknownIn = (list: readonly string[], clause: string, span: Span, items?: readonly Span[]): void => {
    list.forEach((c, i) => {
      if (known.has(norm(c))) return;
      const hint = didYouMean(c, names);
      out.push(error(CDC_CODES.unknownColumn, `${clause} names column '${c}', which the change rows do not have`, item(items, i, span),
        hint ? { hint: `did you mean '${hint}'?` } : { hint: `the change rows have: ${names.join(', ')}` }));
    });
  };
  if (spec.columns) {
    unknownIn(spec.columns.columns, 'COLUMNS', columnsSpan, options.spans?.columnItems);
    for (const k of spec.keys) {
      const at = spec.columns.columns.findIndex((c) => norm(c) === norm(k));
      if (spec.columns.mode === 'except' && at >= 0) {
        out.push(error(CDC_CODES.columnsExcludeKey, `COLUMNS * EXCEPT excludes key column '${k}'; keys are always stored`,
          item(options.spans?.columnItems, at, columnsSpan), { hint: `remove '${k}' from the EXCEPT list` }));
      } else if (spec.columns.mode === 'include' && at < 0) {
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
    unknownIn(spec.trackHistory.columns, 'TRACK HISTORY', trackSpan, options.spans?.trackHistoryItems);
  }
  if (spec.truncateWhen && spec.storedAs === 2) {
    out.push(error(CDC_CODES.truncateWithScd2, 'APPLY AS TRUNCATE WHEN is only supported for SCD type 1',
      spanOf(spec.truncateWhen), { hint: 'remove the TRUNCATE clause or store as SCD TYPE 1' }));
  }

  // `__weir_*` names collide with the columns the generated SQL adds to every change row; SCD 2's own
  // columns collide only when stored.
  const stored = new Set(cdcColumns(spec, changeColumns).stored.map(norm));
  const sourceSpan = options.spans?.source ?? columnsSpan;
  for (const c of names) {
    if (norm(c).startsWith('__weir_')) {
      out.push(error(CDC_CODES.reservedColumn, `change column '${c}' uses the prefix __weir_, reserved for CDC bookkeeping`,
        sourceSpan, { hint: `rename it in the source query (SELECT * EXCLUDE (${c}) or ${c} AS another_name)` }));
    } else if (spec.storedAs === 2 && (norm(c) === '__start_at' || norm(c) === '__end_at') && stored.has(norm(c))) {
      out.push(error(CDC_CODES.reservedColumn, `change column '${c}' would be stored, but SCD type 2 targets use ${c.toUpperCase()} for history`,
        columnsSpan, { hint: `rename it in the source query or drop it with COLUMNS * EXCEPT (${c})` }));
    }
  }

  const seqType = options.sequenceType ?? sequenceType(spec, changeColumns);
  const refresh = `--full-refresh${options.targetName ? ` ${options.targetName}` : ''}`;
  const seqChanged = seqType !== undefined && options.previousSequenceType !== undefined &&
    normType(seqType) !== normType(options.previousSequenceType);
  if (seqChanged) {
    out.push(error(CDC_CODES.sequenceTypeChanged,
      `SEQUENCE BY is now ${seqType} but this target was built with ${options.previousSequenceType}`, seqSpan,
      { hint: `keep the sequence type stable, or rebuild the target with ${refresh}` }));
  }
  // The existing target's history columns must match the SCD type (a flow switched between types, or another
  // flow built the table, would otherwise mix shapes: SCD 1 rows without history, or old history rows kept).
  const targetSpan = options.spans?.target ?? seqSpan;
  const history = ['__START_AT', '__END_AT'].map((col) => [col, targetColumns?.find((c) => norm(c.name) === norm(col))] as const);
  if (spec.storedAs === 2 && targetColumns && targetColumns.length > 0) {
    const missing = history.filter(([, found]) => !found).map(([col]) => col);
    if (missing.length > 0) {
      out.push(error(CDC_CODES.scd2ColumnType, `the SCD type 2 target has no ${missing.join(' or ')} column`, targetSpan,
        { hint: `the table was not built by an SCD type 2 flow: rebuild it with ${refresh}` }));
    }
    for (const [col, found] of history) {
      if (found && seqType && !seqChanged && normType(found.type) !== normType(seqType)) {
        out.push(error(CDC_CODES.scd2ColumnType, `${col} is ${found.type} but SEQUENCE BY is ${seqType}`, targetSpan,
          { hint: `rebuild the target with ${refresh}` }));
      }
    }
  }
  const changeHas = (col: string): boolean => known.has(norm(col));
  if (spec.storedAs === 1 && history.every(([col, found]) => found && !changeHas(col))) {
    out.push(error(CDC_CODES.scd2ColumnType, 'the SCD type 1 target has __START_AT and __END_AT columns: it was built as SCD type 2',
      targetSpan, { hint: `rebuild it with ${refresh} (its history rows would stay next to the current ones)` }));
  }
  return out;
}
