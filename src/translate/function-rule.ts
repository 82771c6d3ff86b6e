import { error as errorDiag } from '../model/diagnostic.js';
import type { Token } from '../model/token.js';
import { exact, generated, type Piece } from './pieces.js';
import { renderedSlice, sourceSpan, type RewriteContext } from './rewrite-context.js';

/** A Spark function call, its arguments already translated. */
export interface Call {
  /** Lower-case function name. */
  readonly name: string;
  readonly nameToken: Token;
  readonly args: readonly (readonly Piece[])[];
  /** Each argument's tokens (to inspect constants: patterns, struct field names, bit lengths). */
  readonly argTokens: readonly (readonly Token[])[];
  /** `x AS name` arguments (struct only): the alias, removed from the argument. */
  readonly aliases: readonly (string | undefined)[];
  /** Rendered range of the whole call, name to `)`. */
  readonly start: number;
  readonly end: number;
  /** `FILTER (WHERE ...)` and/or `OVER ...` written right after the call; see RuleTools.aggregate. */
  readonly suffix?: CallSuffix;
  /** `IGNORE NULLS` / `RESPECT NULLS` written between the call and its OVER (a rule that reads it sets nullsTaken). */
  readonly nulls?: string;
}

/**
 * The clauses after an aggregate call. A rule whose output is not a single aggregate call (an aggregate inside
 * coalesce(...), or several aggregates) must attach them to each aggregate itself: `coalesce(list(x)) OVER w`
 * is not SQL. A rule that does not take them leaves them where they are (copied after its output).
 */
export interface CallSuffix {
  /** `WITHIN GROUP (ORDER BY ...)` follows the call. */
  readonly withinGroup: boolean;
  readonly hasFilter: boolean;
  /** An OVER clause follows: the call is a window function. */
  readonly window: boolean;
  /** The FILTER condition (without `WHERE`) and the whole `OVER ...` clause, rewritten; run once, on demand. */
  readonly rewrite: () => SuffixPieces;
}

/** The rewritten clauses after a call: `ORDER BY ...` of WITHIN GROUP, the FILTER condition, the OVER clause. */
export interface SuffixPieces {
  readonly order?: readonly Piece[];
  readonly filter?: readonly Piece[];
  readonly over?: readonly Piece[];
}

/** Output parts: generated text, pieces, or nested lists of parts (flattened in order). */
export type Part = string | Piece | readonly Part[];

/** Helpers a rule builds its output with; generated text maps to the whole call. */
export class RuleTools {
  /** Set by a rule that placed the call's `nulls` itself (the walker then skips those words). */
  nullsTaken = false;
  /** True once the rule placed the call's FILTER / OVER clauses (the walker then skips them). */
  suffixTaken = false;
  private suffixPieces: SuffixPieces | undefined;

  constructor(readonly cx: RewriteContext, readonly call: Call) {}

  /** The call is followed by OVER (a window function). */
  get window(): boolean {
    return this.call.suffix?.window ?? false;
  }

  /**
   * The rewritten `ORDER BY ...` of the call's `WITHIN GROUP (...)`, if any, for a rule that moves it inside its
   * aggregate; the rule must then build its aggregate with `aggregate` (which places FILTER and OVER too).
   */
  withinGroupOrder(): readonly Piece[] | undefined {
    if (!this.call.suffix?.withinGroup) return undefined;
    this.suffixPieces ??= this.call.suffix.rewrite();
    return this.suffixPieces.order;
  }

  /** The call is followed by FILTER (WHERE ...). */
  get filtered(): boolean {
    return this.call.suffix?.hasFilter ?? false;
  }

  /**
   * `fn` (one aggregate call, e.g. `['list(', arg, ')']`) with the user's FILTER and OVER clauses attached, and
   * `where` (a rule's own filter condition) ANDed into the FILTER. Takes the clauses: use it for every aggregate
   * of the rule's output.
   */
  aggregate(fn: Part, where?: Part): Part[] {
    const s = this.call.suffix;
    if (s) {
      this.suffixTaken = true;
      this.suffixPieces ??= s.rewrite();
    }
    const filter = this.suffixPieces?.filter;
    const over = this.suffixPieces?.over;
    const conds: Part[] = [];
    if (where !== undefined) conds.push(where);
    if (filter) conds.push([conds.length ? ' AND (' : '(', filter, ')']);
    return [fn, conds.length ? [' FILTER (WHERE ', conds, ')'] : [], over ? [' ', over] : []];
  }

  out(...parts: Part[]): Piece[] {
    const res: Piece[] = [];
    const walk = (p: Part): void => {
      if (typeof p === 'string') res.push(generated(p, this.call.start, this.call.end));
      else if (Array.isArray(p)) for (const q of p as readonly Part[]) walk(q);
      else res.push(p as Piece);
    };
    for (const p of parts) walk(p);
    return res;
  }

  /** Comma-joined arguments from index `from`. */
  list(from = 0, to = this.call.args.length): Piece[] {
    const res: Piece[] = [];
    for (let i = from; i < to; i++) {
      if (i > from) res.push(generated(', ', this.call.start, this.call.end));
      res.push(...this.call.args[i]);
    }
    return res;
  }

  /** The constant string value of argument i (a single string literal), else undefined. */
  stringArg(i: number): string | undefined {
    const toks = this.call.argTokens[i];
    return toks && toks.length === 1 && toks[0].kind === 'string' ? toks[0].value : undefined;
  }

  /** The constant integer value of argument i (`3`, `-1`), else undefined. */
  intArg(i: number): number | undefined {
    const toks = this.call.argTokens[i];
    if (!toks) return undefined;
    const txt = toks.map((t) => t.text).join('');
    return /^-?\d+[LSY]?$/i.test(txt) ? parseInt(txt, 10) : undefined;
  }

  /** Records an error at `at` (default: the call) and keeps the call as written. */
  fail(code: string, message: string, hint?: string, at?: { start: number; end: number }): Piece[] {
    const where = at ?? { start: this.call.start, end: this.call.end };
    this.cx.diagnostics.push(errorDiag(code, message, sourceSpan(this.cx, where.start, where.end), hint ? { hint } : {}));
    return this.out(this.cx.text.slice(this.call.start - this.cx.base, this.call.end - this.cx.base));
  }

  /**
   * Argument i without a leading DISTINCT (`count(DISTINCT x, y)`), and whether it had one. A copied run of
   * text that starts at DISTINCT is cut after it.
   */
  distinctArg(i: number): { distinct: boolean; arg: Piece[] } {
    const toks = this.call.argTokens[i];
    const arg = this.call.args[i];
    if (!toks || toks.length < 2 || toks[0].kind !== 'ident' || toks[0].upper !== 'DISTINCT') return { distinct: false, arg: [...arg] };
    const cut = toks[1].start;
    const rest: Piece[] = [];
    for (const p of arg) {
      if (p.end <= cut) continue;
      rest.push(p.start < cut && p.exact ? exact(renderedSlice(this.cx, cut, p.end), cut) : p);
    }
    return { distinct: true, arg: rest };
  }

  /** Rendered range of argument i. */
  argRange(i: number): { start: number; end: number } {
    const toks = this.call.argTokens[i];
    if (!toks || toks.length === 0) return { start: this.call.start, end: this.call.end };
    return { start: toks[0].start, end: toks[toks.length - 1].end };
  }
}

export type FunctionRule = (call: Call, t: RuleTools) => Piece[];

/** A rule table entry: the rule and the Spark arities it accepts (checked before the rule runs). */
export interface RuleEntry {
  readonly rule: FunctionRule;
  readonly minArgs: number;
  readonly maxArgs: number;
}

export function rule(minArgs: number, maxArgs: number, fn: FunctionRule): RuleEntry {
  return { rule: fn, minArgs, maxArgs };
}
