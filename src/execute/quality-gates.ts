import type { ExpectationResult } from '../model/index.js';
import { datasetRelation } from '../model/index.js';
import { readQualityConfig, tableChecks } from '../quality/index.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import type { WriteQuality } from './write-batch.js';

/** Thresholds and the quarantine relation of one dataset, from its TBLPROPERTIES (issue 7). */
export function writeQuality(ctx: RunContext, datasetId: string): WriteQuality {
  const node = ctx.compiled.graph.datasets.find((d) => d.id === datasetId);
  if (!node) return { thresholds: new Map(), runId: ctx.runId, now: ctx.now() };
  const { config } = readQualityConfig(node);
  return {
    thresholds: config.thresholds,
    ...(config.quarantine ? { quarantine: datasetRelation({ id: `${node.id}_quarantine`, published: node.published }, ctx.compiled.graph.schema) } : {}),
    runId: ctx.runId,
    now: ctx.now(),
  };
}

/**
 * Table-level checks (PRIMARY KEY / UNIQUE / FOREIGN KEY / row count), run on the dataset's new content inside
 * its transaction, before commit: a `fail` check (`'weir.constraints' = 'fail'`) throws, so the update rolls
 * back and no consumer ever sees the data (write-audit-publish). Results are reported like expectations.
 */
export async function runTableChecks(
  ctx: RunContext, datasetId: string, displayName: string,
  /** What the update already measured, kept in the failure report when a check rolls it back. */
  before: { readonly expectations: readonly ExpectationResult[]; readonly rowsRead: number },
): Promise<ExpectationResult[]> {
  const node = ctx.compiled.graph.datasets.find((d) => d.id === datasetId);
  if (!node || (node.constraints.length === 0 && !node.propertyDefs.some((p) => p.key.toLowerCase() === 'weir.expect_row_count'))) return [];
  const { config } = readQualityConfig(node);
  // Column problems were reported at compile time; here only runnable checks remain.
  const checks = tableChecks(node, ctx.compiled.graph, config, []);
  const results: ExpectationResult[] = [];
  for (const check of checks) {
    const row = (await ctx.db.rows(check.sql))[0];
    const failed = Number(row.failed);
    const total = Number(row.total);
    const status = failed === 0 ? 'pass' : check.action;
    results.push({
      name: check.name, dataset: datasetId, action: check.action === 'fail' ? 'fail' : 'warn',
      passed_records: check.kind === 'row-count' ? (failed === 0 ? 1 : 0) : total - failed, failed_records: failed,
      kind: check.kind, status,
    });
    if (status === 'fail') {
      const rows = check.examplesSql ? await ctx.db.rows(check.examplesSql) : [];
      throw new UpdateError(`${check.description} failed on ${failed} row${failed === 1 ? '' : 's'} of ${displayName} ('weir.constraints' = 'fail'): the update was rolled back`,
        check.kind === 'row-count' ? undefined : 'the informational constraint is checked by Weir; fix the data, or set \'weir.constraints\' = \'warn\'',
        { name: check.name, rows }, { expectations: [...before.expectations, ...results], rowsRead: before.rowsRead });
    }
  }
  return results;
}
