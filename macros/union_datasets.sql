{#-
  union_datasets(relations, columns=none, source_column=none)
  Stacks several datasets. Without `columns`: `SELECT * FROM r` per relation joined by UNION ALL BY NAME
  (columns matched by name, like dbt_utils.union_relations; DuckDB and recent Databricks runtimes accept
  it). With `columns`: the same list selected from each relation and a plain UNION ALL, which every
  Spark version accepts. `source_column` adds a column naming the relation each row came from.
    relations: list of relations, e.g. ['LIVE.orders_eu', 'LIVE.orders_us']
  {{ union_datasets(['LIVE.orders_eu', 'LIVE.orders_us'], source_column='_source') }}
-#}
{%- macro union_datasets(relations, columns=none, source_column=none) -%}
{%- if not relations or relations | length == 0 -%}{{ raise_error('union_datasets needs at least one relation') }}{%- endif -%}
{%- for r in relations -%}
{%- if not loop.first %}
UNION ALL{% if not columns %} BY NAME{% endif %}
{% endif -%}
SELECT {% if columns %}{{ columns | join(', ') }}{% else %}*{% endif %}{% if source_column %}, '{{ r | replace('\\', '\\\\') | replace("'", "\\'") }}' AS {{ source_column }}{% endif %} FROM {{ r }}
{%- endfor -%}
{%- endmacro -%}
