import { describe, expect, it } from 'vitest';
import { createTemplateContext, renderFile } from '../../src/template/index.js';
import { sourceFile, testConfig } from './helpers.js';

/** Proves a realistic batch renders without a crash; timings live in the benchmark, not here. */
describe('rendering many files', () => {
  it('renders 2,000 templated and 8,000 plain files', () => {
    const ctx = createTemplateContext(testConfig({ configuration: { env: 'dev' }, vars: { start: '2024-01-01' } }));
    let templated = 0;
    let chars = 0;
    let problems = 0;
    for (let i = 0; i < 10_000; i++) {
      const text = i % 5 === 0
        ? `CREATE MATERIALIZED VIEW d${i} AS\nSELECT {{ surrogate_key(['id', 'k${i}']) }} AS key, {{ safe_divide('a', 'b') }} AS r\nFROM LIVE.d${i - 1}\nWHERE dt >= '{{ var('start') }}'`
        : `CREATE MATERIALIZED VIEW d${i} (\n  CONSTRAINT ok EXPECT (id IS NOT NULL)\n) AS SELECT * FROM LIVE.d${i - 1} WHERE env = '\${env}'`;
      const r = renderFile(sourceFile(`models/d${i}.sql`, text), ctx);
      problems += r.diagnostics.length;
      if (r.value.templated) templated++;
      chars += r.value.text.length;
    }
    expect(problems).toBe(0);
    expect(templated).toBe(2_000);
    expect(chars).toBeGreaterThan(1_000_000);
  });
});
