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
SELECT "customer_id", "event_ts", "name", "city", "last_login", (event_ts) AS "__START_AT", (event_ts) AS "__END_AT" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "customer_id" BIGINT;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "event_ts" TIMESTAMP;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "name" VARCHAR;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "city" VARCHAR;

ALTER TABLE "main"."customers_history" ADD COLUMN IF NOT EXISTS "last_login" TIMESTAMP;

CREATE TABLE IF NOT EXISTS "_weir_private"."customers_history__cdc_events" AS
SELECT "customer_id", "event_ts", "name", "city", "last_login", (event_ts) AS "__weir_seq", false AS "__weir_del" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "_weir_private"."customers_history__cdc_events" ADD COLUMN IF NOT EXISTS "event_ts" TIMESTAMP;

ALTER TABLE "_weir_private"."customers_history__cdc_events" ADD COLUMN IF NOT EXISTS "name" VARCHAR;

ALTER TABLE "_weir_private"."customers_history__cdc_events" ADD COLUMN IF NOT EXISTS "city" VARCHAR;

ALTER TABLE "_weir_private"."customers_history__cdc_events" ADD COLUMN IF NOT EXISTS "last_login" TIMESTAMP;

-- apply
SELECT error('SEQUENCE BY is now ' || t || ' but this target was built with ' || (SELECT data_type FROM information_schema.columns WHERE table_name = 'customers_history__cdc_events' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq') ||
  '; keep the sequence type stable, or rebuild the target with --full-refresh')
FROM (SELECT typeof((event_ts)) AS t FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 1) WHERE CASE WHEN regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 'integer' ELSE t END <> CASE WHEN regexp_full_match((SELECT data_type FROM information_schema.columns WHERE table_name = 'customers_history__cdc_events' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq'), 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 'integer' ELSE (SELECT data_type FROM information_schema.columns WHERE table_name = 'customers_history__cdc_events' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq') END;

INSERT INTO "_weir_private"."customers_history__cdc_violations" BY NAME
SELECT * EXCLUDE ("__weir_seq", "__weir_del", "__weir_trunc", "__weir_violation"),
  'run-1' AS "__weir_run_id", "__weir_violation" AS "__weir_reason"
FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", false AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b WHERE "__weir_violation" IS NOT NULL;

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_new" AS
SELECT "customer_id", "event_ts", "name", "city", "last_login", "__weir_seq", "__weir_del" FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", false AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b
WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_events" AS
WITH tk AS (SELECT DISTINCT "customer_id" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new"),
a AS (SELECT e.* FROM "_weir_private"."customers_history__cdc_events" e JOIN tk ON e."customer_id" = tk."customer_id"
      UNION ALL BY NAME SELECT * FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new")
SELECT *, struct_pack("__weir_del" := "__weir_del", "event_ts" := CASE WHEN "__weir_del" THEN NULL ELSE "event_ts" END, "name" := CASE WHEN "__weir_del" THEN NULL ELSE "name" END, "city" := CASE WHEN "__weir_del" THEN NULL ELSE "city" END, "last_login" := CASE WHEN "__weir_del" THEN NULL ELSE "last_login" END) IS DISTINCT FROM last_value(struct_pack("__weir_del" := "__weir_del", "event_ts" := CASE WHEN "__weir_del" THEN NULL ELSE "event_ts" END, "name" := CASE WHEN "__weir_del" THEN NULL ELSE "name" END, "city" := CASE WHEN "__weir_del" THEN NULL ELSE "city" END, "last_login" := CASE WHEN "__weir_del" THEN NULL ELSE "last_login" END)) OVER (o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "__weir_dup"
FROM a
WINDOW o AS (PARTITION BY "customer_id", "__weir_seq" ORDER BY "__weir_del" DESC, "event_ts" DESC NULLS LAST, "name" DESC NULLS LAST, "city" DESC NULLS LAST, "last_login" DESC NULLS LAST)
QUALIFY row_number() OVER o = 1;

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_changed" AS
SELECT v.* EXCLUDE ("__weir_dup") FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events" v SEMI JOIN (SELECT DISTINCT "customer_id", "__weir_seq" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new") x
  ON v."customer_id" = x."customer_id" AND v."__weir_seq" = x."__weir_seq"
WHERE NOT EXISTS (SELECT 1 FROM "_weir_private"."customers_history__cdc_events" e WHERE e."customer_id" = v."customer_id" AND e."__weir_seq" = v."__weir_seq"
  AND struct_pack("__weir_del" := e."__weir_del", "event_ts" := e."event_ts", "name" := e."name", "city" := e."city", "last_login" := e."last_login") IS NOT DISTINCT FROM struct_pack("__weir_del" := v."__weir_del", "event_ts" := v."event_ts", "name" := v."name", "city" := v."city", "last_login" := v."last_login"));

DELETE FROM "_weir_private"."customers_history__cdc_events" AS e USING temp.main."__weir_cdc__weir_private__customers_history__cdc_changed" x
WHERE e."customer_id" = x."customer_id" AND e."__weir_seq" = x."__weir_seq";

INSERT INTO "_weir_private"."customers_history__cdc_events" BY NAME SELECT * FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_changed";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_versions" AS
WITH e2 AS (SELECT * FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events"),
e3 AS (SELECT *, NOT "__weir_del" AND (lag("__weir_del") OVER w IS NULL OR lag("__weir_del") OVER w OR lag(struct_pack("event_ts" := "event_ts", "name" := "name", "city" := "city")) OVER w IS DISTINCT FROM struct_pack("event_ts" := "event_ts", "name" := "name", "city" := "city")) AS "__weir_open"
       FROM e2 WINDOW w AS (PARTITION BY "customer_id" ORDER BY "__weir_seq")),
e4 AS (SELECT *, sum(CAST("__weir_open" AS INTEGER)) OVER (PARTITION BY "customer_id" ORDER BY "__weir_seq" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "__weir_vid" FROM e3),
b AS (SELECT "customer_id", "__weir_seq", lead("__weir_seq") OVER (PARTITION BY "customer_id" ORDER BY "__weir_seq") AS "__weir_next" FROM e3 WHERE "__weir_open" OR "__weir_del"),
v AS (SELECT *, min("__weir_seq") OVER (PARTITION BY "customer_id", "__weir_vid") AS "__weir_start" FROM e4 WHERE NOT "__weir_del"
      QUALIFY row_number() OVER (PARTITION BY "customer_id", "__weir_vid" ORDER BY "__weir_seq" DESC) = 1)
SELECT v."customer_id", v."event_ts", v."name", v."city", v."last_login", v."__weir_start" AS "__START_AT", b."__weir_next" AS "__END_AT"
FROM v JOIN b ON v."customer_id" = b."customer_id" AND b."__weir_seq" = v."__weir_start";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers_history__cdc_diff" AS
SELECT count(*) FILTER (WHERE o."__weir_old" IS NULL) AS ins,
  count(*) FILTER (WHERE v."__weir_new" AND o."__weir_old" AND struct_pack("event_ts" := v."event_ts", "name" := v."name", "city" := v."city", "last_login" := v."last_login", "__END_AT" := v."__END_AT") IS DISTINCT FROM struct_pack("event_ts" := o."event_ts", "name" := o."name", "city" := o."city", "last_login" := o."last_login", "__END_AT" := o."__END_AT")) AS upd,
  count(*) FILTER (WHERE v."__weir_new" IS NULL) AS del
FROM (SELECT *, true AS "__weir_new" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_versions") v
FULL JOIN (SELECT t.*, true AS "__weir_old" FROM "main"."customers_history" t SEMI JOIN (SELECT DISTINCT "customer_id" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new") x ON t."customer_id" = x."customer_id") o
  ON v."customer_id" = o."customer_id" AND v."__START_AT" = o."__START_AT";

DELETE FROM "main"."customers_history" AS t USING (SELECT DISTINCT "customer_id" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_new") x WHERE t."customer_id" = x."customer_id";

INSERT INTO "main"."customers_history" BY NAME SELECT * FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_versions";

-- metrics
SELECT m.num_upserted_rows, m.num_deleted_rows, m.num_output_rows, m.num_applied_changes,
  bc.num_valid - m.num_applied_changes AS num_ignored_changes, bc.num_violations,
  (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events" WHERE "__weir_dup") AS num_duplicate_sequence
FROM (SELECT ins + upd AS num_upserted_rows, del AS num_deleted_rows, ins AS num_output_rows,
  (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_changed") AS num_applied_changes FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_diff") AS m,
  (SELECT count(*) FILTER (WHERE "__weir_violation" IS NULL) AS num_valid,
     count(*) FILTER (WHERE "__weir_violation" IS NOT NULL) AS num_violations
   FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", false AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b) AS bc;

-- duplicates
SELECT CAST("customer_id" AS VARCHAR) AS "key", CAST("__weir_seq" AS VARCHAR) AS "sequence"
FROM (SELECT "customer_id", "__weir_seq" FROM temp.main."__weir_cdc__weir_private__customers_history__cdc_events" WHERE "__weir_dup")
ORDER BY ALL LIMIT 20;

-- cleanup
DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_new";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_events";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_changed";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_versions";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers_history__cdc_diff";
