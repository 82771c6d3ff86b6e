import type { ApplyChangesStatement, CreateFlowStatement } from '../model/ast.js';
import type { Token } from '../model/token.js';
import { parseCdcClauses } from './cdc-spec.js';
import { ParseCodes } from './codes.js';
import { parseString } from './column-list.js';
import type { Cursor, Range } from './cursor.js';
import { parseIdentifier, parseQualifiedName } from './names.js';

/**
 * `CREATE FLOW f [COMMENT c] AS { INSERT INTO [ONCE] t [BY NAME] query | INSERT ONCE INTO t ... |
 * AUTO CDC [ONCE] INTO t clauses }` (§2.9), after `CREATE FLOW` was consumed. Returns undefined when the
 * flow cannot be used (its errors are recorded).
 */
export function parseCreateFlow(c: Cursor, start: Range, modifiers: readonly Token[]): CreateFlowStatement | undefined {
  if (modifiers.length > 0) {
    c.error(ParseCodes.Syntax, `CREATE FLOW takes no ${modifiers.map((m) => m.upper).join(' ')}`, c.spanOf(modifiers[0], modifiers[modifiers.length - 1]),
      'write CREATE FLOW name AS ...');
  }
  const name = parseIdentifier(c, 'a flow name');
  let comment: string | undefined;
  if (c.skipKw('COMMENT')) comment = parseString(c, 'the flow comment');
  if (!c.skipKw('AS')) c.fail('AS', ['AS', 'COMMENT']);
  const withComment = comment !== undefined ? { comment } : {};
  if (c.isKw('INSERT')) {
    const ins = c.next();
    let once = c.skipKw('ONCE');
    c.expectKw('INTO');
    if (c.skipKw('ONCE')) once = true;
    const target = parseQualifiedName(c, 'the target table');
    if (!c.skipKw('BY', 'NAME')) {
      c.warning(ParseCodes.InsertWithoutByName, `INSERT INTO ${target.parts.join('.')} without BY NAME: Weir inserts by name anyway`,
        c.spanOf(ins, c.prev()), `write INSERT INTO ${target.parts.join('.')} BY NAME (Databricks requires it)`);
    }
    if (c.isKw('REPLACE')) {
      const r = c.next();
      c.until(() => false);
      c.error(ParseCodes.Unsupported, 'INSERT ... REPLACE flows are not supported by Weir', c.spanFrom(r), 'use INSERT INTO target BY NAME query');
      return undefined;
    }
    const query = c.restFragment() ?? c.fail('a query');
    return { kind: 'create-flow', name, ...withComment, body: { kind: 'insert', target, once, query, span: c.span(ins.start, c.range.end) }, span: c.span(start.start, c.range.end) };
  }
  if (c.isKw('AUTO') && c.isKw('CDC', 1)) {
    const auto = c.next();
    c.skip();
    const once = c.skipKw('ONCE');
    c.expectKw('INTO');
    const target = parseQualifiedName(c, 'the target table');
    const spec = parseCdcClauses(c, { label: 'AUTO CDC', target, once, start: auto, headSpan: c.spanFrom(auto) });
    if (!spec) return undefined;
    return { kind: 'create-flow', name, ...withComment, body: { kind: 'cdc', spec }, span: c.span(start.start, c.range.end) };
  }
  return c.fail('INSERT INTO or AUTO CDC INTO', ['INSERT', 'AUTO']);
}

/** Legacy stand-alone `APPLY CHANGES INTO [LIVE.]t FROM ... KEYS ... [WHERE ...] ...` (§2.10). */
export function parseApplyChanges(c: Cursor): ApplyChangesStatement | undefined {
  const apply = c.expectKw('APPLY');
  c.expectKw('CHANGES', 'INTO');
  const target = parseQualifiedName(c, 'the target table');
  const spec = parseCdcClauses(c, { label: 'APPLY CHANGES', target, once: false, start: apply, headSpan: c.spanFrom(apply) });
  if (!spec) return undefined;
  return { kind: 'apply-changes', spec, span: c.span(apply.start, c.range.end) };
}
