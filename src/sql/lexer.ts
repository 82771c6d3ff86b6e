import type { LexError, Token, TokenKind } from '../model/token.js';

/**
 * Spark SQL lexer. Hand-written (not a library) because it must be exact about offsets and fast: the parse
 * stage lexes 10,000 datasets of ~40 lines each in well under 250 ms (see test/parse/parse-speed.test.ts), so
 * the loop dispatches on char codes, slices each token once and never builds strings char by char unless a
 * literal really contains escapes.
 *
 * Spark rules followed: keywords case-insensitive; `'...'` and `"..."` are both string literals with
 * backslash escapes (and `''` doubling); back-quotes quote identifiers (``` `` ``` escapes a back-quote);
 * `--` line comments; `/* ... *\/` comments nest; numeric suffixes L S Y D F BD.
 * A line that is exactly `-- COMMAND -----...` (a Databricks notebook cell break) becomes a `cell` token.
 */
export interface LexResult {
  readonly tokens: readonly Token[];
  readonly errors: readonly LexError[];
}

/** `-- COMMAND` followed by at least one `-`, then only blanks up to the line end. */
const CELL_PREFIX = '-- COMMAND -';

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127 || (c >= 48 && c <= 57) || c === 36; // `$` allowed inside names
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 || c === 0xfeff;
}

/** Single-character operators and punctuation, indexed by char code. */
const SINGLE_OPS = new Uint8Array(128);
for (const ch of '(),.;=<>+-*/%:[]{}&|^~!?@#') SINGLE_OPS[ch.charCodeAt(0)] = 1;

/** Upper-casing is the hottest per-token cost; identifiers repeat a lot (keywords, column names). */
const upperCache = new Map<string, string>();

function upperOf(s: string): string {
  // Fast path: already upper case (keywords written in upper case are the common case).
  let lower = false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if ((c >= 97 && c <= 122) || c > 127) { lower = true; break; }
  }
  if (!lower) return s;
  let u = upperCache.get(s);
  if (u === undefined) {
    u = s.toUpperCase();
    if (upperCache.size > 50_000) upperCache.clear();
    upperCache.set(s, u);
  }
  return u;
}

/** Length of the operator starting at `i` (0 when there is none). */
function opLength(text: string, i: number, c: number): number {
  const d = text.charCodeAt(i + 1);
  switch (c) {
    case 60: // <
      if (d === 61) return text.charCodeAt(i + 2) === 62 ? 3 : 2; // <=> <=
      if (d === 62 || d === 60) return 2; // <> <<
      return 1;
    case 62: // >
      if (d === 62) return text.charCodeAt(i + 2) === 62 ? 3 : 2; // >>> >>
      return d === 61 ? 2 : 1; // >=
    case 61: return d === 61 || d === 62 ? 2 : 1; // == =>
    case 33: return d === 61 ? 2 : 1; // !=
    case 124: return d === 124 || d === 62 ? 2 : 1; // || |>
    case 58: return d === 58 ? 2 : 1; // ::
    case 45: return d === 62 ? 2 : 1; // ->
    case 38: return d === 38 ? 2 : 1; // &&
    default: return c < 128 && SINGLE_OPS[c] === 1 ? 1 : 0;
  }
}

export function lex(text: string, base = 0): LexResult {
  const lexer = new Lexer(text, base);
  const tokens: Token[] = [];
  for (;;) {
    const t = lexer.next();
    tokens.push(t);
    if (t.kind === 'eof') break;
  }
  return { tokens, errors: lexer.errors };
}

/**
 * The incremental form of `lex`: `next()` returns one token at a time from `from` up to `to` (an `eof` token at
 * `to` after that). `advance()` is the allocation-free form the parser uses: it scans one token and leaves
 * its kind and raw offsets in `kind` / `tokStart` / `tokEnd` / `tokSpace`, so keywords can be compared in
 * place and only names and literals ever become strings (see `src/parse/cursor.ts`). The parser lexes a
 * statement's DDL envelope this way and never lexes query bodies it only slices.
 */
export class Lexer {
  readonly errors: LexError[] = [];
  /** The last scanned token: kind, offsets into `text` (without `base`), whether blanks or comments precede it. */
  kind: TokenKind = 'eof';
  tokStart = 0;
  tokEnd = 0;
  tokSpace = false;
  private i: number;
  private spaceBefore = false;
  /** Unescaped value of the last string token. */
  private strValue = '';

  constructor(readonly text: string, readonly base = 0, from = 0, private readonly to = text.length) {
    this.i = from;
  }

  next(): Token {
    const kind = this.advance();
    return tokenFrom(this.text, kind, this.tokStart, this.tokEnd, this.tokSpace, this.base, kind === 'string' ? this.strValue : undefined);
  }

  private set(kind: TokenKind, start: number, end: number): TokenKind {
    this.kind = kind;
    this.tokStart = start;
    this.tokEnd = end;
    this.tokSpace = this.spaceBefore;
    this.spaceBefore = false;
    this.i = end;
    return kind;
  }

  advance(): TokenKind {
    const text = this.text;
    const n = this.to;
    const base = this.base;
    const errors = this.errors;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        this.spaceBefore = true;
        continue;
      }
      // -- line comment (or a notebook cell break)
      if (c === 45 && text.charCodeAt(i + 1) === 45) {
        let j = text.indexOf('\n', i);
        if (j < 0 || j > n) j = n;
        if (text.startsWith(CELL_PREFIX, i) && onlyBlanks(text, text.lastIndexOf('\n', i - 1) + 1, i)) {
          let k = i + CELL_PREFIX.length;
          while (k < j && text.charCodeAt(k) === 45) k++;
          while (k < j && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
          // The token is the whole line without its `\r`.
          const lineEnd = j > i && text.charCodeAt(j - 1) === 13 ? j - 1 : j;
          if (k === lineEnd) {
            this.set('cell', i, lineEnd);
            this.i = j;
            this.spaceBefore = true;
            return 'cell';
          }
        }
        i = j;
        this.spaceBefore = true;
        continue;
      }
      // /* block comment */ (nested, as in Spark)
      if (c === 47 && text.charCodeAt(i + 1) === 42) {
        let depth = 1;
        let j = i + 2;
        while (j < n && depth > 0) {
          const d = text.charCodeAt(j);
          if (d === 47 && text.charCodeAt(j + 1) === 42) { depth++; j += 2; }
          else if (d === 42 && text.charCodeAt(j + 1) === 47) { depth--; j += 2; }
          else j++;
        }
        if (depth > 0) errors.push({ message: 'unterminated comment: add `*/`', start: i + base, end: n + base });
        i = Math.min(j, n);
        this.spaceBefore = true;
        continue;
      }
      // Identifiers / keywords (the most common token: checked before strings and numbers)
      if (isIdentStart(c)) {
        // r'...' raw string
        if ((c === 114 || c === 82) && (text.charCodeAt(i + 1) === 39 || text.charCodeAt(i + 1) === 34)) {
          const s = scanString(text, i + 1, n, text.charCodeAt(i + 1), true, errors, base);
          this.strValue = s.value;
          return this.set('string', i, s.end);
        }
        let j = i + 1;
        while (j < n && isIdentPart(text.charCodeAt(j))) j++;
        return this.set('ident', i, j);
      }
      // Strings: '...' "..."
      if (c === 39 || c === 34) {
        const s = scanString(text, i, n, c, false, errors, base);
        this.strValue = s.value;
        return this.set('string', i, s.end);
      }
      // `quoted identifier`
      if (c === 96) {
        let j = i + 1;
        let closed = false;
        while (j < n) {
          if (text.charCodeAt(j) === 96) {
            if (text.charCodeAt(j + 1) === 96 && j + 1 < n) { j += 2; continue; }
            closed = true;
            j++;
            break;
          }
          j++;
        }
        if (!closed) errors.push({ message: 'unterminated back-quoted identifier: add a closing `', start: i + base, end: j + base });
        return this.set('quoted-ident', i, j);
      }
      // Numbers: 12, 1.5, .5, 1e10, 10L, 1.0BD
      if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
        const j = Math.min(scanNumber(text, i), n);
        if (j < n && isIdentPart(text.charCodeAt(j))) {
          // Spark allows identifiers that start with digits (`1st_col`): lex as an identifier.
          let k = j;
          while (k < n && isIdentPart(text.charCodeAt(k))) k++;
          return this.set('ident', i, k);
        }
        return this.set('number', i, j);
      }
      // Operators
      const len = Math.min(opLength(text, i, c), n - i);
      if (len > 0) return this.set('op', i, i + len);
      errors.push({ message: `unexpected character '${text[i]}'`, start: i + base, end: i + 1 + base });
      i++;
    }
    this.i = i;
    this.kind = 'eof';
    this.tokStart = n;
    this.tokEnd = n;
    this.tokSpace = this.spaceBefore;
    return 'eof';
  }
}

/**
 * Builds the `Token` for raw offsets [start, end) of `text` (the lexer's scan result). `stringValue` is the
 * unescaped value of a string token when the caller has it; otherwise it is computed again.
 */
export function tokenFrom(text: string, kind: TokenKind, start: number, end: number, spaceBefore: boolean, base = 0, stringValue?: string): Token {
  const t = kind === 'eof' ? '' : text.slice(start, end);
  let upper = t;
  let value = t;
  switch (kind) {
    case 'ident': upper = upperOf(t); break;
    case 'cell': upper = ''; value = ''; break;
    case 'string': value = stringValue ?? stringValueOf(text, start, end); break;
    case 'quoted-ident': {
      const closed = end - start >= 2 && text.charCodeAt(end - 1) === 96;
      const inner = text.slice(start + 1, closed ? end - 1 : end);
      value = inner.includes('``') ? inner.replaceAll('``', '`') : inner;
      break;
    }
    default: break;
  }
  return { kind, text: t, upper, value, start: start + base, end: end + base, spaceBefore };
}

/** The unescaped value of the string literal at [start, end) (`r'...'` raw strings included). */
export function stringValueOf(text: string, start: number, end: number): string {
  const raw = text.charCodeAt(start) !== 39 && text.charCodeAt(start) !== 34;
  const q = raw ? start + 1 : start;
  return scanString(text, q, end, text.charCodeAt(q), raw, [], 0).value;
}

function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** End offset of the number starting at `i`, suffix included. */
function scanNumber(text: string, i: number): number {
  const n = text.length;
  let j = i;
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) { j++; while (j < n && isDigit(text.charCodeAt(j))) j++; }
  else if (text.charCodeAt(j) === 46 && !isIdentStart(text.charCodeAt(j + 1))) j++; // `1.`
  const e = text.charCodeAt(j);
  if (e === 101 || e === 69) {
    let k = j + 1;
    if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++;
    if (isDigit(text.charCodeAt(k))) { j = k; while (j < n && isDigit(text.charCodeAt(j))) j++; }
  }
  // Suffix BD / L / S / Y / D / F (only when not followed by more identifier characters).
  const s = text.charCodeAt(j) | 0x20; // lower-cased letter
  if (s === 98 && (text.charCodeAt(j + 1) | 0x20) === 100 && !isIdentPart(text.charCodeAt(j + 2))) return j + 2;
  if ((s === 108 || s === 115 || s === 121 || s === 100 || s === 102) && isIdentStart(text.charCodeAt(j)) && !isIdentPart(text.charCodeAt(j + 1))) return j + 1;
  return j;
}

function scanString(
  text: string, start: number, n: number, quote: number, raw: boolean, errors: LexError[], base: number,
): { end: number; value: string } {
  let j = start + 1;
  // Fast path: no escapes and no doubled quote → the value is one slice.
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === 92 && !raw) break;
    if (d === quote) {
      if (text.charCodeAt(j + 1) === quote && j + 1 < n) break;
      return { end: j + 1, value: text.slice(start + 1, j) };
    }
    j++;
  }
  let value = text.slice(start + 1, j);
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === 92 && !raw && j + 1 < n) {
      const e = text[j + 1];
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : e;
      j += 2;
      continue;
    }
    if (d === quote) {
      if (text.charCodeAt(j + 1) === quote && j + 1 < n) { value += text[j]; j += 2; continue; }
      return { end: j + 1, value };
    }
    value += text[j];
    j++;
  }
  errors.push({
    message: `unterminated string: add a closing ${String.fromCharCode(quote)}`,
    start: start + base, end: n + base,
  });
  return { end: n, value };
}
