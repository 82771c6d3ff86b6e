import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/parse/index.js';
import { renderedFile } from './helpers.js';
import { syntheticPipeline } from './synthetic.js';

/**
 * A pipeline file of 10,000 datasets parses completely and without diagnostics. Its speed is measured by
 * `npm run bench:compile` (timings are never asserted in tests: a busy CI machine must not fail the build).
 */
describe('large input', () => {
  it('parses 10,000 synthetic datasets (12,000 statements) without a diagnostic', () => {
    const result = parseFile(renderedFile('big.sql', syntheticPipeline(10_000)));
    expect(result.diagnostics).toEqual([]);
    expect(result.value.statements).toHaveLength(12_000);
  });
});
