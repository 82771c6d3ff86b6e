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

describe('Lexer (incremental)', () => {
  it('advance() scans in place and next() builds the same tokens as lex()', async () => {
    const { Lexer } = await import('../../src/sql/lexer.js');
    const src = "create `a``b` (x INT) COMMENT r'\\d' AS select 'it''s' -- c\n-- COMMAND ----------\n1.5BD";
    const all = lex(src).tokens;
    const lx = new Lexer(src);
    const viaNext = [];
    for (;;) {
      const t = lx.next();
      viaNext.push(t);
      if (t.kind === 'eof') break;
    }
    expect(viaNext).toEqual(all);
    expect(all.find((t) => t.kind === 'quoted-ident')?.value).toBe('a`b');
    expect(all.filter((t) => t.kind === 'string').map((t) => t.value)).toEqual(['\\d', "it's"]);
    const lx2 = new Lexer(src);
    expect(lx2.advance()).toBe('ident');
    expect([lx2.tokStart, lx2.tokEnd, lx2.tokSpace]).toEqual([0, 6, false]);
  });

  it('stops at `to` and reports an eof there', async () => {
    const { Lexer } = await import('../../src/sql/lexer.js');
    const src = 'abc def ghi';
    const lx = new Lexer(src, 100, 4, 7);
    const t = lx.next();
    expect(t).toMatchObject({ kind: 'ident', text: 'def', start: 104, end: 107 });
    expect(lx.next()).toMatchObject({ kind: 'eof', start: 107 });
  });

  it('upper-cases identifiers and lexes operators without slicing ahead', () => {
    const { tokens } = lex('Select a>>b, c<=>d, e->f, g|>h');
    expect(tokens[0].upper).toBe('SELECT');
    expect(tokens.filter((t) => t.kind === 'op').map((t) => t.text)).toEqual(['>>', ',', '<=>', ',', '->', ',', '|>']);
  });
});
