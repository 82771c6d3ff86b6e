import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTemplateContext, renderFile } from '../../src/template/index.js';
import { sourceFile, testConfig } from './helpers.js';

/** Thousands of broken templates: the stage must answer with diagnostics, never throw, never point outside the file. */
describe('template fuzz', () => {
  const ctx = createTemplateContext(testConfig({ configuration: { env: 'dev' }, vars: { v: 1 } }));
  const token = fc.constantFrom(
    '{{', '}}', '{%', '%}', '{#', '#}', '{%-', '-%}', ' if ', ' endif ', ' for x in [1] ', ' endfor ', ' else ', ' macro m() ',
    ' endmacro ', ' set a = 1 ', ' raw ', ' endraw ', "'", '"', '(', ')', '|', ' upper ', ' nope ', ' var("v") ', " var('zz') ",
    ' surrogate_key(["a"]) ', ' m() ', '${env}', '${x}', '${', '}', 'SELECT a FROM t', '\n', ' ', '-- c\n', '\uE000', 'x.y', ' ~ ',
  );
  it('never throws and keeps every span inside the file', () => {
    fc.assert(fc.property(fc.array(token, { maxLength: 24 }), (tokens) => {
      const text = tokens.join('');
      const r = renderFile(sourceFile('f.sql', text), ctx);
      expect(typeof r.value.text).toBe('string');
      for (const d of r.diagnostics) {
        expect(d.code).toMatch(/^WEIR15\d\d$/);
        if (d.span?.file === 'f.sql') {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        }
      }
      for (const s of r.value.map.segments) {
        expect(s.source + s.sourceLength).toBeLessThanOrEqual(text.length);
      }
    }), { numRuns: 1500 });
  });
});
