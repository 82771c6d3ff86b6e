import { CHUNK_END, CHUNK_START, TAG_MARK, encodeId } from './markers.js';
import type { Piece, ScannedTemplate } from './scan-template.js';

/** Where a run of the instrumented template came from, for mapping nunjucks' line/column back. */
export interface InstrumentedRun {
  readonly at: number;
  readonly source: number;
  readonly length: number;
}

export interface InstrumentedTemplate {
  readonly text: string;
  readonly runs: readonly InstrumentedRun[];
}

/** Tags that need no origin marker: they never produce output themselves. */
const QUIET_TAGS = new Set([
  'else', 'elif', 'elseif', 'case', 'default', 'endif', 'endfor', 'endeach', 'endall', 'endmacro', 'endcall',
  'endfilter', 'endblock', 'endset', 'endraw', 'endverbatim', 'endswitch',
]);

/** The runtime global that records which tag is executing (tracking mode only). */
export const TRACK_GLOBAL = '__weir_at';

/**
 * Rebuilds the template with markers. `mode: 'map'` (every render): literal markers around text chunks
 * and before tags; they cost nothing at run time and let `recoverSourceMap` split the output.
 * `mode: 'track'` (only after an error): no markers, but a `{{ __weir_at(t) }}` call before each tag so
 * the re-render records the last tag that started executing — nunjucks' own line numbers are wrong for
 * errors raised inside functions and macros. Whitespace that `-` control would trim is dropped here, so
 * inserted markers never shield it from trimming.
 */
export function instrumentTemplate(src: string, scanned: ScannedTemplate, mode: 'map' | 'track'): InstrumentedTemplate {
  const parts: string[] = [];
  const runs: InstrumentedRun[] = [];
  let at = 0;
  const copy = (start: number, end: number): void => {
    if (end <= start) return;
    runs.push({ at, source: start, length: end - start });
    parts.push(src.slice(start, end));
    at += end - start;
  };
  const add = (s: string): void => {
    parts.push(s);
    at += s.length;
  };
  const pieces: readonly Piece[] = scanned.pieces;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p.kind === 'text') {
      if (p.effEnd <= p.effStart) continue;
      if (mode === 'map') add(CHUNK_START + encodeId(k));
      copy(p.effStart, p.effEnd);
      if (mode === 'map') add(CHUNK_END);
      continue;
    }
    if (p.type !== 'comment' && !(p.name !== undefined && QUIET_TAGS.has(p.name))) {
      add(mode === 'map' ? TAG_MARK + encodeId(k) : `{{ ${TRACK_GLOBAL}(${k}) }}`);
    }
    copy(p.start, p.end);
  }
  if (scanned.unterminated) copy(scanned.unterminated.start, src.length);
  return { text: parts.join(''), runs };
}

/** Instrumented offset → source offset (nearest run), for nunjucks' compile-error positions. */
export function toTemplateSource(runs: readonly InstrumentedRun[], offset: number): number {
  let best = 0;
  for (const r of runs) {
    if (r.at > offset) break;
    best = r.source + Math.min(offset - r.at, r.length);
  }
  return best;
}
