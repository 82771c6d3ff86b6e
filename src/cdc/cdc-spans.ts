import type { CdcSpec } from '../model/ast.js';
import { joinSpans } from '../model/span.js';
import type { CdcSpans } from './check-cdc-spec.js';

/**
 * The clause and name spans of a parsed AUTO CDC / APPLY CHANGES (CompiledCdc carries none), so each diagnostic of
 * checkCdcSpec points at the name it is about; the runner and `weir validate` both check with them.
 */
export function cdcSpans(spec: CdcSpec): CdcSpans {
  const keys = spec.keys.length > 0 ? spec.keys.slice(1).reduce((a, k) => joinSpans(a, k.span), spec.keys[0].span) : undefined;
  return {
    ...(keys ? { keys } : {}), keyItems: spec.keys.map((k) => k.span), source: spec.source.span, target: spec.target.span,
    ...(spec.columns ? { columns: spec.columns.span, columnItems: spec.columns.columns.map((c) => c.span) } : {}),
    ...(spec.trackHistory ? { trackHistory: spec.trackHistory.span, trackHistoryItems: spec.trackHistory.columns.map((c) => c.span) } : {}),
  };
}
