import { javaToStrftime } from '../java-date-pattern.js';
import type { Call, Part, RuleEntry, RuleTools } from '../function-rule.js';
import { rule } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { zonedLiteralArg } from '../literals.js';

/**
 * Date and time functions. Java patterns are translated (java-date-pattern.ts); timestamps are naive
 * (DuckDB TIMESTAMP) and epoch conversions are UTC: Weir has one session time zone, UTC.
 * Parsing failures raise an error (Spark 4 / ANSI behaviour) rather than silently giving NULL.
 */
interface SqlPattern {
  /** The strftime / strptime pattern as a SQL string literal. */
  readonly sql: string;
  /** Parsing reads a zone: strptime gives TIMESTAMPTZ, taken back to naive UTC with timezone('UTC', ...). */
  readonly zoned: boolean;
  /** Parsing: the input's final 'Z' (UTC, accepted by Java's X) must become an offset %z reads. */
  readonly zuluAtEnd: boolean;
}

function pattern(c: Call, t: RuleTools, i: number, mode: 'format' | 'parse'): SqlPattern | Piece[] {
  const java = t.stringArg(i);
  if (java === undefined) {
    return t.fail('WEIR4003', `${c.name}: the format must be a string literal (Java patterns are translated at compile time)`,
      'write the pattern as a literal, e.g. \'yyyy-MM-dd\'', t.argRange(i));
  }
  const r = javaToStrftime(java, mode);
  if (r.error) {
    const tok = c.argTokens[i][0];
    const at = tok.start + 1 + r.error.offset;
    return t.fail('WEIR4004', `${c.name}: the date pattern letters '${r.error.letters}' ${r.error.reason ? `cannot be translated: ${r.error.reason}` : 'have no DuckDB equivalent'}`,
      'supported: y M d D H h m s S E a z Z X and quoted text', { start: at, end: at + r.error.length });
  }
  return { sql: `'${r.pattern.replace(/'/g, "''")}'`, zoned: r.zoned ?? false, zuluAtEnd: r.zuluAtEnd ?? false };
}

// A string that is not a date or timestamp is NULL, as in Spark without ANSI mode.
const ts = (p: readonly Piece[]): Part[] => ['TRY_CAST(', p, ' AS TIMESTAMP)'];
const dt = (p: readonly Piece[]): Part[] => ['TRY_CAST(', p, ' AS DATE)'];

function withPattern(c: Call, t: RuleTools, i: number, build: (pat: string) => Piece[]): Piece[] {
  const p = pattern(c, t, i, 'format');
  return Array.isArray(p) ? p : build(p.sql);
}

/** strptime(input, pattern) as a naive UTC TIMESTAMP (a parsed offset or zone applied). */
function parsed(c: Call, t: RuleTools, build: (ts: Part[]) => Piece[]): Piece[] {
  const p = pattern(c, t, 1, 'parse');
  if (Array.isArray(p)) return p;
  const input: Part = p.zuluAtEnd ? ['regexp_replace(', c.args[0], ", 'Z$', '+00:00')"] : c.args[0];
  // A text the pattern does not match is NULL (Spark without ANSI mode).
  const call: Part[] = ['try_strptime(', input, `, ${p.sql})`];
  return build(p.zoned ? ["timezone('UTC', ", call, ')'] : call);
}

const DEFAULT_TS = "'%Y-%m-%d %H:%M:%S'";

/** months_between per Spark: whole months when the days of month match or both are month ends, else a 31-day fraction. */
function monthsBetween(c: Call, t: RuleTools): Piece[] {
  const a = c.args[0];
  const b = c.args[1];
  const round = c.args.length < 3 || t.stringArg(2) !== undefined || c.argTokens[2].map((x) => x.upper).join('') !== 'FALSE';
  const diff = t.out(
    'CASE WHEN day(', ts(a), ') = day(', ts(b), ') OR (last_day(', ts(a), ') = CAST(', a, ' AS DATE) AND last_day(',
    ts(b), ') = CAST(', b, ' AS DATE)) THEN CAST((year(', ts(a), ') - year(', ts(b), ')) * 12 + month(',
    ts(a), ') - month(', ts(b), ') AS DOUBLE) ELSE (year(', ts(a), ') - year(', ts(b), ')) * 12 + month(',
    ts(a), ') - month(', ts(b), ') + ((day(', ts(a), ') - day(', ts(b), ')) * 86400 + (epoch(',
    ts(a), ') - epoch(date_trunc(\'day\', ', ts(a), '))) - (epoch(', ts(b), ') - epoch(date_trunc(\'day\', ',
    ts(b), ')))) / 2678400.0 END',
  );
  return round ? t.out('round(', diff, ', 8)') : diff;
}

function flat(parts: Part[], t: RuleTools): Piece[] {
  return t.out(...parts);
}

/**
 * Spark's extract / date_part fields (with their synonyms) → DuckDB. Spark's DAYOFWEEK is 1 = Sunday (DuckDB's
 * is 0 = Sunday), and its SECOND keeps the fraction (DECIMAL(8,6), e.g. 9.500000; DuckDB's second() is whole).
 */
const EXTRACT_FIELDS: Readonly<Record<string, (src: Part) => Part[]>> = (() => {
  const out: Record<string, (src: Part) => Part[]> = {};
  const def = (names: string, f: (src: Part) => Part[]): void => { for (const n of names.split(' ')) out[n] = f; };
  const fn = (name: string) => (src: Part): Part[] => [`${name}(`, src, ')'];
  def('YEAR Y YEARS YR YRS', fn('year'));
  def('YEAROFWEEK', fn('isoyear'));
  def('QUARTER QTR', fn('quarter'));
  def('MONTH MON MONS MONTHS', fn('month'));
  def('WEEK W WEEKS', fn('week'));
  def('DAY D DAYS', fn('day'));
  def('DAYOFWEEK DOW', (src) => ['(dayofweek(', src, ') + 1)']);
  def('DAYOFWEEK_ISO DOW_ISO', fn('isodow'));
  def('DOY', fn('dayofyear'));
  def('HOUR H HOURS HR HRS', fn('hour'));
  def('MINUTE M MIN MINS MINUTES', fn('minute'));
  def('SECOND S SEC SECONDS SECS', (src) => ['CAST(microsecond(', src, ') / 1000000 AS DECIMAL(8, 6))']);
  return out;
})();

/** extract(field FROM src) / date_part('field', src): the field must be written as a name or a string literal. */
function extractField(c: Call, t: RuleTools): Piece[] {
  const toks = c.argTokens[0];
  const field = toks.length === 1 && (toks[0].kind === 'ident' || toks[0].kind === 'string') ? toks[0].value.toUpperCase() : undefined;
  const f = field === undefined ? undefined : EXTRACT_FIELDS[field];
  if (!f) {
    return t.fail('WEIR4005', `${c.name}: ${field === undefined ? 'the field must be a literal' : `unknown field ${field}`} (YEAR, YEAROFWEEK, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DAYOFWEEK_ISO, DOY, HOUR, MINUTE, SECOND and their synonyms)`,
      undefined, t.argRange(0));
  }
  // A string literal source is a timestamp in Spark; DuckDB cannot choose an overload for it.
  const src = c.argTokens[1].length === 1 && c.argTokens[1][0].kind === 'string' ? ts(c.args[1]) : c.args[1];
  return t.out(f(src));
}

/**
 * Date / time fields of a DATE, TIMESTAMP or STRING: Spark casts a STRING argument implicitly (`year('2016-07-30')`);
 * DuckDB has no overload for VARCHAR. The argument is cast to DATE (to TIMESTAMP for time fields), a no-op for
 * its own type.
 */
function field(fn: string, type: 'DATE' | 'TIMESTAMP') {
  return rule(1, 1, (c, t) => t.out(`${fn}(CAST(`, c.args[0], ` AS ${type}))`));
}

/** datediff(end, start) / date_diff(end, start): the days between the dates. */
function daysBetween(c: Call, t: RuleTools): Piece[] {
  return flat(['date_diff(\'day\', ', ...dt(c.args[1]), ', ', ...dt(c.args[0]), ')'], t);
}

/** ISO day numbers (Monday = 1) of the day names next_day accepts (Spark: two letters, three, or the full name). */
const DAY_NUMBERS: Readonly<Record<string, number>> = {
  MO: 1, MON: 1, MONDAY: 1, TU: 2, TUE: 2, TUESDAY: 2, WE: 3, WED: 3, WEDNESDAY: 3, TH: 4, THU: 4, THURSDAY: 4,
  FR: 5, FRI: 5, FRIDAY: 5, SA: 6, SAT: 6, SATURDAY: 6, SU: 7, SUN: 7, SUNDAY: 7,
};

/** next_day(date, 'TU'): the first such day after the date (a DATE); an unknown day name is NULL, as in Spark. */
function nextDay(c: Call, t: RuleTools): Piece[] {
  const name = t.stringArg(1);
  if (name === undefined) return t.fail('WEIR4003', 'next_day needs the day of the week as a string constant', "write next_day(d, 'MON')", t.argRange(1));
  const n = DAY_NUMBERS[name.trim().toUpperCase()];
  if (n === undefined) return t.out('CAST(NULL AS DATE)');
  return flat(['CAST(', ...dt(c.args[0]), ` + CAST((${n} - isodow(`, ...dt(c.args[0]), ') + 6) % 7 + 1 AS INTEGER) AS DATE)'], t);
}

export const DATE_FUNCTIONS: Readonly<Record<string, RuleEntry>> = {
  year: field('year', 'DATE'),
  quarter: field('quarter', 'DATE'),
  month: field('month', 'DATE'),
  day: field('day', 'DATE'),
  dayofmonth: field('dayofmonth', 'DATE'),
  dayofyear: field('dayofyear', 'DATE'),
  weekofyear: field('weekofyear', 'DATE'),
  last_day: field('last_day', 'DATE'),
  hour: field('hour', 'TIMESTAMP'),
  minute: field('minute', 'TIMESTAMP'),
  second: field('second', 'TIMESTAMP'),
  extract: rule(2, 2, extractField),
  date_part: rule(2, 2, extractField),
  datepart: rule(2, 2, extractField),
  date_format: rule(2, 2, (c, t) => withPattern(c, t, 1, (p) => flat(['strftime(', ...ts(c.args[0]), `, ${p})`], t))),
  to_date: rule(1, 2, (c, t) => c.args.length === 1
    ? t.out('_weir.spark_try_date(', c.args[0], ')')
    : parsed(c, t, (v) => flat(['CAST(', v, ' AS DATE)'], t))),
  to_timestamp: rule(1, 2, (c, t) => c.args.length === 1
    ? flat(zonedLiteralArg(c.argTokens[0]) !== undefined ? [zonedLiteralArg(c.argTokens[0])!] : ts(c.args[0]), t)
    : parsed(c, t, (v) => flat(['CAST(', v, ' AS TIMESTAMP)'], t))),
  from_unixtime: rule(1, 2, (c, t) => {
    const body = ['strftime(make_timestamp(CAST(', c.args[0], ' AS BIGINT) * 1000000), '];
    return c.args.length === 1 ? flat([...body, `${DEFAULT_TS})`], t) : withPattern(c, t, 1, (p) => flat([...body, `${p})`], t));
  }),
  unix_timestamp: rule(0, 2, (c, t) => {
    if (c.args.length === 0) return t.out('CAST(floor(epoch(CAST(current_timestamp AS TIMESTAMP))) AS BIGINT)');
    if (c.args.length === 1) return flat(['CAST(floor(epoch(', ...ts(c.args[0]), ')) AS BIGINT)'], t);
    return parsed(c, t, (v) => flat(['CAST(floor(epoch(', v, ')) AS BIGINT)'], t));
  }),
  to_unix_timestamp: rule(1, 2, (c, t) => c.args.length === 1
    ? flat(['CAST(floor(epoch(', ...ts(c.args[0]), ')) AS BIGINT)'], t)
    : parsed(c, t, (v) => flat(['CAST(floor(epoch(', v, ')) AS BIGINT)'], t))),
  // datediff(end, start): days between the dates; datediff(unit, start, end): whole units elapsed (timestampdiff).
  datediff: rule(2, 3, (c, t) => c.args.length === 2 ? daysBetween(c, t) : unitDiff(c, t)),
  timestampdiff: rule(3, 3, (c, t) => unitDiff(c, t)),
  // Databricks' synonym of timestampdiff.
  timediff: rule(3, 3, (c, t) => unitDiff(c, t)),
  date_diff: rule(2, 3, (c, t) => c.args.length === 2 ? daysBetween(c, t) : unitDiff(c, t)),
  // A UTC time shown in the zone, and a time in the zone shown in UTC (TIMESTAMP in, TIMESTAMP out; ICU zones).
  from_utc_timestamp: rule(2, 2, (c, t) => flat(['timezone(', c.args[1], ", timezone('UTC', ", ...ts(c.args[0]), '))'], t)),
  to_utc_timestamp: rule(2, 2, (c, t) => flat(["timezone('UTC', timezone(", c.args[1], ', ', ...ts(c.args[0]), '))'], t)),
  next_day: rule(2, 2, nextDay),
  date_add: rule(2, 3, (c, t) => c.args.length === 2
    ? flat(['CAST(', ...dt(c.args[0]), ' + CAST(', c.args[1], ' AS INTEGER) AS DATE)'], t)
    : unitAdd(c, t)),
  dateadd: rule(2, 3, (c, t) => c.args.length === 2
    ? flat(['CAST(', ...dt(c.args[0]), ' + CAST(', c.args[1], ' AS INTEGER) AS DATE)'], t)
    : unitAdd(c, t)),
  timestampadd: rule(3, 3, (c, t) => unitAdd(c, t)),
  date_sub: rule(2, 2, (c, t) => flat(['CAST(', ...dt(c.args[0]), ' - CAST(', c.args[1], ' AS INTEGER) AS DATE)'], t)),
  // Month arithmetic clamps to the month end in both engines (2024-01-31 + 1 month = 2024-02-29).
  add_months: rule(2, 2, (c, t) => flat(['CAST(', ...dt(c.args[0]), ' + to_months(CAST(', c.args[1], ' AS INTEGER)) AS DATE)'], t)),
  months_between: rule(2, 3, monthsBetween),
  current_timestamp: rule(0, 0, (c, t) => t.out('CAST(current_timestamp AS TIMESTAMP)')),
  now: rule(0, 0, (c, t) => t.out('CAST(current_timestamp AS TIMESTAMP)')),
  localtimestamp: rule(0, 0, (c, t) => t.out('CAST(current_timestamp AS TIMESTAMP)')),
  current_date: rule(0, 0, (c, t) => t.out('current_date')),
  curdate: rule(0, 0, (c, t) => t.out('current_date')),
  // Spark dayofweek: 1 = Sunday .. 7 = Saturday; DuckDB's is 0 = Sunday.
  dayofweek: rule(1, 1, (c, t) => flat(['(dayofweek(', ...ts(c.args[0]), ') + 1)'], t)),
  // Spark weekday: 0 = Monday .. 6 = Sunday.
  weekday: rule(1, 1, (c, t) => flat(['(isodow(', ...ts(c.args[0]), ') - 1)'], t)),
  // Spark trunc(date, fmt) → DATE truncated; DuckDB's trunc is numeric.
  trunc: rule(1, 2, (c, t) => {
    if (c.args.length === 1) return t.out('trunc(', c.args[0], ')');
    const unit = truncUnit(t.stringArg(1));
    // Spark's trunc gives NULL for an unknown unit; only constant units are translated.
    if (!unit) return t.fail('WEIR4005', 'trunc: the unit must be a literal (YEAR, YYYY, YY, QUARTER, MONTH, MM, MON, WEEK)', undefined, t.argRange(1));
    return flat([`CAST(date_trunc('${unit}', `, ...dt(c.args[0]), ') AS DATE)'], t);
  }),
  date_trunc: rule(2, 2, (c, t) => {
    const unit = truncUnit(t.stringArg(0));
    if (!unit) return t.fail('WEIR4005', 'date_trunc: the unit must be a literal (YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, ...)', undefined, t.argRange(0));
    return flat([`date_trunc('${unit}', `, ...ts(c.args[1]), ')'], t);
  }),
  // Multiplied after widening (an INT column of epoch seconds overflows INT32 times 10^6); seconds may be fractional.
  timestamp_seconds: rule(1, 1, (c, t) => t.out('make_timestamp(CAST(CAST(', c.args[0], ' AS DECIMAL(38, 6)) * 1000000 AS BIGINT))')),
  timestamp_millis: rule(1, 1, (c, t) => t.out('make_timestamp(CAST(', c.args[0], ' AS BIGINT) * 1000)')),
  timestamp_micros: rule(1, 1, (c, t) => t.out('make_timestamp(CAST(', c.args[0], ' AS BIGINT))')),
  unix_seconds: rule(1, 1, (c, t) => flat(['CAST(floor(epoch(', ...ts(c.args[0]), ')) AS BIGINT)'], t)),
  unix_millis: rule(1, 1, (c, t) => flat(['epoch_ms(', ...ts(c.args[0]), ')'], t)),
  unix_micros: rule(1, 1, (c, t) => flat(['epoch_us(', ...ts(c.args[0]), ')'], t)),
  unix_date: rule(1, 1, (c, t) => flat(['date_diff(\'day\', DATE \'1970-01-01\', ', ...dt(c.args[0]), ')'], t)),
  date_from_unix_date: rule(1, 1, (c, t) => t.out('CAST(DATE \'1970-01-01\' + CAST(', c.args[0], ' AS INTEGER) AS DATE)')),
};

const UNITS = new Set(['MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']);

function unitOf(c: Call, t: RuleTools): string | undefined {
  const toks = c.argTokens[0];
  if (!toks || toks.length !== 1) return undefined;
  const u = (toks[0].kind === 'string' ? toks[0].value : toks[0].text).toUpperCase().replace(/S$/, '');
  return UNITS.has(u) ? u.toLowerCase() : undefined;
}

/** Microseconds per time-based unit (and DAY / WEEK, which are exact 24-hour multiples for naive timestamps). */
const UNIT_MICROS: Readonly<Record<string, number>> = {
  microsecond: 1, millisecond: 1000, second: 1_000_000, minute: 60_000_000, hour: 3_600_000_000, day: 86_400_000_000, week: 604_800_000_000,
};

/**
 * Whole units from start to end, as Spark's timestampdiff computes them: Java's ChronoUnit.between on local
 * date-times, truncated toward zero (DuckDB's date_sub differs at month ends: 2024-01-31 → 2024-02-29 is 1
 * month for DuckDB, 0 for Spark). Time-based units, DAY and WEEK: the exact difference divided by the unit.
 * MONTH (QUARTER = months / 3, YEAR = months / 12): Java moves the end date one day toward the start when its
 * time of day has not reached the start's, then counts months, less one when the end's day of month is
 * before the start's (Java: (packedMonthDay2 - packedMonthDay1) / 32).
 */
function unitDiff(c: Call, t: RuleTools): Piece[] {
  const u = unitOf(c, t);
  if (!u) return t.fail('WEIR4005', `${c.name}: the unit must be one of ${[...UNITS].join(', ')}`, undefined, t.argRange(0));
  const micros = UNIT_MICROS[u];
  if (micros !== undefined) {
    return flat(['((epoch_us(', ...ts(c.args[2]), ') - epoch_us(', ...ts(c.args[1]), `))${micros === 1 ? '' : ` // ${micros}`})`], t);
  }
  // Bound once through a one-element list: s = w[1], e = w[2].
  const s = '__weir_w[1]';
  const e = '__weir_w[2]';
  const endDate = `CAST(${e} - (${s} - date_trunc('day', ${s})) + CASE WHEN ${e} < ${s} THEN to_microseconds(86399999999) ELSE to_microseconds(0) END AS DATE)`;
  const months = `(date_diff('month', CAST(${s} AS DATE), ${endDate}) * 32 + day(${endDate}) - day(${s})) // 32`;
  const per = u === 'year' ? ' // 12' : u === 'quarter' ? ' // 3' : '';
  return flat(['list_transform([[', ...ts(c.args[1]), ', ', ...ts(c.args[2]), `]], __weir_w -> ${per ? `(${months})${per}` : months})[1]`], t);
}

function unitAdd(c: Call, t: RuleTools): Piece[] {
  const u = unitOf(c, t);
  if (!u) return t.fail('WEIR4005', `${c.name}: the unit must be one of ${[...UNITS].join(', ')}`, undefined, t.argRange(0));
  return flat(['(', ...ts(c.args[2]), ` + INTERVAL (`, c.args[1], `) ${u.toUpperCase()})`], t);
}

/** Spark's truncation unit spellings → DuckDB date_trunc parts. */
const TRUNC_UNITS: Readonly<Record<string, string>> = {
  YEAR: 'year', YYYY: 'year', YY: 'year', QUARTER: 'quarter', MONTH: 'month', MM: 'month', MON: 'month', WEEK: 'week',
  DAY: 'day', DD: 'day', HOUR: 'hour', MINUTE: 'minute', SECOND: 'second', MILLISECOND: 'millisecond', MICROSECOND: 'microsecond',
};

function truncUnit(v: string | undefined): string | undefined {
  return v === undefined ? undefined : TRUNC_UNITS[v.toUpperCase()];
}
