import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineCol } from '../../src/report/line-index.js';
import { formatDiagnostics } from '../../src/report/format-diagnostic.js';
import { createTemplateContext, renderFile } from '../../src/template/index.js';
import { expectGolden } from '../helpers/golden.js';
import { sourceFile, testConfig } from './helpers.js';

/**
 * Every template diagnostic, as users see it. Each case names the code it must produce and the
 * line:col in the user's file where it must point (nunjucks' own numbers are wrong for several).
 */
const CASES: { name: string; code: string; at: string; text: string }[] = [
  { name: 'undefined-variable', code: 'WEIR1506', at: '4:6', text: "CREATE MATERIALIZED VIEW a AS\nSELECT\n  id,\n  {{ id_suffx }} AS x\nFROM LIVE.src" },
  { name: 'undefined-variable-after-if', code: 'WEIR1506', at: '6:6', text: "SELECT\n{% if true %}\n  a,\n  b,\n{% endif %}\n  {{ missing_col }}\nFROM t" },
  { name: 'undefined-in-expression', code: 'WEIR1506', at: '2:18', text: "CREATE MATERIALIZED VIEW a AS\nSELECT {{ \"'a\" ~ suffx ~ \"'\" }} AS v1, {{ batch + 1 }} AS v2\nFROM LIVE.src" },
  { name: 'unknown-macro', code: 'WEIR1507', at: '3:10', text: "CREATE MATERIALIZED VIEW a AS\nSELECT\n  id, {{ surogate_key(['id']) }} AS k\nFROM LIVE.src" },
  { name: 'unknown-macro-in-loop', code: 'WEIR1507', at: '4:17', text: "SELECT\n  id\n{% for c in ['a', 'b'] %}\n  , {{ c }}, {{ nope(c) }}\n{% endfor %}\nFROM t" },
  { name: 'unknown-filter', code: 'WEIR1508', at: '3:15', text: "SELECT\n  id,\n  {{ 'Name' | uper }} AS n\nFROM t" },
  { name: 'unclosed-if', code: 'WEIR1502', at: '3:1', text: "CREATE MATERIALIZED VIEW a AS\nSELECT id\n{% if var('with_email', false) %}\n  , email\nFROM LIVE.src\n" },
  { name: 'unclosed-inner-for', code: 'WEIR1502', at: '3:3', text: "SELECT\n{% if true %}\n  {% for c in ['a'] %}{{ c }},\n{% endif %}\n1 FROM t" },
  { name: 'unexpected-end-tag', code: 'WEIR1503', at: '2:11', text: "SELECT id\nFROM t -- {% endif %}\n" },
  { name: 'unterminated-tag', code: 'WEIR1504', at: '2:3', text: "SELECT\n  {{ surrogate_key(['id'])\nFROM t" },
  { name: 'syntax-error-in-tag', code: 'WEIR1505', at: '3:12', text: "SELECT\n  id,\n  {{ 'a' ~ ~ 'b' }} AS x\nFROM t" },
  { name: 'unknown-block-tag', code: 'WEIR1505', at: '2:4', text: "SELECT\n{% iff true %}x{% endif %}\nFROM t" },
  { name: 'error-inside-macro', code: 'WEIR1512', at: '3:6', text: "SELECT *\nFROM (\n  {{ date_spine(\"DATE'2024-01-01'\", 'current_date()', interval='fortnight') }}\n)" },
  { name: 'error-inside-file-macro', code: 'WEIR1506', at: '2:22', text: "{% macro cols(prefix) %}\n  {{ prefix }}_a, {{ prefx }}_b\n{% endmacro %}\nSELECT {{ cols('x') }} FROM t" },
  { name: 'var-missing', code: 'WEIR1509', at: '3:25', text: "CREATE MATERIALIZED VIEW a AS\nSELECT * FROM LIVE.src\nWHERE order_date >= '{{ var('start_dat') }}'" },
  { name: 'env-var-missing', code: 'WEIR1510', at: '2:4', text: "SELECT * FROM t\n{{ env_var('WEIR_TEST_SURELY_UNSET') }}" },
  { name: 'conf-missing', code: 'WEIR1511', at: '1:12', text: "SELECT '{{ conf('region') }}' AS region" },
  { name: 'unknown-conf-key', code: 'WEIR1501', at: '2:15', text: "CREATE STREAMING TABLE raw AS\nSELECT * FROM ${source.pth}/orders" },
  { name: 'unknown-conf-key-after-if', code: 'WEIR1501', at: '5:12', text: "SELECT\n{% if true %}\n  {{ 'a' }}, b\n{% endif %}\nFROM ${db}.${nope}" },
];

describe('template diagnostics (golden)', () => {
  const ctx = createTemplateContext(testConfig({
    configuration: { 'source.path': '/data', db: 'main' },
    vars: { start_date: '2024-01-01', with_emails: true },
  }));

  for (const c of CASES) {
    it(`${c.name}: ${c.code} at ${c.at}`, () => {
      const file = sourceFile(`models/${c.name}.sql`, c.text);
      const r = renderFile(file, ctx);
      expect(r.diagnostics.length).toBeGreaterThan(0);
      const d = r.diagnostics[0];
      expect(d.code).toBe(c.code);
      expect(d.span?.file).toBe(file.path);
      const { line, column } = lineCol(c.text, d.span!.start);
      expect(`${line}:${column}`).toBe(c.at);
      // A failed render still gives later stages the file's text at its real offsets.
      expect(r.value.text.length).toBe(c.code === 'WEIR1501' ? r.value.text.length : c.text.length);
      const shown = formatDiagnostics(r.diagnostics, (f) => (f === file.path ? c.text : ctx.macroSources.get(f)));
      expectGolden(join(import.meta.dirname, 'golden', 'diagnostics', `${c.name}.txt`), `${c.text}\n---\n${shown}\n`);
    });
  }

  it('reports every unknown ${key} of a file, not just the first', () => {
    const r = renderFile(sourceFile('m.sql', 'SELECT ${a}, ${b}, ${db} FROM t'), ctx);
    expect(r.diagnostics.map((d) => [d.code, d.span?.start])).toEqual([['WEIR1501', 7], ['WEIR1501', 13]]);
  });

  it('gives a did-you-mean hint for a misspelt var', () => {
    const r = renderFile(sourceFile('m.sql', "{{ var('start_dat') }}"), ctx);
    expect(r.diagnostics[0].hint).toBe("did you mean var('start_date')?");
  });
});
