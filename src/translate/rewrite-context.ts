import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceMap } from '../model/source-map.js';
import { toSourceRange } from '../model/source-map.js';
import type { Span } from '../model/span.js';
import type { Token } from '../model/token.js';

/** A table reference's compiled text, keyed by the index of its first token. */
export interface RefReplacement {
  readonly last: number;
  readonly text: string;
}

/** Everything the token rewriter needs for one fragment. Mutable only in `diagnostics` and `usesFileName`. */
export interface RewriteContext {
  /** The fragment's rendered text; token offsets are `base`-relative to it. */
  readonly text: string;
  readonly base: number;
  readonly tokens: readonly Token[];
  readonly file: string;
  readonly fileMap: SourceMap;
  readonly refs: ReadonlyMap<number, RefReplacement>;
  readonly diagnostics: Diagnostic[];
  /** Set when the query reads `_metadata.file_path` / `input_file_name()`. */
  usesFileName: boolean;
  /**
   * A file source of the fragment is a subquery projecting `filename` (file-reader.ts): a select list's bare `*`
   * excludes it, so the query's columns are Spark's.
   */
  readonly hideFileName?: boolean;
}

/** Rendered [start, end) → a span in the ORIGINAL file. */
export function sourceSpan(cx: RewriteContext, start: number, end: number): Span {
  const r = toSourceRange(cx.fileMap, start, end);
  return { file: cx.file, start: r.start, end: r.end };
}

/** Rendered text between two rendered offsets of this fragment. */
export function renderedSlice(cx: RewriteContext, start: number, end: number): string {
  return cx.text.slice(start - cx.base, end - cx.base);
}
