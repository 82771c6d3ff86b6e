import type { SourceMap, SourceMapSegment } from '../model/source-map.js';
import type { ScannedTemplate, TagPiece } from './scan-template.js';

/**
 * Most templated pipeline files only call macros with literal arguments:
 * `{{ surrogate_key(['order_id', 'line_no']) }}`, `{{ var('start_date') }}`. For those, compiling a nunjucks
 * template per file (lexer, parser, transformer, code generation, `new Function`) costs far more than the
 * call. This path parses such tags itself and calls the already compiled global directly, with nunjucks'
 * argument conventions (keyword arguments as a trailing `{__keywords: true}` object) and output rules
 * (null/undefined is an error under throwOnUndefined, everything else is stringified). Anything else — a
 * block tag, an expression, a filter, a name that is not a global, an error — returns undefined and the file
 * takes the full nunjucks path, which also produces the diagnostics.
 */
export function renderLiteralCalls(
  src: string,
  scanned: ScannedTemplate,
  globals: Readonly<Record<string, unknown>>,
): { text: string; map: SourceMap } | undefined {
  if (scanned.unterminated || scanned.unclosedRaw) return undefined;
  const calls: { tag: TagPiece; fn: (...a: unknown[]) => unknown; args: unknown[] }[] = [];
  for (const p of scanned.pieces) {
    if (p.kind !== 'tag' || p.type === 'comment') continue;
    if (p.type !== 'var') return undefined;
    const call = parseLiteralCall(src, p.innerStart, p.innerEnd);
    if (!call) return undefined;
    const fn = Object.prototype.hasOwnProperty.call(globals, call.name) ? globals[call.name] : undefined;
    if (typeof fn !== 'function') return undefined;
    calls.push({ tag: p, fn: fn as (...a: unknown[]) => unknown, args: call.args });
  }
  const parts: string[] = [];
  const segments: SourceMapSegment[] = [];
  let len = 0;
  let k = 0;
  for (const p of scanned.pieces) {
    if (p.kind === 'text') {
      const n = p.effEnd - p.effStart;
      if (n <= 0) continue;
      const last = segments[segments.length - 1];
      if (last && last.exact && last.rendered + last.length === len && last.source + last.length === p.effStart) {
        segments[segments.length - 1] = { ...last, length: last.length + n, sourceLength: last.length + n };
      } else segments.push({ rendered: len, length: n, source: p.effStart, sourceLength: n, exact: true });
      parts.push(src.slice(p.effStart, p.effEnd));
      len += n;
      continue;
    }
    if (p.type === 'comment') continue;
    const { fn, args } = calls[k++];
    let value: unknown;
    try {
      value = fn.apply(undefined, args);
    } catch {
      return undefined;
    }
    if (value === undefined || value === null) return undefined;
    const out = String(value);
    if (out.length > 0) segments.push({ rendered: len, length: out.length, source: p.start, sourceLength: p.end - p.start, exact: false });
    parts.push(out);
    len += out.length;
  }
  return { text: parts.join(''), map: { segments } };
}

const FAIL = Symbol('fail');
type Parsed = unknown | typeof FAIL;

/** `name(literal, ..., key=literal, ...)` and nothing else, or undefined. */
export function parseLiteralCall(src: string, start: number, end: number): { name: string; args: unknown[] } | undefined {
  let i = start;
  const ws = (): void => {
    while (i < end && (src[i] === ' ' || src[i] === '\n' || src[i] === '\t' || src[i] === '\r')) i++;
  };
  const ident = (): string | undefined => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, Math.min(end, i + 128)));
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const value = (depth: number): Parsed => {
    if (depth > 8) return FAIL;
    ws();
    const c = src[i];
    if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < end && src[i] !== c) {
        if (src[i] === '\\') {
          i++;
          const e = src[i];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : (e ?? '');
          i++;
        } else s += src[i++];
      }
      if (src[i] !== c) return FAIL;
      i++;
      return s;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i, Math.min(end, i + 64)));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      while (src[i] !== ']') {
        const v = value(depth + 1);
        if (v === FAIL) return FAIL;
        arr.push(v);
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== ']') return FAIL;
        ws();
      }
      i++;
      return arr;
    }
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      while (src[i] !== '}') {
        const k = src[i] === "'" || src[i] === '"' ? value(depth + 1) : ident();
        if (typeof k !== 'string') return FAIL;
        ws();
        if (src[i] !== ':') return FAIL;
        i++;
        const v = value(depth + 1);
        if (v === FAIL) return FAIL;
        obj[k] = v;
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== '}') return FAIL;
        ws();
      }
      i++;
      return obj;
    }
    const word = ident();
    if (word === 'true' || word === 'True') return true;
    if (word === 'false' || word === 'False') return false;
    if (word === 'none' || word === 'None' || word === 'null') return null;
    return FAIL;
  };

  ws();
  const name = ident();
  if (!name) return undefined;
  ws();
  if (src[i] !== '(') return undefined;
  i++;
  const args: unknown[] = [];
  let kwargs: Record<string, unknown> | undefined;
  ws();
  while (i < end && src[i] !== ')') {
    const save = i;
    const key = ident();
    ws();
    if (key !== undefined && src[i] === '=' && src[i + 1] !== '=') {
      i++;
      const v = value(0);
      if (v === FAIL) return undefined;
      (kwargs ??= {})[key] = v;
    } else {
      i = save;
      if (kwargs) return undefined; // positional after keyword: let nunjucks report it
      const v = value(0);
      if (v === FAIL) return undefined;
      args.push(v);
    }
    ws();
    if (src[i] === ',') i++;
    else if (src[i] !== ')') return undefined;
    ws();
  }
  if (src[i] !== ')') return undefined;
  i++;
  ws();
  if (i !== end) return undefined;
  if (kwargs) args.push({ ...kwargs, __keywords: true });
  return { name, args };
}
