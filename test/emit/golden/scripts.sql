==> clean.sql
-- Weir: streaming table clean -> "main"."clean"
-- source: transformations/clean.sql
SET ieee_floating_point_ops = false;
SET TimeZone = 'UTC';
CREATE SCHEMA IF NOT EXISTS _weir;
CREATE MACRO IF NOT EXISTS _weir.spark_long(x) AS CASE WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) > CAST(x AS DOUBLE) AND CAST(x AS BIGINT) > 0 THEN CAST(x AS BIGINT) - 1 WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) < CAST(x AS DOUBLE) AND CAST(x AS BIGINT) < 0 THEN CAST(x AS BIGINT) + 1 ELSE CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_try_long(x) AS CASE WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) > TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) > 0 THEN TRY_CAST(x AS BIGINT) - 1 WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) < TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) < 0 THEN TRY_CAST(x AS BIGINT) + 1 ELSE TRY_CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_sci_plain(i, f) AS rtrim(ltrim(i || f, '0'), '0')[1] || '.' || coalesce(nullif(rtrim(ltrim(i || f, '0'), '0')[2:], ''), '0') || 'E' || CAST(CASE WHEN i <> '0' THEN length(i) - 1 ELSE length(ltrim(f, '0')) - length(f) - 1 END AS VARCHAR);
CREATE MACRO IF NOT EXISTS _weir.spark_sci(s) AS CASE WHEN contains(s, 'e') THEN split_part(s, 'e', 1) || CASE WHEN contains(split_part(s, 'e', 1), '.') THEN '' ELSE '.0' END || 'E' || CAST(CAST(split_part(s, 'e', 2) AS INTEGER) AS VARCHAR) ELSE _weir.spark_sci_plain(split_part(s, '.', 1), split_part(s, '.', 2)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_double_string(x) AS CASE WHEN isnan(x) THEN 'NaN' WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN CAST(x AS VARCHAR) ELSE CASE WHEN x < 0 THEN '-' ELSE '' END || _weir.spark_sci(CAST(abs(x) AS VARCHAR)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_string(x) AS CASE typeof(x) WHEN 'BLOB' THEN decode(TRY_CAST(CAST(x AS VARCHAR) AS BLOB)) WHEN 'DOUBLE' THEN _weir.spark_double_string(TRY_CAST(x AS DOUBLE)) WHEN 'FLOAT' THEN _weir.spark_double_string(TRY_CAST(x AS FLOAT)) ELSE CAST(x AS VARCHAR) END;
CREATE MACRO IF NOT EXISTS _weir.spark_binary(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN encode(TRY_CAST(x AS VARCHAR)) ELSE CAST(x AS BLOB) END;
CREATE MACRO IF NOT EXISTS _weir.spark_boolean(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS BOOLEAN), CAST(trim(TRY_CAST(x AS VARCHAR), ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) AS BOOLEAN)) ELSE CAST(x AS BOOLEAN) END;
CREATE MACRO IF NOT EXISTS _weir.spark_date(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS DATE), CAST(regexp_replace(regexp_replace(trim(TRY_CAST(x AS VARCHAR)), '^(\d{4})$', '\1-01'), '^(\d{4}-\d{1,2})$', '\1-01') AS DATE)) ELSE CAST(x AS DATE) END;

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
CREATE MACRO IF NOT EXISTS _weir.spark_long(x) AS CASE WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) > CAST(x AS DOUBLE) AND CAST(x AS BIGINT) > 0 THEN CAST(x AS BIGINT) - 1 WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) < CAST(x AS DOUBLE) AND CAST(x AS BIGINT) < 0 THEN CAST(x AS BIGINT) + 1 ELSE CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_try_long(x) AS CASE WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) > TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) > 0 THEN TRY_CAST(x AS BIGINT) - 1 WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) < TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) < 0 THEN TRY_CAST(x AS BIGINT) + 1 ELSE TRY_CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_sci_plain(i, f) AS rtrim(ltrim(i || f, '0'), '0')[1] || '.' || coalesce(nullif(rtrim(ltrim(i || f, '0'), '0')[2:], ''), '0') || 'E' || CAST(CASE WHEN i <> '0' THEN length(i) - 1 ELSE length(ltrim(f, '0')) - length(f) - 1 END AS VARCHAR);
CREATE MACRO IF NOT EXISTS _weir.spark_sci(s) AS CASE WHEN contains(s, 'e') THEN split_part(s, 'e', 1) || CASE WHEN contains(split_part(s, 'e', 1), '.') THEN '' ELSE '.0' END || 'E' || CAST(CAST(split_part(s, 'e', 2) AS INTEGER) AS VARCHAR) ELSE _weir.spark_sci_plain(split_part(s, '.', 1), split_part(s, '.', 2)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_double_string(x) AS CASE WHEN isnan(x) THEN 'NaN' WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN CAST(x AS VARCHAR) ELSE CASE WHEN x < 0 THEN '-' ELSE '' END || _weir.spark_sci(CAST(abs(x) AS VARCHAR)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_string(x) AS CASE typeof(x) WHEN 'BLOB' THEN decode(TRY_CAST(CAST(x AS VARCHAR) AS BLOB)) WHEN 'DOUBLE' THEN _weir.spark_double_string(TRY_CAST(x AS DOUBLE)) WHEN 'FLOAT' THEN _weir.spark_double_string(TRY_CAST(x AS FLOAT)) ELSE CAST(x AS VARCHAR) END;
CREATE MACRO IF NOT EXISTS _weir.spark_binary(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN encode(TRY_CAST(x AS VARCHAR)) ELSE CAST(x AS BLOB) END;
CREATE MACRO IF NOT EXISTS _weir.spark_boolean(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS BOOLEAN), CAST(trim(TRY_CAST(x AS VARCHAR), ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) AS BOOLEAN)) ELSE CAST(x AS BOOLEAN) END;
CREATE MACRO IF NOT EXISTS _weir.spark_date(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS DATE), CAST(regexp_replace(regexp_replace(trim(TRY_CAST(x AS VARCHAR)), '^(\d{4})$', '\1-01'), '^(\d{4}-\d{1,2})$', '\1-01') AS DATE)) ELSE CAST(x AS DATE) END;

-- flow raw_orders (append)
-- source: transformations/raw_orders.sql
-- reads files getvariable('weir_files__raw_orders__files_landing_orders_json') (default: /landing/orders/*.json)
CREATE TABLE IF NOT EXISTS "main"."raw_orders" AS SELECT * FROM (
SELECT * EXCLUDE ("__weir_exp_0") FROM (
SELECT *,
  coalesce((id IS NOT NULL), false) AS "__weir_exp_0"
FROM (
SELECT * FROM read_json(coalesce(getvariable('weir_files__raw_orders__files_landing_orders_json'), ['/landing/orders/*.json']::VARCHAR[]), union_by_name = true, format = 'newline_delimited')
) AS "__weir_q"
) AS "__weir_batch" WHERE "__weir_exp_0"
) AS "__weir_shape" LIMIT 0;
INSERT INTO "main"."raw_orders" BY NAME
SELECT * EXCLUDE ("__weir_exp_0") FROM (
SELECT *,
  coalesce((id IS NOT NULL), false) AS "__weir_exp_0"
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
CREATE MACRO IF NOT EXISTS _weir.spark_long(x) AS CASE WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) > CAST(x AS DOUBLE) AND CAST(x AS BIGINT) > 0 THEN CAST(x AS BIGINT) - 1 WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) < CAST(x AS DOUBLE) AND CAST(x AS BIGINT) < 0 THEN CAST(x AS BIGINT) + 1 ELSE CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_try_long(x) AS CASE WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) > TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) > 0 THEN TRY_CAST(x AS BIGINT) - 1 WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) < TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) < 0 THEN TRY_CAST(x AS BIGINT) + 1 ELSE TRY_CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_sci_plain(i, f) AS rtrim(ltrim(i || f, '0'), '0')[1] || '.' || coalesce(nullif(rtrim(ltrim(i || f, '0'), '0')[2:], ''), '0') || 'E' || CAST(CASE WHEN i <> '0' THEN length(i) - 1 ELSE length(ltrim(f, '0')) - length(f) - 1 END AS VARCHAR);
CREATE MACRO IF NOT EXISTS _weir.spark_sci(s) AS CASE WHEN contains(s, 'e') THEN split_part(s, 'e', 1) || CASE WHEN contains(split_part(s, 'e', 1), '.') THEN '' ELSE '.0' END || 'E' || CAST(CAST(split_part(s, 'e', 2) AS INTEGER) AS VARCHAR) ELSE _weir.spark_sci_plain(split_part(s, '.', 1), split_part(s, '.', 2)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_double_string(x) AS CASE WHEN isnan(x) THEN 'NaN' WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN CAST(x AS VARCHAR) ELSE CASE WHEN x < 0 THEN '-' ELSE '' END || _weir.spark_sci(CAST(abs(x) AS VARCHAR)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_string(x) AS CASE typeof(x) WHEN 'BLOB' THEN decode(TRY_CAST(CAST(x AS VARCHAR) AS BLOB)) WHEN 'DOUBLE' THEN _weir.spark_double_string(TRY_CAST(x AS DOUBLE)) WHEN 'FLOAT' THEN _weir.spark_double_string(TRY_CAST(x AS FLOAT)) ELSE CAST(x AS VARCHAR) END;
CREATE MACRO IF NOT EXISTS _weir.spark_binary(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN encode(TRY_CAST(x AS VARCHAR)) ELSE CAST(x AS BLOB) END;
CREATE MACRO IF NOT EXISTS _weir.spark_boolean(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS BOOLEAN), CAST(trim(TRY_CAST(x AS VARCHAR), ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) AS BOOLEAN)) ELSE CAST(x AS BOOLEAN) END;
CREATE MACRO IF NOT EXISTS _weir.spark_date(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS DATE), CAST(regexp_replace(regexp_replace(trim(TRY_CAST(x AS VARCHAR)), '^(\d{4})$', '\1-01'), '^(\d{4}-\d{1,2})$', '\1-01') AS DATE)) ELSE CAST(x AS DATE) END;

-- flow totals (complete)
-- source: transformations/totals.sql:1
-- FAIL UPDATE: the runner rolls the update back when a row has "__weir_exp_0" = false
CREATE OR REPLACE TABLE "main"."totals" AS
SELECT * EXCLUDE ("__weir_exp_0") FROM (
SELECT *,
  coalesce((n > 0), false) AS "__weir_exp_0"
FROM (
SELECT count(*) AS n FROM "main"."clean"
) AS "__weir_q"
) AS "__weir_batch";

==> v.sql
-- Weir: temporary view v -> "_weir_private"."v"
-- source: transformations/v.sql
SET ieee_floating_point_ops = false;
SET TimeZone = 'UTC';
CREATE SCHEMA IF NOT EXISTS _weir;
CREATE MACRO IF NOT EXISTS _weir.spark_long(x) AS CASE WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) > CAST(x AS DOUBLE) AND CAST(x AS BIGINT) > 0 THEN CAST(x AS BIGINT) - 1 WHEN CAST(CAST(x AS BIGINT) AS DOUBLE) < CAST(x AS DOUBLE) AND CAST(x AS BIGINT) < 0 THEN CAST(x AS BIGINT) + 1 ELSE CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_try_long(x) AS CASE WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) > TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) > 0 THEN TRY_CAST(x AS BIGINT) - 1 WHEN CAST(TRY_CAST(x AS BIGINT) AS DOUBLE) < TRY_CAST(x AS DOUBLE) AND TRY_CAST(x AS BIGINT) < 0 THEN TRY_CAST(x AS BIGINT) + 1 ELSE TRY_CAST(x AS BIGINT) END;
CREATE MACRO IF NOT EXISTS _weir.spark_sci_plain(i, f) AS rtrim(ltrim(i || f, '0'), '0')[1] || '.' || coalesce(nullif(rtrim(ltrim(i || f, '0'), '0')[2:], ''), '0') || 'E' || CAST(CASE WHEN i <> '0' THEN length(i) - 1 ELSE length(ltrim(f, '0')) - length(f) - 1 END AS VARCHAR);
CREATE MACRO IF NOT EXISTS _weir.spark_sci(s) AS CASE WHEN contains(s, 'e') THEN split_part(s, 'e', 1) || CASE WHEN contains(split_part(s, 'e', 1), '.') THEN '' ELSE '.0' END || 'E' || CAST(CAST(split_part(s, 'e', 2) AS INTEGER) AS VARCHAR) ELSE _weir.spark_sci_plain(split_part(s, '.', 1), split_part(s, '.', 2)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_double_string(x) AS CASE WHEN isnan(x) THEN 'NaN' WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN CAST(x AS VARCHAR) ELSE CASE WHEN x < 0 THEN '-' ELSE '' END || _weir.spark_sci(CAST(abs(x) AS VARCHAR)) END;
CREATE MACRO IF NOT EXISTS _weir.spark_string(x) AS CASE typeof(x) WHEN 'BLOB' THEN decode(TRY_CAST(CAST(x AS VARCHAR) AS BLOB)) WHEN 'DOUBLE' THEN _weir.spark_double_string(TRY_CAST(x AS DOUBLE)) WHEN 'FLOAT' THEN _weir.spark_double_string(TRY_CAST(x AS FLOAT)) ELSE CAST(x AS VARCHAR) END;
CREATE MACRO IF NOT EXISTS _weir.spark_binary(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN encode(TRY_CAST(x AS VARCHAR)) ELSE CAST(x AS BLOB) END;
CREATE MACRO IF NOT EXISTS _weir.spark_boolean(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS BOOLEAN), CAST(trim(TRY_CAST(x AS VARCHAR), ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) AS BOOLEAN)) ELSE CAST(x AS BOOLEAN) END;
CREATE MACRO IF NOT EXISTS _weir.spark_date(x) AS CASE typeof(x) WHEN 'VARCHAR' THEN coalesce(TRY_CAST(x AS DATE), CAST(regexp_replace(regexp_replace(trim(TRY_CAST(x AS VARCHAR)), '^(\d{4})$', '\1-01'), '^(\d{4}-\d{1,2})$', '\1-01') AS DATE)) ELSE CAST(x AS DATE) END;

-- flow v (complete)
-- source: transformations/v.sql
CREATE OR REPLACE VIEW "_weir_private"."v" AS
SELECT * FROM "main"."totals";
