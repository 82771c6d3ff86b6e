import type { ExpectationAction, ExpectationDef, Identifier, TableConstraint } from '../model/ast.js';
import { ParseCodes } from './codes.js';
import type { Cursor, Range } from './cursor.js';
import { parseIdentifier, parseIdentifierList, parseQualifiedName } from './names.js';

/**
 * `CONSTRAINT name EXPECT (cond) [ON VIOLATION {DROP ROW | FAIL UPDATE}]` (dialect reference §2.6), called with
 * the cursor on EXPECT. An unknown action is reported and read as the default (warn) so parsing goes on.
 */
export function parseExpectation(c: Cursor, constraintTok: Range, name: string): ExpectationDef {
  c.expectKw('EXPECT');
  if (!c.isOp('(')) c.fail("'(' and a condition");
  const g = c.parenGroup();
  if (!g.first || !g.last) {
    c.error(ParseCodes.Syntax, `expectation ${name} has an empty condition`, c.spanOf(g.open, g.close), 'write a boolean condition: EXPECT (id IS NOT NULL)');
  }
  const condition = g.first && g.last ? c.fragment(g.first.start, g.last.end) : c.fragment(g.open.end, g.open.end);
  let action: ExpectationAction = 'warn';
  if (c.skipKw('ON', 'VIOLATION')) {
    if (c.skipKw('DROP', 'ROW')) action = 'drop';
    else if (c.skipKw('FAIL', 'UPDATE')) action = 'fail';
    else {
      const bad = c.until((x) => x.isOp(','));
      const at = bad ? c.spanOf(bad.first, bad.last) : c.foundSpan();
      const what = bad ? `'${c.file.text.slice(bad.first.start, bad.last.end)}'` : 'nothing';
      c.error(ParseCodes.UnknownViolationAction, `unknown ON VIOLATION action ${what} in expectation ${name}`, at,
        'use ON VIOLATION DROP ROW or ON VIOLATION FAIL UPDATE, or leave the clause out to keep and count violating rows');
    }
  }
  return { name, condition, action, span: c.spanFrom(constraintTok) };
}

/** Multi-word constraint options, longest first so `ENABLE NOVALIDATE` wins over `ENABLE`. */
const OPTIONS: readonly (readonly string[])[] = [
  ['ON', 'UPDATE', 'NO', 'ACTION'], ['ON', 'DELETE', 'NO', 'ACTION'], ['ON', 'UPDATE', 'RESTRICT'], ['ON', 'DELETE', 'RESTRICT'],
  ['NOT', 'ENFORCED'], ['NOT', 'DEFERRABLE'], ['INITIALLY', 'DEFERRED'], ['INITIALLY', 'IMMEDIATE'],
  ['ENABLE', 'NOVALIDATE'], ['ENABLE', 'VALIDATE'], ['MATCH', 'FULL'], ['MATCH', 'SIMPLE'], ['MATCH', 'PARTIAL'],
  ['DEFERRABLE'], ['RELY'], ['NORELY'], ['ENABLE'], ['DISABLE'], ['VALIDATE'], ['NOVALIDATE'], ['ENFORCED'],
];

/** Constraint and foreign-key options (`NOT ENFORCED`, `RELY`, `MATCH FULL`, ...), as written in upper case. */
export function parseConstraintOptions(c: Cursor): string[] {
  const out: string[] = [];
  // Plain loops, no closures: this runs after every key of every column list.
  for (;;) {
    let found: readonly string[] | undefined;
    for (const words of OPTIONS) {
      let k = 0;
      while (k < words.length && c.isKw(words[k], k)) k++;
      if (k === words.length) { found = words; break; }
    }
    if (!found) return out;
    c.skip(found.length);
    out.push(found.join(' '));
  }
}

/**
 * A table constraint after its optional `CONSTRAINT name` (dialect reference §2.7): `PRIMARY KEY (a [TIMESERIES])`,
 * `UNIQUE (a, b)`, `FOREIGN KEY (a) REFERENCES t [(b)]`, each with options. TIMESERIES is kept as an option
 * `TIMESERIES(a)` since the model has no field for it.
 */
export function parseTableConstraint(c: Cursor, start: Range, name: string | undefined): TableConstraint {
  if (c.skipKw('PRIMARY', 'KEY')) {
    c.expectOp('(');
    const columns: Identifier[] = [];
    const options: string[] = [];
    do {
      const id = parseIdentifier(c, 'a key column');
      columns.push(id);
      if (c.skipKw('TIMESERIES')) options.push(`TIMESERIES(${id.name})`);
    } while (c.acceptOp(','));
    c.expectOp(')');
    options.push(...parseConstraintOptions(c));
    return { kind: 'primary-key', ...(name ? { name } : {}), columns, options, span: c.spanFrom(start) };
  }
  if (c.skipKw('UNIQUE')) {
    const columns = parseIdentifierList(c, 'a key column');
    return { kind: 'unique', ...(name ? { name } : {}), columns, options: parseConstraintOptions(c), span: c.spanFrom(start) };
  }
  if (c.skipKw('FOREIGN', 'KEY')) {
    const columns = parseIdentifierList(c, 'a key column');
    c.expectKw('REFERENCES');
    const references = parseReferences(c);
    return { kind: 'foreign-key', ...(name ? { name } : {}), columns, references, options: parseConstraintOptions(c), span: c.spanFrom(start) };
  }
  return c.fail(name ? 'EXPECT, PRIMARY KEY, FOREIGN KEY or UNIQUE' : 'PRIMARY KEY, FOREIGN KEY or UNIQUE', ['EXPECT', 'PRIMARY', 'FOREIGN', 'UNIQUE']);
}

/** `parent_table [(parent_column, ...)]` after REFERENCES. */
function parseReferences(c: Cursor): NonNullable<TableConstraint['references']> {
  const table = parseQualifiedName(c, 'the referenced table');
  const columns = c.isOp('(') ? parseIdentifierList(c) : [];
  return { table, columns };
}

/**
 * A column constraint (`[CONSTRAINT n] PRIMARY KEY [opts]` / `[FOREIGN KEY] REFERENCES t [(c)] [opts]`) becomes a
 * one-column table constraint, so later stages read keys from one place. Returns undefined when the cursor
 * is not on one.
 */
export function parseColumnConstraint(c: Cursor, column: Identifier): TableConstraint | undefined {
  const start = c.here();
  let name: string | undefined;
  if (c.isKw('CONSTRAINT') && (c.isKw('PRIMARY', 2) || c.isKw('FOREIGN', 2) || c.isKw('REFERENCES', 2))) {
    c.skip();
    name = parseIdentifier(c, 'a constraint name').name;
  }
  const named = name ? { name } : {};
  if (c.skipKw('PRIMARY', 'KEY')) {
    return { kind: 'primary-key', ...named, columns: [column], options: parseConstraintOptions(c), span: c.spanFrom(start) };
  }
  if (c.isKw('REFERENCES') || c.isKw('FOREIGN')) {
    c.skipKw('FOREIGN', 'KEY');
    c.expectKw('REFERENCES');
    const references = parseReferences(c);
    return { kind: 'foreign-key', ...named, columns: [column], references, options: parseConstraintOptions(c), span: c.spanFrom(start) };
  }
  return undefined;
}
