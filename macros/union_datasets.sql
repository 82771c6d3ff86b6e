{#-
  union_datasets(relations, columns=none, source_column=none)
  Stacks several datasets. Without `columns`: `SELECT * FROM r` per relation joined by UNION ALL BY NAME
  (columns matched by name, like dbt_utils.union_relations; DuckDB and recent Databricks runtimes accept
  it). With `columns`: the same list selected from each relation and a plain UNION ALL, which every
  Spark version accepts. `source_column` adds a column naming the relation each row came from.
    relations: a list of relations, e.g. ['LIVE.orders_eu', 'LIVE.orders_us'] (a single string is one relation)
    columns: none, or a column or list of columns selected from each relation
    source_column: none, or the name of the column that names each row's relation
  {{ union_datasets(['LIVE.orders_eu', 'LIVE.orders_us'], source_column='_source') }}
-#}
{%- macro union_datasets(relations, columns=none, source_column=none) -%}
{#- A single string is one relation (as star_except and surrogate_key take one column), not its characters. -#}
{%- set rel_list = [relations] if relations is string else relations -%}
{%- set col_list = [columns] if columns is string else columns -%}
{%- if not rel_list or rel_list | length == 0 -%}{{ raise_error('union_datasets needs at least one relation') }}{%- endif -%}
{%- for r in rel_list -%}
{%- if not loop.first %}
UNION ALL{% if not columns %} BY NAME{% endif %}
{% endif -%}
SELECT {% if columns %}{{ col_list | join(', ') }}{% else %}*{% endif %}{% if source_column %}, '{{ r | replace('\\', '\\\\') | replace("'", "\\'") }}' AS {{ source_column }}{% endif %} FROM {{ r }}
{%- endfor -%}
{%- endmacro -%}
