import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MACRO_DIR, createTemplateContext, renderFile } from '../../src/template/index.js';
import { expectGolden } from '../helpers/golden.js';
import { sourceFile, testConfig } from './helpers.js';

/** One call (or a few) per built-in macro; each rendering is a golden file reviewed as Spark SQL. */
const CALLS: Record<string, string> = {
  surrogate_key: "SELECT {{ surrogate_key(['order_id', 'line_no']) }} AS order_line_key, {{ surrogate_key('customer_id') }} AS customer_key FROM LIVE.orders",
  dedupe_latest: "CREATE MATERIALIZED VIEW customers AS\n{{ dedupe_latest('LIVE.customers_raw', 'customer_id', 'updated_at') }};\n\n"
    + "CREATE MATERIALIZED VIEW orders AS\n{{ dedupe_latest('LIVE.orders_raw', ['order_id', 'line_no'], ['updated_at', 'ingested_at ASC']) }};",
  date_spine: "CREATE MATERIALIZED VIEW calendar AS\n{{ date_spine(\"DATE'2024-01-01'\", \"DATE'2024-12-31'\") }};\n\n"
    + "CREATE MATERIALIZED VIEW months AS\n{{ date_spine(\"DATE'2024-01-01'\", 'current_date()', 'month') }};\n\n"
    + "CREATE MATERIALIZED VIEW hours AS\n{{ date_spine(\"TIMESTAMP'2024-01-01 00:00:00'\", \"TIMESTAMP'2024-01-02 00:00:00'\", 'hour') }};",
  star_except: "SELECT {{ star_except(['_rescued_data', '_ingested_at']) }} FROM LIVE.orders_raw;\nSELECT {{ star_except('_rescued_data') }} FROM LIVE.customers_raw;",
  union_datasets: "CREATE MATERIALIZED VIEW orders AS\n{{ union_datasets(['LIVE.orders_eu', 'LIVE.orders_us'], source_column='_source') }};\n\n"
    + "CREATE MATERIALIZED VIEW ids AS\n{{ union_datasets(['LIVE.a', 'LIVE.b', 'LIVE.c'], columns=['id', 'updated_at']) }};",
  pivot: "SELECT customer_id,\n  {{ pivot('status', ['open', 'shipped', \"won't ship\"], value_column='amount') }}\nFROM LIVE.orders GROUP BY customer_id;\n"
    + "SELECT customer_id, {{ pivot('channel', ['web', 'store'], agg='max', prefix='has_') }} FROM LIVE.orders GROUP BY customer_id;\n"
    + "SELECT {{ pivot('year', [2023, 2024], value_column='revenue', suffix='_revenue') }} FROM LIVE.sales;",
  safe_divide: "SELECT {{ safe_divide('revenue', 'order_count') }} AS avg_order_value, {{ safe_divide('sum(a)', 'count(*) - 1') }} AS r FROM LIVE.x",
  cents_to_dollars: "SELECT {{ cents_to_dollars('amount_cents') }} AS amount, {{ cents_to_dollars('tax_cents', 4) }} AS tax FROM LIVE.payments",
};

describe('built-in macro library', () => {
  const ctx = createTemplateContext(testConfig());

  it('has a golden render test for every macro file', () => {
    const files = readdirSync(BUILTIN_MACRO_DIR).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
    expect(Object.keys(CALLS).sort()).toEqual(files);
    expect([...ctx.macros.keys()].sort()).toEqual(files);
    expect(ctx.diagnostics).toEqual([]);
  });

  it('documents every macro in a comment at its top', () => {
    for (const f of readdirSync(BUILTIN_MACRO_DIR).filter((x) => x.endsWith('.sql'))) {
      const text = ctx.macroSources.get(`weir:macros/${f}`) ?? '';
      expect(text.startsWith('{#-'), f).toBe(true);
    }
  });

  it('the usage its documentation shows renders without a diagnostic', () => {
    for (const f of readdirSync(BUILTIN_MACRO_DIR).filter((x) => x.endsWith('.sql'))) {
      const doc = /^\{#-([\s\S]*?)-#\}/.exec(ctx.macroSources.get(`weir:macros/${f}`) ?? '')?.[1] ?? '';
      const examples = [...doc.matchAll(/\{\{.*?\}\}/g)].map((m) => m[0]);
      expect(examples.length, f).toBeGreaterThan(0);
      for (const e of examples) expect(renderFile(sourceFile('doc.sql', e), ctx).diagnostics, `${f}: ${e}`).toEqual([]);
    }
  });

  it('dedupe_latest does not recommend a streaming relation (a ROW_NUMBER window over a stream fails)', () => {
    const doc = ctx.macroSources.get('weir:macros/dedupe_latest.sql') ?? '';
    expect(doc).not.toMatch(/e\.g\. '?STREAM\(/);
  });

  for (const [name, call] of Object.entries(CALLS)) {
    it(`renders ${name}`, () => {
      const r = renderFile(sourceFile(`models/${name}.sql`, call), ctx);
      expect(r.diagnostics).toEqual([]);
      expect(r.value.text).not.toMatch(/[\uE000-\uF0FF]/);
      expectGolden(join(import.meta.dirname, 'golden', 'macros', `${name}.sql`), `-- input:\n${call.replace(/^/gm, '-- ')}\n\n${r.value.text}\n`);
    });
  }

  it('raises a clear error for an unsupported date_spine interval', () => {
    const r = renderFile(sourceFile('m.sql', "{{ date_spine('a', 'b', 'fortnight') }}"), ctx);
    expect(r.diagnostics[0]).toMatchObject({ code: 'WEIR1512', span: { start: 3, end: 36 } });
    expect(r.diagnostics[0].message).toBe("argument `interval` of `date_spine` must be one of day, week, month, quarter, year, hour, minute; got the string 'fortnight'");
  });
});
