import type { Call, Part, RuleTools } from '../function-rule.js';
import type { Piece } from '../pieces.js';
import { sparkStringCall } from '../spark-casts.js';

/**
 * Spark's format_string / printf format with java.util.Formatter; DuckDB's printf is C-style (fmt). They differ
 * where Java prints: a NULL argument is `null` (DuckDB's printf returns NULL for the whole string), `%b` is
 * `true` / `false` (`false` for NULL, `true` for any other non-boolean value; DuckDB: 1 / 0), `%s` of a DOUBLE is
 * Java's `1.0E10` (DuckDB refuses `%s` for numbers), `%S` / `%B` are upper case. So the constant format is split
 * at compile time into its text and one piece per conversion, each formatted alone (`printf('%5d', x)`) with
 * NULL replaced by `null`, and the pieces are concatenated. Not translated (an error): a non-constant format,
 * explicit argument indexes (`%1$s`, `%<s`), the `,` and `(` flags, and the h / a / t conversions.
 * Known difference: `%.1f` rounds the binary double (DuckDB), where Java rounds its decimal form HALF_UP
 * (`format_string('%.1f', 0.25D)`: Java 0.3, Weir 0.2).
 */
const SPEC = /%(\d+\$)?([-#+ 0,(<]*)(\d+)?(\.\d+)?([a-zA-Z%])?/g;
const NUMERIC = new Set(['d', 'o', 'x', 'X', 'e', 'E', 'f', 'g', 'G', 'c']);

export function formatString(c: Call, t: RuleTools): Piece[] {
  const fmt = t.stringArg(0);
  if (fmt === undefined) {
    return t.fail('WEIR4003', `${c.name}: the format must be a string literal (Java's format is translated at compile time)`, undefined, t.argRange(0));
  }
  const pieces: Part[] = [];
  let last = 0;
  let next = 1;
  for (const m of fmt.matchAll(SPEC)) {
    const [spec, index, flags, width = '', precision = '', conv] = m;
    if (m.index > last) pieces.push(sqlString(fmt.slice(last, m.index)));
    last = m.index + spec.length;
    if (conv === '%') { pieces.push("'%'"); continue; }
    if (conv === 'n') { pieces.push('chr(10)'); continue; }
    if (index || conv === undefined || /[,(<]/.test(flags) || !(NUMERIC.has(conv) || 'sSbB'.includes(conv))) {
      return t.fail('WEIR4005', `${c.name}: the conversion '${spec}' is not translated (supported: %s %S %b %B %d %o %x %X %e %E %f %g %G %c %% %n with - # + space 0 flags, width and precision)`,
        undefined, t.argRange(0));
    }
    const arg = c.args[next];
    if (arg === undefined) return t.fail('WEIR4005', `${c.name}: the format '${fmt}' needs more arguments than the ${c.args.length - 1} given`);
    next++;
    const pad = flags.includes('-') ? '-' : '';
    const asText = (text: Part): Part => (width || precision ? [`printf('%${pad}${width}${precision}s', `, text, ')'] : text);
    const upper = (p: Part): Part => (conv === 'S' || conv === 'B' ? ['upper(', p, ')'] : p);
    if (conv === 's' || conv === 'S') {
      const [open, close] = sparkStringCall(c.argTokens[next - 1] ?? []);
      pieces.push(upper(asText([`coalesce(${open}`, arg, `${close}, 'null')`])));
    }
    else if (conv === 'b' || conv === 'B') {
      pieces.push(upper(asText(["CASE WHEN (", arg, ") IS NULL THEN 'false' WHEN typeof(", arg, ") <> 'BOOLEAN' THEN 'true' ELSE CAST(", arg, ' AS VARCHAR) END'])));
    } else {
      const nullText = sqlString(pad ? 'null'.padEnd(Number(width || 0)) : 'null'.padStart(Number(width || 0)));
      pieces.push(['coalesce(printf(', sqlString(spec), ', ', arg, `), ${nullText})`]);
    }
  }
  if (last < fmt.length || pieces.length === 0) pieces.push(sqlString(fmt.slice(last)));
  return t.out('(', pieces.flatMap((p, k) => (k ? [' || ', p] : [p])), ')');
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
