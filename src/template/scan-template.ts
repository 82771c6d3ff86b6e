/**
 * Splits a template into literal text and tags the way nunjucks' lexer does (same delimiters, strings
 * inside tags, `{% raw %}` / `{% verbatim %}` content as text, `-` whitespace control), without parsing
 * expressions. The instrumenter, the source-map recovery and the error locator all work on these pieces.
 */
export interface TextPiece {
  readonly kind: 'text';
  readonly start: number;
  readonly end: number;
  /** The part nunjucks outputs after `-` whitespace control trims the ends. */
  readonly effStart: number;
  readonly effEnd: number;
}

export type TagType = 'var' | 'block' | 'comment';

export interface TagPiece {
  readonly kind: 'tag';
  readonly type: TagType;
  readonly start: number;
  readonly end: number;
  /** Between the delimiters and the whitespace-control dashes. */
  readonly innerStart: number;
  readonly innerEnd: number;
  readonly trimBefore: boolean;
  readonly trimAfter: boolean;
  /** First word of a block tag (`if`, `endfor`, ...). */
  readonly name?: string;
}

export type Piece = TextPiece | TagPiece;

export interface ScannedTemplate {
  readonly pieces: readonly Piece[];
  /** Start of a tag that never closes (`{{` without `}}`); scanning stopped there. */
  readonly unterminated?: { readonly start: number; readonly open: string };
  /** `{% raw %}` without `{% endraw %}`. */
  readonly unclosedRaw?: TagPiece;
}

const WS = /\s/;

export function scanTemplate(src: string): ScannedTemplate {
  const pieces: Piece[] = [];
  let i = 0;
  let textStart = 0;
  const n = src.length;
  let unterminated: ScannedTemplate['unterminated'];
  let unclosedRaw: TagPiece | undefined;

  const pushText = (start: number, end: number): void => {
    if (end > start) pieces.push({ kind: 'text', start, end, effStart: start, effEnd: end });
  };

  while (i < n) {
    const open = src.indexOf('{', i);
    if (open < 0 || open + 1 >= n) break;
    const next = src.charCodeAt(open + 1);
    if (next !== 123 /* { */ && next !== 37 /* % */ && next !== 35 /* # */) {
      i = open + 1;
      continue;
    }
    pushText(textStart, open);
    const type: TagType = next === 123 ? 'var' : next === 37 ? 'block' : 'comment';
    const trimBefore = src.charCodeAt(open + 2) === 45; /* - */
    let close = -1;
    const closeLen = 2;
    if (type === 'comment') {
      close = src.indexOf('#}', open + 2);
    } else {
      // In code, either `%}` or `}}` ends the tag (nunjucks' lexer does not check which one opened it).
      let j = open + 2;
      while (j < n) {
        const c = src.charCodeAt(j);
        if (c === 34 || c === 39) {
          j++;
          while (j < n && src.charCodeAt(j) !== c) j += src.charCodeAt(j) === 92 ? 2 : 1;
          j++;
          continue;
        }
        if ((c === 37 || c === 125) && src.charCodeAt(j + 1) === 125) {
          close = j;
          break;
        }
        j++;
      }
    }
    if (close < 0) {
      unterminated = { start: open, open: src.slice(open, open + 2) };
      textStart = n;
      i = n;
      break;
    }
    const end = close + closeLen;
    const trimAfter = src.charCodeAt(close - 1) === 45 && close - 1 >= open + (trimBefore ? 3 : 2);
    const innerStart = open + 2 + (trimBefore ? 1 : 0);
    const innerEnd = close - (trimAfter ? 1 : 0);
    let name: string | undefined;
    if (type === 'block') {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(innerStart, Math.min(innerEnd, innerStart + 64)));
      name = m?.[1];
    }
    const tag: TagPiece = { kind: 'tag', type, start: open, end, innerStart, innerEnd, trimBefore, trimAfter, ...(name ? { name } : {}) };
    pieces.push(tag);
    i = end;
    textStart = end;
    if (name === 'raw' || name === 'verbatim') {
      // Content up to the matching end tag is literal text (nunjucks' parseRaw, nesting counted).
      const re = new RegExp(`\\{%\\s*(${name}|end${name})\\s*(?=%\\})%\\}`, 'g');
      re.lastIndex = end;
      let level = 1;
      let m: RegExpExecArray | null;
      while ((m = re.exec(src))) {
        level += m[1] === name ? 1 : -1;
        if (level === 0) break;
      }
      if (!m) {
        unclosedRaw = tag;
        pushText(end, n);
        textStart = n;
        i = n;
        break;
      }
      pushText(end, m.index);
      const inner = m[0];
      pieces.push({
        kind: 'tag', type: 'block', start: m.index, end: m.index + inner.length, innerStart: m.index + 2,
        innerEnd: m.index + inner.length - 2, trimBefore: false, trimAfter: false, name: `end${name}`,
      });
      i = textStart = m.index + inner.length;
    }
  }
  pushText(textStart, n);
  applyWhitespaceControl(src, pieces);
  return { pieces, ...(unterminated ? { unterminated } : {}), ...(unclosedRaw ? { unclosedRaw } : {}) };
}

/** nunjucks' parser trims `\s*` after a tag ending `-%}` and before a tag starting `{%-` (parseNodes). */
function applyWhitespaceControl(src: string, pieces: Piece[]): void {
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p.kind !== 'text') continue;
    const prev = pieces[k - 1];
    const next = pieces[k + 1];
    let s = p.start;
    let e = p.end;
    const isRaw = prev?.kind === 'tag' && (prev.name === 'raw' || prev.name === 'verbatim');
    if (!isRaw && prev?.kind === 'tag' && prev.trimAfter) while (s < e && WS.test(src[s])) s++;
    if (!isRaw && next?.kind === 'tag' && next.trimBefore) while (e > s && WS.test(src[e - 1])) e--;
    if (s !== p.start || e !== p.end) pieces[k] = { ...p, effStart: s, effEnd: e };
  }
}
