{#-
  cents_to_dollars(column, scale=2)
  An amount in cents as a decimal amount in dollars (the classic dbt example macro).
  {{ cents_to_dollars('amount_cents') }} -> CAST((amount_cents) / 100 AS DECIMAL(16, 2))
-#}
{%- macro cents_to_dollars(column, scale=2) -%}
CAST(({{ column }}) / 100 AS DECIMAL(16, {{ scale }}))
{%- endmacro -%}
