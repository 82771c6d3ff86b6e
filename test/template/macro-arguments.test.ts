import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_MACRO_PARAMS } from '../../src/template/builtin-macro-args.js';
import { BUILTIN_MACRO_DIR, createTemplateContext, renderFile } from '../../src/template/index.js';
import { sourceFile, testConfig } from './helpers.js';

/**
 * Built-in macros check their arguments (audit D9): a wrong type or value is WEIR1512 at the call, naming the
 * macro, the argument and what it expects — never silent nonsense, never a JavaScript message.
 */
describe('built-in macro arguments', () => {
  const ctx = createTemplateContext(testConfig());
  const render = (text: string) => renderFile(sourceFile('models/m.sql', text), ctx);
  const found = (text: string) => render(text).diagnostics.map((d) => [d.code, d.message, text.slice(d.span!.start, d.span!.end)]);

  it('surrogate_key(42) is an error, not the same key for every row', () => {
    expect(found('SELECT {{ surrogate_key(42) }} AS k')).toEqual([['WEIR1512',
      'argument `columns` of `surrogate_key` must be a column (a string) or a non-empty list of columns; got the number 42', 'surrogate_key(42)']]);
    expect(found("{{ surrogate_key(['a', 3]) }}")[0][1]).toContain('item 2 is the number 3');
    expect(found('{{ surrogate_key([]) }}')[0][1]).toContain('got an empty list');
    expect(found("{{ surrogate_key('') }}")[0][1]).toContain('got an empty string');
  });

  it('pivot values must be a list, not a string taken character by character', () => {
    const d = render("SELECT {{ pivot('id', 'abc') }} FROM t").diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      code: 'WEIR1512',
      message: "argument `values` of `pivot` must be a non-empty list of strings, numbers or booleans; got the string 'abc'",
      hint: "the arguments are pivot(column, values, agg, value_column, prefix, suffix); `values` is for example ['open', 'shipped']",
      related: [{ message: '`pivot` is defined here', span: { file: 'weir:macros/pivot.sql' } }],
    });
    expect(found("{{ pivot('id', []) }}")[0][1]).toContain('got an empty list');
    expect(found("{{ pivot('id', ['a'], agg=3) }}")[0][1]).toContain('argument `agg` of `pivot` must be the name of an aggregate function');
  });

  it('union_datasets takes a single string as one relation (and one column), like star_except', () => {
    expect(render("{{ union_datasets('LIVE.ab') }}").value.text).toBe('SELECT * FROM LIVE.ab');
    expect(render("{{ union_datasets(['a', 'b'], columns='id') }}").value.text).toBe('SELECT id FROM a\nUNION ALL\nSELECT id FROM b');
    expect(found('{{ union_datasets(3) }}')[0][1]).toBe(
      'argument `relations` of `union_datasets` must be a relation (a string) or a non-empty list of relations; got the number 3');
  });

  it('star_except(7) names the argument instead of leaking "arr.join is not a function"', () => {
    expect(found('SELECT {{ star_except(7) }} FROM t')).toEqual([['WEIR1512',
      'argument `columns` of `star_except` must be a column (a string) or a non-empty list of columns; got the number 7', 'star_except(7)']]);
  });

  it('an unknown keyword or an extra positional argument is an error (nunjucks would ignore it)', () => {
    const typo = render("{{ pivot('s', ['a'], value_col='amount') }}").diagnostics[0];
    expect(typo).toMatchObject({ code: 'WEIR1512', message: '`pivot` has no argument `value_col`' });
    expect(typo.hint).toContain('did you mean `value_column=`?');
    expect(found("{{ star_except('a', 'b') }}")[0][1]).toBe('`star_except` takes at most 1 argument, got 2');
    expect(found("{{ safe_divide('a', numerator='b') }}")[0][1]).toBe('argument `numerator` of `safe_divide` is given twice (by position and by name)');
  });

  it('values that are valid keep working', () => {
    for (const ok of ["{{ safe_divide(1, 2) }}", "{{ cents_to_dollars('c', '4') }}", "{{ date_spine('a', 'b', 'MONTH') }}",
      "{{ pivot('s', ['a', 1, true], prefix=2) }}", "{{ union_datasets(['a'], columns=none, source_column=none) }}", "{{ surrogate_key('id') }}"]) {
      expect(render(ok).diagnostics, ok).toEqual([]);
    }
  });

  it('a missing argument is still reported as not passed (WEIR1506), by the macro', () => {
    expect(found('{{ date_spine(\'a\') }}')[0].slice(0, 2)).toEqual(['WEIR1506', 'in macro `date_spine` (weir:macros/date_spine.sql): argument `end_date` was not passed']);
  });

  const BAD: unknown[] = [42, -1.5, true, null, '', '   ', [], [1], [null], ['a', ['b']], { a: 1 }];
  const literal = (v: unknown): string => (v === null ? 'none' : JSON.stringify(v).replace(/"/g, "'"));

  it('every argument of every built-in: a bad value is WEIR1512 naming macro and argument, never a JavaScript message', () => {
    const good: Record<string, string> = { column: "'c'", scale: '2', start_date: "'a'", end_date: "'b'", interval: "'day'", relation: "'t'", keys: "'k'",
      order_by: "'o'", values: "['v']", agg: "'sum'", value_column: "'x'", prefix: "'p'", suffix: "'s'", numerator: "'n'", denominator: "'d'",
      columns: "['c']", relations: "['r']", source_column: "'src'" };
    for (const [macro, params] of Object.entries(BUILTIN_MACRO_PARAMS)) {
      for (const p of params) {
        for (const bad of BAD) {
          const args = params.map((q) => `${q.name}=${q === p ? literal(bad) : good[q.name]}`).join(', ');
          const call = `{{ ${macro}(${args}) }}`;
          const r = render(call);
          const accepted = r.diagnostics.length === 0;
          // The few odd values an argument does accept: none when optional, numbers where SQL takes them, any prefix text.
          const allowed = (bad === null && p.optional) || (typeof bad === 'number' && ['sql-or-number', 'text'].includes(p.kind))
            || (typeof bad === 'string' && p.kind === 'text')
            || (Array.isArray(bad) && bad.length === 1 && bad[0] === 1 && p.kind === 'values');
          if (allowed) continue;
          expect(accepted, call).toBe(false);
          expect(r.diagnostics[0].code, call).toBe('WEIR1512');
          expect(r.diagnostics[0].message, call).toContain(`argument \`${p.name}\` of \`${macro}\``);
          expect(r.diagnostics[0].message, call).not.toMatch(/is not a function|Cannot read|TypeError|undefined/);
        }
      }
    }
  });

  it('the table of parameters matches every built-in macro signature', () => {
    const files = readdirSync(BUILTIN_MACRO_DIR).filter((f) => f.endsWith('.sql'));
    const signatures: Record<string, string[]> = {};
    for (const f of files) {
      const text = ctx.macroSources.get(`weir:macros/${f}`) ?? '';
      for (const m of text.matchAll(/\{%-?\s*macro\s+(\w+)\s*\(([^)]*)\)/g)) signatures[m[1]] = m[2].split(',').map((a) => a.split('=')[0].trim());
    }
    expect(Object.fromEntries(Object.entries(BUILTIN_MACRO_PARAMS).map(([k, ps]) => [k, ps.map((p) => p.name)]))).toEqual(signatures);
  });
});

describe('macro argument checks and project macros', () => {
  const created: string[] = [];
  afterAll(() => {
    for (const dir of created) rmSync(dir, { recursive: true, force: true });
  });
  const ctxWith = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'weir-margs-'));
    created.push(root);
    mkdirSync(join(root, 'macros'), { recursive: true });
    for (const [p, t] of Object.entries(files)) writeFileSync(join(root, 'macros', p), t);
    return createTemplateContext(testConfig({ root, macroPaths: [join(root, 'macros')] }));
  };

  it('a project macro replacing a built-in is not held to the built-in arguments', () => {
    const ctx = ctxWith({ 'keys.sql': '{% macro surrogate_key(n, salt=1) %}hash({{ n }}, {{ salt }}){% endmacro %}' });
    const r = renderFile(sourceFile('models/a.sql', 'SELECT {{ surrogate_key(42, salt=2) }}'), ctx);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.text).toBe('SELECT hash(42, 2)');
  });

  it('raise_error in a project macro is WEIR1512 at the call, naming the macro', () => {
    const ctx = ctxWith({ 'checks.sql': "{% macro need(x) %}{% if not x %}{{ raise_error('need: x is required') }}{% endif %}{{ x }}{% endmacro %}" });
    const text = 'SELECT {{ need(0) }} FROM t';
    const r = renderFile(sourceFile('models/a.sql', text), ctx);
    expect(r.diagnostics.map((d) => [d.code, d.message, text.slice(d.span!.start, d.span!.end)])).toEqual([
      ['WEIR1512', 'in macro `need` (macros/checks.sql): need: x is required', 'need(0)'],
    ]);
  });
});
