import type { DiagnosticCase } from '../diagnostic-case.js';

const SOURCE = `CREATE OR REFRESH MATERIALIZED VIEW orders AS
SELECT * FROM VALUES (1, DATE'2024-01-01') AS t(order_id, order_date);
`;

/** Project files, the spec file and templates (WEIR1xxx, WEIR15xx). */
export const PROJECT_CASES: readonly DiagnosticCase[] = [
  { code: 'WEIR1001', title: 'No weir.yml or spark-pipeline.yml in the project folder or any parent', noSpec: true,
    files: { 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1002', title: 'Two spec files in one folder', files: { 'weir.yml': 'name: shop\n', 'weir.yaml': 'name: shop\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1003', title: 'The spec file is not valid YAML', files: { 'weir.yml': 'name: shop\nconfiguration:\n  data: "landing\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1004', title: 'The spec file has no `name`', files: { 'weir.yml': 'libraries:\n  - transformations/**\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1005', title: 'A field of the spec file has the wrong type', files: { 'weir.yml': 'name: shop\nconfiguration:\n  - data\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1006', title: 'A field of the spec file has a value outside its allowed set', files: { 'weir.yml': 'name: shop\npublish: sometimes\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1010', title: 'An unknown field in the spec file (a typo is named)', files: { 'weir.yml': 'name: shop\nconfigration:\n  data: landing\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1011', title: 'Both `database` and `schema` are set (aliases)', files: { 'weir.yml': 'name: shop\ndatabase: sales\nschema: shop\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1012', title: 'A configured macro folder does not exist', files: { 'weir.yml': 'name: shop\nmacros: [macro]\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1013', title: 'The target path is a file, not a folder (exit 2: a bad invocation)', files: {
    'weir.yml': 'name: shop\ntarget_path: build\n', 'transformations/orders.sql': SOURCE, build: 'not a folder\n' } },
  { code: 'WEIR1020', title: 'A library glob matches no file', files: { 'weir.yml': 'name: shop\nlibraries:\n  - transformations/**\n  - sql/**\n', 'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1021', title: 'Python sources matched by the libraries are skipped', files: {
    'weir.yml': 'name: shop\nlibraries:\n  - transformations/**\n', 'transformations/orders.sql': SOURCE, 'transformations/features.py': 'import dlt\n' } },

  { code: 'WEIR1501', title: '`${key}` names no key of `configuration` or `--conf`', files: {
    'weir.yml': 'name: shop\nconfiguration:\n  data: landing\n',
    'transformations/orders.sql': "CREATE OR REFRESH STREAMING TABLE orders AS\nSELECT * FROM STREAM read_files('${date}/orders', format => 'csv');\n" } },
  { code: 'WEIR1023', title: 'No project where the command runs, and exactly one folder below holds one: that project', noSpec: true, noProjectFlag: true,
    files: { 'shop/weir.yml': 'name: shop\n', 'shop/transformations/orders.sql': 'CREATE OR REFRESH MATERIALIZED VIEW orders AS\nSELECT 1 AS order_id;\n' } },
  { code: 'WEIR1502', title: 'A block tag is never closed', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/by_day.sql': "CREATE OR REFRESH MATERIALIZED VIEW by_day AS\nSELECT order_date\n{% if var('with_count', false) %}\n  , count(*) AS orders\nFROM LIVE.orders\nGROUP BY order_date;\n" } },
  { code: 'WEIR1503', title: 'An end tag without its opening tag', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/by_day.sql': 'CREATE OR REFRESH MATERIALIZED VIEW by_day AS\nSELECT order_date FROM LIVE.orders {% endif %};\n' } },
  { code: 'WEIR1504', title: '`{{`, `{%` or `{#` without its closing delimiter', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/keys.sql': "CREATE OR REFRESH MATERIALIZED VIEW keys AS\nSELECT\n  {{ surrogate_key(['order_id'])\nFROM LIVE.orders;\n" } },
  { code: 'WEIR1505', title: 'A nunjucks syntax error inside a tag', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/keys.sql': "CREATE OR REFRESH MATERIALIZED VIEW keys AS\nSELECT {{ 'a' ~ ~ 'b' }} AS k FROM LIVE.orders;\n" } },
  { code: 'WEIR1506', title: 'An undefined template variable (with the nearest name)', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/cols.sql': "{% macro cols(prefix) %}\n  {{ prefix }}_id, {{ prefx }}_date\n{% endmacro %}\nCREATE OR REFRESH MATERIALIZED VIEW cols AS\nSELECT {{ cols('order') }} FROM LIVE.orders;\n" } },
  { code: 'WEIR1507', title: 'A call of a macro that does not exist', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/keys.sql': "CREATE OR REFRESH MATERIALIZED VIEW keys AS\nSELECT {{ surogate_key(['order_id']) }} AS k FROM LIVE.orders;\n" } },
  { code: 'WEIR1508', title: 'An unknown filter', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/names.sql': "CREATE OR REFRESH MATERIALIZED VIEW names AS\nSELECT '{{ 'shop' | uper }}' AS n FROM LIVE.orders;\n" } },
  { code: 'WEIR1509', title: "`var('x')` with no such var and no default", files: {
    'transformations/orders.sql': SOURCE,
    'transformations/recent.sql': "CREATE OR REFRESH MATERIALIZED VIEW recent AS\nSELECT * FROM LIVE.orders WHERE order_date >= DATE'{{ var('start_date') }}';\n" } },
  { code: 'WEIR1510', title: "`env_var('X')` with no such environment variable and no default", files: {
    'transformations/orders.sql': SOURCE,
    'transformations/recent.sql': "CREATE OR REFRESH MATERIALIZED VIEW recent AS\nSELECT * FROM LIVE.orders WHERE order_date >= DATE'{{ env_var('WEIR_DEMO_NO_SUCH_VARIABLE') }}';\n" } },
  { code: 'WEIR1511', title: "`conf('k')` with no such configuration key and no default", files: {
    'transformations/orders.sql': SOURCE,
    'transformations/recent.sql': "CREATE OR REFRESH MATERIALIZED VIEW recent AS\nSELECT * FROM LIVE.orders WHERE order_date >= DATE'{{ conf('start_date') }}';\n" } },
  { code: 'WEIR1512', title: 'An error raised while a macro runs (here a built-in macro refusing its argument)', files: {
    'transformations/days.sql': "CREATE OR REFRESH MATERIALIZED VIEW days AS\nSELECT * FROM (\n  {{ date_spine(\"DATE'2024-01-01'\", 'current_date()', interval='fortnight') }}\n);\n" } },
  { code: 'WEIR1513', title: 'A macro file that fails to load (its top level imports a file that does not exist); its macros\' callers are told why', files: {
    'macros/keys.sql': "{% import 'macros/helpers.sql' as h %}\n{% macro order_key(id) %}\n  md5({{ h.clean(id) }})\n{% endmacro %}\n",
    'transformations/orders.sql': "CREATE OR REFRESH MATERIALIZED VIEW orders AS\nSELECT {{ order_key('order_id') }} AS k FROM VALUES (1) AS t(order_id);\n" } },
  { code: 'WEIR1514', title: 'Two macro files define the same macro (the later path wins)', files: {
    'macros/a.sql': '{% macro cents(x) %}({{ x }} * 100){% endmacro %}\n',
    'macros/b.sql': '{% macro cents(x) %}CAST({{ x }} * 100 AS BIGINT){% endmacro %}\n',
    'transformations/orders.sql': SOURCE,
    'transformations/amounts.sql': 'CREATE OR REFRESH MATERIALIZED VIEW amounts AS\nSELECT {{ cents(1.5) }} AS c FROM LIVE.orders;\n' } },
  { code: 'WEIR1501', title: 'a `${}` key inside nunjucks output: the position is in your file', files: {
    'weir.yml': 'name: shop\nconfiguration:\n  data: landing\n',
    'transformations/orders.sql': "{% for source in ['web', 'app'] %}\nCREATE OR REFRESH STREAMING TABLE orders_{{ source }} AS\nSELECT * FROM STREAM read_files('${data}/{{ source }}', format => '${fromat}');\n{% endfor %}\n" } },
  { code: 'WEIR1501', title: 'the file is still parsed: its other problems are reported in the same pass', files: {
    'weir.yml': 'name: shop\nconfiguration:\n  data: landing\n',
    'transformations/orders.sql': "CREATE OR REFRESH MATERIALIZED VIEW z AS SELECT '${dta}' AS x;\nCREATE OR REFRESH MATERIALIZED VIEW q AS SELECT * FROM LIVE.nope;\nCREATE OR REFRESH MATERIALIZED VIEW r AS SELEC 1;\n" } },
  { code: 'WEIR1506', title: 'every use of an undefined variable, not only `{{ x }}`: `~`, arithmetic, filters (`is defined` and `default` test it)', files: {
    'transformations/orders.sql': SOURCE,
    'transformations/labels.sql': "CREATE OR REFRESH MATERIALIZED VIEW labels AS\nSELECT {{ \"'eu-\" ~ regon ~ \"'\" }} AS region, {{ batch_size + 1 }} AS next_batch,\n  '{{ owner | upper }}' AS owner, '{{ team | default('data') }}' AS team\nFROM LIVE.orders;\n" } },
  { code: 'WEIR1506', title: 'a macro argument that was not passed: the call, and where the macro uses it', files: {
    'macros/money.sql': "{% macro to_currency(amount, rate) %}\n  ROUND({{ amount }} * {{ rate }}, 2)\n{% endmacro %}\n",
    'transformations/orders.sql': SOURCE,
    'transformations/amounts.sql': "CREATE OR REFRESH MATERIALIZED VIEW amounts AS\nSELECT {{ to_currency('order_id') }} AS eur FROM LIVE.orders;\n" } },
  { code: 'WEIR1502', title: 'a block left open in a macro file: at its place in the macro file', files: {
    'macros/flags.sql': "-- flags\n{% macro flag(x) %}\n  {% if x %}\n  TRUE\n{% endmacro %}\n",
    'transformations/orders.sql': SOURCE } },
  { code: 'WEIR1501', title: 'an unknown `${key}` in a comment is a warning: it never reaches a query', files: {
    'transformations/orders.sql': "-- before the migration: SELECT * FROM ${legacy_catalog}.orders\nCREATE OR REFRESH MATERIALIZED VIEW orders AS\nSELECT 1 AS order_id;\n" } },
];

export const PROJECT_NOT_SHOWN: Readonly<Record<string, string>> = {
  WEIR1022: 'needs a source file the operating system refuses to read (permissions, a broken link) or one that is not UTF-8 (bytes a text fixture cannot hold)',
  WEIR1599: 'the fallback for a nunjucks rendering error that no other code describes',
};
