import { describe, expect, it } from 'vitest';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

// SEMANTICS §3 and §6: in an --atomic run every update shares one transaction, so a STREAM(x) reader sees the
// rows x appended earlier in the run before they are committed (DuckDB numbers them from 2^55 until commit).
// The reader must read them and record the offset they have once committed (audit 8: it read none and recorded
// ~2^55, so it never read x again).
describe('STREAM readers in an --atomic run', () => {
  it('read the rows appended in the same run, and the next runs read only what is new', async () => {
    const f = new Fixture();
    f.file('r/1.json', [{ v: 1 }, { v: 2 }]);
    const p = makePipeline({
      datasets: {
        raw: { kind: 'st', query: `SELECT v FROM {files:json ${f.landing}/r/*.json}` },
        copy: { kind: 'st', query: 'SELECT v FROM {stream raw}' },
        latest: { kind: 'st', cdc: { source: 'SELECT v AS id, v AS seq FROM {stream raw}', keys: ['id'], sequenceBy: 'seq' } },
      },
    });
    const r1 = await f.run(p, { atomic: true });
    expect(r1.exitCode).toBe(0);
    expect(await f.query('SELECT count(*)::INT AS n FROM main.copy')).toEqual([{ n: 2 }]);
    expect(await f.query('SELECT count(*)::INT AS n FROM main.latest')).toEqual([{ n: 2 }]);
    expect(await f.query('SELECT flow, "offset"::INT AS o FROM _weir.checkpoints ORDER BY flow')).toEqual([
      { flow: 'copy', o: 2 }, { flow: 'latest_cdc', o: 2 },
    ]);
    f.file('r/2.json', [{ v: 3 }]);
    await f.run(p, { atomic: true });
    f.file('r/3.json', [{ v: 4 }]);
    await f.run(p);
    expect(await f.query('SELECT list(v ORDER BY v)::VARCHAR AS v FROM main.copy')).toEqual([{ v: '[1, 2, 3, 4]' }]);
    expect(await f.query('SELECT count(*)::INT AS n FROM main.latest')).toEqual([{ n: 4 }]);
  });
});
