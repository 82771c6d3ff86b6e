import { describe, expect, it } from 'vitest';
import { toSourceRange } from '../../src/model/source-map.js';
import { createTemplateContext, renderFile } from '../../src/template/index.js';
import { sourceFile, testConfig } from './helpers.js';

/**
 * Strict undefined (like Jinja's StrictUndefined): every use of an undefined variable is WEIR1506 naming it at
 * its place; only the tests of definedness (`is defined`, `default`, truthiness) may look at one.
 */
describe('undefined variables', () => {
  const ctx = createTemplateContext(testConfig({ vars: { region: 'eu' }, configuration: { data: '/landing' } }));
  const render = (text: string) => renderFile(sourceFile('models/m.sql', text), ctx);
  const found = (text: string) => render(text).diagnostics.map((d) => [d.code, d.message, text.slice(d.span!.start, d.span!.end)]);

  it('inside expressions: concatenation, arithmetic, filters — each one, at its place, in one pass', () => {
    const text = "CREATE MATERIALIZED VIEW e AS SELECT {{ \"'a\" ~ undef_e ~ \"'\" }} AS v1, {{ undef_n + 1 }} AS v2, '{{ undef_u | upper }}' AS v3;";
    expect(found(text)).toEqual([
      ['WEIR1506', 'undefined variable `undef_e`', 'undef_e'],
      ['WEIR1506', 'undefined variable `undef_n`', 'undef_n'],
      ['WEIR1506', 'undefined variable `undef_u`', 'undef_u'],
    ]);
    // The failed file keeps its DDL at its real offsets.
    expect(render(text).value.text.length).toBe(text.length);
  });

  it('a filter of an undefined value is WEIR1506, not a JavaScript message', () => {
    expect(found("SELECT '{{ undef_j | join(\",\") }}'")).toEqual([['WEIR1506', 'undefined variable `undef_j`', 'undef_j']]);
  });

  it('loops, attribute access, call arguments, comparisons and `{% set %}` of a name are uses', () => {
    expect(found('{% for c in colums %}{{ c }}{% endfor %}')).toEqual([['WEIR1506', 'undefined variable `colums`', 'colums']]);
    expect(found('{{ cfg.schema }}')).toEqual([['WEIR1506', 'undefined variable `cfg`', 'cfg']]);
    expect(found("{{ star_except(colz) }}")).toEqual([['WEIR1506', 'undefined variable `colz`', 'colz']]);
    expect(found("{% if mode == 'full' %}x{% endif %}")).toEqual([['WEIR1506', 'undefined variable `mode`', 'mode']]);
    expect(found('{% set y = undef_s %}{{ y }}')).toEqual([['WEIR1506', 'undefined variable `undef_s`', 'undef_s']]);
    expect(found("{% set d = {'a': 1} %}{{ d.b }}")).toEqual([['WEIR1506', '`d.b` is undefined', 'd.b']]);
    expect(found('{% set d = {} %}{{ d.b.c }}')).toEqual([['WEIR1506', '`d.b` is undefined', 'd.b']]);
  });

  it('the same place in a loop is reported once', () => {
    expect(found("{% for i in [1, 2, 3] %}{{ i ~ nope }}{% endfor %}")).toEqual([['WEIR1506', 'undefined variable `nope`', 'nope']]);
  });

  it('hints: the nearest defined name, or var() for a project var', () => {
    const hint = (text: string) => render(text).diagnostics[0]?.hint;
    expect(hint("{% set prefix = 'p' %}{{ prefx ~ '_id' }}")).toBe('did you mean `prefix`?');
    expect(hint("{{ 'x_' ~ region }}")).toBe("project vars are read with var('region')");
  });

  it('tests of definedness may look at an undefined value', () => {
    const ok = (text: string, out: string) => {
      const r = render(text);
      expect(r.diagnostics).toEqual([]);
      expect(r.value.text).toBe(out);
    };
    ok('{{ x is defined }}|{{ x is undefined }}|{{ x is not defined }}|{{ x is none }}', 'false|true|true|false');
    ok("{% set o = {} %}{{ x | default('d') }}|{{ x | d('e') }}|{{ o.y | default('f') }}|{{ o['y'] is defined }}", 'd|e|f|false');
    // As in Jinja, an attribute of an undefined value is an error even there.
    expect(render("{{ x.y | default('f') }}").diagnostics.map((d) => d.message)).toEqual(['undefined variable `x`']);
    ok("{% if x %}a{% elif not y %}b{% endif %}|{{ 'c' if x else 'd' }}|{{ x or 'e' }}|{{ 'f' if not (x and y) }}", 'b|d|e|f');
    ok("{% set d = {'a': 1} %}{% set v = d['b'] %}{% if not v %}none{% endif %}|{{ d.b is defined }}", 'none|false');
    // Built-in macros rely on it (date_spine tests an unknown interval with `{% if not step %}`).
    ok("{{ surrogate_key('a') }}", "md5(concat_ws('-', coalesce(cast(a as string), '_dbt_utils_surrogate_key_null_')))");
  });

  it('`none` is a defined value for strict lookups', () => {
    expect(render("{% set n = none %}{{ n is none }}{{ 'x' if n else 'y' }}{{ n | default('z', true) }}").value.text).toBe('trueyz');
  });
});

describe('an unknown ${key} leaves parseable SQL', () => {
  const ctx = createTemplateContext(testConfig({ configuration: { data: '/landing' } }));

  it('is left as written in strings, back-quoted names and comments, and a name elsewhere', () => {
    const text = "SELECT '${a}' AS s, `${b}` AS q, x > ${c} -- ${d}\nFROM ${cat}.sales.orders JOIN orders_${env} USING (k) JOIN LIVE.${t} USING (k) JOIN live.o_${env} USING (k)";
    const r = renderFile(sourceFile('m.sql', text), ctx);
    expect(r.diagnostics.map((d) => d.code)).toEqual(Array(8).fill('WEIR1501'));
    expect(r.value.text).toBe("SELECT '${a}' AS s, `${b}` AS q, x > `${c}` -- ${d}\nFROM `${cat}`.sales.orders JOIN orders_env USING (k) JOIN `${t}` USING (k) JOIN o_env USING (k)");
    // Each placeholder maps back to its `${key}` (with `LIVE.` when that was dropped).
    const at = (needle: string) => {
      const i = r.value.text.indexOf(needle);
      const s = toSourceRange(r.value.map, i, i + needle.length);
      return text.slice(s.start, s.end);
    };
    expect(at('`${c}`')).toBe('${c}');
    expect(at('`${t}`')).toBe('LIVE.${t}');
    expect(at('orders_env')).toBe('orders_${env}');
  });

  it('known keys are still substituted next to unknown ones', () => {
    const r = renderFile(sourceFile('m.sql', "SELECT * FROM read_files('${data}/x') JOIN ${nope} USING (k)"), ctx);
    expect(r.value.text).toBe("SELECT * FROM read_files('/landing/x') JOIN `${nope}` USING (k)");
  });
});

describe('follow-ons of an unknown ${key}', () => {
  it('drops what later stages find in the key itself, keeps everything else', async () => {
    const { withoutUnknownKeyFollowOns } = await import('../../src/template/index.js');
    const key = { code: 'WEIR1501', severity: 'error' as const, message: 'unknown configuration key `${fromat}`', span: { file: 'a.sql', start: 50, end: 59 } };
    const format = { code: 'WEIR4020', severity: 'error' as const, message: "file format '${fromat}' is not supported", span: { file: 'a.sql', start: 14, end: 61 } };
    const around = { code: 'WEIR3010', severity: 'error' as const, message: 'something about the whole statement', span: { file: 'a.sql', start: 0, end: 70 } };
    const elsewhere = { code: 'WEIR3001', severity: 'error' as const, message: 'LIVE.nope is not a dataset', span: { file: 'a.sql', start: 80, end: 89 } };
    const all = [key, format, around, elsewhere];
    expect(withoutUnknownKeyFollowOns(all).map((d) => d.code)).toEqual(['WEIR1501', 'WEIR3010', 'WEIR3001']);
    expect(withoutUnknownKeyFollowOns([around, elsewhere], all, true).map((d) => d.code)).toEqual(['WEIR3001']);
  });
});
