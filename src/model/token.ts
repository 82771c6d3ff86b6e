/**
 * A Spark SQL token. Offsets are into the RENDERED text of the file (see `RenderedFile`);
 * map them with `toSourceOffset` before building a `Span`.
 *
 * Keywords are `ident` tokens: Spark keywords are non-reserved in most positions, so the parser
 * decides by context (compare `upper`).
 */
export type TokenKind =
  | 'ident' // bare identifier or keyword
  | 'quoted-ident' // `back-quoted`
  | 'string' // '...' or "..." (Spark: both are string literals)
  | 'number' // 1, 1.5, 1e3, 10L, 2.5D, 1.0BD
  | 'op' // operators and punctuation: ( ) , . ; = <=> == != <> < <= > >= + - * / % || :: -> => : [ ] { } & | ^ ~ ! ?
  | 'cell' // a `-- COMMAND ----------` line: a statement terminator in notebook exports
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Exact text as written, including quotes. */
  readonly text: string;
  /** Upper-cased text for `ident`, the raw text otherwise. */
  readonly upper: string;
  /** Unquoted, unescaped value for `string` and `quoted-ident`; the name for `ident`. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** True when whitespace or a comment precedes this token (needed to tell `STREAM x` from `STREAMx`). */
  readonly spaceBefore: boolean;
}

export interface LexError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}
