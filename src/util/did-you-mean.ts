/**
 * "did you mean ...?" suggestions, shared by every stage: the closest candidate by edit distance
 * (case-insensitive), only when it is close enough to be a plausible typo: 1 edit for names under 4
 * characters, else a third of the name's length, between 2 and 3 edits; failing that, a name sharing a long
 * prefix (`library` → `libraries`). Ties go to the first in sort order.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const target = name.toLowerCase();
  const limit = target.length < 4 ? 1 : Math.min(3, Math.max(2, Math.floor(target.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(target, c.toLowerCase(), limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  if (bestDistance <= limit) return best;
  // A plural or a longer form of the same word (`library` for `libraries`): the names share a long prefix.
  let stem: string | undefined;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const common = commonPrefix(target, lc);
    if (common >= 5 && common >= 0.7 * Math.min(target.length, lc.length) && (stem === undefined || c < stem)) stem = c;
  }
  return stem;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Levenshtein distance with an early exit once every cell of a row exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
