import { warning, type Diagnostic } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import { CDC_CODES } from './codes.js';

/**
 * Run-time warnings the runner builds from the plan's `metrics` and `duplicates` rows (SEMANTICS §5: a NULL
 * key or sequence is reported, never applied; same key and sequence twice is resolved by a rule and reported,
 * whether the twins arrive in one batch or the second meets the sequence stored from an earlier one).
 */
export function violationsWarning(target: string, count: number, violationsTable: string, span?: Span): Diagnostic {
  return warning(CDC_CODES.violations,
    `${count} change row(s) for ${target} have a NULL key or NULL sequence and were not applied`, span,
    { hint: `see ${violationsTable}` });
}

export function duplicateSequenceWarning(
  target: string, groups: number, examples: readonly { key: string; sequence: string }[], span?: Span,
): Diagnostic {
  const list = examples.map((e) => `${e.key} @ ${e.sequence}`).join(', ');
  return warning(CDC_CODES.duplicateSequence,
    `${groups} key(s) of ${target} have different events with the same sequence: ${list}`, span,
    // The README ships in the npm package (src/ does not): its "Change data capture" section states the rule.
    { hint: 'a delete wins, then the greatest row by its values (see "Change data capture" in Weir\'s README); make SEQUENCE BY unique per key' });
}
