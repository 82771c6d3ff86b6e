import { describe, expect, it } from 'vitest';
import { lex } from '../../src/sql/lexer.js';

describe('lex', () => {
  it('treats single and double quotes as string literals and back-quotes as identifiers', () => {
    const { tokens, errors } = lex(`select "a\\"b", 'it''s', \`my col\` from t`);
    expect(errors).toEqual([]);
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['ident', 'select'], ['string', 'a"b'], ['op', ','], ['string', "it's"], ['op', ','],
      ['quoted-ident', 'my col'], ['ident', 'from'], ['ident', 't'], ['eof', ''],
    ]);
  });

  it('keeps exact offsets, shifted by base', () => {
    const { tokens } = lex('a  bc', 100);
    expect(tokens[1]).toMatchObject({ text: 'bc', start: 103, end: 105, spaceBefore: true });
  });

  it('turns notebook cell breaks into cell tokens but not other comments', () => {
    const src = 'select 1 -- trailing ; comment\n-- COMMAND ----------\nselect 2';
    const kinds = lex(src).tokens.map((t) => t.kind);
    expect(kinds).toEqual(['ident', 'number', 'cell', 'ident', 'number', 'eof']);
  });

  it('nests block comments and lexes numeric suffixes', () => {
    const { tokens } = lex('/* a /* b */ c */ 10L 1.5BD 2e3 .5');
    expect(tokens.filter((t) => t.kind === 'number').map((t) => t.text)).toEqual(['10L', '1.5BD', '2e3', '.5']);
  });

  it('reports unterminated strings with their position instead of throwing', () => {
    const { errors } = lex("select 'abc");
    expect(errors).toEqual([{ message: "unterminated string: add a closing '", start: 7, end: 11 }]);
  });

  it('lexes multi-character operators', () => {
    expect(lex('a <=> b :: c => d != e || f').tokens.filter((t) => t.kind === 'op').map((t) => t.text))
      .toEqual(['<=>', '::', '=>', '!=', '||']);
  });
});
