import type { SourceMap, SourceMapSegment } from '../model/source-map.js';
import { segmentIndexAt, toSourceRange } from '../model/source-map.js';

/**
 * Output of the token rewriter: compiled text as a list of pieces, each tied to the RENDERED range it came
 * from. An exact piece is rendered text copied verbatim (so offsets inside it map 1:1); a generated piece is
 * new text that maps, as a whole, to the construct it replaces. Pieces of one compiled statement may come
 * from several fragments of the same file (a CDC source and its WHERE clause).
 */
export interface Piece {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly exact: boolean;
}

export function exact(text: string, start: number): Piece {
  return { text, start, end: start + text.length, exact: true };
}

export function generated(text: string, start: number, end: number): Piece {
  return { text, start, end, exact: false };
}

/**
 * Adjacent generated pieces that map to the same range joined into one: the same compiled text and source map
 * from fewer objects (a wrapper Weir writes around a query is many small strings).
 */
export function joinGenerated(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && !last.exact && !p.exact && last.start === p.start && last.end === p.end) out[out.length - 1] = generated(last.text + p.text, p.start, p.end);
    else if (p.text.length > 0 || p.exact) out.push(p);
  }
  return out;
}

export function piecesText(pieces: readonly Piece[]): string {
  let s = '';
  for (const p of pieces) s += p.text;
  return s;
}

/**
 * Builds the compiled-offset → ORIGINAL-offset map: exact pieces are split along the rendered file's own
 * segments (a copied range may cross a macro expansion), generated pieces map to their construct's source range.
 */
export function buildCompiledMap(pieces: readonly Piece[], fileMap: SourceMap): SourceMap {
  const out: SourceMapSegment[] = [];
  let at = 0;
  const fsegs = fileMap.segments;
  for (const p of pieces) {
    const len = p.text.length;
    if (len === 0) continue;
    if (p.exact && fsegs.length > 0) {
      let k = segmentIndexAt(fileMap.segments, p.start);
      let pos = p.start;
      while (pos < p.end && k < fsegs.length) {
        const fs = fsegs[k];
        const segEnd = fs.rendered + fs.length;
        const upto = Math.min(p.end, segEnd);
        if (upto <= pos) { k++; continue; }
        const n = upto - pos;
        out.push(fs.exact
          ? { rendered: at + (pos - p.start), length: n, source: fs.source + (pos - fs.rendered), sourceLength: n, exact: true }
          : { rendered: at + (pos - p.start), length: n, source: fs.source, sourceLength: fs.sourceLength, exact: false });
        pos = upto;
        k++;
      }
      if (pos < p.end) {
        // Past the last segment of the file map: clamp like toSourceOffset does.
        const r = toSourceRange(fileMap, pos, p.end);
        out.push({ rendered: at + (pos - p.start), length: p.end - pos, source: r.start, sourceLength: r.end - r.start, exact: false });
      }
    } else if (p.exact) {
      out.push({ rendered: at, length: len, source: p.start, sourceLength: len, exact: true });
    } else {
      const r = fsegs.length > 0 ? toSourceRange(fileMap, p.start, p.end) : { start: p.start, end: p.end };
      out.push({ rendered: at, length: len, source: r.start, sourceLength: r.end - r.start, exact: false });
    }
    at += len;
  }
  return { segments: mergeSegments(out) };
}

/** Adjacent exact segments that continue each other become one (keeps maps small and goldens readable). */
function mergeSegments(segs: SourceMapSegment[]): SourceMapSegment[] {
  const out: { rendered: number; length: number; source: number; sourceLength: number; exact: boolean }[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && last.exact && s.exact && last.rendered + last.length === s.rendered && last.source + last.length === s.source) {
      last.length += s.length;
      last.sourceLength += s.length;
    } else out.push({ ...s });
  }
  return out;
}

/** The part of `pieces` from rendered offset `at` on (a copied run that straddles it is cut there). */
export function piecesFrom(pieces: readonly Piece[], at: number): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.start >= at) out.push(p);
    else if (p.exact && p.end > at) out.push(exact(p.text.slice(at - p.start), at));
  }
  return out;
}
