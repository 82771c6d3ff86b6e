{#-
  safe_divide(numerator, denominator)
  Division that gives NULL instead of failing when the denominator is 0 (NULLIF works in Spark and DuckDB).
  {{ safe_divide('revenue', 'orders') }} -> (revenue) / NULLIF((orders), 0)
-#}
{%- macro safe_divide(numerator, denominator) -%}
({{ numerator }}) / NULLIF(({{ denominator }}), 0)
{%- endmacro -%}
