/**
 * mulberry32: a small seeded PRNG, so generated benchmark projects and fuzz inputs are the same on every run
 * (a failure names its seed). Returns numbers in [0, 1). Not for anything secret.
 * (scripts/generate-example-data.mjs keeps its own copy: it runs as plain Node before anything is built.)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
