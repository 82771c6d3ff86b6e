import type { CdcSpec, ColumnSelection, Identifier, QualifiedName, SqlFragment } from '../model/ast.js';
import type { Span } from '../model/span.js';
import { ParseCodes } from './codes.js';
import type { Cursor, Range } from './cursor.js';
import { parseIdentifier, parseIdentifierList } from './names.js';

/** The statement part before the clauses: `AUTO CDC [ONCE] INTO t`, `APPLY CHANGES INTO t`, `FLOW AUTO CDC`. */
export interface CdcHead {
  readonly label: string;
  readonly target: QualifiedName;
  readonly once: boolean;
  readonly start: Range;
  /** Where "missing clause" errors point: the head keywords and the target. */
  readonly headSpan: Span;
}

/** The fixed clause order of AUTO CDC / APPLY CHANGES (dialect reference §2.10). */
const ORDER = [
  'FROM', 'KEYS', 'WHERE', 'IGNORE NULL UPDATES', 'APPLY AS DELETE WHEN', 'APPLY AS TRUNCATE WHEN',
  'SEQUENCE BY', 'COLUMNS', 'STORED AS', 'TRACK HISTORY ON',
] as const;
type ClauseId = (typeof ORDER)[number];
const ORDER_TEXT = 'FROM, KEYS, [WHERE], [IGNORE NULL UPDATES], [APPLY AS DELETE WHEN], [APPLY AS TRUNCATE WHEN], SEQUENCE BY, [COLUMNS], [STORED AS], [TRACK HISTORY ON]';

function clauseAt(c: Cursor): ClauseId | 'SYSTEM SEQUENCE BY' | undefined {
  // Compared in place (no token built): this runs for every token of every CDC expression.
  if (c.kindAt() !== 'ident') return undefined;
  if (c.isKw('FROM')) return 'FROM';
  if (c.isKw('KEYS')) return 'KEYS';
  if (c.isKw('WHERE')) return 'WHERE';
  if (c.isKw('IGNORE')) return c.isKw('NULL', 1) ? 'IGNORE NULL UPDATES' : undefined;
  if (c.isKw('APPLY')) {
    if (!c.isKw('AS', 1)) return undefined;
    return c.isKw('DELETE', 2) ? 'APPLY AS DELETE WHEN' : c.isKw('TRUNCATE', 2) ? 'APPLY AS TRUNCATE WHEN' : undefined;
  }
  if (c.isKw('SEQUENCE')) return c.isKw('BY', 1) ? 'SEQUENCE BY' : undefined;
  if (c.isKw('SYSTEM')) return c.isKw('SEQUENCE', 1) ? 'SYSTEM SEQUENCE BY' : undefined;
  if (c.isKw('COLUMNS')) return 'COLUMNS';
  if (c.isKw('STORED')) return c.isKw('AS', 1) ? 'STORED AS' : undefined;
  if (c.isKw('TRACK')) return c.isKw('HISTORY', 1) ? 'TRACK HISTORY ON' : undefined;
  return undefined;
}

const stopAtClause = (x: Cursor): boolean => clauseAt(x) !== undefined;

/**
 * The clauses after the head. Clauses are recognised in any order so a misplaced one gets a precise error
 * (WEIR2020) instead of a generic syntax error. Returns undefined when a required clause is missing (the
 * error is recorded): a CDC flow without keys or sequence cannot be planned.
 */
export function parseCdcClauses(c: Cursor, head: CdcHead): CdcSpec | undefined {
  const seen = new Map<string, Span>();
  let lastRank = -1;
  let lastId: ClauseId | undefined;
  let source: SqlFragment | undefined;
  let keys: Identifier[] | undefined;
  let where: SqlFragment | undefined;
  let ignoreNullUpdates = false;
  let deleteWhen: SqlFragment | undefined;
  let truncateWhen: SqlFragment | undefined;
  let sequenceBy: SqlFragment | undefined;
  let columns: ColumnSelection | undefined;
  let storedAs: 1 | 2 = 1;
  let trackHistory: ColumnSelection | undefined;
  while (!c.atEnd()) {
    const id = clauseAt(c);
    if (!id) c.fail(`a clause of ${head.label} (${ORDER.join(', ')})`, ['FROM', 'KEYS', 'WHERE', 'IGNORE', 'APPLY', 'SEQUENCE', 'COLUMNS', 'STORED', 'TRACK']);
    const start = c.here();
    if (id === 'SYSTEM SEQUENCE BY') {
      c.skipKw('SYSTEM', 'SEQUENCE', 'BY');
      c.until(stopAtClause);
      c.error(ParseCodes.Unsupported, 'SYSTEM SEQUENCE BY is not supported by Weir', c.spanFrom(start), 'order events with SEQUENCE BY only');
      continue;
    }
    // Databricks' newer clauses (dialect reference §2.10, FLOW AUTO CDC): valid syntax Weir does not run.
    if (id === 'COLUMNS' && c.isKw('TO', 1) && c.isKw('UPDATE', 2)) {
      c.skipKw('COLUMNS', 'TO', 'UPDATE');
      c.until(stopAtClause);
      c.error(ParseCodes.Unsupported, 'COLUMNS TO UPDATE is not supported by Weir', c.spanFrom(start), 'leave it out: every change row updates its target row');
      continue;
    }
    if (id === 'IGNORE NULL UPDATES' && c.isKw('ON', 3)) {
      c.skipKw('IGNORE', 'NULL', 'UPDATES', 'ON');
      c.until(stopAtClause);
      c.error(ParseCodes.Unsupported, 'IGNORE NULL UPDATES ON a column list is not supported by Weir', c.spanFrom(start),
        'use IGNORE NULL UPDATES (every column keeps its value when the change row has NULL there), or leave it out');
      ignoreNullUpdates = false;
      continue;
    }
    switch (id) {
      case 'FROM': c.skip(); source = expression(c, 'a source after FROM'); break;
      case 'KEYS': c.skip(); keys = parseIdentifierList(c, 'a key column'); break;
      case 'WHERE': c.skip(); where = expression(c, 'a condition after WHERE'); break;
      case 'IGNORE NULL UPDATES': c.expectKw('IGNORE', 'NULL', 'UPDATES'); ignoreNullUpdates = true; break;
      case 'APPLY AS DELETE WHEN': c.expectKw('APPLY', 'AS', 'DELETE', 'WHEN'); deleteWhen = expression(c, 'a condition'); break;
      case 'APPLY AS TRUNCATE WHEN': c.expectKw('APPLY', 'AS', 'TRUNCATE', 'WHEN'); truncateWhen = expression(c, 'a condition'); break;
      case 'SEQUENCE BY': c.expectKw('SEQUENCE', 'BY'); sequenceBy = expression(c, 'an ordering expression'); break;
      case 'COLUMNS': c.skip(); columns = parseSelection(c, start); break;
      case 'STORED AS': storedAs = parseStoredAs(c); break;
      case 'TRACK HISTORY ON': c.expectKw('TRACK', 'HISTORY', 'ON'); trackHistory = parseSelection(c, start); break;
    }
    const span = c.spanFrom(start);
    const rank = ORDER.indexOf(id);
    const first = seen.get(id);
    if (first) {
      c.error(ParseCodes.CdcDuplicateClause, `${id} is written twice in ${head.label}`, span, 'remove one of them',
        { related: [{ span: first, message: `first ${id}` }] });
    } else if (rank < lastRank && lastId) {
      c.error(ParseCodes.CdcClauseOrder, `${id} must come before ${lastId} in ${head.label}`, span,
        `move ${id} before ${lastId}; the clause order is ${ORDER_TEXT}`);
    }
    if (!first) seen.set(id, span);
    if (rank > lastRank) { lastRank = rank; lastId = id; }
  }
  const missing = (['FROM', 'KEYS', 'SEQUENCE BY'] as const).filter((k) => !seen.has(k));
  for (const m of missing) {
    const example = m === 'FROM' ? 'FROM STREAM(source)' : m === 'KEYS' ? 'KEYS (id)' : 'SEQUENCE BY event_ts';
    c.error(ParseCodes.CdcMissingClause, `${head.label} INTO ${head.target.parts.join('.')} has no ${m} clause`, head.headSpan,
      `add ${example}; the clause order is ${ORDER_TEXT}`);
  }
  if (storedAs === 2 && truncateWhen) {
    c.error(ParseCodes.CdcTruncateWithScd2, 'APPLY AS TRUNCATE WHEN is not allowed with STORED AS SCD TYPE 2', seen.get('APPLY AS TRUNCATE WHEN') ?? head.headSpan,
      'truncates apply to SCD type 1 only: remove APPLY AS TRUNCATE WHEN or store as SCD TYPE 1');
  }
  if (storedAs === 1 && trackHistory) {
    c.error(ParseCodes.CdcTrackHistoryWithScd1, 'TRACK HISTORY ON needs STORED AS SCD TYPE 2', seen.get('TRACK HISTORY ON') ?? head.headSpan,
      'SCD type 1 keeps no history: add STORED AS SCD TYPE 2 or remove TRACK HISTORY ON');
  }
  if (!source || !keys || !sequenceBy) return undefined;
  return {
    target: head.target,
    once: head.once,
    source,
    keys,
    ...(where ? { where } : {}),
    ignoreNullUpdates,
    ...(deleteWhen ? { deleteWhen } : {}),
    ...(truncateWhen ? { truncateWhen } : {}),
    sequenceBy,
    ...(columns ? { columns } : {}),
    storedAs,
    ...(trackHistory ? { trackHistory } : {}),
    span: c.spanFrom(head.start),
  };
}

/** An expression running to the next clause keyword at paren depth 0. */
function expression(c: Cursor, what: string): SqlFragment {
  const r = c.until(stopAtClause);
  if (!r) c.fail(what);
  return c.fragment(r.first.start, r.last.end);
}

/** `a, b` / `(a, b)` / `* EXCEPT (a, b)` (COLUMNS and TRACK HISTORY ON). */
function parseSelection(c: Cursor, start: Range): ColumnSelection {
  if (c.acceptOp('*')) {
    if (c.skipKw('EXCEPT')) {
      const columns = parseIdentifierList(c, 'a column name');
      return { mode: 'except', columns, span: c.spanFrom(start) };
    }
    return { mode: 'except', columns: [], span: c.spanFrom(start) };
  }
  if (c.isOp('(')) return { mode: 'include', columns: parseIdentifierList(c), span: c.spanFrom(start) };
  const columns: Identifier[] = [];
  do columns.push(parseIdentifier(c, "a column list or '* EXCEPT (...)'"));
  while (c.acceptOp(','));
  return { mode: 'include', columns, span: c.spanFrom(start) };
}

/** `STORED AS SCD TYPE 1 | SCD TYPE 2`; BITEMPORAL is reported as unsupported (read as type 2). */
function parseStoredAs(c: Cursor): 1 | 2 {
  const start = c.peek();
  c.expectKw('STORED', 'AS');
  if (c.isKw('BITEMPORAL')) {
    c.skip();
    c.error(ParseCodes.Unsupported, 'STORED AS BITEMPORAL is not supported by Weir', c.spanFrom(start), 'use STORED AS SCD TYPE 2');
    return 2;
  }
  c.expectKw('SCD', 'TYPE');
  const t = c.peek();
  if (t.kind !== 'number' || (t.text !== '1' && t.text !== '2')) c.fail('1 or 2 (the SCD type)');
  c.skip();
  return t.text === '1' ? 1 : 2;
}
