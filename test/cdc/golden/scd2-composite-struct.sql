-- ensure
CREATE SCHEMA IF NOT EXISTS "main";

CREATE SCHEMA IF NOT EXISTS "_weir_private";

CREATE TABLE IF NOT EXISTS "_weir_private"."customers_history__cdc_violations" AS
SELECT *, CAST(NULL AS VARCHAR) AS "__weir_run_id", CAST(NULL AS VARCHAR) AS "__weir_reason"
FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "_weir_private"."customers_history__cdc_violations" ADD COLUMN IF NOT EXISTS "customer_id" BIGINT;

ALTER TABLE "_weir_private"."customers_history__cdc_violations" ADD COLUMN IF NOT EXISTS "operation" VARCHAR;

ALTER TABLE "_weir_private"."customers_history__cdc_violations" ADD COLUMN IF NOT EXISTS "event_ts" TIMESTAMP;

ALTER TABLE "_weir_private"."customers_history__cdc_violations" ADD COLUMN IF NOT EXISTS "name" VARCHAR;

ALTER TABLE "_weir_private"."customers_history__cdc_violations" ADD COLUMN IF NOT EXISTS "city" VARCHAR;

ALTER TABLE "_weir_private"."customers_history__cdc_violations" ADD COLUMN IF NOT EXISTS "last_login" TIMESTAMP;

CREATE TABLE IF NOT EXISTS "main"."customers_history" AS
SELECT "customer_id", "name", "city", "last_login", (struct_pack(ts := event_ts, op := operation)) AS "__START_AT", (struct_pack(ts := event_ts, op := operation)) AS "__END_AT" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "customer_id" BIGINT;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "name" VARCHAR;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "city" VARCHAR;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "last_login" TIMESTAMP;

CREATE TABLE IF NOT EXISTS "_weir_private"."customers_history__cdc_events" AS
SELECT "customer_id", "city", "name", "last_login", (struct_pack(ts := event_ts, op := operation)) AS "__weir_seq", false AS "__weir_del" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "_weir_private"."customers_history__cdc_events" ADD COLUMN IF NOT EXISTS "name" VARCHAR;

ALTER TABLE "_weir_private"."customers_history__cdc_events" ADD COLUMN IF NOT EXISTS "last_login" TIMESTAMP;

-- apply
SELECT error('SEQUENCE BY is now ' || t || ' but this target was built with ' || (SELECT data_type FROM information_schema.columns WHERE table_name = 'customers_history__cdc_events' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq') ||
  '; keep the sequence type stable, or rebuild the target with --full-refresh')
FROM (SELECT typeof((struct_pack(ts := event_ts, op := operation))) AS t FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 1) WHERE CASE WHEN regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 'integer' ELSE t END <> CASE WHEN regexp_full_match((SELECT data_type FROM information_schema.columns WHERE table_name = 'customers_history__cdc_events' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq'), 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 'integer' ELSE (SELECT data_type FROM information_schema.columns WHERE table_name = 'customers_history__cdc_events' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq') END;

INSERT INTO "_weir_private"."customers_history__cdc_violations" BY NAME
SELECT * EXCLUDE ("__weir_seq", "__weir_del", "__weir_trunc", "__weir_violation"),
  'run-1' AS "__weir_run_id", "__weir_violation" AS "__weir_reason"
FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL OR "city" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (struct_pack(ts := event_ts, op := operation)) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", false AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b WHERE "__weir_violation" IS NOT NULL;

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_new" AS
SELECT "customer_id", "city", "name", "last_login", "__weir_seq", "__weir_del" FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL OR "city" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (struct_pack(ts := event_ts, op := operation)) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", false AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b
WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_events" AS
WITH tk AS (SELECT DISTINCT "customer_id", "city" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new"),
a AS (SELECT e.* FROM "_weir_private"."customers_history__cdc_events" e JOIN tk ON e."customer_id" = tk."customer_id" AND e."city" = tk."city"
      UNION ALL BY NAME SELECT * FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new")
SELECT "customer_id", "city", "__weir_seq", bool_or("__weir_del") AS "__weir_del", CASE WHEN bool_or("__weir_del") THEN NULL ELSE max("name") END AS "name", CASE WHEN bool_or("__weir_del") THEN NULL ELSE max("last_login") END AS "last_login", count(DISTINCT struct_pack("__weir_del" := "__weir_del", "name" := CASE WHEN "__weir_del" THEN NULL ELSE "name" END, "last_login" := CASE WHEN "__weir_del" THEN NULL ELSE "last_login" END)) > 1 AS "__weir_dup"
FROM a GROUP BY "customer_id", "city", "__weir_seq";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_changed" AS
SELECT v.* EXCLUDE ("__weir_dup") FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events" v SEMI JOIN (SELECT DISTINCT "customer_id", "city", "__weir_seq" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new") x
  ON v."customer_id" = x."customer_id" AND v."city" = x."city" AND v."__weir_seq" = x."__weir_seq"
WHERE NOT EXISTS (SELECT 1 FROM "_weir_private"."customers_history__cdc_events" e WHERE e."customer_id" = v."customer_id" AND e."city" = v."city" AND e."__weir_seq" = v."__weir_seq"
  AND struct_pack("__weir_del" := e."__weir_del", "name" := e."name", "last_login" := e."last_login") IS NOT DISTINCT FROM struct_pack("__weir_del" := v."__weir_del", "name" := v."name", "last_login" := v."last_login"));

DELETE FROM "_weir_private"."customers_history__cdc_events" AS e USING temp.main."__weir_cdc__weir_private__customers_history__cdc_changed" x
WHERE e."customer_id" = x."customer_id" AND e."city" = x."city" AND e."__weir_seq" = x."__weir_seq";

INSERT INTO "_weir_private"."customers_history__cdc_events" BY NAME SELECT * FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_changed";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_versions" AS
WITH e1 AS (SELECT *, sum(CAST("__weir_del" AS INTEGER)) OVER (PARTITION BY "customer_id", "city" ORDER BY "__weir_seq" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "__weir_chain" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events"),
e2 AS (SELECT "customer_id", "city", "__weir_seq", "__weir_del", last_value("name" IGNORE NULLS) OVER (PARTITION BY "customer_id", "city", "__weir_chain" ORDER BY "__weir_seq" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "name", last_value("last_login" IGNORE NULLS) OVER (PARTITION BY "customer_id", "city", "__weir_chain" ORDER BY "__weir_seq" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "last_login" FROM e1),
e3 AS (SELECT *, NOT "__weir_del" AND (lag("__weir_del") OVER w IS NULL OR lag("__weir_del") OVER w OR lag(struct_pack("name" := "name", "last_login" := "last_login")) OVER w IS DISTINCT FROM struct_pack("name" := "name", "last_login" := "last_login")) AS "__weir_open"
       FROM e2 WINDOW w AS (PARTITION BY "customer_id", "city" ORDER BY "__weir_seq")),
e4 AS (SELECT *, sum(CAST("__weir_open" AS INTEGER)) OVER (PARTITION BY "customer_id", "city" ORDER BY "__weir_seq" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "__weir_vid" FROM e3),
b AS (SELECT "customer_id", "city", "__weir_seq", lead("__weir_seq") OVER (PARTITION BY "customer_id", "city" ORDER BY "__weir_seq") AS "__weir_next" FROM e3 WHERE "__weir_open" OR "__weir_del"),
v AS (SELECT *, min("__weir_seq") OVER (PARTITION BY "customer_id", "city", "__weir_vid") AS "__weir_start" FROM e4 WHERE NOT "__weir_del"
      QUALIFY row_number() OVER (PARTITION BY "customer_id", "city", "__weir_vid" ORDER BY "__weir_seq" DESC) = 1)
SELECT v."customer_id", v."city", v."name", v."last_login", v."__weir_start" AS "__START_AT", b."__weir_next" AS "__END_AT"
FROM v JOIN b ON v."customer_id" = b."customer_id" AND v."city" = b."city" AND b."__weir_seq" = v."__weir_start";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_diff" AS
SELECT count(*) FILTER (WHERE o."__weir_old" IS NULL) AS ins,
  count(*) FILTER (WHERE v."__weir_new" AND o."__weir_old" AND struct_pack("name" := v."name", "last_login" := v."last_login", "__END_AT" := v."__END_AT") IS DISTINCT FROM struct_pack("name" := o."name", "last_login" := o."last_login", "__END_AT" := o."__END_AT")) AS upd,
  count(*) FILTER (WHERE v."__weir_new" IS NULL) AS del
FROM (SELECT *, true AS "__weir_new" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_versions") v
FULL JOIN (SELECT t.*, true AS "__weir_old" FROM "main"."customers_history" t SEMI JOIN (SELECT DISTINCT "customer_id", "city" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new") x ON t."customer_id" = x."customer_id" AND t."city" = x."city") o
  ON v."customer_id" = o."customer_id" AND v."city" = o."city" AND v."__START_AT" = o."__START_AT";

DELETE FROM "main"."customers_history" AS t USING (SELECT DISTINCT "customer_id", "city" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new") x WHERE t."customer_id" = x."customer_id" AND t."city" = x."city";

INSERT INTO "main"."customers_history" BY NAME SELECT * FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_versions";

-- metrics
SELECT m.num_upserted_rows, m.num_deleted_rows, m.num_output_rows, m.num_applied_changes,
  bc.num_valid - m.num_applied_changes AS num_ignored_changes, bc.num_violations,
  (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events" WHERE "__weir_dup") AS num_duplicate_sequence
FROM (SELECT ins + upd AS num_upserted_rows, del AS num_deleted_rows, ins AS num_output_rows,
  (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_changed") AS num_applied_changes FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_diff") AS m,
  (SELECT count(*) FILTER (WHERE "__weir_violation" IS NULL) AS num_valid,
     count(*) FILTER (WHERE "__weir_violation" IS NOT NULL) AS num_violations
   FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL OR "city" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (struct_pack(ts := event_ts, op := operation)) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", false AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b) AS bc;

-- duplicates
SELECT CAST(struct_pack("customer_id" := "customer_id", "city" := "city") AS VARCHAR) AS "key", CAST("__weir_seq" AS VARCHAR) AS "sequence"
FROM (SELECT "customer_id", "city", "__weir_seq" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events" WHERE "__weir_dup")
ORDER BY ALL LIMIT 20;

-- cleanup
DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_new";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_events";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_changed";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_versions";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_diff";
