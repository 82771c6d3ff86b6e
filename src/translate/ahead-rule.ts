import type { Piece } from './pieces.js';
import type { RewriteContext } from './rewrite-context.js';

/** Rewrites the token range [lo, hi) (the walker's rewriteRange, passed in so rules do not import the walker). */
export type RewriteRange = (cx: RewriteContext, lo: number, hi: number) => Piece[];

/**
 * An infix or postfix construct recognised by looking ahead from the token that starts its left operand
 * (`a RLIKE b`, `a div b`, `a LIKE ANY (...)`, `x::bigint`): the walker tries each rule whose `gate` matches
 * the fragment's text at every token, so a rule sees its whole left operand before it is copied.
 */
export interface AheadRule {
  readonly gate: RegExp;
  /** The rewrite of the construct starting at token i, and the index after it; undefined when there is none. */
  readonly at: (cx: RewriteContext, i: number, hi: number, rewrite: RewriteRange) => { pieces: Piece[]; end: number } | undefined;
}
