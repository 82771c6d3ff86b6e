-- input:
-- SELECT {{ star_except(['_rescued_data', '_ingested_at']) }} FROM LIVE.orders_raw;
-- SELECT {{ star_except('_rescued_data') }} FROM LIVE.customers_raw;

SELECT * EXCEPT (_rescued_data, _ingested_at) FROM LIVE.orders_raw;
SELECT * EXCEPT (_rescued_data) FROM LIVE.customers_raw;
