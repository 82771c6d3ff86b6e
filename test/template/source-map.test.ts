import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSourceOffset, toSourceRange } from '../../src/model/source-map.js';
import { lineCol } from '../../src/report/line-index.js';
import { createTemplateContext, renderFile } from '../../src/template/index.js';
import { sourceFile, testConfig } from './helpers.js';

const ctx = createTemplateContext(testConfig({ configuration: { env: 'dev', 'storage.root': '/mnt/a/very/long/storage/root', s: 'x' }, vars: { full: true } }));

/** Line:col in the source file of the first occurrence of `needle` in the rendered text. */
function sourcePos(text: string, needle: string, occurrence = 0): string {
  const r = renderFile(sourceFile('m.sql', text), ctx);
  expect(r.diagnostics).toEqual([]);
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = r.value.text.indexOf(needle, at + 1);
  expect(at, `"${needle}" in rendered text`).toBeGreaterThanOrEqual(0);
  const { line, column } = lineCol(text, toSourceOffset(r.value.map, at));
  return `${line}:${column}`;
}

describe('source map: positions survive templating', () => {
  it('plain files keep an identity map and skip nunjucks', () => {
    const r = renderFile(sourceFile('p.sql', 'SELECT 1 -- {not a tag}'), ctx);
    expect(r.value.templated).toBe(false);
    expect(r.value.map.segments).toEqual([{ rendered: 0, length: 23, source: 0, sourceLength: 23, exact: true }]);
  });

  it('a line after a multi-line {% if %} block reports the user line', () => {
    const text = "CREATE MATERIALIZED VIEW a AS\nSELECT\n{% if var('full')\n   and true %}\n  id,\n  name,\n{% endif %}\n  bad_col\nFROM LIVE.src";
    expect(sourcePos(text, 'bad_col')).toBe('8:3');
    expect(sourcePos(text, 'name')).toBe('6:3');
    expect(sourcePos(text, 'FROM')).toBe('9:1');
  });

  it('the else branch maps to its own lines', () => {
    const text = "SELECT\n{% if false %}\n  a\n{% else %}\n  b_col\n{% endif %}\nFROM t";
    expect(sourcePos(text, 'b_col')).toBe('5:3');
  });

  it('text repeated by a loop maps every copy back to the loop body', () => {
    const text = "SELECT\n{% for c in ['x1', 'x2', 'x3'] %}\n  sum({{ c }}) AS total_{{ c }},\n{% endfor %}\n  1 AS one\nFROM t";
    expect(sourcePos(text, 'sum(', 0)).toBe('3:3');
    expect(sourcePos(text, 'sum(', 2)).toBe('3:3');
    expect(sourcePos(text, 'AS total_', 1)).toBe('3:16');
    // Loop output (`x2`) maps to the `{{ c }}` that produced it.
    expect(sourcePos(text, 'x2')).toBe('3:7');
    expect(sourcePos(text, '1 AS one')).toBe('5:3');
  });

  it('macro output maps to the whole call, text after it maps exactly', () => {
    const text = "SELECT\n  {{ surrogate_key(['a', 'b']) }} AS k,\n  c\nFROM t";
    const r = renderFile(sourceFile('m.sql', text), ctx);
    const inside = r.value.text.indexOf('coalesce');
    const range = toSourceRange(r.value.map, inside, inside + 8);
    expect(text.slice(range.start, range.end)).toBe("{{ surrogate_key(['a', 'b']) }}");
    expect(sourcePos(text, 'AS k')).toBe('2:35');
    expect(sourcePos(text, '  c\n')).toBe('3:1');
  });

  it('${key} substitution with a longer value keeps later positions', () => {
    const text = "CREATE STREAMING TABLE raw AS\nSELECT * FROM read_files('${storage.root}/orders', format => 'json') AS o\nWHERE bad_col > 1";
    expect(sourcePos(text, "format =>")).toBe('2:52');
    expect(sourcePos(text, 'bad_col')).toBe('3:7');
    const r = renderFile(sourceFile('m.sql', text), ctx);
    const at = r.value.text.indexOf('very/long');
    const range = toSourceRange(r.value.map, at, at + 4);
    expect(text.slice(range.start, range.end)).toBe('${storage.root}');
  });

  it('${key} substitution with a shorter value keeps later positions', () => {
    const text = "SELECT '${s}' AS a, '${s}${s}' AS b,\n  bad_col\nFROM t_${env}";
    expect(sourcePos(text, 'AS b')).toBe('1:32');
    expect(sourcePos(text, 'bad_col')).toBe('2:3');
    expect(sourcePos(text, 'FROM')).toBe('3:1');
  });

  it('${key} inside templated text maps through both passes', () => {
    const text = "SELECT\n{% if true %}\n  '${storage.root}' AS p,\n  bad_col\n{% endif %}\nFROM t";
    const r = renderFile(sourceFile('m.sql', text), ctx);
    expect(r.value.text).toContain("'/mnt/a/very/long/storage/root' AS p");
    expect(sourcePos(text, 'bad_col')).toBe('4:3');
    expect(sourcePos(text, 'AS p')).toBe('3:21');
    const at = r.value.text.indexOf('/mnt');
    expect(lineCol(text, toSourceOffset(r.value.map, at))).toEqual({ line: 3, column: 4 });
  });

  it('whitespace control trims like nunjucks and still maps exactly', () => {
    const text = "SELECT\n  {%- if true %}\n  a_col\n  {%- endif %}\nFROM t";
    const r = renderFile(sourceFile('m.sql', text), ctx);
    expect(r.value.text).toBe('SELECT\n  a_col\nFROM t');
    expect(sourcePos(text, 'a_col')).toBe('3:3');
  });

  it('`| trim` on a file-local macro trims like nunjucks despite the markers', () => {
    const text = "{% macro cols() %}\n  a, b\n{% endmacro %}SELECT [{{ cols() | trim }}] FROM t";
    const r = renderFile(sourceFile('m.sql', text), ctx);
    expect(r.value.text).toBe('SELECT [a, b] FROM t');
    expect(sourcePos(text, 'FROM')).toBe('3:44');
  });

  it('raw blocks are copied verbatim', () => {
    const text = "SELECT '{% raw %}{{ not_a_var }}{% endraw %}' AS x, y FROM t";
    const r = renderFile(sourceFile('m.sql', text), ctx);
    expect(r.value.text).toBe("SELECT '{{ not_a_var }}' AS x, y FROM t");
    expect(sourcePos(text, 'not_a_var')).toBe('1:21');
  });

  it('property: every exact segment copies the source, and the rendered text equals nunjucks output', () => {
    const chunk = fc.constantFrom('SELECT a', '\n', '  b,\n', "'x'", 'c -- note\n', ' ', '${env}', '');
    const tag = fc.constantFrom('{{ 1 }}', "{{ 'y' }}", '{# c #}', '{%- if true %}T{% endif -%}', '{% for i in [1,2] %}L{{ i }}{% endfor %}', '{{- "w" -}}', '{% set q = 2 %}');
    fc.assert(fc.property(fc.array(fc.tuple(chunk, tag), { minLength: 1, maxLength: 8 }), (parts) => {
      const text = parts.map(([a, b]) => a + b).join('');
      const r = renderFile(sourceFile('p.sql', text), ctx);
      expect(r.diagnostics).toEqual([]);
      const expected = ctx.env.renderString(text, {}).replaceAll('${env}', 'dev');
      expect(r.value.text).toBe(expected);
      let covered = 0;
      for (const s of r.value.map.segments) {
        expect(s.rendered).toBe(covered);
        covered += s.length;
        if (s.exact) expect(r.value.text.slice(s.rendered, s.rendered + s.length)).toBe(text.slice(s.source, s.source + s.length));
      }
      expect(covered).toBe(r.value.text.length);
    }), { numRuns: 200 });
  });

  it('property: literal macro calls (rendered without compiling a template) match nunjucks exactly', () => {
    const chunk = fc.constantFrom('SELECT a', '\n', '  b,\n', "'x'", ' ', '${env}', '', 'FROM t {# c #}');
    const call = fc.constantFrom(
      "{{ star_except(['a', 'b']) }}", '{{ safe_divide("x", \'y\') }}', "{{ var('full') }}", "{{ cents_to_dollars('c', scale=4) }}",
      "{{- surrogate_key('x') -}}", "{{ pivot('s', ['a', 1, -2.5, true], value_column=none) }}", "{{ date_spine('a', 'b', interval='week') }}",
      "{{ union_datasets(['r1', 'r2'], columns=['x'], source_column='src') }}", "{{ conf('env', 'd') }}",
    );
    fc.assert(fc.property(fc.array(fc.tuple(chunk, call), { minLength: 1, maxLength: 6 }), (parts) => {
      const text = parts.map(([a, b]) => a + b).join('');
      const r = renderFile(sourceFile('p.sql', text), ctx);
      expect(r.diagnostics).toEqual([]);
      expect(r.value.text).toBe(ctx.env.renderString(text, {}).replaceAll('${env}', 'dev'));
      let covered = 0;
      for (const s of r.value.map.segments) {
        expect(s.rendered).toBe(covered);
        covered += s.length;
        if (s.exact) expect(r.value.text.slice(s.rendered, s.rendered + s.length)).toBe(text.slice(s.source, s.source + s.length));
        else expect(['{{', '${']).toContain(text.slice(s.source, s.source + 2));
      }
      expect(covered).toBe(r.value.text.length);
    }), { numRuns: 150 });
  });
});
