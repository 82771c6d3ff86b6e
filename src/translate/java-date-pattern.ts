/**
 * Java DateTimeFormatter patterns (what Spark's date_format / to_date / to_timestamp take) → DuckDB
 * strftime / strptime patterns. Translated letter run by letter run, never copied: `MM` is month in Java
 * and minutes in nothing; `mm` is minutes; `%` must be escaped. Letters without an equivalent are an error
 * at their offset inside the pattern.
 */
const RUNS: Readonly<Record<string, string>> = {
  yyyy: '%Y', yyy: '%Y', y: '%Y', yy: '%y', uuuu: '%Y', uu: '%y',
  MMMM: '%B', MMM: '%b', MM: '%m', M: '%-m', LLLL: '%B', LLL: '%b', LL: '%m', L: '%-m',
  dd: '%d', d: '%-d', DDD: '%j', D: '%-j',
  HH: '%H', H: '%-H', hh: '%I', h: '%-I',
  mm: '%M', m: '%-M', ss: '%S', s: '%-S',
  SSS: '%g', SSSSSS: '%f', SSSSSSSSS: '%n',
  EEEE: '%A', EEE: '%a', EE: '%a', E: '%a',
  a: '%p', z: '%Z', zzz: '%Z', Z: '%z', XXX: '%z', XX: '%z', X: '%z', xxx: '%z', xx: '%z',
};

export interface PatternResult {
  readonly pattern: string;
  /** Offset inside the Java pattern and the letters that could not be translated. */
  readonly error?: { readonly offset: number; readonly length: number; readonly letters: string };
}

export function javaToStrftime(java: string): PatternResult {
  let out = '';
  let i = 0;
  while (i < java.length) {
    const c = java[i];
    if (c === "'") {
      // Quoted literal text; '' is a single quote.
      if (java[i + 1] === "'") { out += "'"; i += 2; continue; }
      let j = i + 1;
      while (j < java.length) {
        if (java[j] === "'" && java[j + 1] === "'") { out += "'"; j += 2; continue; }
        if (java[j] === "'") break;
        out += java[j] === '%' ? '%%' : java[j];
        j++;
      }
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (java[j] === c) j++;
      const run = java.slice(i, j);
      const mapped = RUNS[run];
      if (mapped === undefined) return { pattern: out, error: { offset: i, length: run.length, letters: run } };
      out += mapped;
      i = j;
      continue;
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return { pattern: out };
}
