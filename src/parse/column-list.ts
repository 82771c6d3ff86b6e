import type { ClauseDef, ColumnDef, ExpectationDef, SqlFragment, TableConstraint } from '../model/ast.js';
import type { Token } from '../model/token.js';
import { ParseCodes } from './codes.js';
import { parseColumnConstraint, parseExpectation, parseTableConstraint } from './constraints.js';
import type { Cursor } from './cursor.js';
import { parseIdentifier } from './names.js';

export interface ColumnList {
  readonly columns: ColumnDef[];
  readonly expectations: ExpectationDef[];
  readonly constraints: TableConstraint[];
  /** MASK clauses, kept as clauses too so the manifest lists every clause with no DuckDB meaning. */
  readonly clauses: ClauseDef[];
}

/** Words that start a column property: a column whose next word is one of these has no type. */
const PROPERTY_WORDS = ['NOT', 'COMMENT', 'GENERATED', 'MASK', 'PRIMARY', 'REFERENCES', 'FOREIGN', 'CONSTRAINT', 'DEFAULT'];
function isPropertyWord(c: Cursor): boolean {
  for (const w of PROPERTY_WORDS) if (c.isKw(w)) return true;
  return false;
}
const PROPERTY_CANDIDATES = ['NOT', 'COMMENT', 'GENERATED', 'MASK', 'PRIMARY', 'REFERENCES', 'FOREIGN', 'CONSTRAINT'];

/**
 * The parenthesised column list of a dataset (dialect reference §2.2-2.7), also when it holds only
 * expectations. `viewStyle`: views' lists hold names with an optional COMMENT (and, for LIVE VIEWs,
 * expectations); the caller decides whether expectations are allowed.
 */
export function parseColumnList(c: Cursor, viewStyle: boolean): ColumnList {
  const out: ColumnList = { columns: [], expectations: [], constraints: [], clauses: [] };
  c.expectOp('(');
  if (c.acceptOp(')')) return out;
  for (;;) {
    const wasColumn = parseEntry(c, viewStyle, out);
    if (c.acceptOp(',')) continue;
    if (c.acceptOp(')')) return out;
    if (wasColumn && viewStyle) c.fail("COMMENT, ',' or ')'", ['COMMENT']);
    if (wasColumn) c.fail("a column property, ',' or ')'", PROPERTY_CANDIDATES);
    c.fail("',' or ')'");
  }
}

/** One list entry; returns true when it was a column. */
function parseEntry(c: Cursor, viewStyle: boolean, out: ColumnList): boolean {
  const start = c.here();
  if (c.isKw('CONSTRAINT')) {
    c.skip();
    const name = parseIdentifier(c, 'an expectation or constraint name');
    if (c.isKw('EXPECT')) out.expectations.push(parseExpectation(c, start, name.name));
    else out.constraints.push(parseTableConstraint(c, start, name.name));
    return false;
  }
  if ((c.isKw('PRIMARY') && c.isKw('KEY', 1)) || (c.isKw('UNIQUE') && c.isOp('(', 1)) || (c.isKw('FOREIGN') && c.isKw('KEY', 1))) {
    out.constraints.push(parseTableConstraint(c, start, undefined));
    return false;
  }
  const name = parseIdentifier(c, 'a column name, CONSTRAINT, PRIMARY KEY, FOREIGN KEY or UNIQUE');
  if (viewStyle) {
    const comment = c.skipKw('COMMENT') ? parseString(c, 'the column comment') : undefined;
    out.columns.push({ name: name.name, notNull: false, ...(comment !== undefined ? { comment } : {}), span: c.spanFrom(start) });
    return true;
  }
  const type = c.kindAt() === 'ident' && !isPropertyWord(c) ? parseType(c) : undefined;
  let notNull = false;
  let comment: string | undefined;
  let generated: SqlFragment | undefined;
  let mask: string | undefined;
  for (;;) {
    if (c.isKw('NOT')) { c.expectKw('NOT', 'NULL'); notNull = true; }
    else if (c.skipKw('COMMENT')) comment = parseString(c, 'the column comment');
    else if (c.isKw('GENERATED')) generated = parseGenerated(c);
    else if (c.isKw('MASK')) {
      const kw = c.next();
      mask = parseMask(c, kw, out);
    } else {
      const k = parseColumnConstraint(c, name);
      if (!k) break;
      out.constraints.push(k);
    }
  }
  // Optional fields are left out rather than set to undefined (goldens and the manifest stay clean); built
  // without spreads, which allocate a temporary object each.
  const col = { name: name.name } as { -readonly [K in keyof ColumnDef]: ColumnDef[K] };
  if (type !== undefined) col.type = type;
  col.notNull = notNull;
  if (comment !== undefined) col.comment = comment;
  if (generated) col.generated = generated;
  if (mask !== undefined) col.mask = mask;
  col.span = c.spanFrom(start);
  out.columns.push(col);
  return true;
}

/** A string literal (`'...'` or `"..."`), its unquoted value. */
export function parseString(c: Cursor, what: string): string {
  const t = c.peek();
  if (t.kind !== 'string') c.fail(`${what} (a quoted string)`);
  c.skip();
  return t.value;
}

/**
 * A Spark type as written: `STRING`, `DECIMAL(10,2)`, `ARRAY<STRUCT<a: INT>>`, `MAP<STRING,INT>`,
 * `INTERVAL DAY TO SECOND`. `>>` and `>>>` close two and three levels (the lexer makes them one token).
 */
function parseType(c: Cursor): string {
  const start = c.here();
  const interval = c.isKw('INTERVAL');
  c.skip();
  if (interval) {
    while (['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'TO'].some((w) => c.isKw(w))) c.skip();
  }
  if (c.isOp('<')) {
    let depth = 0;
    do {
      if (c.atEnd()) c.fail("'>'");
      if (c.isOp('<')) depth++;
      else if (c.isOp('>')) depth--;
      else if (c.isOp('>>')) depth -= 2;
      else if (c.isOp('>>>')) depth -= 3;
      c.skip();
    } while (depth > 0);
  }
  if (c.isOp('(')) c.parenGroup();
  return c.file.text.slice(start.start, c.prevEnd());
}

/** `GENERATED ALWAYS AS (expr)`: the expression inside the parentheses. */
function parseGenerated(c: Cursor): SqlFragment | undefined {
  // Identity columns (`GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [(START WITH n INCREMENT BY m)]`): valid
  // Delta syntax whose values come from Delta's own counter, which Weir does not keep.
  const identityAt = c.isKw('BY', 1) ? 4 : 3;
  if (c.isKw('IDENTITY', identityAt)) {
    const start = c.here();
    for (let k = 0; k <= identityAt; k++) c.skip();
    if (c.isOp('(')) c.parenGroup();
    c.error(ParseCodes.Unsupported, 'identity columns (GENERATED ... AS IDENTITY) are not supported by Weir', c.spanFrom(start),
      'compute the key in the query instead, e.g. row_number() OVER (ORDER BY ...) or a hash of the business key');
    return undefined;
  }
  c.expectKw('GENERATED', 'ALWAYS', 'AS');
  if (!c.isOp('(')) c.fail("'(' and an expression");
  const g = c.parenGroup();
  if (!g.first || !g.last) c.fail('an expression', [], 'write GENERATED ALWAYS AS (expression)');
  return c.fragment(g.first.start, g.last.end);
}

/** `MASK func [USING COLUMNS (...)]`: text after MASK; reported once per column as a clause with no DuckDB meaning. */
function parseMask(c: Cursor, kw: Token, out: ColumnList): string {
  const fn = c.peek();
  if (fn.kind !== 'ident' && fn.kind !== 'quoted-ident') c.fail('a mask function name');
  c.skip();
  while (c.isOp('.') && c.peek(1).kind !== 'eof') { c.skip(2); }
  if (c.skipKw('USING', 'COLUMNS')) {
    if (!c.isOp('(')) c.fail("'('");
    c.parenGroup();
  }
  const text = c.file.text.slice(fn.start, c.prevEnd());
  const span = c.spanFrom(kw);
  out.clauses.push({ name: 'MASK', text, span });
  c.info(ParseCodes.ClauseIgnored, 'MASK has no meaning on DuckDB; kept in the manifest', span);
  return text;
}
