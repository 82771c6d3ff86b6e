{#-
  date_spine(start_date, end_date, interval='day')
  One row per date (or timestamp) from start_date to end_date, both inclusive, with Spark's sequence and
  explode. The column is named date_<interval> like dbt_utils.date_spine's.
    start_date, end_date: SQL expressions, e.g. "DATE'2024-01-01'" or 'current_date()'
    interval: day | week | month | quarter | year (dates) or hour | minute (timestamps)
  {{ date_spine("DATE'2024-01-01'", "DATE'2024-12-31'") }}
    -> SELECT explode(sequence(CAST(DATE'2024-01-01' AS DATE), CAST(DATE'2024-12-31' AS DATE), INTERVAL 1 DAY)) AS date_day
-#}
{%- macro date_spine(start_date, end_date, interval='day') -%}
{%- set steps = {'day': ['DATE', '1 DAY'], 'week': ['DATE', '7 DAY'], 'month': ['DATE', '1 MONTH'], 'quarter': ['DATE', '3 MONTH'], 'year': ['DATE', '1 YEAR'], 'hour': ['TIMESTAMP', '1 HOUR'], 'minute': ['TIMESTAMP', '1 MINUTE']} -%}
{%- set step = steps[interval | lower] -%}
{%- if not step -%}{{ raise_error('date_spine: unsupported interval ' ~ interval ~ ' (use day, week, month, quarter, year, hour or minute)') }}{%- endif -%}
SELECT explode(sequence(CAST({{ start_date }} AS {{ step[0] }}), CAST({{ end_date }} AS {{ step[0] }}), INTERVAL {{ step[1] }})) AS date_{{ interval | lower }}
{%- endmacro -%}
