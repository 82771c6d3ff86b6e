import type { LexError, Token, TokenKind } from '../model/token.js';

/**
 * Spark SQL lexer. Hand-written (not a library) because it must be exact about offsets and fast enough to
 * lex 10,000 datasets in well under a second; see docs/ARCHITECTURE.md.
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

const CELL_BREAK = /^-- COMMAND -+[ \t]*$/;

const THREE_CHAR_OPS = new Set(['<=>', '>>>']);
const TWO_CHAR_OPS = new Set(['==', '!=', '<>', '<=', '>=', '||', '::', '->', '=>', '&&', '<<', '>>', '|>']);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36; // `$` allowed inside names
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function lex(text: string, base = 0): LexResult {
  const tokens: Token[] = [];
  const errors: LexError[] = [];
  const n = text.length;
  let i = 0;
  let spaceBefore = false;

  const push = (kind: TokenKind, start: number, end: number, value: string): void => {
    const t = text.slice(start, end);
    tokens.push({
      kind, text: t, upper: kind === 'ident' ? t.toUpperCase() : t, value,
      start: start + base, end: end + base, spaceBefore,
    });
    spaceBefore = false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // Whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 || c === 0xfeff) {
      i++;
      spaceBefore = true;
      continue;
    }
    // -- line comment (or a notebook cell break)
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      const line = text.slice(i, j).replace(/\r$/, '');
      if (lineStart === i || /^[ \t]*$/.test(text.slice(lineStart, i))) {
        if (CELL_BREAK.test(line)) {
          push('cell', i, i + line.length, '');
          i = j;
          spaceBefore = true;
          continue;
        }
      }
      i = j;
      spaceBefore = true;
      continue;
    }
    // /* block comment */ (nested, as in Spark)
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) { depth++; j += 2; }
        else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) { depth--; j += 2; }
        else j++;
      }
      if (depth > 0) errors.push({ message: 'unterminated comment: add `*/`', start: i + base, end: n + base });
      i = j;
      spaceBefore = true;
      continue;
    }
    // Strings: '...' "..." (and r'...' raw, X'...' hex handled as prefix + string)
    if (c === 39 || c === 34) {
      const end = scanString(text, i, c, false, errors, base);
      push('string', i, end.end, end.value);
      i = end.end;
      continue;
    }
    if ((c === 114 || c === 82) && (text.charCodeAt(i + 1) === 39 || text.charCodeAt(i + 1) === 34)) {
      const end = scanString(text, i + 1, text.charCodeAt(i + 1), true, errors, base);
      push('string', i, end.end, end.value);
      i = end.end;
      continue;
    }
    // `quoted identifier`
    if (c === 96) {
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 96) {
          if (text.charCodeAt(j + 1) === 96) { value += '`'; j += 2; continue; }
          closed = true;
          j++;
          break;
        }
        value += text[j];
        j++;
      }
      if (!closed) errors.push({ message: 'unterminated back-quoted identifier: add a closing `', start: i + base, end: j + base });
      push('quoted-ident', i, j, value);
      i = j;
      continue;
    }
    // Numbers: 12, 1.5, .5, 1e10, 10L, 1.0BD
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      let j = i;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) { j++; while (j < n && isDigit(text.charCodeAt(j))) j++; }
      else if (text.charCodeAt(j) === 46 && !isIdentStart(text.charCodeAt(j + 1))) j++; // `1.`
      if ((text.charCodeAt(j) === 101 || text.charCodeAt(j) === 69)) {
        let k = j + 1;
        if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++;
        if (isDigit(text.charCodeAt(k))) { j = k; while (j < n && isDigit(text.charCodeAt(j))) j++; }
      }
      // Suffix BD / L / S / Y / D / F (only when not followed by more identifier characters).
      const rest = text.slice(j, j + 3).toUpperCase();
      if (rest.startsWith('BD') && !isIdentPart(text.charCodeAt(j + 2))) j += 2;
      else if (/^[LSYDF]/.test(rest) && !isIdentPart(text.charCodeAt(j + 1))) j += 1;
      if (isIdentPart(text.charCodeAt(j))) {
        // Spark allows identifiers that start with digits (`1st_col`): lex as an identifier.
        while (j < n && isIdentPart(text.charCodeAt(j))) j++;
        push('ident', i, j, text.slice(i, j));
      } else {
        push('number', i, j, text.slice(i, j));
      }
      i = j;
      continue;
    }
    // Identifiers / keywords
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      push('ident', i, j, text.slice(i, j));
      i = j;
      continue;
    }
    // Operators
    const three = text.slice(i, i + 3);
    if (THREE_CHAR_OPS.has(three)) { push('op', i, i + 3, three); i += 3; continue; }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) { push('op', i, i + 2, two); i += 2; continue; }
    if ('(),.;=<>+-*/%:[]{}&|^~!?@#'.includes(text[i])) { push('op', i, i + 1, text[i]); i++; continue; }
    errors.push({ message: `unexpected character '${text[i]}'`, start: i + base, end: i + 1 + base });
    i++;
  }
  tokens.push({ kind: 'eof', text: '', upper: '', value: '', start: n + base, end: n + base, spaceBefore });
  return { tokens, errors };
}

function scanString(
  text: string, start: number, quote: number, raw: boolean, errors: LexError[], base: number,
): { end: number; value: string } {
  const n = text.length;
  let j = start + 1;
  let value = '';
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === 92 && !raw && j + 1 < n) {
      const e = text[j + 1];
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : e;
      j += 2;
      continue;
    }
    if (d === quote) {
      if (text.charCodeAt(j + 1) === quote) { value += text[j]; j += 2; continue; }
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
