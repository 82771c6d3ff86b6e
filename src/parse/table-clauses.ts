import type { ClauseDef, PropertyDef } from '../model/ast.js';
import type { Span } from '../model/span.js';
import type { Token } from '../model/token.js';
import { REFRESH_POLICIES, refreshPolicyName } from '../model/refresh-policy.js';
import { didYouMean } from '../util/did-you-mean.js';
import { ParseCodes } from './codes.js';
import type { Cursor } from './cursor.js';
import { parseString } from './column-list.js';
import { isNameToken, parseQualifiedName } from './names.js';

/** What the table clauses of one dataset add up to. Clauses come in any order and may repeat (§2.8). */
export interface TableClauses {
  comment?: string;
  readonly properties: PropertyDef[];
  readonly clauses: ClauseDef[];
  /** First span of each clause name, to report repeats. */
  readonly seen: Map<string, Span>;
}

export function emptyTableClauses(): TableClauses {
  return { properties: [], clauses: [], seen: new Map() };
}

/** Keywords that start a table clause: the candidates of "did you mean" after a dataset's column list. */
export const CLAUSE_KEYWORDS = ['COMMENT', 'TBLPROPERTIES', 'PARTITIONED', 'CLUSTER', 'LOCATION', 'USING', 'WITH', 'REFRESH', 'SCHEDULE', 'TRIGGER', 'DEFAULT'];

/** True when the cursor is on the first keyword(s) of a table clause. */
export function isClauseStart(c: Cursor): boolean {
  if (c.kindAt() !== 'ident') return false;
  // Compared in place (no token built): this runs after every clause of every dataset.
  return c.isKw('COMMENT') || c.isKw('TBLPROPERTIES') || c.isKw('LOCATION') || c.isKw('USING') || c.isKw('SCHEDULE')
    || ((c.isKw('PARTITIONED') || c.isKw('CLUSTER')) && c.isKw('BY', 1))
    || (c.isKw('WITH') && c.isKw('ROW', 1))
    || (c.isKw('REFRESH') && c.isKw('POLICY', 1))
    || (c.isKw('TRIGGER') && c.isKw('ON', 1))
    || (c.isKw('DEFAULT') && c.isKw('COLLATION', 1));
}

/**
 * Parses one table clause at the cursor (the caller checked `isClauseStart`). COMMENT and TBLPROPERTIES
 * have a meaning on DuckDB; every other clause is kept as a `ClauseDef` and reported once as info (WEIR2101).
 */
export function parseTableClause(c: Cursor, acc: TableClauses): void {
  const start = c.peek();
  if (c.skipKw('COMMENT')) {
    acc.comment = parseString(c, 'the comment');
    noteClause(c, acc, 'COMMENT', start);
    return;
  }
  if (c.skipKw('TBLPROPERTIES')) {
    parseProperties(c, acc.properties);
    noteClause(c, acc, 'TBLPROPERTIES', start);
    return;
  }
  let name: string;
  let argStart: Token;
  if (c.skipKw('PARTITIONED', 'BY')) {
    name = 'PARTITIONED BY';
    argStart = c.peek();
    if (!c.isOp('(')) c.fail("'(' and the partition columns");
    c.parenGroup();
  } else if (c.skipKw('CLUSTER', 'BY')) {
    name = 'CLUSTER BY';
    argStart = c.peek();
    if (!c.skipKw('AUTO') && !c.skipKw('NONE')) {
      if (!c.isOp('(')) c.fail("'(', AUTO or NONE", ['AUTO', 'NONE']);
      c.parenGroup();
    }
  } else if (c.skipKw('LOCATION')) {
    name = 'LOCATION';
    argStart = c.peek();
    parseString(c, 'the location path');
  } else if (c.skipKw('USING')) {
    name = 'USING';
    argStart = c.peek();
    if (c.peek().kind !== 'ident') c.fail('a table format such as DELTA', ['DELTA', 'ICEBERG']);
    c.skip();
  } else if (c.skipKw('WITH', 'ROW', 'FILTER')) {
    name = 'ROW FILTER';
    argStart = c.peek();
    parseQualifiedName(c, 'a row filter function');
    c.expectKw('ON');
    if (!c.isOp('(')) c.fail("'('");
    c.parenGroup();
  } else if (c.skipKw('DEFAULT', 'COLLATION')) {
    name = 'DEFAULT COLLATION';
    argStart = c.peek();
    if (!isNameToken(c.peek())) c.fail('a collation name such as UTF8_BINARY');
    c.skip();
  } else {
    // REFRESH POLICY, SCHEDULE, TRIGGER ON UPDATE: free-form arguments up to the next clause.
    if (c.skipKw('REFRESH', 'POLICY')) name = 'REFRESH POLICY';
    else if (c.skipKw('SCHEDULE')) name = 'SCHEDULE';
    else {
      c.expectKw('TRIGGER', 'ON', 'UPDATE');
      name = 'TRIGGER ON UPDATE';
    }
    argStart = c.peek();
    const arg = c.until((x) => isClauseStart(x) || x.isKw('AS') || x.isKw('FLOW'));
    if (!arg && name !== 'TRIGGER ON UPDATE') c.fail(`the ${name} argument`);
  }
  const text = c.pos > 0 && c.prevEnd() > argStart.start ? c.file.text.slice(argStart.start, c.prevEnd()) : '';
  const span = c.spanFrom(start);
  acc.clauses.push({ name, text, span });
  if (name === 'REFRESH POLICY') {
    // Honoured by the runner (src/execute/run-materialized-view.ts): FULL always recomputes, INCREMENTAL STRICT
    // fails a refresh that cannot be incremental, AUTO / INCREMENTAL choose.
    const policy = refreshPolicyName(text);
    if (!REFRESH_POLICIES.includes(policy)) {
      const guess = didYouMean(policy, REFRESH_POLICIES);
      c.warning(ParseCodes.BadRefreshPolicy, `REFRESH POLICY ${text.trim()} is not a refresh policy; AUTO is used`, span,
        guess ? `did you mean ${guess}?` : `write one of ${REFRESH_POLICIES.join(', ')}`);
    }
  } else {
    c.info(ParseCodes.ClauseIgnored, `${name} has no meaning on DuckDB; kept in the manifest`, span);
  }
  noteClause(c, acc, name, start);
}

function noteClause(c: Cursor, acc: TableClauses, name: string, start: Token): void {
  const span = c.spanFrom(start);
  const first = acc.seen.get(name);
  if (!first) {
    acc.seen.set(name, span);
    return;
  }
  const what = name === 'COMMENT' ? 'the last one is used' : name === 'TBLPROPERTIES' ? 'their properties are merged' : 'both are kept';
  c.warning(ParseCodes.DuplicateClause, `${name} is written twice; ${what}`, span, 'remove one: Databricks rejects a repeated clause',
    { related: [{ span: first, message: `first ${name}` }] });
}

/**
 * `( key [=] value, ... )`: keys are string literals or dotted identifiers (`pipelines.autoOptimize.managed`),
 * values strings, numbers, booleans or bare words (Spark's `property` rule, §2.8).
 */
function parseProperties(c: Cursor, out: PropertyDef[]): void {
  c.expectOp('(');
  if (c.acceptOp(')')) return;
  do {
    const keyStart = c.peek();
    let key: string;
    if (keyStart.kind === 'string') {
      c.skip();
      key = keyStart.value;
    } else {
      if (!isNameToken(keyStart)) c.fail('a property key');
      key = parseQualifiedName(c, 'a property key').parts.join('.');
    }
    c.acceptOp('=');
    const v = c.peek();
    let value: string;
    if (v.kind === 'string') value = v.value;
    else if (v.kind === 'number' || v.kind === 'ident') value = v.text;
    else if (v.kind === 'op' && (v.text === '-' || v.text === '+') && c.peek(1).kind === 'number') {
      c.skip();
      value = v.text + c.peek().text;
    } else return void c.fail('a property value (a string, number or boolean)');
    c.skip();
    out.push({ key, value, span: c.spanFrom(keyStart), valueSpan: c.spanFrom(v) });
  } while (c.acceptOp(','));
  if (!c.isOp(')')) c.fail("',' or ')'");
  c.skip();
}
