import type { SetStatement, UseStatement } from '../model/ast.js';
import { ParseCodes } from './codes.js';
import type { Cursor } from './cursor.js';
import { parseQualifiedName } from './names.js';

/**
 * `SET key = value`: the key is everything before `=` (dotted, possibly with `-`), the value the rest of the
 * statement as written (§2.13). A bare `SET key` is accepted with a warning: its meaning in a pipeline is
 * undocumented, and Spark SDP rejects it.
 */
export function parseSet(c: Cursor): SetStatement | undefined {
  const set = c.expectKw('SET');
  const key = c.until((x) => x.isOp('='));
  if (!key) {
    if (c.atEnd()) {
      c.warning(ParseCodes.SetWithoutValue, 'SET without a key does nothing in a pipeline; ignored', c.spanOf(set), 'write SET key = value');
      return undefined;
    }
    c.fail('a configuration key');
  }
  const keyText = c.file.text.slice(key.first.start, key.last.end);
  if (!c.acceptOp('=')) {
    c.warning(ParseCodes.SetWithoutValue, `SET ${keyText} has no value; ignored`, c.spanOf(set, key.last), `write SET ${keyText} = value`);
    return { kind: 'set', key: keyText, span: c.spanOf(set, key.last) };
  }
  const value = c.restFragment()?.text ?? '';
  return { kind: 'set', key: keyText, value, span: c.span(set.start, c.range.end) };
}

/** `USE CATALOG c`, `USE {SCHEMA | DATABASE | NAMESPACE} s`, `USE s`, with `IDENTIFIER(...)` names. */
export function parseUse(c: Cursor): UseStatement {
  const use = c.expectKw('USE');
  let target: UseStatement['target'] = 'schema';
  // `USE catalog` (a schema named catalog) has nothing after the word.
  if (c.isKw('CATALOG') && c.peek(1).kind !== 'eof') {
    c.skip();
    target = 'catalog';
  } else if ((c.isKw('SCHEMA') || c.isKw('DATABASE') || c.isKw('NAMESPACE')) && c.peek(1).kind !== 'eof') {
    c.skip();
  }
  const name = parseQualifiedName(c, target === 'catalog' ? 'a catalog name' : 'a schema name');
  if (!c.atEnd()) c.fail('the end of the statement');
  return { kind: 'use', target, name, span: c.span(use.start, c.range.end) };
}
