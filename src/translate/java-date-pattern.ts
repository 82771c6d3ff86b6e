/**
 * Java DateTimeFormatter patterns (what Spark's date_format / to_date / to_timestamp take) → DuckDB
 * strftime / strptime patterns. Translated letter run by letter run, never copied: `MM` is month in Java
 * and minutes in nothing; `mm` is minutes; `%` must be escaped. Letters without an equivalent are an error
 * at their offset inside the pattern.
 *
 * Zone letters depend on the direction. Formatting: Weir's session time zone is UTC and timestamps are naive,
 * so each zone field is constant text, as Spark prints it for UTC (DuckDB's %z / %Z would give '+00' and '').
 * Parsing: the offset or zone name read moves the value to UTC (strptime's %z / %Z; the caller converts
 * with timezone('UTC', ...)). Java's X accepts 'Z' for UTC, which %z does not: X is supported at the end of
 * the pattern, where the caller rewrites a final 'Z' of the input to '+00:00'.
 */
const RUNS: Readonly<Record<string, string>> = {
  yyyy: '%Y', yyy: '%Y', y: '%Y', yy: '%y', uuuu: '%Y', uu: '%y',
  MMMM: '%B', MMM: '%b', MM: '%m', M: '%-m', LLLL: '%B', LLL: '%b', LL: '%m', L: '%-m',
  dd: '%d', d: '%-d', DDD: '%j', D: '%-j',
  HH: '%H', H: '%-H', hh: '%I', h: '%-I',
  mm: '%M', m: '%-M', ss: '%S', s: '%-S',
  SSS: '%g', SSSSSS: '%f', SSSSSSSSS: '%n',
  EEEE: '%A', EEE: '%a', EE: '%a', E: '%a',
  a: '%p',
};

/** Zone fields of a UTC timestamp as Java prints them. */
const FORMAT_ZONE: Readonly<Record<string, string>> = {
  z: 'UTC', zz: 'UTC', zzz: 'UTC', zzzz: 'Coordinated Universal Time', VV: 'UTC',
  Z: '+0000', ZZ: '+0000', ZZZ: '+0000', ZZZZ: 'GMT', ZZZZZ: 'Z', O: 'GMT', OOOO: 'GMT',
  X: 'Z', XX: 'Z', XXX: 'Z', XXXX: 'Z', XXXXX: 'Z',
  x: '+00', xx: '+0000', xxx: '+00:00', xxxx: '+0000', xxxxx: '+00:00',
};

/** Zone fields strptime reads; `zulu`: Java also accepts 'Z' there. */
const PARSE_ZONE: Readonly<Record<string, { readonly spec: string; readonly zulu: boolean }>> = {
  z: { spec: '%Z', zulu: false }, zz: { spec: '%Z', zulu: false }, zzz: { spec: '%Z', zulu: false }, zzzz: { spec: '%Z', zulu: false }, VV: { spec: '%Z', zulu: false },
  Z: { spec: '%z', zulu: false }, ZZ: { spec: '%z', zulu: false }, ZZZ: { spec: '%z', zulu: false }, ZZZZZ: { spec: '%z', zulu: true },
  X: { spec: '%z', zulu: true }, XX: { spec: '%z', zulu: true }, XXX: { spec: '%z', zulu: true },
  x: { spec: '%z', zulu: false }, xx: { spec: '%z', zulu: false }, xxx: { spec: '%z', zulu: false },
};

export interface PatternResult {
  readonly pattern: string;
  /** Parsing: the pattern reads an offset or zone (strptime gives TIMESTAMPTZ). */
  readonly zoned?: boolean;
  /** Parsing: the pattern ends with a field that accepts 'Z' for UTC. */
  readonly zuluAtEnd?: boolean;
  /** Offset inside the Java pattern and the letters that could not be translated. */
  readonly error?: { readonly offset: number; readonly length: number; readonly letters: string; readonly reason?: string };
}

export function javaToStrftime(java: string, mode: 'format' | 'parse' = 'format'): PatternResult {
  let out = '';
  let zoned = false;
  let zuluAtEnd = false;
  let i = 0;
  const escape = (text: string): string => text.replace(/%/g, '%%');
  while (i < java.length) {
    const c = java[i];
    if (c === "'") {
      // Quoted literal text; '' is a single quote.
      if (java[i + 1] === "'") { out += "'"; i += 2; continue; }
      let j = i + 1;
      while (j < java.length) {
        if (java[j] === "'" && java[j + 1] === "'") { out += "'"; j += 2; continue; }
        if (java[j] === "'") break;
        out += escape(java[j]);
        j++;
      }
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (java[j] === c) j++;
      const run = java.slice(i, j);
      const error = (reason?: string): PatternResult => ({ pattern: out, error: { offset: i, length: run.length, letters: run, reason } });
      const mapped = RUNS[run];
      if (mapped !== undefined) out += mapped;
      else if (mode === 'format' && FORMAT_ZONE[run] !== undefined) out += FORMAT_ZONE[run];
      else if (mode === 'parse' && PARSE_ZONE[run] !== undefined) {
        const z = PARSE_ZONE[run];
        if (zoned) return error('only one zone field can be parsed');
        if (z.zulu && j < java.length) return error("it accepts 'Z' for UTC, which Weir can parse only at the end of the pattern");
        out += z.spec;
        zoned = true;
        zuluAtEnd = z.zulu;
      } else return error();
      i = j;
      continue;
    }
    out += escape(c);
    i++;
  }
  return mode === 'parse' ? { pattern: out, zoned, zuluAtEnd } : { pattern: out };
}
