{#-
  surrogate_key(columns)
  A deterministic key from one or more columns, shaped like dbt_utils.generate_surrogate_key so keys
  match those dbt computes: md5 of the columns cast to string, NULLs replaced by a sentinel, joined by '-'.
    columns: a column expression or a list of them, e.g. ['order_id', 'line_no']
  {{ surrogate_key(['order_id', 'line_no']) }}
    -> md5(concat_ws('-', coalesce(cast(order_id as string), '_dbt_utils_surrogate_key_null_'), ...))
-#}
{%- macro surrogate_key(columns) -%}
{%- set cols = [columns] if columns is string else columns -%}
{%- if not cols or cols | length == 0 -%}{{ raise_error('surrogate_key needs at least one column') }}{%- endif -%}
md5(concat_ws('-'
{%- for c in cols -%}
, coalesce(cast({{ c }} as string), '_dbt_utils_surrogate_key_null_')
{%- endfor -%}
))
{%- endmacro -%}
