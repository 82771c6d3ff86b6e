import type { Statement } from '../model/ast.js';
import type { Token } from '../model/token.js';
import { didYouMean } from '../util/did-you-mean.js';
import { ParseCodes } from './codes.js';
import { parseCreateDataset } from './create-dataset.js';
import type { Cursor, Range } from './cursor.js';
import { parseCreateHead } from './dataset-head.js';
import { parseApplyChanges, parseCreateFlow } from './flows.js';
import { parseSet, parseUse } from './set-use.js';

const SUPPORTED = 'Weir supports CREATE MATERIALIZED VIEW, CREATE STREAMING TABLE, CREATE [TEMPORARY] VIEW, '
  + 'CREATE [STREAMING] LIVE TABLE / LIVE VIEW, CREATE FLOW, APPLY CHANGES INTO, SET and USE';

/**
 * One statement, dispatched on its first word(s). Returns undefined for a statement that yields nothing
 * (unknown statement, unusable flow: errors recorded). Throws `SyntaxAbort` after a syntax error.
 */
export function parseStatement(c: Cursor): Statement | undefined {
  // Keywords compared in place: no token is built for the common statements.
  if (c.isKw('CREATE')) {
    const head = parseCreateHead(c);
    if (head.kind === 'flow') return parseCreateFlow(c, head.start, head.modifiers);
    if (head.kind === 'not-pipeline') return notPipeline(c, head.start, head.what);
    return parseCreateDataset(c, head);
  }
  if (c.isKw('APPLY') && c.isKw('CHANGES', 1)) return parseApplyChanges(c);
  if (c.isKw('SET')) return parseSet(c);
  if (c.isKw('USE')) return parseUse(c);
  return unknownStatement(c, c.peek());
}

function unknownStatement(c: Cursor, t: Token): undefined {
  const word = t.kind === 'ident' ? t.upper : t.text;
  let message = `unknown statement '${t.text.length > 30 ? `${t.text.slice(0, 27)}...` : t.text}': ${SUPPORTED}`;
  let hint: string | undefined;
  if (word === 'INSERT') {
    message += '; `INSERT INTO` outside CREATE FLOW is not a pipeline statement';
    hint = 'wrap it in a flow: CREATE FLOW name AS INSERT INTO target BY NAME SELECT ...';
  } else if (word === 'SELECT' || word === 'WITH') {
    hint = 'give the query a name: CREATE MATERIALIZED VIEW name AS SELECT ...';
  } else if (word === 'CONSTRAINT') {
    hint = 'expectations go in the column list of a dataset: CREATE MATERIALIZED VIEW x (CONSTRAINT c EXPECT (...)) AS ...';
  } else if (word === 'AUTO') {
    hint = 'wrap it in a flow: CREATE FLOW name AS AUTO CDC INTO target ...';
  } else if (t.kind === 'ident') {
    const guess = didYouMean(t.text, ['CREATE', 'APPLY', 'SET', 'USE']);
    if (guess) hint = `did you mean ${guess}?`;
  }
  c.error(ParseCodes.UnknownStatement, message, c.spanOf(t), hint);
  return undefined;
}

function notPipeline(c: Cursor, start: Range, what: Token): undefined {
  const sink = what.upper === 'SINK';
  c.error(ParseCodes.UnknownStatement, `CREATE ${what.upper} is not a pipeline statement: ${SUPPORTED}`, c.spanOf(start, what),
    sink ? 'sinks are Python-only in Databricks pipelines' : what.upper === 'TABLE' ? 'use CREATE MATERIALIZED VIEW or CREATE STREAMING TABLE' : undefined);
  return undefined;
}
