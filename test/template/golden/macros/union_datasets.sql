-- input:
-- CREATE MATERIALIZED VIEW orders AS
-- {{ union_datasets(['LIVE.orders_eu', 'LIVE.orders_us'], source_column='_source') }};
-- 
-- CREATE MATERIALIZED VIEW ids AS
-- {{ union_datasets(['LIVE.a', 'LIVE.b', 'LIVE.c'], columns=['id', 'updated_at']) }};

CREATE MATERIALIZED VIEW orders AS
SELECT *, 'LIVE.orders_eu' AS _source FROM LIVE.orders_eu
UNION ALL BY NAME
SELECT *, 'LIVE.orders_us' AS _source FROM LIVE.orders_us;

CREATE MATERIALIZED VIEW ids AS
SELECT id, updated_at FROM LIVE.a
UNION ALL
SELECT id, updated_at FROM LIVE.b
UNION ALL
SELECT id, updated_at FROM LIVE.c;
