{#-
  pivot(column, values, agg='sum', value_column=none, prefix='', suffix='')
  One aggregated column per value, written as CASE WHEN, because PIVOT is not allowed in pipelines.
  Like dbt_utils.pivot: without value_column each cell counts matching rows (THEN 1 ELSE 0).
    column: the column whose values become columns; values: a list of strings or numbers (always a list,
    even for one value: a string would be taken as its characters)
    agg: the aggregate (sum, max, count, ...); value_column: what to aggregate
  SELECT customer_id, {{ pivot('status', ['open', 'shipped'], value_column='amount') }} FROM LIVE.orders GROUP BY customer_id
    -> sum(CASE WHEN status = 'open' THEN amount END) AS `open`, sum(CASE WHEN status = 'shipped' THEN amount END) AS `shipped`
-#}
{%- macro pivot(column, values, agg='sum', value_column=none, prefix='', suffix='') -%}
{%- for v in values -%}
{%- set literal = v if v is number else ("'" ~ (v | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") -%}
{{ agg }}(CASE WHEN {{ column }} = {{ literal }} THEN {% if value_column %}{{ value_column }} END{% else %}1 ELSE 0 END{% endif %}) AS `{{ (prefix ~ v ~ suffix) | replace('`', '``') }}`{{ ', ' if not loop.last }}
{%- endfor -%}
{%- endmacro -%}
