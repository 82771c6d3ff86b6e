import type { DatasetKind } from '../model/ast.js';
import type { Token } from '../model/token.js';
import { ParseCodes } from './codes.js';
import type { Cursor, Range } from './cursor.js';

/** What the keywords between CREATE and the name say (SEMANTICS §2 table). */
export interface DatasetHead {
  readonly kind: DatasetKind;
  /** Keywords as written, upper case, single spaces: `CREATE OR REFRESH TEMPORARY STREAMING LIVE TABLE`. */
  readonly syntax: string;
  readonly private: boolean;
  readonly liveView: boolean;
  readonly start: Range;
}

export type CreateHead = DatasetHead | { readonly kind: 'flow'; readonly start: Range; readonly modifiers: readonly Token[] } | { readonly kind: 'not-pipeline'; readonly start: Range; readonly what: Token };

const OBJECT_CANDIDATES = ['MATERIALIZED', 'STREAMING', 'LIVE', 'VIEW', 'TEMPORARY', 'PRIVATE', 'FLOW', 'INCREMENTAL', 'OR'];
const EXPECTED_OBJECT = 'MATERIALIZED VIEW, STREAMING TABLE, LIVE TABLE, LIVE VIEW, VIEW or FLOW';

/**
 * `CREATE [OR REFRESH | OR REPLACE] [PRIVATE | TEMPORARY] {MATERIALIZED VIEW | LIVE TABLE | LIVE VIEW |
 * STREAMING TABLE | STREAMING LIVE TABLE | STREAMING LIVE VIEW | INCREMENTAL LIVE TABLE | VIEW | FLOW}
 * [IF NOT EXISTS]`: all three generations of the dialect (§2.1). Lenient where Databricks' own generations
 * disagree (OR REPLACE on a table, IF NOT EXISTS on any dataset): the kind is what matters to Weir.
 */
export function parseCreateHead(c: Cursor): CreateHead {
  const start = c.expectKw('CREATE');
  const words = ['CREATE'];
  const modifiers: Token[] = [];
  if (c.isKw('OR')) {
    modifiers.push(c.next());
    const w = c.peek();
    if (!(w.kind === 'ident' && (w.upper === 'REFRESH' || w.upper === 'REPLACE'))) c.fail('REFRESH or REPLACE after OR', ['REFRESH', 'REPLACE']);
    modifiers.push(c.next());
    words.push('OR', w.upper);
  }
  let scope: Token | undefined;
  if (c.isKw('PRIVATE') || c.isKw('TEMPORARY')) {
    scope = c.next();
    modifiers.push(scope);
    words.push(scope.upper);
  }
  let kind: DatasetKind;
  let liveView = false;
  const take = (...ws: string[]): boolean => {
    if (!c.skipKw(...ws)) return false;
    words.push(...ws);
    return true;
  };
  if (c.isKw('FLOW')) {
    c.skip();
    return { kind: 'flow', start, modifiers };
  }
  if (take('MATERIALIZED', 'VIEW') || take('LIVE', 'TABLE')) kind = 'materialized-view';
  else if (take('LIVE', 'VIEW') || take('STREAMING', 'LIVE', 'VIEW')) { kind = 'temporary-view'; liveView = true; }
  else if (take('STREAMING', 'TABLE') || take('STREAMING', 'LIVE', 'TABLE') || take('INCREMENTAL', 'LIVE', 'TABLE')) kind = 'streaming-table';
  else if (take('VIEW')) kind = scope?.upper === 'TEMPORARY' ? 'temporary-view' : 'view';
  else if (c.isKw('TABLE') || c.isKw('SINK') || c.isKw('FUNCTION') || c.isKw('SCHEMA') || c.isKw('DATABASE') || c.isKw('CATALOG')) {
    return { kind: 'not-pipeline', start, what: c.peek() };
  } else return c.fail(EXPECTED_OBJECT, OBJECT_CANDIDATES);
  if (take('IF', 'NOT', 'EXISTS')) { /* Databricks SQL: recorded in `syntax` only */ }
  if (scope?.upper === 'PRIVATE' && (kind === 'view' || kind === 'temporary-view')) {
    c.error(ParseCodes.Syntax, `PRIVATE applies to materialized views and streaming tables, not to views`, c.spanOf(scope),
      'write CREATE TEMPORARY VIEW for a view visible only inside the pipeline');
    if (kind === 'view') kind = 'temporary-view';
  }
  const isTable = kind === 'materialized-view' || kind === 'streaming-table';
  return { kind, syntax: words.join(' '), private: isTable && scope !== undefined, liveView, start };
}
