import type { CompiledSql } from '../model/compiled-pipeline.js';
import type { Span } from '../model/span.js';
import { segmentIndexAt } from '../model/source-map.js';

/**
 * Compiled offset (e.g. DuckDB's 0-based error `position`) → the user's file. Inside copied text the answer is
 * the exact character; inside generated text it is the whole construct that generated it (the Spark call, the
 * `${key}`, the macro call), which is where the user should look.
 */
export function mapCompiledOffset(compiled: CompiledSql, offset: number): Span {
  const segs = compiled.map.segments;
  if (segs.length === 0) return { file: compiled.file, start: offset, end: offset };
  const seg = segs[segmentIndexAt(segs, offset)];
  if (seg.exact) {
    const at = seg.source + Math.min(Math.max(offset - seg.rendered, 0), seg.length);
    return { file: compiled.file, start: at, end: at };
  }
  return { file: compiled.file, start: seg.source, end: seg.source + seg.sourceLength };
}

/** A compiled [start, end) range → a span in the user's file (covering generated constructs whole). */
export function mapCompiledRange(compiled: CompiledSql, start: number, end: number): Span {
  const a = mapCompiledOffset(compiled, start);
  const b = mapCompiledOffset(compiled, Math.max(start, end - 1));
  return { file: compiled.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end + (b.end === b.start ? 1 : 0)) };
}
