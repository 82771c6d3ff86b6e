import { makePipeline } from '../execute/helpers/make-pipeline.js';

/** a → b → c → d, a → e; x (independent); tags and folders for tag: / path: selectors. */
export const SELECT_FIXTURE = makePipeline({
  datasets: {
    a: { kind: 'st', query: 'SELECT 1 AS v', tags: ['bronze'], file: 'bronze/a.sql' },
    b: { kind: 'mv', query: 'SELECT * FROM {a}', tags: ['silver'], file: 'silver/b.sql' },
    c: { kind: 'mv', query: 'SELECT * FROM {b}', tags: ['gold'], file: 'gold/c.sql' },
    d: { kind: 'mv', query: 'SELECT * FROM {c} JOIN {x} USING (v)', tags: ['gold'], file: 'gold/d.sql' },
    e: { kind: 'mv', query: 'SELECT * FROM {a}', tags: ['silver'], file: 'silver/e.sql' },
    x: { kind: 'mv', query: 'SELECT 1 AS v', file: 'other/x.sql' },
  },
});
