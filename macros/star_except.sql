{#-
  star_except(columns)
  Every column but the listed ones, as Spark's `* EXCEPT (a, b)` (Weir translates it to DuckDB's EXCLUDE).
    columns: a column name or a list of them
  SELECT {{ star_except(['_rescued_data', '_ingested_at']) }} FROM LIVE.orders_raw
    -> SELECT * EXCEPT (_rescued_data, _ingested_at) FROM LIVE.orders_raw
-#}
{%- macro star_except(columns) -%}
{%- set cols = [columns] if columns is string else columns -%}
* EXCEPT ({{ cols | join(', ') }})
{%- endmacro -%}
