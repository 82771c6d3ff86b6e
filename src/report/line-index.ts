/** 0-based offset → 1-based line and column, with a cached index of line starts per text. */
export interface LineCol {
  readonly line: number;
  readonly column: number;
}

// Keyed by the text itself (V8 keeps a string's hash, so a lookup does not rescan it). Large enough for every
// file of a 10,000-dataset project: emit and the manifest visit datasets by id, not file by file, and a small
// cache was cleared and refilled thousands of times (~90 ms of a 10,000-dataset compile).
const strCache = new Map<string, number[]>();
const MAX_CACHED_TEXTS = 8192;

function lineStarts(text: string): number[] {
  let starts = strCache.get(text);
  if (starts) return starts;
  starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  if (strCache.size >= MAX_CACHED_TEXTS) strCache.clear();
  strCache.set(text, starts);
  return starts;
}

export function lineCol(text: string, offset: number): LineCol {
  const starts = lineStarts(text);
  const off = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= off) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: off - starts[lo] + 1 };
}

/** The text of 1-based line `line`, without its newline. */
export function lineText(text: string, line: number): string {
  const starts = lineStarts(text);
  const s = starts[line - 1] ?? text.length;
  const e = line < starts.length ? starts[line] - 1 : text.length;
  return text.slice(s, e).replace(/\r$/, '');
}
