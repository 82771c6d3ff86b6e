import { makePipeline } from './make-pipeline.js';

/** The pipeline the kill test runs: files → ST (micro-batches) → ST via STREAM with a drop rule → MV; plus a second reader of the files. */
export function killPipeline(landing: string) {
  return makePipeline({
    datasets: {
      raw: { kind: 'st', query: `SELECT id, amount, file FROM {files:json:2 ${landing}/*.json}` },
      raw_copy: { kind: 'st', query: `SELECT id, file FROM {files:json ${landing}/*.json}` },
      clean: { kind: 'st', query: 'SELECT id, amount * 2 AS amount2 FROM {stream raw}', expect: [['positive', 'amount2 > 0', 'drop']] },
      summary: { kind: 'mv', query: 'SELECT count(*)::BIGINT AS n, sum(amount2)::BIGINT AS total FROM {clean}' },
    },
  });
}
