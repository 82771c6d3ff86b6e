import type { Token } from '../model/token.js';

/**
 * Finds the relations a Spark SQL query reads, from its tokens: pipeline datasets and external tables
 * (`x`, `LIVE.x`, `cat.sch.x`), streaming reads (`STREAM(x)`, `STREAM x`), and file sources (`read_files(...)`,
 * `cloud_files(...)`, path tables like ``json.`/landing/orders` ``). Used by resolve (to build edges) and by
 * translate (to rewrite each reference into the DuckDB relation the runner binds), so both agree by
 * construction on what a reference is.
 *
 * Token-level rather than a full parse: it only needs to recognise table positions (after FROM / JOIN, after
 * a comma inside a FROM list) and CTE names, which shadow datasets of the same name.
 */
export type TableRef =
  | {
      readonly kind: 'table';
      readonly parts: readonly string[];
      readonly streaming: boolean;
      /** Rendered offsets of the whole reference, `STREAM(` ... `)` included. */
      readonly start: number;
      readonly end: number;
      /** Rendered offsets of the name alone. */
      readonly nameStart: number;
      readonly nameEnd: number;
      /** Token index range [first, last] of the whole reference. */
      readonly firstToken: number;
      readonly lastToken: number;
    }
  | {
      readonly kind: 'files';
      readonly reader: 'read_files' | 'cloud_files' | 'path-table';
      readonly path: string;
      readonly format?: string;
      /** Option keys lower-cased, values as strings. */
      readonly options: Readonly<Record<string, string>>;
      readonly streaming: boolean;
      readonly start: number;
      readonly end: number;
      readonly firstToken: number;
      readonly lastToken: number;
    };

export interface TableRefProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface TableRefScan {
  readonly refs: readonly TableRef[];
  /** Names defined by WITH in this query (lower case): not dataset references. */
  readonly cteNames: readonly string[];
  readonly problems: readonly TableRefProblem[];
}

const PATH_TABLE_FORMATS = new Set(['json', 'parquet', 'csv', 'delta', 'text', 'orc', 'avro', 'binaryfile']);
/** Keywords that end a FROM list (after which a comma is no longer a table separator). */
const FROM_LIST_END = new Set([
  'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'WINDOW', 'QUALIFY', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS',
  'SORT', 'CLUSTER', 'DISTRIBUTE', 'OFFSET', 'SELECT', 'PIVOT', 'UNPIVOT',
]);
const NOT_A_TABLE = new Set(['LATERAL', 'UNNEST', 'VALUES', 'SELECT', 'WITH', 'TABLE']);

export interface ScanOptions {
  /** The fragment itself starts at a table position (a CDC `FROM source` clause). */
  readonly startsAtTable?: boolean;
}

export function scanTableRefs(tokens: readonly Token[], options: ScanOptions = {}): TableRefScan {
  const refs: TableRef[] = [];
  const problems: TableRefProblem[] = [];
  const cteNames = collectCteNames(tokens);
  const cteSet = new Set(cteNames);

  // Paren depth at which a FROM list is open (a stack, since subqueries nest).
  const fromDepths: number[] = [];
  let depth = 0;
  let expectTable = options.startsAtTable === true;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'eof') break;
    if (expectTable) {
      expectTable = false;
      const ref = readTableAt(tokens, i, problems);
      if (ref) {
        if (!(ref.kind === 'table' && ref.parts.length === 1 && cteSet.has(ref.parts[0].toLowerCase()))) refs.push(ref);
        i = ref.lastToken;
        continue;
      }
    }
    if (t.kind === 'op') {
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        depth--;
        while (fromDepths.length && fromDepths[fromDepths.length - 1] > depth) fromDepths.pop();
      } else if (t.text === ',' && fromDepths.length && fromDepths[fromDepths.length - 1] === depth) {
        expectTable = true;
      }
      continue;
    }
    if (t.kind !== 'ident') continue;
    const u = t.upper;
    if (u === 'FROM') {
      // `DELETE FROM`, `IS DISTINCT FROM`, `EXTRACT(x FROM y)`, `SUBSTRING(x FROM 1)`, `TRIM(BOTH FROM x)` are not table positions.
      const prev = tokens[i - 1];
      if (prev && prev.kind === 'ident' && (prev.upper === 'DISTINCT' || prev.upper === 'BOTH' || prev.upper === 'LEADING' || prev.upper === 'TRAILING')) continue;
      if (isInsideFunctionCall(tokens, i)) continue;
      fromDepths.push(depth);
      expectTable = true;
    } else if (u === 'JOIN') {
      expectTable = true;
    } else if (fromDepths.length && fromDepths[fromDepths.length - 1] === depth &&
      (FROM_LIST_END.has(u) || (u === 'LATERAL' && tokens[i + 1]?.kind === 'ident' && tokens[i + 1].upper === 'VIEW'))) {
      // Spark's LATERAL VIEW comes after the FROM list's relations: in `LATERAL VIEW explode(m) t AS k, v` the
      // comma separates column names, not tables.
      fromDepths.pop();
    }
  }
  return { refs, cteNames, problems };
}

/** True when `FROM` at index i sits directly inside `EXTRACT(`, `SUBSTRING(`, `TRIM(`, `POSITION(` ... */
function isInsideFunctionCall(tokens: readonly Token[], i: number): boolean {
  let d = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j];
    if (t.kind === 'op' && t.text === ')') d++;
    else if (t.kind === 'op' && t.text === '(') {
      if (d === 0) {
        const f = tokens[j - 1];
        return !!f && f.kind === 'ident' && ['EXTRACT', 'SUBSTRING', 'SUBSTR', 'TRIM', 'POSITION', 'OVERLAY', 'DATE_PART'].includes(f.upper);
      }
      d--;
    } else if (d === 0 && t.kind === 'ident' && (t.upper === 'SELECT' || t.upper === 'FROM')) return false;
  }
  return false;
}

function collectCteNames(tokens: readonly Token[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident' || t.upper !== 'WITH') continue;
    let j = i + 1;
    if (tokens[j]?.kind === 'ident' && tokens[j].upper === 'RECURSIVE') j++;
    // name [ (cols) ] AS ( ... ) [, name AS ( ... )]*
    for (;;) {
      const nameTok = tokens[j];
      if (!nameTok || (nameTok.kind !== 'ident' && nameTok.kind !== 'quoted-ident')) break;
      let k = j + 1;
      if (tokens[k]?.text === '(') k = skipParens(tokens, k) + 1;
      if (!(tokens[k]?.kind === 'ident' && tokens[k].upper === 'AS')) break;
      k++;
      if (tokens[k]?.kind === 'ident' && (tokens[k].upper === 'MATERIALIZED' || tokens[k].upper === 'NOT')) {
        k += tokens[k].upper === 'NOT' ? 2 : 1;
      }
      if (tokens[k]?.text !== '(') break;
      names.push(nameTok.value.toLowerCase());
      const close = skipParens(tokens, k);
      if (tokens[close + 1]?.text === ',') { j = close + 2; continue; }
      break;
    }
  }
  return names;
}

/** Index of the `)` matching the `(` at index `open` (or the last token). */
export function skipParens(tokens: readonly Token[], open: number): number {
  let d = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind !== 'op') continue;
    if (t.text === '(') d++;
    else if (t.text === ')') { d--; if (d === 0) return j; }
  }
  return tokens.length - 1;
}

function isName(t: Token | undefined): boolean {
  return !!t && (t.kind === 'ident' || t.kind === 'quoted-ident');
}

/** Reads a dotted name starting at i; returns the parts and the index of its last token. */
function readName(tokens: readonly Token[], i: number): { parts: string[]; last: number } | undefined {
  if (!isName(tokens[i])) return undefined;
  const parts = [tokens[i].value];
  let last = i;
  while (tokens[last + 1]?.text === '.' && tokens[last + 1].kind === 'op' && isName(tokens[last + 2])) {
    parts.push(tokens[last + 2].value);
    last += 2;
  }
  return { parts, last };
}

function readTableAt(tokens: readonly Token[], i: number, problems: TableRefProblem[]): TableRef | undefined {
  const t = tokens[i];
  if (t.kind === 'ident' && t.upper === 'STREAM') {
    const next = tokens[i + 1];
    if (next?.text === '(' && next.kind === 'op') {
      const close = skipParens(tokens, i + 1);
      const inner = readSource(tokens, i + 2, true, problems);
      if (!inner) {
        problems.push({ message: 'STREAM(...) must wrap a table name or read_files(...)', start: t.start, end: tokens[close].end });
        return undefined;
      }
      if (inner.lastToken !== close - 1) {
        problems.push({ message: 'unexpected text inside STREAM(...)', start: tokens[inner.lastToken + 1].start, end: tokens[close].end });
      }
      return { ...inner, start: t.start, end: tokens[close].end, firstToken: i, lastToken: close };
    }
    if (isName(next)) {
      const inner = readSource(tokens, i + 1, true, problems);
      if (inner) return { ...inner, start: t.start, firstToken: i };
    }
    // A table really named `stream`: fall through.
  }
  return readSource(tokens, i, false, problems);
}

function readSource(tokens: readonly Token[], i: number, streaming: boolean, problems: TableRefProblem[]): TableRef | undefined {
  const t = tokens[i];
  if (!isName(t)) return undefined;
  if (t.kind === 'ident' && NOT_A_TABLE.has(t.upper)) return undefined;
  // read_files(...) / cloud_files(...)
  if (t.kind === 'ident' && (t.upper === 'READ_FILES' || t.upper === 'CLOUD_FILES') && tokens[i + 1]?.text === '(') {
    const close = skipParens(tokens, i + 1);
    const args = readArgs(tokens, i + 2, close);
    const reader = t.upper === 'READ_FILES' ? 'read_files' : 'cloud_files';
    const options: Record<string, string> = {};
    let format: string | undefined;
    let path = '';
    if (args.positional[0] !== undefined) path = args.positional[0];
    else problems.push({ message: `${t.value}(...) needs a path as its first argument`, start: t.start, end: tokens[close].end });
    if (reader === 'cloud_files') {
      if (args.positional[1] !== undefined) format = args.positional[1].toLowerCase();
      Object.assign(options, args.mapArg);
      if (options['cloudfiles.format']) format = options['cloudfiles.format'].toLowerCase();
    }
    for (const [k, v] of Object.entries(args.named)) options[k] = v;
    if (options['format']) format = options['format'].toLowerCase();
    return {
      kind: 'files', reader, path, ...(format ? { format } : {}), options, streaming,
      start: t.start, end: tokens[close].end, firstToken: i, lastToken: close,
    };
  }
  // Path table: json.`/path`
  if (t.kind === 'ident' && PATH_TABLE_FORMATS.has(t.value.toLowerCase()) && tokens[i + 1]?.text === '.' &&
      tokens[i + 2]?.kind === 'quoted-ident' && /[/\\:]/.test(tokens[i + 2].value)) {
    return {
      kind: 'files', reader: 'path-table', path: tokens[i + 2].value, format: t.value.toLowerCase(), options: {},
      streaming, start: t.start, end: tokens[i + 2].end, firstToken: i, lastToken: i + 2,
    };
  }
  const name = readName(tokens, i);
  if (!name) return undefined;
  // A table-valued function call (range(10), read_json(...)): not a relation of the pipeline.
  if (tokens[name.last + 1]?.text === '(' && tokens[name.last + 1].kind === 'op') return undefined;
  return {
    kind: 'table', parts: name.parts, streaming,
    start: t.start, end: tokens[name.last].end, nameStart: t.start, nameEnd: tokens[name.last].end,
    firstToken: i, lastToken: name.last,
  };
}

interface Args {
  positional: string[];
  named: Record<string, string>;
  mapArg: Record<string, string>;
}

/** Reads constant arguments between index `from` and the closing paren `close`. */
function readArgs(tokens: readonly Token[], from: number, close: number): Args {
  const out: Args = { positional: [], named: {}, mapArg: {} };
  let j = from;
  while (j < close) {
    // key => value
    if (isName(tokens[j]) && tokens[j + 1]?.text === '=>') {
      const v = constRun(tokens, j + 2, close);
      out.named[tokens[j].value.toLowerCase()] = v.value;
      j = v.next;
    } else if (tokens[j]?.kind === 'ident' && tokens[j].upper === 'MAP' && tokens[j + 1]?.text === '(') {
      const mclose = skipParens(tokens, j + 1);
      const items: string[] = [];
      for (let k = j + 2; k < mclose;) {
        if (tokens[k].text === ',') { k++; continue; }
        const v = constRun(tokens, k, mclose);
        items.push(v.value);
        k = v.next;
      }
      for (let k = 0; k + 1 < items.length; k += 2) out.mapArg[items[k].toLowerCase()] = items[k + 1];
      j = mclose + 1;
    } else {
      const v = constRun(tokens, j, close);
      out.positional.push(v.value);
      j = v.next;
      // Skip anything up to the next top-level comma (expressions are not evaluated).
      while (j < close && tokens[j].text !== ',') j = tokens[j].text === '(' ? skipParens(tokens, j) + 1 : j + 1;
    }
    if (tokens[j]?.text === ',') j++;
  }
  return out;
}

/** The constant at `j`; adjacent string literals are one string, as in Spark (`'a, ' 'b INT'`). */
function constRun(tokens: readonly Token[], j: number, end: number): { value: string; next: number } {
  let value = constValue(tokens[j]);
  let next = j + 1;
  if (tokens[j]?.kind === 'string') {
    while (next < end && tokens[next].kind === 'string') value += tokens[next++].value;
  }
  return { value, next };
}

function constValue(t: Token | undefined): string {
  if (!t) return '';
  return t.kind === 'string' || t.kind === 'quoted-ident' ? t.value : t.text;
}
