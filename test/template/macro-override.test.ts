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

  it('a macro file that does not compile is reported once, in the macro file', () => {
    const root = projectWithMacros({ 'bad.sql': '{% macro broken() %}\n  {{ 1 + }}\n{% endmacro %}', 'ok.sql': '{% macro ok() %}ok{% endmacro %}' });
    const ctx = createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
    expect(ctx.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([['WEIR1513', 'macros/bad.sql']]);
    expect(renderFile(sourceFile('a.sql', '{{ ok() }}'), ctx).value.text).toBe('ok');
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
