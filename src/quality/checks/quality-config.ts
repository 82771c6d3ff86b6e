import type { Diagnostic } from '../../model/diagnostic.js';
import { error, warning } from '../../model/diagnostic.js';
import type { DatasetNode } from '../../model/pipeline-graph.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { QualityCodes } from '../codes.js';
import { parseRowCountRule, parseThreshold, type RowCountRule, type Threshold } from './threshold.js';

/**
 * Weir's quality settings of one dataset, read from `TBLPROPERTIES` so the file stays valid Databricks SQL
 * (SEMANTICS §4, issue 7):
 *   'weir.quarantine' = 'true'                    rows dropped by expectations kept in <name>_quarantine
 *   'weir.expect.<name>.fail_above' = '1%' | '10'  the expectation fails the update only above this
 *   'weir.expect.<name>.warn_above' = '1%' | '10'  ... and warns only above this
 *   'weir.constraints' = 'warn' | 'fail'           action of PRIMARY KEY / UNIQUE / FOREIGN KEY checks
 *   'weir.expect_row_count' = '>= 1'               a row-count expectation (action from weir.constraints)
 *   'weir.checks' = 'off'                          skip table-level checks of this dataset
 */
export interface QualityConfig {
  readonly quarantine: boolean;
  readonly thresholds: ReadonlyMap<string, { readonly failAbove?: Threshold; readonly warnAbove?: Threshold }>;
  readonly constraintAction: 'warn' | 'fail';
  readonly rowCount?: RowCountRule;
  readonly checks: boolean;
}

const KNOWN = ['weir.quarantine', 'weir.constraints', 'weir.expect_row_count', 'weir.checks', 'weir.tags', 'weir.expect.<name>.fail_above', 'weir.expect.<name>.warn_above'];

export function readQualityConfig(dataset: DatasetNode): { config: QualityConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const thresholds = new Map<string, { failAbove?: Threshold; warnAbove?: Threshold }>();
  let quarantine = false;
  let constraintAction: 'warn' | 'fail' = 'warn';
  let rowCount: RowCountRule | undefined;
  let checks = true;
  const expectationNames = dataset.expectations.map((e) => e.name);

  for (const p of dataset.propertyDefs) {
    const key = p.key.toLowerCase();
    if (!key.startsWith('weir.')) continue;
    const value = p.value.trim();
    const bad = (what: string, hint: string): void => {
      diagnostics.push(error(QualityCodes.BadQualityProperty, `'${p.key}' = '${p.value}': ${what}`, p.valueSpan, { hint }));
    };
    // Keys ignore case like every other `weir.*` key (the expectation's name is matched case-insensitively too).
    const m = /^weir\.expect\.(.+)\.(fail_above|warn_above)$/i.exec(p.key);
    if (m) {
      const name = m[1];
      const which = m[2].toLowerCase();
      const t = parseThreshold(value);
      if (!t) { bad('not a threshold', "write a row count ('10') or a ratio of processed rows ('1%', '0.5%')"); continue; }
      const exp = dataset.expectations.find((e) => e.name === name) ?? dataset.expectations.find((e) => e.name.toLowerCase() === name.toLowerCase());
      if (!exp) {
        const guess = didYouMean(name, expectationNames);
        diagnostics.push(error(QualityCodes.UnknownThresholdExpectation, `'${p.key}' names no expectation of ${dataset.name}`, p.span, {
          hint: guess ? `did you mean weir.expect.${guess}.${which}?` : `expectations of ${dataset.name}: ${expectationNames.join(', ') || '(none)'}`,
        }));
        continue;
      }
      const cur = thresholds.get(exp.name) ?? {};
      thresholds.set(exp.name, which === 'fail_above' ? { ...cur, failAbove: t } : { ...cur, warnAbove: t });
      continue;
    }
    switch (key) {
      case 'weir.quarantine':
        if (!['true', 'false'].includes(value.toLowerCase())) bad('expected true or false', "'weir.quarantine' = 'true'");
        else quarantine = value.toLowerCase() === 'true';
        // A view stores no rows: the rows its DROP ROW rules remove are computed anew by every query that reads it,
        // so there is no update whose dropped rows could be kept. Said at the property rather than silently ignored.
        if (quarantine && (dataset.kind === 'temporary-view' || dataset.kind === 'view')) {
          quarantine = false;
          diagnostics.push(warning(QualityCodes.QuarantineOnView, `'weir.quarantine' has no effect on view ${dataset.name}: a view stores no rows, so its dropped rows are not kept`, p.span, {
            hint: `make ${dataset.name} a materialized view (CREATE OR REFRESH MATERIALIZED VIEW, or PRIVATE to keep it unpublished) to keep its dropped rows in ${dataset.name}_quarantine`,
          }));
        }
        break;
      case 'weir.constraints':
        if (!['warn', 'fail'].includes(value.toLowerCase())) bad('expected warn or fail', "'weir.constraints' = 'fail' fails the update when a key check fails");
        else constraintAction = value.toLowerCase() as 'warn' | 'fail';
        break;
      case 'weir.expect_row_count': {
        const r = parseRowCountRule(value);
        if (!r) bad('not a row-count rule', "write '>= 1', '> 0', '= 10', '<= 1000' or 'between 10 and 20'");
        else rowCount = r;
        break;
      }
      case 'weir.checks':
        if (!['on', 'off'].includes(value.toLowerCase())) bad('expected on or off', "'weir.checks' = 'off'");
        else checks = value.toLowerCase() === 'on';
        break;
      case 'weir.tags':
        break;
      default: {
        const guess = didYouMean(p.key, KNOWN.filter((k) => !k.includes('<')));
        diagnostics.push(warning(QualityCodes.UnknownQualityProperty, `unknown Weir property '${p.key}'`, p.span, {
          hint: guess ? `did you mean ${guess}?` : `Weir reads: ${KNOWN.join(', ')}`,
        }));
      }
    }
  }
  return { config: { quarantine, thresholds, constraintAction, ...(rowCount ? { rowCount } : {}), checks }, diagnostics };
}
