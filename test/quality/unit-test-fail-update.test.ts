import { describe, expect, it } from 'vitest';
import { weirTestOf } from '../helpers/cli.js';

// SEMANTICS §4 in `weir test`: an ON VIOLATION FAIL UPDATE rule or a fail_above threshold fails the update and
// rolls the batch back, as `weir run` does; a test passes it only when it says it expects those failed rows.

const PIPELINE = `CREATE OR REFRESH STREAMING TABLE a_raw AS SELECT * FROM STREAM read_files('data/a/*.csv', format => 'csv', header => true);

CREATE OR REFRESH STREAMING TABLE a_clean (CONSTRAINT pos EXPECT (v > 0) ON VIOLATION FAIL UPDATE)
AS SELECT id, v FROM STREAM(a_raw);

CREATE OR REFRESH STREAMING TABLE a_limited (CONSTRAINT pos EXPECT (v > 0))
TBLPROPERTIES ('weir.expect.pos.fail_above' = '2')
AS SELECT id, v FROM STREAM(a_raw);
`;

const weirTest = (tests: string) => weirTestOf(PIPELINE, tests);

describe('weir test: updates that fail', () => {
  it('fails a test whose batch breaks a FAIL UPDATE rule or a fail_above threshold, unless it expects the failed rows', async () => {
    const r = await weirTest(`tests:
  - name: fail_update_unexpected
    dataset: a_clean
    given: {a_raw: [{id: 1, v: 10}, {id: 2, v: -1}]}
    expect: {rows: [{id: 1}, {id: 2}]}
  - name: fail_update_expected
    dataset: a_clean
    batches:
      - given: {a_raw: [{id: 1, v: 10}]}
        expect: {rows: [{id: 1}]}
      - given: {a_raw: [{id: 2, v: -1}, {id: 3, v: 5}]}
        expect: {rows: [{id: 1}], failed: {pos: 1}}
  - name: threshold_exceeded
    dataset: a_limited
    given: {a_raw: [{id: 1, v: 10}, {id: 2, v: -1}, {id: 3, v: -2}, {id: 4, v: -3}]}
    expect: {rows: [{id: 1}]}
  - name: threshold_kept
    dataset: a_limited
    given: {a_raw: [{id: 1, v: 10}, {id: 2, v: -1}, {id: 3, v: -2}]}
    expect: {rows: [{id: 1}, {id: 2}, {id: 3}], failed: {pos: 2}}
`);
    expect(r.out).toMatch(/FAIL fail_update_unexpected/);
    expect(r.out).toContain('the update of a_clean fails: expectation pos failed on 1 of 2 rows (ON VIOLATION FAIL UPDATE): the update is rolled back');
    expect(r.out).toContain('PASS fail_update_expected');
    expect(r.out).toMatch(/FAIL threshold_exceeded/);
    expect(r.out).toContain('expectation pos failed on 3 of 4 rows (more than fail_above 2)');
    expect(r.out).toContain('PASS threshold_kept');
    expect(r.code).toBe(1);
  });
});
