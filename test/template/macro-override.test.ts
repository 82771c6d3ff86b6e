import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTemplateContext, renderFile } from '../../src/template/index.js';
import { sourceFile, testConfig } from './helpers.js';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function projectWithMacros(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'weir-macros-'));
  created.push(root);
  mkdirSync(join(root, 'macros', 'sub'), { recursive: true });
  for (const [p, t] of Object.entries(files)) writeFileSync(join(root, 'macros', p), t);
  return root;
}

describe('project macros', () => {
  it('are callable without an import and override a built-in of the same name', () => {
    const root = projectWithMacros({
      'keys.sql': "{% macro surrogate_key(columns) %}sha2(concat_ws('|', {{ columns | join(', ') }}), 256){% endmacro %}",
      'sub/money.sql': '{% macro to_eur(col, rate=var("eur_rate", 0.9)) %}({{ col }} * {{ rate }}){% endmacro %}\n{% macro _private() %}x{% endmacro %}',
      'notes.sql': '-- not a macro file: ignored',
    });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')], vars: { eur_rate: 0.8 } }));
    expect(ctx.diagnostics).toEqual([]);
    expect(ctx.macros.get('surrogate_key')).toEqual({ name: 'surrogate_key', file: 'macros/keys.sql', origin: 'project' });
    expect(ctx.macros.get('dedupe_latest')?.origin).toBe('builtin');
    expect(ctx.macros.has('_private')).toBe(false);
    const r = renderFile(sourceFile('models/a.sql', "SELECT {{ surrogate_key(['a', 'b']) }}, {{ to_eur('amount') }} FROM t"), ctx);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.text).toBe("SELECT sha2(concat_ws('|', a, b), 256), (amount * 0.8) FROM t");
  });

  it('a built-in can still be used when the project does not override it', () => {
    const root = projectWithMacros({ 'x.sql': '{% macro x() %}1{% endmacro %}' });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    const r = renderFile(sourceFile('a.sql', "{{ star_except('a') }} {{ x() }}"), ctx);
    expect(r.value.text).toBe('* EXCEPT (a) 1');
  });

  it('a macro file that does not compile is reported once, in the macro file, located like a transformation file', () => {
    const root = projectWithMacros({ 'bad.sql': '{% macro broken() %}\n  {{ 1 + }}\n{% endmacro %}', 'ok.sql': '{% macro ok() %}ok{% endmacro %}' });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    expect(ctx.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([['WEIR1505', 'macros/bad.sql']]);
    expect(renderFile(sourceFile('a.sql', '{{ ok() }}'), ctx).value.text).toBe('ok');
  });

  it('an unclosed block in a macro file points at the block, not at nunjucks\' `endmacro` (WEIR1502)', () => {
    const text = '-- b\n{% macro broken(x) %}\n  {% if x %}\n  yes\n{% endmacro %}\n';
    const root = projectWithMacros({ 'b.sql': text });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    expect(ctx.diagnostics).toHaveLength(1);
    expect(ctx.diagnostics[0]).toMatchObject({ code: 'WEIR1502', span: { file: 'macros/b.sql', start: text.indexOf('{% if'), end: text.indexOf('\n  yes') } });
    // A caller learns that the macro's file is broken, not that the macro is unknown.
    const r = renderFile(sourceFile('a.sql', 'SELECT {{ broken(1) }}'), ctx);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['WEIR1513', 'macro `broken` is defined in macros/b.sql, which does not compile']]);
  });

  it('a misspelt end tag in a macro file is named, with the tag it should be', () => {
    const text = '{% macro k(id) %}\n  md5({{ id }})\n{% endmaco %}\n';
    const root = projectWithMacros({ 'k.sql': text });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    expect(ctx.diagnostics.map((d) => [d.code, d.span?.start, d.hint])).toEqual([['WEIR1505', text.indexOf('endmaco'), 'did you mean `{% endmacro %}`?']]);
  });

  it('a macro file whose top level fails to load is WEIR1513 at the failing tag', () => {
    const text = "{% import 'macros/nope.sql' as h %}\n{% macro k(id) %}{{ h.f(id) }}{% endmacro %}\n";
    const root = projectWithMacros({ 'k.sql': text });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    expect(ctx.diagnostics.map((d) => [d.code, d.span?.file, d.span?.start, d.span?.end])).toEqual([['WEIR1513', 'macros/k.sql', 0, text.indexOf('\n')]]);
  });

  it('inside a macro: an unknown macro and an undefined variable are named, with their exact place in the macro file', () => {
    const text = '-- h\n{% macro m1(x) %}\n  {{ x }} + {{ nope_macro(x) }}\n{% endmacro %}\n{% macro m2(a, b) %}{{ a }} + {{ b }}{% endmacro %}\n{% macro m3(a) %}{{ a }}{{ colz | join(",") }}{% endmacro %}\n';
    const root = projectWithMacros({ 'h.sql': text });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    const one = (src: string) => {
      const r = renderFile(sourceFile('a.sql', src), ctx);
      expect(r.diagnostics).toHaveLength(1);
      const d = r.diagnostics[0];
      return [d.code, d.message, d.span?.start, d.related?.[0]?.span.file, d.related?.[0]?.span.start, d.related?.[0]?.span.end];
    };
    expect(one('SELECT {{ m1(1) }}')).toEqual(['WEIR1507', 'in macro `m1` (macros/h.sql): unknown macro or function `nope_macro`', 10,
      'macros/h.sql', text.indexOf('nope_macro'), text.indexOf('nope_macro') + 'nope_macro'.length]);
    expect(one('SELECT {{ m2(1) }}')).toEqual(['WEIR1506', 'in macro `m2` (macros/h.sql): argument `b` was not passed', 10,
      'macros/h.sql', text.indexOf('{{ b }}') + 3, text.indexOf('{{ b }}') + 4]);
    expect(one('SELECT {{ m3(1) }}')).toEqual(['WEIR1506', 'in macro `m3` (macros/h.sql): undefined variable `colz`', 10,
      'macros/h.sql', text.indexOf('colz'), text.indexOf('colz') + 4]);
  });

  it('an error inside a project macro points at the call and names the macro file', () => {
    const root = projectWithMacros({ 'm.sql': "{% macro needs_var() %}{{ var('nope') }}{% endmacro %}" });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    const text = 'SELECT\n  {{ needs_var() }}\nFROM t';
    const r = renderFile(sourceFile('a.sql', text), ctx);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'WEIR1509', span: { file: 'a.sql', start: text.indexOf('needs_var'), end: text.indexOf('() }}') + 2 } });
    expect(r.diagnostics[0].message).toContain('in macro `needs_var` (macros/m.sql)');
  });
});
