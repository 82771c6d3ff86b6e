import { buildPipeline, type DatasetSpec } from './pipeline-builder.js';

/**
 * A synthetic pipeline of `n` datasets, each reading up to 3 earlier ones (a join, a STREAM read and a
 * subquery), with Spark functions to rewrite and 3 expectations: the shape of the 10,000-dataset benchmark.
 */
export function syntheticPipeline(n: number): ReturnType<typeof buildPipeline> {
  const specs: DatasetSpec[] = [{ name: 'd0', columns: ['id INT', 'amount DOUBLE', 'status STRING', 'ts TIMESTAMP'] }];
  for (let i = 1; i < n; i++) {
    const a = `d${Math.max(0, i - 1)}`;
    const b = `d${Math.max(0, i - 2)}`;
    const c = `d${Math.floor(i / 2)}`;
    specs.push({
      name: `d${i}`,
      query: `SELECT x.id, nvl(x.amount, 0) * 2 AS amount, upper(x.status) AS status, x.ts\n` +
        `FROM LIVE.${a} x JOIN ${b} y ON x.id == y.id\n` +
        `WHERE x.id IN (SELECT id FROM ${c} WHERE date_format(ts, 'yyyy-MM') > "2024-01") ORDER BY x.id DESC`,
      expectations: [['valid_id', 'id IS NOT NULL'], ['positive', 'amount >= 0'], ['status', "status RLIKE '^[A-Z]+$'"]],
    });
  }
  return buildPipeline(specs);
}
