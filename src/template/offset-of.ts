/** 1-based line/column → offset (clamped). */
export function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  const lineEnd = text.indexOf('\n', off);
  return Math.min(off + Math.max(0, column - 1), lineEnd < 0 ? text.length : lineEnd);
}
