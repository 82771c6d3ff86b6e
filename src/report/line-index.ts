/** 0-based offset → 1-based line and column, with a cached index of line starts per text. */
export interface LineCol {
  readonly line: number;
  readonly column: number;
}

const cache = new WeakMap<object, number[]>();
const strCache = new Map<string, number[]>();

function lineStarts(text: string): number[] {
  let starts = strCache.get(text);
  if (starts) return starts;
  starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  if (strCache.size > 256) strCache.clear();
  strCache.set(text, starts);
  void cache;
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
