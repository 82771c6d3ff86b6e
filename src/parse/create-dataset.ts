import type { CdcSpec, CreateDatasetStatement, DatasetKind, ExpectationDef, SqlFragment, TableConstraint } from '../model/ast.js';
import { parseCdcClauses } from './cdc-spec.js';
import { ParseCodes } from './codes.js';
import { parseColumnList, type ColumnList } from './column-list.js';
import type { Cursor } from './cursor.js';
import type { DatasetHead } from './dataset-head.js';
import { parseQualifiedName } from './names.js';
import { CLAUSE_KEYWORDS, emptyTableClauses, isClauseStart, parseTableClause } from './table-clauses.js';

/** Clause keywords that need more words: `PARTITIONED BY`, `WITH ROW FILTER`, ... */
const SECOND_WORDS: Record<string, string[]> = {
  PARTITIONED: ['BY'], CLUSTER: ['BY'], WITH: ['ROW', 'FILTER'], REFRESH: ['POLICY'], TRIGGER: ['ON', 'UPDATE'], DEFAULT: ['COLLATION'],
};

const KIND_WORDS: Record<DatasetKind, string> = {
  'materialized-view': 'materialized view',
  'streaming-table': 'streaming table',
  'temporary-view': 'temporary view',
  view: 'view',
};

/**
 * The rest of a CREATE dataset statement after its head (`CREATE ... MATERIALIZED VIEW`): name, optional column
 * list, table clauses in any order (also before the column list: legacy `CLUSTER BY`), then `AS query`, an inline
 * `FLOW ...` (Databricks SQL streaming tables) or nothing (a streaming table fed by flows).
 */
export function parseCreateDataset(c: Cursor, head: DatasetHead): CreateDatasetStatement {
  const name = parseQualifiedName(c, 'a dataset name');
  const isView = head.kind === 'view' || head.kind === 'temporary-view';
  const acc = emptyTableClauses();
  let list: ColumnList | undefined;
  while (isClauseStart(c)) parseTableClause(c, acc);
  if (c.isOp('(')) {
    list = parseColumnList(c, isView);
    acc.clauses.push(...list.clauses);
  }
  while (isClauseStart(c)) parseTableClause(c, acc);

  let query: SqlFragment | undefined;
  let inlineCdc: CdcSpec | undefined;
  if (c.isKw('AS')) {
    c.skip();
    query = c.restFragment();
    if (!query) c.fail('a query after AS');
  } else if (/TABLE$/.test(head.syntax) && (c.isKw('SELECT') || c.isKw('WITH') || c.isKw('FROM') || c.isKw('VALUES'))) {
    // Spark's CREATE TABLE ... [AS] query: AS is optional for a LIVE / STREAMING TABLE (not for a view).
    query = c.restFragment();
  } else if (c.isKw('FLOW') && head.kind === 'streaming-table') {
    ({ query, inlineCdc } = parseInlineFlow(c, name));
  } else if (!c.atEnd()) {
    const t = c.peek();
    const second = t.kind === 'ident' ? SECOND_WORDS[t.upper] : undefined;
    if (second && !(t.upper === 'WITH' && !c.isKw('ROW', 1))) {
      // A clause keyword without its second word (`PARTITIONED (a)`): say which word is missing.
      c.skip();
      c.expectKw(...second);
    }
    const candidates = [...CLAUSE_KEYWORDS, 'AS', 'SELECT', ...(head.kind === 'streaming-table' ? ['FLOW'] : [])];
    const hint = t.kind === 'ident' && (t.upper === 'SELECT' || t.upper === 'WITH' || t.upper === 'FROM') ? 'add AS before the query' : undefined;
    c.fail('AS or a table clause', candidates, hint);
  }
  if (!query && !inlineCdc && head.kind !== 'streaming-table') {
    c.error(ParseCodes.MissingQuery, `${KIND_WORDS[head.kind]} ${name.parts.join('.')} has no AS query`, name.span,
      `add AS SELECT ... at the end; only a streaming table may be declared without a query (and fed by flows)`);
  }
  const expectations = list?.expectations ?? [];
  checkExpectations(c, head, expectations);
  checkPrimaryKeys(c, list?.constraints ?? []);
  return {
    kind: 'create-dataset',
    datasetKind: head.kind,
    syntax: head.syntax,
    private: head.private,
    liveView: head.liveView,
    name,
    columns: list?.columns ?? [],
    expectations,
    constraints: list?.constraints ?? [],
    ...(acc.comment !== undefined ? { comment: acc.comment } : {}),
    properties: acc.properties,
    clauses: acc.clauses,
    ...(query ? { query } : {}),
    ...(inlineCdc ? { inlineCdc } : {}),
    span: c.span(head.start.start, c.range.end),
  };
}

/** `FLOW AUTO CDC ...` / `FLOW INSERT BY NAME query` (Databricks SQL `flow_clause`, §2.3). */
function parseInlineFlow(c: Cursor, target: CreateDatasetStatement['name']): { query?: SqlFragment; inlineCdc?: CdcSpec } {
  const flow = c.next();
  if (c.isKw('AUTO')) {
    const cdc = c.expectKw('AUTO', 'CDC');
    const spec = parseCdcClauses(c, { label: 'FLOW AUTO CDC', target, once: false, start: flow, headSpan: c.spanOf(flow, cdc) });
    return spec ? { inlineCdc: spec } : {};
  }
  if (c.isKw('INSERT')) {
    c.expectKw('INSERT', 'BY', 'NAME');
    const query = c.restFragment();
    if (!query) c.fail('a query after INSERT BY NAME');
    return { query };
  }
  if (c.isKw('REPLACE')) {
    c.until(() => false);
    c.error(ParseCodes.Unsupported, 'FLOW REPLACE WHERE is not supported by Weir', c.spanFrom(flow), 'use FLOW INSERT BY NAME or AS query');
    return {};
  }
  return c.fail('AUTO CDC or INSERT BY NAME after FLOW', ['AUTO', 'INSERT']);
}

/** Expectations only on kinds that allow them (§2.6), and unique names within the dataset. */
function checkExpectations(c: Cursor, head: DatasetHead, expectations: readonly ExpectationDef[]): void {
  const forbidden = head.kind === 'view' || (head.kind === 'temporary-view' && !head.liveView);
  const byName = new Map<string, ExpectationDef>();
  for (const e of expectations) {
    if (forbidden) {
      c.error(ParseCodes.ExpectationNotAllowed, `${head.syntax} cannot have expectations (CONSTRAINT ${e.name} EXPECT ...)`, e.span,
        'use CREATE LIVE VIEW (the only view form with expectations) or put the expectation on the table that reads this view');
    }
    const key = e.name.toLowerCase();
    const first = byName.get(key);
    if (first) {
      c.error(ParseCodes.DuplicateExpectation, `expectation ${e.name} is defined twice in one dataset`, e.span,
        'give each expectation of a dataset its own name', { related: [{ span: first.span, message: `first definition of ${first.name}` }] });
    } else byName.set(key, e);
  }
}

/** A table or materialized view has at most one primary key (§2.7), whether written on a column or the table. */
function checkPrimaryKeys(c: Cursor, constraints: readonly TableConstraint[]): void {
  const keys = constraints.filter((k) => k.kind === 'primary-key');
  const first = keys[0];
  for (const k of keys.slice(1)) {
    const cols = (x: TableConstraint): string => x.columns.map((i) => i.name).join(', ');
    c.error(ParseCodes.DuplicatePrimaryKey, `second PRIMARY KEY (${cols(k)}): a dataset has at most one, and (${cols(first)}) is already its key`, k.span,
      `make it one key over all its columns, PRIMARY KEY (${unionColumns(first, k)}), or declare this one UNIQUE`,
      { related: [{ span: first.span, message: `first PRIMARY KEY (${cols(first)})` }] });
  }
}

function unionColumns(a: TableConstraint, b: TableConstraint): string {
  const seen = new Map<string, string>();
  for (const col of [...a.columns, ...b.columns]) if (!seen.has(col.name.toLowerCase())) seen.set(col.name.toLowerCase(), col.name);
  return [...seen.values()].join(', ');
}
