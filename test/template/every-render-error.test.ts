import { describe, expect, it } from 'vitest';
import { createTemplateContext, renderFile } from '../../src/template/index.js';
import { sourceFile, testConfig } from './helpers.js';

/**
 * Every run-time template problem of a file in one pass (audit D10), each at its own place — not only the
 * first, with the others appearing one at a time after each fix — and without follow-on errors.
 */
describe('every render error of a file in one pass', () => {
  const ctx = createTemplateContext(testConfig({ vars: { region: 'eu' }, configuration: { data: '/landing' } }));
  const found = (text: string) => renderFile(sourceFile('models/m.sql', text), ctx).diagnostics
    .map((d) => [d.code, text.slice(d.span!.start, d.span!.end)]);

  it('var, env_var, conf and ${key} in one statement: four errors at their places', () => {
    const text = "CREATE MATERIALIZED VIEW y AS SELECT '{{ var(\"nope\") }}' AS a, '{{ env_var(\"WEIR_TEST_SURELY_UNSET_D10\") }}' AS b,"
      + " '{{ conf(\"nope\") }}' AS c, '${nope}' AS d;";
    expect(found(text)).toEqual([
      ['WEIR1509', 'var("nope")'],
      ['WEIR1510', 'env_var("WEIR_TEST_SURELY_UNSET_D10")'],
      ['WEIR1511', 'conf("nope")'],
      ['WEIR1501', '${nope}'],
    ]);
  });

  it('mixes kinds: undefined variables, missing vars, a refused macro argument, an unknown macro, an unknown filter', () => {
    const text = "SELECT {{ undef_a }}, {{ var('nope') }},\n  {{ star_except(7) }}, {{ surogate_key(['id']) }}, {{ undef_b }}, {{ 'x' | uper }} FROM t";
    expect(found(text)).toEqual([
      ['WEIR1506', 'undef_a'],
      ['WEIR1509', "var('nope')"],
      ['WEIR1512', 'star_except(7)'],
      ['WEIR1507', 'surogate_key'],
      ['WEIR1506', 'undef_b'],
      ['WEIR1508', 'uper'],
    ]);
  });

  it('a value that failed is not passed on: no follow-on error where it is used', () => {
    // surrogate_key would refuse the '' a missing var used to read as; `c | join` would fail on it.
    expect(found("{{ surrogate_key(var('cols')) }}")).toEqual([['WEIR1509', "var('cols')"]]);
    expect(found("{% set c = var('cols') %}{{ surrogate_key(c) }} {{ star_except('x' ~ c) }} {{ c | join(',') }}")).toEqual([['WEIR1509', "var('cols')"]]);
    expect(found('{{ star_except(undef_c) }}')).toEqual([['WEIR1506', 'undef_c']]);
  });

  it('an error inside a macro and an error after it are both reported', () => {
    expect(found("{{ date_spine('a') }} {{ conf('nope') }}")).toEqual([['WEIR1506', "date_spine('a')"], ['WEIR1511', "conf('nope')"]]);
  });

  it('the same failing call in a loop is reported once', () => {
    expect(found("{% for i in [1, 2, 3] %}{{ var('nope') }}{% endfor %}")).toEqual([['WEIR1509', "var('nope')"]]);
  });

  it('a file that does not compile still reports its unknown ${key}s', () => {
    expect(found("SELECT '${nope}' AS d, {{ 'a' ~ ~ 'b' }}")).toEqual([['WEIR1505', '~'], ['WEIR1501', '${nope}']]);
  });

  it('a file without errors renders as before', () => {
    const r = renderFile(sourceFile('models/ok.sql', "SELECT '{{ var('region') }}', '${data}', {{ surrogate_key('id') }}"), ctx);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.text).toBe("SELECT 'eu', '/landing', md5(concat_ws('-', coalesce(cast(id as string), '_dbt_utils_surrogate_key_null_')))");
  });
});
