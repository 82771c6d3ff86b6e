/**
 * Private-use characters woven into a template so the rendered output says which parts are copied source
 * text (SEMANTICS §1: positions survive templating). A chunk of literal text i is rendered as
 * `CHUNK_START id id CHUNK_END`-delimited text; a tag t is preceded by `TAG_MARK id id`. Ids are two
 * base-4096 digits in U+E100..U+F0FF, so no marker or digit can be mistaken for another.
 */
export const CHUNK_START = '\uE000';
export const CHUNK_END = '\uE001';
export const TAG_MARK = '\uE002';
export const MARKER_CODE_MIN = 0xe000;
export const MARKER_CODE_MAX = 0xf0ff;
const DIGIT0 = 0xe100;
/** Two digits of base 4096. */
export const MAX_MARKER_ID = 4096 * 4096 - 1;

export function encodeId(id: number): string {
  return String.fromCharCode(DIGIT0 + (id >> 12), DIGIT0 + (id & 0xfff));
}

export function decodeId(text: string, at: number): number {
  const hi = text.charCodeAt(at) - DIGIT0;
  const lo = text.charCodeAt(at + 1) - DIGIT0;
  if (hi < 0 || hi > 0xfff || lo < 0 || lo > 0xfff || Number.isNaN(hi) || Number.isNaN(lo)) return -1;
  return (hi << 12) | lo;
}

/** True when the source already uses the marker range (then the file is rendered without instrumentation). */
export function usesMarkerRange(text: string): boolean {
  return /[\uE000-\uF0FF]/.test(text);
}

export const STRAY_MARKERS = /[\uE000-\uF0FF]/g;
