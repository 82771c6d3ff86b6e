import { CDC_CODES, cdcSpans, checkCdcSpec, type ColumnInfo } from '../cdc/index.js';
import type { CompiledCdc } from '../model/compiled-pipeline.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CdcSpec } from '../model/ast.js';

/**
 * The CDC checks `weir run` makes before applying a flow (src/cdc checkCdcSpec: KEYS, COLUMNS / * EXCEPT,
 * TRACK HISTORY and reserved names against the change rows' columns), made by `weir validate` over the bound
 * columns of the flow's source, so a name the run would refuse is reported before anything runs, with the
 * same code, position and candidates. The checks that need an earlier run's state (sequence type, the existing
 * target's history columns) are left to the run: validate has no state.
 */
export function cdcSpecDiagnostics(cdc: CompiledCdc, changeColumns: readonly ColumnInfo[], spec?: CdcSpec, targetName?: string): Diagnostic[] {
  return checkCdcSpec(cdc, changeColumns, undefined, { ...(spec ? { spans: cdcSpans(spec) } : {}), ...(targetName ? { targetName } : {}) })
    .filter((d) => !PARSER_REPORTS.has(d.code));
}

/** Codes the parser reports first under its own codes (WEIR2021-2023), so validate would only repeat them. */
const PARSER_REPORTS = new Set<string>([CDC_CODES.noKeys, CDC_CODES.truncateWithScd2, CDC_CODES.trackHistoryWithScd1]);

