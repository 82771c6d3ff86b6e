import type { SqlFragment } from '../model/ast.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RenderedFile } from '../model/rendered-file.js';
import { toSourceRange } from '../model/source-map.js';
import type { Span } from '../model/span.js';
import type { Token, TokenKind } from '../model/token.js';
import { Lexer, tokenFrom } from '../sql/lexer.js';
import { didYouMean } from '../util/did-you-mean.js';
import { ParseCodes } from './codes.js';
import type { StatementRange } from './split-statements.js';

/**
 * Thrown after a syntax error has been recorded, to abandon the current statement; `parseFile` catches it
 * and resumes at the next statement terminator. Internal control flow only: it never leaves the stage.
 */
export class SyntaxAbort extends Error {
  constructor() {
    super('syntax error recorded');
  }
}

/** A rendered range [start, end): tokens and the `first` / `last` results of `until` / `parenGroup`. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

const KIND_NAMES: readonly TokenKind[] = ['ident', 'quoted-ident', 'string', 'number', 'op', 'cell', 'eof'];
const KIND_INDEX: Readonly<Record<TokenKind, number>> = { ident: 0, 'quoted-ident': 1, string: 2, number: 3, op: 4, cell: 5, eof: 6 };
const IDENT = 0;
const OP = 4;

/**
 * Token storage shared by all cursors: statements are parsed one at a time (synchronously), so one set of
 * typed arrays, grown by doubling, serves every statement of every file without allocating per token.
 */
class TokenBuffer {
  kinds = new Uint8Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  spaces = new Uint8Array(1024);
  /** Tokens built so far for the current statement, by index; cleared when the next statement starts. */
  readonly cache: (Token | undefined)[] = [];
  cached = 0;

  grow(): void {
    const size = this.kinds.length * 2;
    const k = new Uint8Array(size); k.set(this.kinds); this.kinds = k;
    const s = new Int32Array(size); s.set(this.starts); this.starts = s;
    const e = new Int32Array(size); e.set(this.ends); this.ends = e;
    const b = new Uint8Array(size); b.set(this.spaces); this.spaces = b;
  }

  reset(): void {
    for (let i = 0; i < this.cached; i++) this.cache[i] = undefined;
    this.cached = 0;
  }
}

const shared = new TokenBuffer();

/**
 * A cursor over one statement's tokens. Tokens are lexed on demand into shared typed arrays (kind and offsets)
 * and become `Token` objects only when a caller looks at one (`peek`, `next`); keyword and operator tests
 * compare characters in place. So the DDL envelope costs few allocations, and a query body that the parser
 * only slices (`restFragment`) is never lexed at all. Every position past the statement's last token is an
 * `eof` token at the statement end; `describe` names the real terminator in messages.
 */
export class Cursor {
  private readonly buf = shared;
  /** Number of tokens lexed so far. */
  private n = 0;
  private readonly lexer: Lexer;
  private readonly text: string;
  private exhausted = false;
  /** The file was not templated: rendered offsets are source offsets (most files; skips the map lookup). */
  private readonly identity: boolean;
  private endTok: Token | undefined;
  pos = 0;

  constructor(
    readonly file: RenderedFile,
    readonly range: StatementRange,
    readonly diagnostics: Diagnostic[],
  ) {
    this.text = file.text;
    const segs = file.map.segments;
    this.identity = segs.length === 1 && segs[0].exact && segs[0].rendered === 0 && segs[0].source === 0 && segs[0].length >= file.text.length;
    this.lexer = new Lexer(file.text, 0, range.start, range.end);
    this.buf.reset();
  }

  /** Lexes up to index `idx`; false when the statement has fewer tokens. */
  private fill(idx: number): boolean {
    if (idx < this.n) return true;
    const lx = this.lexer;
    const buf = this.buf;
    while (this.n <= idx) {
      if (this.exhausted) return false;
      const k = lx.advance();
      if (k === 'eof') {
        this.exhausted = true;
        return false;
      }
      const i = this.n++;
      if (i >= buf.kinds.length) buf.grow();
      buf.kinds[i] = KIND_INDEX[k];
      buf.starts[i] = lx.tokStart;
      buf.ends[i] = lx.tokEnd;
      buf.spaces[i] = lx.tokSpace ? 1 : 0;
    }
    return true;
  }

  /**
   * Records the lexer's unexpected characters in the part of the statement that was lexed (called once per
   * statement, also after a syntax error); unterminated literals are the splitter's to report.
   */
  flushLexErrors(): void {
    for (const e of this.lexer.errors) {
      if (e.message.startsWith('unexpected')) {
        this.error(ParseCodes.UnexpectedCharacter, e.message, this.span(e.start, e.end), 'remove it, or quote it in a string');
      }
    }
    this.lexer.errors.length = 0;
  }

  private endToken(): Token {
    if (!this.endTok) this.endTok = { kind: 'eof', text: '', upper: '', value: '', start: this.range.end, end: this.range.end, spaceBefore: false };
    return this.endTok;
  }

  peek(k = 0): Token {
    const idx = this.pos + k;
    if (!this.fill(idx)) return this.endToken();
    const buf = this.buf;
    let t = buf.cache[idx];
    if (!t) {
      t = tokenFrom(this.text, KIND_NAMES[buf.kinds[idx]], buf.starts[idx], buf.ends[idx], buf.spaces[idx] === 1);
      buf.cache[idx] = t;
      if (idx >= buf.cached) buf.cached = idx + 1;
    }
    return t;
  }

  /** The rendered range of the current token, without building it (the statement end at the end). */
  here(): Range {
    const idx = this.pos;
    if (!this.fill(idx)) return { start: this.range.end, end: this.range.end };
    return { start: this.buf.starts[idx], end: this.buf.ends[idx] };
  }

  /**
   * Consumes a name token (bare word or back-quoted) and returns its unquoted value and range, without
   * building a Token (names are most of a column list). Undefined when the current token is not a name.
   */
  takeName(): { value: string; start: number; end: number } | undefined {
    const idx = this.pos;
    if (!this.fill(idx)) return undefined;
    const kind = this.buf.kinds[idx];
    const start = this.buf.starts[idx];
    const end = this.buf.ends[idx];
    let value: string;
    if (kind === IDENT) value = this.text.slice(start, end);
    else if (kind === KIND_INDEX['quoted-ident']) value = tokenFrom(this.text, 'quoted-ident', start, end, false).value;
    else return undefined;
    this.pos++;
    return { value, start, end };
  }

  /** The kind of the token `k` ahead, without building it. */
  kindAt(k = 0): TokenKind {
    const idx = this.pos + k;
    return this.fill(idx) ? KIND_NAMES[this.buf.kinds[idx]] : 'eof';
  }

  atEnd(): boolean {
    return !this.fill(this.pos);
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** Moves past `n` tokens without building them. */
  skip(n = 1): void {
    for (let k = 0; k < n && this.fill(this.pos); k++) this.pos++;
  }

  /** The last consumed token (the statement's first token when nothing was consumed yet). */
  prev(): Token {
    if (this.pos === 0) return this.peek();
    this.pos--;
    const t = this.peek();
    this.pos++;
    return t;
  }

  /** End offset of the last consumed token. */
  prevEnd(): number {
    return this.pos > 0 ? this.buf.ends[this.pos - 1] : this.range.start;
  }

  /** True when the token `k` ahead is the keyword `word` (upper case) in any case; compared in place. */
  isKw(word: string, k = 0): boolean {
    const idx = this.pos + k;
    if (!this.fill(idx) || this.buf.kinds[idx] !== IDENT) return false;
    const s = this.buf.starts[idx];
    if (this.buf.ends[idx] - s !== word.length) return false;
    const text = this.text;
    for (let i = 0; i < word.length; i++) {
      let c = text.charCodeAt(s + i);
      if (c >= 97 && c <= 122) c -= 32;
      if (c !== word.charCodeAt(i)) return false;
    }
    return true;
  }

  isOp(op: string, k = 0): boolean {
    const idx = this.pos + k;
    if (!this.fill(idx) || this.buf.kinds[idx] !== OP) return false;
    const s = this.buf.starts[idx];
    return this.buf.ends[idx] - s === op.length && (op.length === 1 ? this.text.charCodeAt(s) === op.charCodeAt(0) : this.text.startsWith(op, s));
  }

  /** Consumes `words` when the next tokens are exactly these keywords; returns the last one. */
  acceptKw(...words: string[]): Token | undefined {
    for (let k = 0; k < words.length; k++) if (!this.isKw(words[k], k)) return undefined;
    this.pos += words.length;
    return this.prev();
  }

  /** Like `acceptKw` without building a token. */
  skipKw(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!this.isKw(words[k], k)) return false;
    this.pos += words.length;
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  /** Consumes the keywords or fails at the first one that does not match; returns their range. */
  expectKw(...words: string[]): Range {
    let k = 0;
    while (k < words.length && this.isKw(words[k], k)) k++;
    if (k === words.length) {
      const start = this.buf.starts[this.pos];
      this.pos += k;
      return { start, end: this.buf.ends[this.pos - 1] };
    }
    // Point at the first keyword that does not match.
    this.pos += k;
    return this.fail(words.join(' '), words.slice(k, k + 1));
  }

  expectOp(op: string): Token {
    if (this.isOp(op)) return this.next();
    return this.fail(`'${op}'`);
  }

  /** How the current token reads in "found ..." messages. */
  describe(t: Token = this.peek()): string {
    if (t.kind === 'eof') {
      const term = this.range.terminator;
      return term === 'semicolon' ? "';'" : term === 'cell' ? 'the end of the notebook cell' : 'the end of the file';
    }
    const text = t.text.length > 40 ? `${t.text.slice(0, 37)}...` : t.text;
    return `'${text}'`;
  }

  /** Where a "found ..." diagnostic points: the token, or the `;` / the end of the last token at the end. */
  foundSpan(t: Token = this.peek()): Span {
    if (t.kind !== 'eof') return this.span(t.start, t.end);
    if (this.range.terminator === 'semicolon') return this.span(this.range.terminatorStart, this.range.terminatorStart + 1);
    return this.span(this.range.end, this.range.end);
  }

  /**
   * Records `expected X, found 'Y'` at the current token and abandons the statement. `candidates` are
   * keywords a misspelling could have meant ("did you mean SELECT?").
   */
  fail(expected: string, candidates: readonly string[] = [], hint?: string): never {
    const t = this.peek();
    let h = hint;
    if (!h && t.kind === 'ident' && candidates.length > 0) {
      const guess = didYouMean(t.text, candidates);
      if (guess && guess !== t.upper) h = `did you mean ${guess}?`;
    }
    this.error(ParseCodes.Syntax, `expected ${expected}, found ${this.describe(t)}`, this.foundSpan(t), h);
    throw new SyntaxAbort();
  }

  error(code: string, message: string, span: Span, hint?: string, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity: 'error', message, span, ...(hint ? { hint } : {}), ...extra });
  }

  warning(code: string, message: string, span: Span, hint?: string, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity: 'warning', message, span, ...(hint ? { hint } : {}), ...extra });
  }

  info(code: string, message: string, span: Span, hint?: string): void {
    this.diagnostics.push({ code, severity: 'info', message, span, ...(hint ? { hint } : {}) });
  }

  /** Source span of the rendered range [start, end). */
  span(start: number, end: number): Span {
    if (this.identity) return { file: this.file.path, start, end };
    const r = toSourceRange(this.file.map, start, end);
    return { file: this.file.path, start: r.start, end: r.end };
  }

  /** Source span from the start of `a` to the end of `b` (tokens or ranges). */
  spanOf(a: Range, b: Range = a): Span {
    return this.span(a.start, Math.max(a.end, b.end));
  }

  /** Span from `a` to the last consumed token. */
  spanFrom(a: Range): Span {
    return this.span(a.start, Math.max(a.end, this.prevEnd()));
  }

  fragment(start: number, end: number): SqlFragment {
    return { file: this.file.path, text: this.file.text.slice(start, end), renderedStart: start, span: this.span(start, end) };
  }

  /** Everything from the current token to the statement end, as one fragment; the cursor is then at the end. */
  restFragment(): SqlFragment | undefined {
    const first = this.peek();
    if (first.kind === 'eof') return undefined;
    const f = this.fragment(first.start, this.range.end);
    // Nothing after this point is lexed: jump to the end.
    this.n = this.pos;
    this.exhausted = true;
    return f;
  }

  /**
   * Consumes a parenthesised group starting at the current `(` and returns the tokens just inside it
   * (`undefined` when empty). Fails on a missing `)`.
   */
  parenGroup(): { open: Token; close: Token; first?: Range; last?: Range } {
    const open = this.expectOp('(');
    const inner = this.pos;
    let depth = 1;
    for (;;) {
      const kind = this.kindAt();
      if (kind === 'eof') {
        this.error(ParseCodes.Syntax, `expected ')', found ${this.describe()}`, this.foundSpan(), undefined,
          { related: [{ span: this.spanOf(open), message: "the '(' it closes" }] });
        throw new SyntaxAbort();
      }
      if (kind === 'op') {
        if (this.isOp('(')) depth++;
        else if (this.isOp(')') && --depth === 0) {
          const close = this.next();
          if (this.pos - 1 === inner) return { open, close };
          return { open, close, first: this.rangeAt(inner), last: this.rangeAt(this.pos - 2) };
        }
      }
      this.pos++;
    }
  }

  private rangeAt(idx: number): Range {
    return { start: this.buf.starts[idx], end: this.buf.ends[idx] };
  }

  /**
   * Consumes tokens up to (not including) the first token at paren depth 0 for which `stop` is true, or the
   * statement end. Returns the first and last consumed token, or undefined when none was consumed.
   */
  until(stop: (c: Cursor) => boolean): { first: Range; last: Range } | undefined {
    const from = this.pos;
    let depth = 0;
    for (;;) {
      const kind = this.kindAt();
      if (kind === 'eof') break;
      if (depth === 0 && stop(this)) break;
      if (kind === 'op') {
        if (this.isOp('(')) depth++;
        else if (this.isOp(')')) {
          // An unmatched `)` ends the expression: the caller reports it.
          if (depth === 0) break;
          depth--;
        }
      }
      this.pos++;
    }
    return this.pos > from ? { first: this.rangeAt(from), last: this.rangeAt(this.pos - 1) } : undefined;
  }
}
