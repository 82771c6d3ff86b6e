import { error as errorDiag, warning } from '../model/diagnostic.js';
import { quoteIdent, quoteString } from '../model/relations.js';
import type { Token } from '../model/token.js';
import { skipParens } from '../sql/table-refs.js';
import { CODES } from './codes.js';
import { DUCKDB_FUNCTION_NAMES } from './duckdb-function-names.js';
import { SPARK_BUILTIN_FUNCTIONS } from './spark-builtin-functions.js';
import { MAPPED_FUNCTIONS, PASSTHROUGH_FUNCTIONS, refusedHint } from './function-table.js';
import { RuleTools, type Call } from './function-rule.js';
import { exact, generated, type Piece } from './pieces.js';
import { renderedSlice, sourceSpan, type RewriteContext } from './rewrite-context.js';
import { readSparkType } from './spark-type.js';
import { stringRunEnd, stringRunValue } from './literals.js';
import { literalAt } from './typed-literal.js';
import { rewriteLateralView } from './rewrite-lateral-view.js';
import { callSuffix, nullTreatment } from './call-suffix.js';
import { rewriteSubscript } from './subscript.js';
import { TRUNCATING_CASTS, castOperandKind, truncatingCast } from './spark-arithmetic.js';
import { sparkCast } from './spark-casts.js';
import type { AheadRule } from './ahead-rule.js';
import { RLIKE } from './rlike.js';
import { DIV_OPERATOR } from './div-operator.js';
import { BITWISE_OPERATORS } from './bitwise-operators.js';
import { divisorAsDouble } from './divide.js';
import { POSTFIX_CAST } from './postfix-cast.js';
import { JSON_PATH } from './json-path.js';
import { LIKE_QUANTIFIED } from './like-quantified.js';
import { GROUP_BY_WITH } from './group-by.js';
import { STRUCT_STAR } from './struct-star.js';
import { defaultGeneratorNames, generatorItems, generatorOf, type Generator } from './generator.js';
import { columnItemName, selectItemAlias, starWithoutFileName, startsSelectItem } from './select-item.js';
import { atTablePosition, isAliasColumnList, rangeTable } from './table-function.js';
import { CLAUSE_END, NOT_CALLS, ORDER_END, isAnyAggregate, isExistsCall, startsOperand } from './rewrite-keywords.js';

/**
 * The Spark → DuckDB token rewriter. Walks a token range, copying tokens and the text between them verbatim
 * and rewriting only what differs (SEMANTICS §7). Parenthesised groups and call arguments are rewritten
 * recursively, so clause-level rules (ORDER BY NULL ordering, `* EXCEPT`) see one nesting level at a time.
 * Output is one flat piece list; copied text is merged into runs whose text is sliced once at the end (this
 * stage allocates little per token: 10,000 datasets translate in a few hundred ms). Infix rewrites
 * (`a RLIKE b`) look ahead from the left operand instead of taking output back.
 */
interface MutablePiece { text: string; start: number; end: number; exact: boolean }
const NUMBER_SUFFIX: Readonly<Record<string, string>> = { L: 'BIGINT', S: 'SMALLINT', Y: 'TINYINT', D: 'DOUBLE', F: 'REAL' };

const SPARK_BUILTINS = new Set(SPARK_BUILTIN_FUNCTIONS);
const AHEAD_RULES: readonly AheadRule[] = [RLIKE, BITWISE_OPERATORS, DIV_OPERATOR, LIKE_QUANTIFIED, POSTFIX_CAST, JSON_PATH, GROUP_BY_WITH, STRUCT_STAR];
// The rules whose gate matches a fragment, per fragment: the walker recurses into every call's arguments, and
// testing the seven gates over the whole text each time cost ~100 ms of a 10,000-dataset compile.
const rulesOf = new WeakMap<RewriteContext, readonly AheadRule[]>();
function aheadRules(cx: RewriteContext): readonly AheadRule[] {
  let rules = rulesOf.get(cx);
  if (!rules) rulesOf.set(cx, rules = AHEAD_RULES.filter((r) => r.gate.test(cx.text)));
  return rules;
}


export function rewriteRange(cx: RewriteContext, lo: number, hi: number): Piece[] {
  const w = new Walker(cx, lo, hi);
  w.run();
  for (const p of w.out) if (p.exact) p.text = renderedSlice(cx, p.start, p.end);
  return w.out;
}

class Walker {
  readonly out: MutablePiece[] = [];
  private order: { hasTokens: boolean; hasNulls: boolean; desc: boolean } | undefined;
  private readonly tokens: readonly Token[];
  private readonly rules: readonly AheadRule[];

  constructor(private readonly cx: RewriteContext, private readonly lo: number, private readonly hi: number) {
    this.tokens = cx.tokens;
    this.rules = aheadRules(cx);
  }

  run(): void {
    let i = this.lo;
    while (i < this.hi && this.tokens[i].kind !== 'eof') {
      i = this.ahead(i) ?? this.step(i);
    }
    this.closeOrderItem();
  }

  /** The first ahead rule's rewrite of the construct starting at i (pushed), and the index after it. */
  private ahead(i: number): number | undefined {
    for (const rule of this.rules) {
      const r = rule.at(this.cx, i, this.hi, rewriteRange);
      if (r) { this.push(i, r.pieces); return r.end; }
    }
    return undefined;
  }

  /** Copied rendered text [start, end): extends the previous run when contiguous. */
  private addExact(start: number, end: number): void {
    if (end <= start) return;
    const last = this.out[this.out.length - 1];
    if (last && last.exact && last.end === start) last.end = end;
    else this.out.push({ text: '', start, end, exact: true });
  }

  private addPieces(pieces: readonly Piece[]): void {
    for (const p of pieces) {
      if (p.exact) this.addExact(p.start, p.end);
      else this.out.push({ text: p.text, start: p.start, end: p.end, exact: false });
    }
  }

  /** Emits the gap before token i (whitespace, comments) and then `pieces`. */
  private push(i: number, pieces: readonly Piece[]): void {
    if (i > this.lo) this.addExact(this.tokens[i - 1].end, this.tokens[i].start);
    if (this.order) this.order.hasTokens = true;
    this.addPieces(pieces);
  }

  /** Emits the gap before token i and tokens i..j verbatim. */
  private pushCopy(i: number, j = i): void {
    if (i > this.lo) this.addExact(this.tokens[i - 1].end, this.tokens[i].start);
    if (this.order) this.order.hasTokens = true;
    this.addExact(this.tokens[i].start, this.tokens[j].end);
  }

  private copy(i: number, j = i): Piece[] {
    return [{ text: '', start: this.tokens[i].start, end: this.tokens[j].end, exact: true }];
  }

  private gen(text: string, i: number, j = i): Piece {
    return generated(text, this.tokens[i].start, this.tokens[j].end);
  }

  /** Rewrites the construct at token i, pushes its unit(s), returns the next index. */
  private step(i: number): number {
    const t = this.tokens[i];
    const cx = this.cx;
    const ref = cx.refs.get(i);
    if (ref) {
      this.push(i, [this.gen(ref.text, i, ref.last)]);
      return ref.last + 1;
    }
    switch (t.kind) {
      case 'string': {
        const last = stringRunEnd(this.tokens, i, this.hi);
        if (last === i && t.text.startsWith("'") && !t.text.includes('\\')) { this.pushCopy(i); return i + 1; }
        const value = stringRunValue(this.tokens, i, last);
        // Spark's LIKE escapes with `\` by default; DuckDB's LIKE has no default escape character.
        const prev = this.tokens[i - 1];
        const like = prev?.kind === 'ident' && (prev.upper === 'LIKE' || prev.upper === 'ILIKE') && value.includes('\\') &&
          !(this.tokens[last + 1]?.kind === 'ident' && this.tokens[last + 1].upper === 'ESCAPE');
        this.push(i, [this.gen(quoteString(value) + (like ? " ESCAPE '\\'" : ''), i, last)]);
        return last + 1;
      }
      case 'quoted-ident':
        this.push(i, [this.gen(quoteIdent(t.value), i)]);
        return i + 1;
      case 'number':
        return this.number(i);
      case 'op':
        return this.op(i);
      case 'cell':
        return i + 1;
      default:
        return this.ident(i);
    }
  }

  private number(i: number): number {
    const t = this.tokens[i];
    const m = /^(.*?)(BD|[LSYDF])$/i.exec(t.text);
    if (!m) { this.pushCopy(i); return i + 1; }
    const suffix = m[2].toUpperCase();
    this.push(i, [this.gen(suffix === 'BD' ? m[1] : `CAST(${m[1]} AS ${NUMBER_SUFFIX[suffix]})`, i)]);
    return i + 1;
  }

  private op(i: number): number {
    const t = this.tokens[i];
    const next = this.tokens[i + 1];
    switch (t.text) {
      case '==': this.push(i, [this.gen('=', i)]); return i + 1;
      case '<=>': this.push(i, [this.gen('IS NOT DISTINCT FROM', i)]); return i + 1;
      case '!': this.push(i, [this.gen('NOT ', i)]); return i + 1;
      case '::': {
        const ty = readSparkType(this.tokens, i + 1);
        if (ty.error) this.cx.diagnostics.push(errorDiag(CODES.unsupportedType, ty.error, sourceSpan(this.cx, t.start, this.tokens[Math.max(ty.last, i + 1)].end)));
        const last = Math.max(ty.last, i);
        this.push(i, [this.gen(`::${ty.text}`, i, last)]);
        return last + 1;
      }
      case '(': {
        const close = skipParens(this.tokens, i);
        if (close >= this.hi || this.tokens[close].text !== ')') { this.pushCopy(i); return i + 1; }
        this.pushCopy(i);
        if (i + 1 < close) {
          this.addExact(t.end, this.tokens[i + 1].start);
          this.addPieces(rewriteRange(this.cx, i + 1, close));
        }
        this.addExact(this.tokens[close - 1].end, this.tokens[close].end);
        return close + 1;
      }
      case '*': {
        const star = this.cx.hideFileName ? starWithoutFileName(this.tokens, i, this.lo) : undefined;
        if (!star) { this.pushCopy(i); return i + 1; }
        this.push(i, [this.gen(star.text, i, star.last)]);
        return star.last + 1;
      }
      case '[': {
        // Spark arrays are 0-based, DuckDB's 1-based; map keys are not shifted (subscript.ts).
        const sub = rewriteSubscript(this.cx, i, this.lo, this.hi, rewriteRange);
        if (!sub) { this.pushCopy(i); return i + 1; }
        this.push(i, sub.pieces);
        return sub.end;
      }
      case ',':
        if (this.order) { this.closeOrderItem(); this.pushCopy(i); this.order = { hasTokens: false, hasNulls: false, desc: false }; return i + 1; }
        this.pushCopy(i);
        return i + 1;
      case '/': {
        const d = divisorAsDouble(this.cx, i, this.hi, rewriteRange);
        this.pushCopy(i);
        if (!d) return i + 1;
        this.addExact(t.end, this.tokens[i + 1].start);
        this.addPieces(d.pieces);
        return d.end;
      }
      case '^':
        // BITWISE_OPERATORS rewrites `a ^ b` (XOR in Spark, power in DuckDB) whenever it can delimit the operands.
        this.cx.diagnostics.push(errorDiag(CODES.unsupportedArguments, '`^` (bitwise XOR in Spark): Weir could not delimit its operands to translate it',
          sourceSpan(this.cx, t.start, t.end), { hint: 'write xor(a, b), or parenthesise the operands: (a) ^ (b)' }));
        this.pushCopy(i);
        return i + 1;
      case ':':
        // Databricks JSON path extraction after a column is JSON_PATH's; after anything else it is not translated.
        if (next && (next.kind === 'ident' || next.kind === 'quoted-ident' || next.text === '[') && i > this.lo) {
          this.cx.diagnostics.push(errorDiag(CODES.refusedFunction, 'the JSON path operator `:` is translated after a column name only',
            sourceSpan(this.cx, this.tokens[i - 1].start, next.end), { hint: "use get_json_object(expr, '$.path')" }));
        }
        this.pushCopy(i);
        return i + 1;
      case ';':
        this.closeOrderItem();
        this.order = undefined;
        this.pushCopy(i);
        return i + 1;
      default:
        this.pushCopy(i);
        return i + 1;
    }
  }

  private ident(i: number): number {
    const t = this.tokens[i];
    const u = t.upper;
    const next = this.tokens[i + 1];
    const prev = i > this.lo ? this.tokens[i - 1] : undefined;
    if (this.order) {
      if (ORDER_END.has(u)) { this.closeOrderItem(); this.order = undefined; }
      else if (u === 'NULLS') this.order.hasNulls = true;
      else if (u === 'DESC') this.order.desc = true;
      else if (u === 'ASC') this.order.desc = false;
    }
    if (u === 'ORDER' && next?.upper === 'BY' && next.kind === 'ident') {
      this.pushCopy(i, i + 1);
      this.order = { hasTokens: false, hasNulls: false, desc: false };
      return i + 2;
    }
    if ((u === 'DISTRIBUTE' || u === 'SORT' || u === 'CLUSTER') && next?.kind === 'ident' && next.upper === 'BY') return this.dropClause(i);
    // Spark's LEFT SEMI / LEFT ANTI JOIN are DuckDB's SEMI / ANTI JOIN (same meaning: rows of the left side).
    if (u === 'LEFT' && next?.kind === 'ident' && (next.upper === 'SEMI' || next.upper === 'ANTI')) { this.push(i, [this.gen('', i)]); return i + 1; }
    if (u === 'TABLESAMPLE' && next?.text === '(') {
      const close = skipParens(this.tokens, i + 1);
      this.cx.diagnostics.push(warning(CODES.tableSample, 'TABLESAMPLE is dropped: Weir reads every row',
        sourceSpan(this.cx, t.start, this.tokens[close].end), { hint: 'remove it, or filter with WHERE random() < 0.1 in a macro' }));
      return close + 1;
    }
    if ((u === 'PIVOT' || u === 'UNPIVOT') && next?.text === '(') {
      const close = skipParens(this.tokens, i + 1);
      this.cx.diagnostics.push(errorDiag(CODES.pivot, `${u} is not translated (its DuckDB form has different syntax and column naming)`,
        sourceSpan(this.cx, t.start, this.tokens[close].end), { hint: 'use the built-in `pivot` macro, or CASE WHEN with GROUP BY' }));
      this.pushCopy(i, close);
      return close + 1;
    }
    if (u === 'LATERAL' && next?.kind === 'ident' && next.upper === 'VIEW') {
      const lv = rewriteLateralView(this.cx, i, rewriteRange);
      this.push(i, lv.pieces);
      return lv.last + 1;
    }
    // Spark's MINUS is EXCEPT (a set operation: a query or `(` follows, or ALL / DISTINCT).
    if (u === 'MINUS' && ['SELECT', '(', 'ALL', 'DISTINCT', 'FROM', 'VALUES', 'TABLE', 'WITH'].includes(next?.upper ?? next?.text ?? '')) { this.push(i, [this.gen('EXCEPT', i)]); return i + 1; }
    if (u === 'EXCEPT' && prev?.text === '*' && next?.text === '(' && !['SELECT', 'WITH', 'VALUES', 'FROM'].includes(this.tokens[i + 2]?.upper ?? '')) {
      this.push(i, [this.gen('EXCLUDE', i)]);
      return i + 1;
    }
    if (u === 'DIV' && !startsOperand(prev) && prev?.upper !== 'AS' && next !== undefined && next.kind !== 'eof' &&
      !(next.kind === 'op' && [',', ')', ';', '('].includes(next.text)) && !(next.kind === 'ident' && next.upper === 'FROM')) {
      // divAhead rewrites `a div b` whenever it can delimit the operands; here it could not.
      this.cx.diagnostics.push(errorDiag(CODES.unsupportedArguments, '`div`: Weir could not delimit its operands to translate it (Spark truncates toward zero and returns BIGINT)',
        sourceSpan(this.cx, t.start, t.end), { hint: 'parenthesise the operands: (a) div (b)' }));
      this.pushCopy(i);
      return i + 1;
    }
    const literal = literalAt(this.cx, i, this.hi);
    if (literal) { this.push(i, [this.gen(literal.text, i, literal.last)]); return literal.last + 1; }
    if (u === '_METADATA' && next?.text === '.' && this.tokens[i + 2]?.kind === 'ident') return this.metadata(i);
    if ((u === 'CAST' || u === 'TRY_CAST') && next?.text === '(') return this.cast(i);
    if (u === 'RANGE' && next?.text === '(' && atTablePosition(this.tokens, i, this.lo)) return this.call(i, skipParens(this.tokens, i + 1));
    // `FROM range(3) t(x)`: Spark's table alias takes a column list without AS.
    if (next?.text === '(' && isAliasColumnList(this.cx, i, this.lo)) { this.pushCopy(i); return i + 1; }
    if (next?.text === '(' && next.kind === 'op' && (!NOT_CALLS.has(u) || ((u === 'RLIKE' || u === 'REGEXP' || u === 'DIV' || u === 'FILTER') && startsOperand(prev)) || isExistsCall(this.tokens, i) || isAnyAggregate(this.tokens, i)) && prev?.text !== '.' && !(prev?.kind === 'ident' && prev.upper === 'AS')) {
      const close = skipParens(this.tokens, i + 1);
      const after = this.tokens[close + 1];
      // `name(a, b) AS (SELECT ...` is a CTE with a column list (`posexplode(x) AS (p, c)` is a call).
      const body = this.tokens[close + 3];
      const cte = after?.kind === 'ident' && after.upper === 'AS' && this.tokens[close + 2]?.text === '(' &&
        (body?.text === '(' || (body?.kind === 'ident' && ['SELECT', 'WITH', 'VALUES', 'FROM', 'TABLE'].includes(body.upper)));
      if (!cte) return this.call(i, close);
    }
    // Spark's current_timestamp is a TIMESTAMP (session-local); DuckDB's is TIMESTAMPTZ.
    if ((u === 'CURRENT_TIMESTAMP' || u === 'LOCALTIMESTAMP') && prev?.text !== '.') { this.push(i, [this.gen('CAST(current_timestamp AS TIMESTAMP)', i)]); return i + 1; }
    // Spark allows identifiers that start with a digit (`1st_col`); DuckDB needs them quoted.
    if (t.kind === 'ident' && /^[0-9]/.test(t.text)) { this.push(i, [this.gen(quoteIdent(t.value), i)]); return i + 1; }
    this.pushCopy(i);
    return i + 1;
  }

  private closeOrderItem(): void {
    const o = this.order;
    if (!o || !o.hasTokens || o.hasNulls) return;
    const last = this.out[this.out.length - 1];
    const end = last ? last.end : 0;
    // Spark sorts NULLs first ascending and last descending; DuckDB's default is NULLS LAST: spell it out.
    this.out.push({ text: o.desc ? ' NULLS LAST' : ' NULLS FIRST', start: end, end, exact: false });
  }

  private dropClause(i: number): number {
    let j = i + 2;
    while (j < this.hi && this.tokens[j].kind !== 'eof') {
      const t = this.tokens[j];
      if (t.text === '(') { j = skipParens(this.tokens, j) + 1; continue; }
      if (t.text === ';' || (t.kind === 'ident' && CLAUSE_END.has(t.upper) && this.tokens[j + 1]?.upper !== undefined)) break;
      j++;
    }
    const kw = `${this.tokens[i].upper} BY`;
    this.cx.diagnostics.push(warning(CODES.droppedClause, `${kw} is dropped: it controls Spark partitioning and has no meaning in DuckDB`,
      sourceSpan(this.cx, this.tokens[i].start, this.tokens[j - 1].end), { hint: 'use ORDER BY when the order of rows matters' }));
    return j;
  }

  private metadata(i: number): number {
    const field = this.tokens[i + 2].value.toLowerCase();
    if (field === 'file_path') { this.cx.usesFileName = true; this.push(i, [this.gen('filename', i, i + 2)]); return i + 3; }
    if (field === 'file_name') { this.cx.usesFileName = true; this.push(i, [this.gen('parse_filename(filename)', i, i + 2)]); return i + 3; }
    this.cx.diagnostics.push(errorDiag(CODES.unsupportedMetadata, `_metadata.${field} is not available from DuckDB's file readers`,
      sourceSpan(this.cx, this.tokens[i].start, this.tokens[i + 2].end), { hint: '_metadata.file_path and _metadata.file_name are supported' }));
    this.pushCopy(i, i + 2);
    return i + 3;
  }

  private cast(i: number): number {
    const close = skipParens(this.tokens, i + 1);
    let as = -1;
    let d = 0;
    for (let j = i + 2; j < close; j++) {
      const t = this.tokens[j];
      if (t.text === '(') d++;
      else if (t.text === ')') d--;
      else if (d === 0 && t.kind === 'ident' && t.upper === 'AS') as = j;
    }
    if (as < 0) return this.call(i, close);
    const ty = readSparkType(this.tokens, as + 1);
    if (ty.error) this.cx.diagnostics.push(errorDiag(CODES.unsupportedType, ty.error, sourceSpan(this.cx, this.tokens[as + 1].start, this.tokens[Math.max(ty.last, as + 1)].end)));
    const inner = rewriteRange(this.cx, i + 2, as);
    // Spark names an unaliased select item `CAST(col AS T)` after the column (Analyzer.ResolveAliases).
    const named = columnItemName(this.tokens, i, i + 2, as, close);
    const alias = named === undefined ? [] : [this.gen(` AS ${quoteIdent(named)}`, close)];
    // CAST is TRY_CAST: Spark without ANSI mode gives NULL for a value that does not convert (README).
    const parts = sparkCast(inner, ty.text, this.tokens.slice(i + 2, as))
      ?? (TRUNCATING_CASTS.has(ty.text) ? truncatingCast(inner, ty.text, 'TRY_CAST', castOperandKind(this.tokens.slice(i + 2, as))) : undefined);
    const cast = parts ? parts.flatMap((p) => (typeof p === 'string' ? [this.gen(p, i, close)] : p)) : [this.gen('TRY_CAST(', i, i + 1), ...inner, this.gen(` AS ${ty.text})`, as, close)];
    this.push(i, [...cast, ...alias]);
    return close + 1;
  }

  /** Splits `(` open ... `)` close into argument token ranges (`substring(x FROM a FOR b)` separates at FROM / FOR). */
  private args(open: number, close: number, keywordSeparators = false): [number, number][] {
    const out: [number, number][] = [];
    let start = open + 1;
    let d = 0;
    for (let j = open + 1; j < close; j++) {
      const t = this.tokens[j];
      if (keywordSeparators && d === 0 && t.kind === 'ident' && (t.upper === 'FROM' || t.upper === 'FOR')) { out.push([start, j]); start = j + 1; continue; }
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[') d++;
      else if (t.text === ')' || t.text === ']') d--;
      else if (t.text === ',' && d === 0) { out.push([start, j]); start = j + 1; }
    }
    if (close > open + 1) out.push([start, close]);
    return out;
  }

  private call(i: number, close: number): number {
    const t = this.tokens[i];
    const name = t.value.toLowerCase();
    const cx = this.cx;
    const hint = refusedHint(name);
    const asWritten = (): Piece[] => [...this.copy(i, i + 1), ...(close > i + 2 ? [{ text: '', start: this.tokens[i + 1].end, end: this.tokens[i + 2].start, exact: true }] : []),
      ...rewriteRange(cx, i + 2, close), ...this.gap(close), ...this.copy(close)];
    // `position(sub IN str)`: the SQL-standard form, which DuckDB has as written.
    if (name === 'position' && this.tokens.slice(i + 2, close).some((x) => x.kind === 'ident' && x.upper === 'IN')) { this.push(i, asWritten()); return close + 1; }
    if (name === 'range' && atTablePosition(this.tokens, i, this.lo)) {
      // Spark's range table function (RANGE is also a window-frame keyword, so ident() routes it here).
      const r = rangeTable(cx, i, close, this.args(i + 1, close).map(([a, b]) => rewriteRange(cx, a, b)));
      this.push(i, r.pieces);
      return r.end;
    }
    const gen = generatorOf(name);
    if (gen && startsSelectItem(this.tokens, i)) {
      const alias = selectItemAlias(this.tokens, close);
      if (alias && this.args(i + 1, close).length === 1) return this.generatorItem(i, close, gen, alias);
    }
    if (hint !== undefined) {
      cx.diagnostics.push(errorDiag(CODES.refusedFunction, `${t.value}() has no DuckDB equivalent`, sourceSpan(cx, t.start, this.tokens[close].end), { hint }));
      this.push(i, asWritten());
      return close + 1;
    }
    const entry = MAPPED_FUNCTIONS[name];
    if (entry) {
      const ranges = this.args(i + 1, close, name === 'substring' || name === 'substr' || name === 'extract');
      if (ranges.length < entry.minArgs || ranges.length > entry.maxArgs) {
        cx.diagnostics.push(errorDiag(CODES.unsupportedArguments,
          `${t.value}() takes ${entry.minArgs === entry.maxArgs ? entry.minArgs : `${entry.minArgs} to ${entry.maxArgs}`} arguments, got ${ranges.length}`,
          sourceSpan(cx, t.start, this.tokens[close].end)));
        this.push(i, asWritten());
        return close + 1;
      }
      // `struct(x AS name)`: the alias names the field and is not part of the value.
      const aliases = ranges.map(([a, b]) => (name === 'struct' && b - a >= 3 && this.tokens[b - 2].kind === 'ident' && this.tokens[b - 2].upper === 'AS' ? this.tokens[b - 1].value : undefined));
      ranges.forEach((r, k) => { if (aliases[k] !== undefined) r[1] -= 2; });
      const suffix = callSuffix(this.tokens, close, this.hi);
      const nulls = nullTreatment(this.tokens, close);
      const call: Call = {
        name, nameToken: t, aliases, ...(nulls ? { nulls: nulls.words } : {}),
        args: ranges.map(([a, b]) => rewriteRange(cx, a, b)),
        argTokens: ranges.map(([a, b]) => this.tokens.slice(a, b)),
        start: t.start, end: this.tokens[close].end,
        suffix: suffix && {
          withinGroup: suffix.withinGroup !== undefined, hasFilter: suffix.filter !== undefined, window: suffix.over !== undefined,
          rewrite: () => ({
            order: suffix.withinGroup && rewriteRange(cx, suffix.withinGroup[0], suffix.withinGroup[1]),
            filter: suffix.filter && rewriteRange(cx, suffix.filter[0], suffix.filter[1]),
            over: suffix.over && [...rewriteRange(cx, suffix.over[0], suffix.over[1])],
          }),
        },
      };
      const tools = new RuleTools(cx, call);
      this.push(i, entry.rule(call, tools));
      // The rule placed FILTER / OVER itself, or the null treatment inside the call: skip them.
      return tools.suffixTaken && suffix ? suffix.last + 1 : nulls && tools.nullsTaken ? nulls.end : close + 1;
    }
    // STREAM(...) that wraps no table reached here only because resolve rejected it (WEIR3013): reported once.
    if (!PASSTHROUGH_FUNCTIONS.has(name) && !DUCKDB_FUNCTION_NAMES.has(name) && name !== 'stream') {
      // A Spark built-in Weir does not translate is not a typo: say so, rather than "check the spelling".
      const builtin = SPARK_BUILTINS.has(name);
      cx.diagnostics.push(errorDiag(CODES.unknownFunction, builtin
        ? `${t.value}() is a Spark built-in function Weir does not translate (DuckDB has no function of that name)`
        : `unknown function ${t.value}(): neither Weir's Spark function table nor DuckDB has it`,
      sourceSpan(cx, t.start, t.end), { hint: builtin
        ? 'write the logic with supported functions (a macro can hold it), or compute the column outside the pipeline'
        : 'check the spelling, or write the logic with supported functions (a macro can hold it)' }));
    }
    const nulls = nullTreatment(this.tokens, close);
    this.push(i, nulls ? [...asWritten().slice(0, -1), this.gen(` ${nulls.words})`, close, nulls.end - 1)] : asWritten());
    return nulls ? nulls.end : close + 1;
  }

  /**
   * A generator as a whole select item → one `unnest(...) AS name` per output column, named as Spark names
   * them (`col`; `pos`, `col`; or the names in `AS (a, b)`).
   */
  private generatorItem(i: number, close: number, gen: Generator, alias: { names: string[]; last: number }): number {
    const t = this.tokens[i];
    const end = this.tokens[alias.last].end;
    const arg = rewriteRange(this.cx, i + 2, close);
    const names = alias.names.length ? alias.names : defaultGeneratorNames(gen);
    const items = generatorItems(gen, arg, names, true, (s) => generated(s, t.start, end));
    if (typeof items === 'string') {
      this.cx.diagnostics.push(errorDiag(CODES.unsupportedArguments, items, sourceSpan(this.cx, t.start, end)));
      this.pushCopy(i, alias.last);
    } else this.push(i, items);
    return alias.last + 1;
  }

  private gap(close: number): Piece[] {
    const a = this.tokens[close - 1].end;
    const b = this.tokens[close].start;
    return b > a && close - 1 > 0 ? [exact(renderedSlice(this.cx, a, b), a)] : [];
  }
}

