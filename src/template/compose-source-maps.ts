import { segmentIndexAt, toSourceRange, type SourceMap, type SourceMapSegment } from '../model/source-map.js';

/**
 * `outer` maps final text → intermediate text (the `${key}` pass), `inner` maps intermediate text → source
 * (the nunjucks pass). The result maps final text → source: copied runs are split at inner segment
 * boundaries; generated runs map to whatever their intermediate range maps to.
 */
export function composeSourceMaps(outer: SourceMap, inner: SourceMap): SourceMap {
  const result: SourceMapSegment[] = [];
  const innerSegs = inner.segments;
  const push = (seg: SourceMapSegment): void => {
    if (seg.length <= 0) return;
    const last = result[result.length - 1];
    if (last && last.rendered + last.length === seg.rendered && last.exact === seg.exact) {
      if (seg.exact && last.source + last.length === seg.source) {
        result[result.length - 1] = { ...last, length: last.length + seg.length, sourceLength: last.length + seg.length };
        return;
      }
      if (!seg.exact && last.source === seg.source && last.sourceLength === seg.sourceLength) {
        result[result.length - 1] = { ...last, length: last.length + seg.length };
        return;
      }
    }
    result.push(seg);
  };
  for (const o of outer.segments) {
    if (!o.exact) {
      const r = toSourceRange(inner, o.source, o.source + o.sourceLength);
      push({ rendered: o.rendered, length: o.length, source: r.start, sourceLength: r.end - r.start, exact: false });
      continue;
    }
    const from = o.source;
    const to = o.source + o.length;
    let k = segmentIndexAt(innerSegs, from);
    for (; k < innerSegs.length && innerSegs[k].rendered < to; k++) {
      const s = innerSegs[k];
      const a = Math.max(from, s.rendered);
      const b = Math.min(to, s.rendered + s.length);
      if (b <= a) continue;
      const rendered = o.rendered + (a - from);
      if (s.exact) push({ rendered, length: b - a, source: s.source + (a - s.rendered), sourceLength: b - a, exact: true });
      else push({ rendered, length: b - a, source: s.source, sourceLength: s.sourceLength, exact: false });
    }
  }
  return { segments: result };
}
