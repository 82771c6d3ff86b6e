import type { LexError } from '../model/token.js';

/**
 * One statement's place in the rendered text. Statements end at a `;` outside strings and comments, at a
 * notebook cell break (`-- COMMAND ----------` on its own line), or at the end of the file (dialect reference
 * §1.2). Every `;` ends a statement, whatever the paren depth: a stray `(` must not swallow the rest of the file.
 */
export interface StatementRange {
  /** Start of the first token (comments and blanks before it excluded). */
  readonly start: number;
  /** End of the last token before the terminator (trailing comments excluded). */
  readonly end: number;
  readonly terminator: 'semicolon' | 'cell' | 'eof';
  /** Offset of the terminator (`;`, the cell line, or the file end). */
  readonly terminatorStart: number;
}

export interface SplitResult {
  readonly statements: readonly StatementRange[];
  /** Unterminated strings, back-quoted names and comments, found while splitting. */
  readonly errors: readonly LexError[];
}

const CELL_PREFIX = '-- COMMAND -';

function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127 || (c >= 48 && c <= 57) || c === 36;
}

/** The characters that can change what the splitter is in: quotes, `;`, and comment openers. */
const INTERESTING = /['"`;]|--|\/\*/g;

/**
 * Splits a file into statements with one pass over its characters, building no tokens: query bodies are
 * only ever sliced by the parser, so they are never lexed here (speed: see parse-speed test). A regular
 * expression jumps between the characters that matter (quotes, `;`, comment openers); the text between
 * them only moves the statement's first and last significant offsets. Strings, back-quoted names and
 * comments follow `src/sql/lexer.ts`, so both agree on terminators. Unexpected characters are left to the
 * lexer (the parser reports those in the DDL envelope, translate those in query bodies).
 */
export function splitStatements(text: string): SplitResult {
  const statements: StatementRange[] = [];
  const errors: LexError[] = [];
  const n = text.length;
  let start = -1;
  let end = -1;
  const finish = (terminator: StatementRange['terminator'], at: number): void => {
    if (start >= 0) statements.push({ start, end, terminator, terminatorStart: at });
    start = -1;
  };
  // Marks the non-blank part of plain text [from, to) as statement content.
  const plain = (from: number, to: number): void => {
    let s = from;
    while (s < to && isBlank(text.charCodeAt(s))) s++;
    if (s === to) return;
    let e = to;
    while (isBlank(text.charCodeAt(e - 1))) e--;
    if (start < 0) start = s;
    end = e;
  };
  const re = new RegExp(INTERESTING.source, 'g');
  let i = 0;
  while (i < n) {
    re.lastIndex = i;
    // `test` rather than `exec`: no match array per hit. Only `--` and `/*` are two characters long.
    if (!re.test(text)) { plain(i, n); break; }
    const last = text.charCodeAt(re.lastIndex - 1);
    const at = re.lastIndex - (last === 45 || last === 42 ? 2 : 1);
    const c = text.charCodeAt(at);
    if (c === 45) { // --
      plain(i, at);
      let j = text.indexOf('\n', at);
      if (j < 0) j = n;
      if (text.startsWith(CELL_PREFIX, at) && isCellLine(text, at, j)) finish('cell', at);
      i = j;
      continue;
    }
    if (c === 47) { // /*
      plain(i, at);
      let depth = 1;
      let j = at + 2;
      while (j < n && depth > 0) {
        const d = text.charCodeAt(j);
        if (d === 47 && text.charCodeAt(j + 1) === 42) { depth++; j += 2; }
        else if (d === 42 && text.charCodeAt(j + 1) === 47) { depth--; j += 2; }
        else j++;
      }
      if (depth > 0) errors.push({ message: 'unterminated comment: add `*/`', start: at, end: n });
      i = j;
      continue;
    }
    if (c === 59) { // ;
      plain(i, at);
      finish('semicolon', at);
      i = at + 1;
      continue;
    }
    // A quote: `r'...'` is a raw string when the `r` starts a word (as in the lexer).
    let from = at;
    let raw = false;
    if (c !== 96 && at > 0 && (text.charCodeAt(at - 1) | 0x20) === 114 && (at < 2 || !isIdentPart(text.charCodeAt(at - 2)))) {
      from = at - 1;
      raw = true;
    }
    plain(i, from);
    const j = c === 96 ? skipQuotedIdent(text, at, errors) : skipString(text, at, c, raw, errors);
    if (start < 0) start = from;
    end = j;
    i = j;
  }
  finish('eof', n);
  return { statements, errors };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 0xa0 || c === 0xfeff;
}

function skipQuotedIdent(text: string, at: number, errors: LexError[]): number {
  const n = text.length;
  let j = at + 1;
  while (j < n) {
    if (text.charCodeAt(j) === 96) {
      if (text.charCodeAt(j + 1) === 96) { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  errors.push({ message: 'unterminated back-quoted identifier: add a closing `', start: at, end: n });
  return n;
}

function isCellLine(text: string, i: number, lineEnd: number): boolean {
  for (let k = text.lastIndexOf('\n', i - 1) + 1; k < i; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
  }
  let k = i + CELL_PREFIX.length;
  while (k < lineEnd && text.charCodeAt(k) === 45) k++;
  while (k < lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 13)) k++;
  return k === lineEnd;
}

function skipString(text: string, start: number, quote: number, raw: boolean, errors: LexError[]): number {
  const n = text.length;
  let j = start + 1;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === 92 && !raw) { j += 2; continue; }
    if (d === quote) {
      if (text.charCodeAt(j + 1) === quote) { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  errors.push({ message: `unterminated string: add a closing ${String.fromCharCode(quote)}`, start, end: n });
  return n;
}
