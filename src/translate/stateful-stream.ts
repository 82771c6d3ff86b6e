import { warning, type Diagnostic } from '../model/diagnostic.js';
import type { FlowNode } from '../model/pipeline-graph.js';
import { lex } from '../sql/lexer.js';
import { CODES } from './codes.js';

/**
 * A streaming table's flow reads only what is new to it (SEMANTICS §3), so a query that aggregates, takes
 * DISTINCT rows or joins two streams at its top level is computed over each batch alone: groups, duplicates and
 * matches spanning batches are not combined, and the result depends on how input arrived. Spark keeps state for
 * these (or refuses an aggregation without a watermark); Weir keeps none, so it says so (WEIR4007, a warning)
 * and points at a materialized view, which recomputes over all rows. Subqueries are not looked into.
 */
export function statefulStreamWarning(flow: FlowNode): Diagnostic | undefined {
  const q = flow.query;
  const streams = flow.inputs.filter((i) => i.streaming);
  if (!q || flow.kind !== 'append' || streams.length === 0 || !/\b(group|distinct|join)\b/i.test(q.text)) return undefined;
  const top = topLevelWords(q.text);
  const what = top.has('GROUP BY') ? 'aggregates (GROUP BY)' : top.has('SELECT DISTINCT') ? 'takes DISTINCT rows'
    : streams.length >= 2 && top.has('JOIN') ? 'joins two streams' : undefined;
  if (!what) return undefined;
  return warning(CODES.statefulStream, `flow ${flow.id} ${what} over STREAM input: each update computes it over the new rows only, so results across updates are not combined`,
    q.span, { hint: 'read the input without STREAM in a MATERIALIZED VIEW, which recomputes over all rows' });
}

/** `GROUP BY`, `SELECT DISTINCT` and `JOIN` where they are written outside parentheses. */
function topLevelWords(text: string): Set<string> {
  const out = new Set<string>();
  const tk = lex(text).tokens;
  let depth = 0;
  for (let i = 0; i < tk.length; i++) {
    const t = tk[i];
    if (t.kind === 'op' && t.text === '(') depth++;
    else if (t.kind === 'op' && t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'ident') {
      if (t.upper === 'GROUP' && tk[i + 1]?.upper === 'BY') out.add('GROUP BY');
      else if (t.upper === 'SELECT' && tk[i + 1]?.upper === 'DISTINCT') out.add('SELECT DISTINCT');
      else if (t.upper === 'JOIN') out.add('JOIN');
    }
  }
  return out;
}
