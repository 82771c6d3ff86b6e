==> clean.sql
-- Weir: streaming table clean -> "main"."clean"
-- source: transformations/clean.sql
SET ieee_floating_point_ops = false;
SET TimeZone = 'UTC';

-- flow clean (append)
-- source: transformations/clean.sql
-- reads raw_orders rows with rowid in [getvariable('weir_from__clean__raw_orders'), getvariable('weir_to__clean__raw_orders'))
CREATE TABLE IF NOT EXISTS "main"."clean" AS SELECT * FROM (
SELECT id, amount FROM (SELECT * FROM "main"."raw_orders" WHERE rowid >= coalesce(getvariable('weir_from__clean__raw_orders'), 0) AND rowid < coalesce(getvariable('weir_to__clean__raw_orders'), 9223372036854775807)) -- trailing comment
) AS "__weir_shape" LIMIT 0;
INSERT INTO "main"."clean" BY NAME
SELECT id, amount FROM (SELECT * FROM "main"."raw_orders" WHERE rowid >= coalesce(getvariable('weir_from__clean__raw_orders'), 0) AND rowid < coalesce(getvariable('weir_to__clean__raw_orders'), 9223372036854775807)) -- trailing comment
;

-- flow backfill (append, once)
-- source: transformations/clean.sql
CREATE TABLE IF NOT EXISTS "main"."clean" AS SELECT * FROM (
SELECT 0 AS id, 0 AS amount
) AS "__weir_shape" LIMIT 0;
INSERT INTO "main"."clean" BY NAME
SELECT 0 AS id, 0 AS amount;

==> raw_orders.sql
-- Weir: streaming table raw_orders -> "main"."raw_orders"
-- source: transformations/raw_orders.sql
-- expectation has_id (drop): id IS NOT NULL  -- source: transformations/raw_orders.sql
SET ieee_floating_point_ops = false;
SET TimeZone = 'UTC';
CREATE SCHEMA IF NOT EXISTS _weir;
CREATE MACRO IF NOT EXISTS _weir.spark_expect(c) AS coalesce(CASE WHEN typeof(c) IN ('BOOLEAN', '"NULL"') THEN TRY_CAST(c AS BOOLEAN) ELSE error('an expectation''s condition is ' || typeof(c) || ', not BOOLEAN') END, false);

-- flow raw_orders (append)
-- source: transformations/raw_orders.sql
-- reads files getvariable('weir_files__raw_orders__files_landing_orders_json') (default: /landing/orders/*.json)
CREATE TABLE IF NOT EXISTS "main"."raw_orders" AS SELECT * FROM (
SELECT * EXCLUDE ("__weir_exp_0") FROM (
SELECT *,
  _weir.spark_expect((id IS NOT NULL
)) AS "__weir_exp_0"
FROM (
SELECT * FROM read_json(coalesce(getvariable('weir_files__raw_orders__files_landing_orders_json'), ['/landing/orders/*.json']::VARCHAR[]), union_by_name = true, format = 'newline_delimited')
) AS "__weir_q"
) AS "__weir_batch" WHERE "__weir_exp_0"
) AS "__weir_shape" LIMIT 0;
INSERT INTO "main"."raw_orders" BY NAME
SELECT * EXCLUDE ("__weir_exp_0") FROM (
SELECT *,
  _weir.spark_expect((id IS NOT NULL
)) AS "__weir_exp_0"
FROM (
SELECT * FROM read_json(coalesce(getvariable('weir_files__raw_orders__files_landing_orders_json'), ['/landing/orders/*.json']::VARCHAR[]), union_by_name = true, format = 'newline_delimited')
) AS "__weir_q"
) AS "__weir_batch" WHERE "__weir_exp_0";

==> totals.sql
-- Weir: materialized view totals -> "main"."totals"
-- source: transformations/totals.sql:1
-- expectation some (fail): n > 0  -- source: transformations/totals.sql:1
SET ieee_floating_point_ops = false;
SET TimeZone = 'UTC';
CREATE SCHEMA IF NOT EXISTS _weir;
CREATE MACRO IF NOT EXISTS _weir.spark_expect(c) AS coalesce(CASE WHEN typeof(c) IN ('BOOLEAN', '"NULL"') THEN TRY_CAST(c AS BOOLEAN) ELSE error('an expectation''s condition is ' || typeof(c) || ', not BOOLEAN') END, false);

-- flow totals (complete)
-- source: transformations/totals.sql:1
-- FAIL UPDATE: the runner rolls the update back when a row has "__weir_exp_0" = false
CREATE OR REPLACE TABLE "main"."totals" AS
SELECT * EXCLUDE ("__weir_exp_0") FROM (
SELECT *,
  _weir.spark_expect((n > 0
)) AS "__weir_exp_0"
FROM (
SELECT count(*) AS n FROM "main"."clean"
) AS "__weir_q"
) AS "__weir_batch";

==> v.sql
-- Weir: temporary view v -> "_weir_private"."v"
-- source: transformations/v.sql
SET ieee_floating_point_ops = false;
SET TimeZone = 'UTC';
CREATE SCHEMA IF NOT EXISTS "_weir_private";

-- flow v (complete)
-- source: transformations/v.sql
CREATE OR REPLACE VIEW "_weir_private"."v" AS
SELECT * FROM "main"."totals";
