{#-
  dedupe_latest(relation, keys, order_by)
  The latest row per key: ROW_NUMBER over the keys, ordered so the latest row comes first, in a subquery
  (no QUALIFY, so the SQL stays portable), and the helper column removed again with * EXCEPT.
    relation: what to read, e.g. 'LIVE.customers_raw' — a batch read, in a materialized view: not
              'STREAM(...)', since a ROW_NUMBER window over a stream is not supported (Spark Structured
              Streaming refuses non-time windows on a streaming source too)
    keys:     a column or a list of columns identifying a row
    order_by: a column or list; each sorts DESC (latest first) unless it already says ASC or DESC
  {{ dedupe_latest('LIVE.customers_raw', 'customer_id', 'updated_at') }}
-#}
{%- macro dedupe_latest(relation, keys, order_by) -%}
{%- set key_list = [keys] if keys is string else keys -%}
{%- set order_list = [order_by] if order_by is string else order_by -%}
SELECT * EXCEPT (_weir_row_number)
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY {{ key_list | join(', ') }} ORDER BY
  {%- for o in order_list %} {{ o }}{% if not r/\s(asc|desc)(\s+nulls\s+(first|last))?\s*$/i.test(o) %} DESC{% endif %}{{ ',' if not loop.last }}{% endfor %}) AS _weir_row_number
  FROM {{ relation }}
) AS _weir_dedupe
WHERE _weir_row_number = 1
{%- endmacro -%}
