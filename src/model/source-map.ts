/**
 * Maps offsets in rendered text (after nunjucks and `${key}`) back to offsets in the source file.
 * Plain data so it can be cached and shipped in golden files.
 *
 * The rendered text is covered by segments in ascending `rendered` order. An `exact` segment is text
 * copied 1:1 from the source (offset arithmetic inside it is exact); a non-exact segment is generated
 * text (macro output, a substituted `${key}` value) and maps every offset inside it to the span of the
 * construct that generated it (the macro call or the `${key}`), which is where a user should look.
 */
export interface SourceMapSegment {
  readonly rendered: number;
  readonly length: number;
  readonly source: number;
  /** Length of the source construct; equals `length` for exact segments. */
  readonly sourceLength: number;
  readonly exact: boolean;
}

export interface SourceMap {
  readonly segments: readonly SourceMapSegment[];
}

/** A map for a file rendered without any change. */
export function identityMap(length: number): SourceMap {
  return { segments: [{ rendered: 0, length, source: 0, sourceLength: length, exact: true }] };
}

/**
 * Index of the last segment starting at or before `offset` (0 when the offset precedes every segment): the one
 * binary search every map lookup shares. `segments` must be sorted by `rendered`, as every map is.
 */
export function segmentIndexAt(segments: readonly SourceMapSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].rendered <= offset) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** Rendered offset → source offset. Offsets past the end map to the end of the last segment. */
export function toSourceOffset(map: SourceMap, rendered: number): number {
  const segs = map.segments;
  if (segs.length === 0) return rendered;
  const seg = segs[segmentIndexAt(segs, rendered)];
  const delta = rendered - seg.rendered;
  if (seg.exact) return seg.source + Math.min(delta, seg.length);
  // Inside generated text: point at the start of the construct that produced it
  // (the end of it when asking for the end of the segment, so spans cover the call).
  return delta >= seg.length ? seg.source + seg.sourceLength : seg.source;
}

/** Maps a rendered [start, end) range to a source range; a range inside generated text covers the whole call. */
export function toSourceRange(map: SourceMap, start: number, end: number): { start: number; end: number } {
  const s = toSourceOffset(map, start);
  const e = toSourceOffset(map, end);
  if (e > s) return { start: s, end: e };
  const seg = map.segments.length > 0 && map.segments[0].rendered <= start ? map.segments[segmentIndexAt(map.segments, start)] : undefined;
  return { start: s, end: seg && !seg.exact ? seg.source + seg.sourceLength : s };
}
