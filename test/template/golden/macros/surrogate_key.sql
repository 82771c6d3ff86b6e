-- input:
-- SELECT {{ surrogate_key(['order_id', 'line_no']) }} AS order_line_key, {{ surrogate_key('customer_id') }} AS customer_key FROM LIVE.orders

SELECT md5(concat_ws('-', coalesce(cast(order_id as string), '_dbt_utils_surrogate_key_null_'), coalesce(cast(line_no as string), '_dbt_utils_surrogate_key_null_'))) AS order_line_key, md5(concat_ws('-', coalesce(cast(customer_id as string), '_dbt_utils_surrogate_key_null_'))) AS customer_key FROM LIVE.orders
