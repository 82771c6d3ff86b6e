import type { Token } from '../model/token.js';
import { exact, generated, piecesFrom, type Piece } from './pieces.js';

/** A Spark lambda argument `x -> body` / `(x, y) -> body`: DuckDB-ready parameter names and translated body. */
export interface Lambda { readonly params: readonly string[]; readonly body: readonly Piece[] }

/**
 * DuckDB keywords that cannot name a lambda parameter unquoted (`(left, right) -> ...`, as Spark's own
 * array_sort example writes): reserved and type/function keywords of duckdb_keywords().
 */
const KEYWORDS = new Set(`all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create default
deferrable desc describe distinct do else end except false fetch for foreign from group having in initially intersect into lambda lateral
leading limit not null offset on only or order pivot pivot_longer pivot_wider placing primary qualify references returning select show some
summarize symmetric table then to trailing true union unique unpivot using variadic when where window with anti asof at authorization binary
by collation columns concurrently cross freeze full generated glob ilike inner is isnull join left like map natural notnull outer overlaps
positional right semi similar struct tablesample try_cast unpack verbose`.split(/\s+/));

/** Reads the lambda of argument `toks` / `pieces` (its tokens and translated pieces); undefined if it is not one. */
export function readLambda(toks: readonly Token[], pieces: readonly Piece[]): Lambda | undefined {
  let arrow = -1;
  if (toks[0]?.kind === 'ident' && toks[1]?.text === '->') arrow = 1;
  else if (toks[0]?.text === '(') {
    let j = 1;
    while (toks[j]?.kind === 'ident' && (toks[j + 1]?.text === ',' || toks[j + 1]?.text === ')')) { j += 2; if (toks[j - 1].text === ')') break; }
    if (toks[j - 1]?.text === ')' && toks[j]?.text === '->') arrow = j;
  }
  if (arrow < 0 || arrow + 1 >= toks.length) return undefined;
  const names = toks.slice(0, arrow).filter((t) => t.kind === 'ident').map((t) => t.text);
  const quoted = new Set(names.filter((n) => KEYWORDS.has(n.toLowerCase())).map((n) => n.toLowerCase()));
  const params = names.map((n) => (quoted.has(n.toLowerCase()) ? `"${n}"` : n));
  let body = piecesFrom(pieces, toks[arrow + 1].start);
  if (quoted.size) {
    // References to a quoted parameter: identifiers of that name that are not a field (`s.left`) or a call (`left(s, 1)`).
    const refs = toks.slice(arrow + 1).filter((t, k, all) => t.kind === 'ident' && quoted.has(t.text.toLowerCase()) &&
      (k === 0 ? toks[arrow] : all[k - 1]).text !== '.' && all[k + 1]?.text !== '(');
    body = renameIn(body, refs);
  }
  return { params, body };
}

/** `pieces` with each token of `refs` that lies in a copied piece written as a quoted identifier. */
function renameIn(pieces: readonly Piece[], refs: readonly Token[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const inside = p.exact ? refs.filter((r) => r.start >= p.start && r.end <= p.end) : [];
    let at = p.start;
    for (const r of inside) {
      if (r.start > at) out.push(exact(p.text.slice(at - p.start, r.start - p.start), at));
      out.push(generated(`"${r.text}"`, r.start, r.end));
      at = r.end;
    }
    if (inside.length === 0) out.push(p);
    else if (at < p.end) out.push(exact(p.text.slice(at - p.start), at));
  }
  return out;
}
