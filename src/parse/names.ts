import type { Identifier, QualifiedName } from '../model/ast.js';
import type { Token, TokenKind } from '../model/token.js';
import type { Cursor } from './cursor.js';

/** A name part: a bare word (keywords included: Spark keywords are non-reserved) or a back-quoted name. */
export function isNameToken(t: Token): boolean {
  return t.kind === 'ident' || t.kind === 'quoted-ident';
}

function isNameKind(k: TokenKind): boolean {
  return k === 'ident' || k === 'quoted-ident';
}

/** `x`, `` `my x` ``: one identifier, unquoted, case preserved. */
export function parseIdentifier(c: Cursor, what = 'a name'): Identifier {
  const t = c.takeName() ?? c.fail(what);
  return { name: t.value, span: c.spanOf(t) };
}

/**
 * `a`, `LIVE.a`, `cat.sch.a`, back-quoted parts, and `IDENTIFIER('cat.sch')` / `IDENTIFIER(name)` (the form
 * SQL files use to splice a `${key}` into a name, dialect reference §2.13).
 */
export function parseQualifiedName(c: Cursor, what = 'a name'): QualifiedName {
  if (c.isKw('IDENTIFIER') && c.isOp('(', 1)) return parseIdentifierClause(c);
  const first = c.takeName() ?? c.fail(what);
  const parts = [first.value];
  while (c.isOp('.') && isNameKind(c.kindAt(1))) {
    c.skip();
    parts.push(c.takeName()!.value);
  }
  return { parts, span: c.spanFrom(first) };
}

function parseIdentifierClause(c: Cursor): QualifiedName {
  const kw = c.next();
  c.expectOp('(');
  let parts: string[];
  const t = c.peek();
  if (t.kind === 'string') {
    c.skip();
    // A string holds a possibly qualified name: split on dots outside back-quotes.
    parts = splitDotted(t.value);
  } else {
    parts = [...parseQualifiedName(c, 'a name or a string').parts];
  }
  c.expectOp(')');
  return { parts, span: c.spanFrom(kw) };
}

function splitDotted(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '`') quoted = !quoted;
    else if (ch === '.' && !quoted) { parts.push(cur.trim()); cur = ''; }
    else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

/** `(a, b, c)`: identifiers in parentheses (one or more). */
export function parseIdentifierList(c: Cursor, what = 'a column name'): Identifier[] {
  c.expectOp('(');
  const ids: Identifier[] = [];
  do ids.push(parseIdentifier(c, what));
  while (c.acceptOp(','));
  c.expectOp(')');
  return ids;
}
