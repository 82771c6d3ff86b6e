-- ensure
CREATE SCHEMA IF NOT EXISTS "main";

CREATE SCHEMA IF NOT EXISTS "_weir_private";

CREATE TABLE IF NOT EXISTS "_weir_private"."customers__cdc_violations" AS
SELECT *, CAST(NULL AS VARCHAR) AS "__weir_run_id", CAST(NULL AS VARCHAR) AS "__weir_reason"
FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "_weir_private"."customers__cdc_violations" ADD COLUMN IF NOT EXISTS "customer_id" BIGINT;

ALTER TABLE "_weir_private"."customers__cdc_violations" ADD COLUMN IF NOT EXISTS "operation" VARCHAR;

ALTER TABLE "_weir_private"."customers__cdc_violations" ADD COLUMN IF NOT EXISTS "event_ts" TIMESTAMP;

ALTER TABLE "_weir_private"."customers__cdc_violations" ADD COLUMN IF NOT EXISTS "name" VARCHAR;

ALTER TABLE "_weir_private"."customers__cdc_violations" ADD COLUMN IF NOT EXISTS "city" VARCHAR;

ALTER TABLE "_weir_private"."customers__cdc_violations" ADD COLUMN IF NOT EXISTS "last_login" TIMESTAMP;

CREATE TABLE IF NOT EXISTS "main"."customers" AS
SELECT "customer_id", "name", "city", "last_login" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "main"."customers" ADD COLUMN IF NOT EXISTS "customer_id" BIGINT;

ALTER TABLE "main"."customers" ADD COLUMN IF NOT EXISTS "name" VARCHAR;

ALTER TABLE "main"."customers" ADD COLUMN IF NOT EXISTS "city" VARCHAR;

ALTER TABLE "main"."customers" ADD COLUMN IF NOT EXISTS "last_login" TIMESTAMP;

CREATE TABLE IF NOT EXISTS "_weir_private"."customers__cdc_keys" AS
SELECT "customer_id", (event_ts) AS "__weir_seq", false AS "__weir_deleted" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

CREATE TABLE IF NOT EXISTS "_weir_private"."customers__cdc_truncate" AS
SELECT (event_ts) AS "__weir_seq" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

-- apply
SELECT error('SEQUENCE BY is now ' || t || ' but this target was built with ' || (SELECT data_type FROM information_schema.columns WHERE table_name = 'customers__cdc_keys' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq') ||
  '; keep the sequence type stable, or rebuild the target with --full-refresh')
FROM (SELECT typeof((event_ts)) AS t FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 1) WHERE CASE WHEN regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 'integer' ELSE t END <> CASE WHEN regexp_full_match((SELECT data_type FROM information_schema.columns WHERE table_name = 'customers__cdc_keys' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq'), 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 'integer' ELSE (SELECT data_type FROM information_schema.columns WHERE table_name = 'customers__cdc_keys' AND table_schema = '_weir_private' AND table_catalog = current_database() AND column_name = '__weir_seq') END;

INSERT INTO "_weir_private"."customers__cdc_violations" BY NAME
SELECT * EXCLUDE ("__weir_seq", "__weir_del", "__weir_trunc", "__weir_violation"),
  'run-1' AS "__weir_run_id", "__weir_violation" AS "__weir_reason"
FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b WHERE "__weir_violation" IS NOT NULL;

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers__cdc_truncate" AS
SELECT t FROM (SELECT max("__weir_seq") AS t FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b WHERE "__weir_violation" IS NULL AND "__weir_trunc")
WHERE t IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "_weir_private"."customers__cdc_truncate" s WHERE s."__weir_seq" >= t);

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers__cdc_purged" AS
SELECT s."customer_id" FROM "_weir_private"."customers__cdc_keys" s, temp.main."__weir_cdc__weir_private__customers__cdc_truncate" n
WHERE s."__weir_seq" <= n.t AND NOT s."__weir_deleted";

DELETE FROM "main"."customers" AS x USING temp.main."__weir_cdc__weir_private__customers__cdc_purged" p WHERE x."customer_id" = p."customer_id";

DELETE FROM "_weir_private"."customers__cdc_keys" AS s USING temp.main."__weir_cdc__weir_private__customers__cdc_truncate" n WHERE s."__weir_seq" <= n.t;

DELETE FROM "_weir_private"."customers__cdc_truncate" WHERE EXISTS (SELECT 1 FROM temp.main."__weir_cdc__weir_private__customers__cdc_truncate");

INSERT INTO "_weir_private"."customers__cdc_truncate" SELECT t FROM temp.main."__weir_cdc__weir_private__customers__cdc_truncate";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers__cdc_apply" AS
WITH w AS (
  SELECT *, first_value("__weir_seq") OVER (o GROUPS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) = "__weir_seq" AS "__weir_dup"
  FROM (SELECT "customer_id", "name", "city", "last_login", "__weir_seq", "__weir_del" FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b
WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc" AND ((SELECT max("__weir_seq") FROM "_weir_private"."customers__cdc_truncate") IS NULL OR "__weir_seq" > (SELECT max("__weir_seq") FROM "_weir_private"."customers__cdc_truncate")))
  WINDOW o AS (PARTITION BY "customer_id" ORDER BY "__weir_seq" DESC, "__weir_del" DESC, CASE WHEN "__weir_del" THEN NULL ELSE "name" END DESC NULLS LAST, CASE WHEN "__weir_del" THEN NULL ELSE "city" END DESC NULLS LAST, CASE WHEN "__weir_del" THEN NULL ELSE "last_login" END DESC NULLS LAST)
  QUALIFY row_number() OVER o = 1)
SELECT w.* EXCLUDE ("__weir_dup"), s."__weir_seq" AS "__weir_prev_seq", s."__weir_deleted" AS "__weir_prev_deleted",
  s."__weir_seq" IS NULL OR w."__weir_seq" > s."__weir_seq"
    OR (w."__weir_seq" = s."__weir_seq" AND NOT s."__weir_deleted") AS "__weir_apply",
  coalesce(w."__weir_dup", false) OR coalesce(w."__weir_seq" = s."__weir_seq" AND w."__weir_del" <> s."__weir_deleted", false) AS "__weir_dup"
FROM w LEFT JOIN "_weir_private"."customers__cdc_keys" s ON w."customer_id" = s."customer_id";

UPDATE temp.main."__weir_cdc__weir_private__customers__cdc_apply" AS a SET "__weir_apply" = x."__weir_greater", "__weir_dup" = a."__weir_dup" OR x."__weir_differs" FROM (
  SELECT e."customer_id", CASE WHEN e."name" IS NOT DISTINCT FROM t."name" THEN CASE WHEN e."city" IS NOT DISTINCT FROM t."city" THEN CASE WHEN e."last_login" IS NOT DISTINCT FROM t."last_login" THEN false ELSE (t."last_login" IS NULL OR coalesce(e."last_login" > t."last_login", false)) END ELSE (t."city" IS NULL OR coalesce(e."city" > t."city", false)) END ELSE (t."name" IS NULL OR coalesce(e."name" > t."name", false)) END AS "__weir_greater", struct_pack("name" := e."name", "city" := e."city", "last_login" := e."last_login") IS DISTINCT FROM struct_pack("name" := t."name", "city" := t."city", "last_login" := t."last_login") AS "__weir_differs"
  FROM temp.main."__weir_cdc__weir_private__customers__cdc_apply" e JOIN "main"."customers" t ON e."customer_id" = t."customer_id"
  WHERE e."__weir_apply" AND e."__weir_seq" = e."__weir_prev_seq" AND NOT e."__weir_del"
) x WHERE a."customer_id" = x."customer_id";

DELETE FROM "main"."customers" AS t USING temp.main."__weir_cdc__weir_private__customers__cdc_apply" AS a WHERE a."__weir_apply" AND t."customer_id" = a."customer_id";

INSERT INTO "main"."customers" ("customer_id", "name", "city", "last_login")
SELECT "customer_id", "name", "city", "last_login" FROM temp.main."__weir_cdc__weir_private__customers__cdc_apply" WHERE "__weir_apply" AND NOT "__weir_del";

UPDATE "_weir_private"."customers__cdc_keys" AS s SET "__weir_seq" = a."__weir_seq", "__weir_deleted" = a."__weir_del"
FROM temp.main."__weir_cdc__weir_private__customers__cdc_apply" AS a WHERE a."__weir_apply" AND a."__weir_prev_seq" IS NOT NULL AND s."customer_id" = a."customer_id";

INSERT INTO "_weir_private"."customers__cdc_keys" ("customer_id", "__weir_seq", "__weir_deleted")
SELECT "customer_id", "__weir_seq", "__weir_del" FROM temp.main."__weir_cdc__weir_private__customers__cdc_apply" WHERE "__weir_apply" AND "__weir_prev_seq" IS NULL;

-- metrics
SELECT m.num_upserted_rows, m.num_deleted_rows, m.num_output_rows, m.num_applied_changes,
  bc.num_valid - m.num_applied_changes AS num_ignored_changes, bc.num_violations,
  m.dup AS num_duplicate_sequence
FROM (SELECT u AS num_upserted_rows, d + (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers__cdc_purged") AS num_deleted_rows, i AS num_output_rows, ap + (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers__cdc_truncate") AS num_applied_changes, dup
FROM (SELECT count(*) FILTER (WHERE "__weir_apply" AND NOT "__weir_del") AS u,
  count(*) FILTER (WHERE "__weir_apply" AND NOT "__weir_del" AND "__weir_prev_deleted" IS DISTINCT FROM false) AS i,
  count(*) FILTER (WHERE "__weir_apply" AND "__weir_del" AND "__weir_prev_deleted" = false) AS d,
  count(*) FILTER (WHERE "__weir_apply") AS ap,
  count(*) FILTER (WHERE "__weir_dup") AS dup FROM temp.main."__weir_cdc__weir_private__customers__cdc_apply")) AS m,
  (SELECT count(*) FILTER (WHERE "__weir_violation" IS NULL) AS num_valid,
     count(*) FILTER (WHERE "__weir_violation" IS NOT NULL) AS num_violations
   FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b) AS bc;

-- duplicates
SELECT CAST("customer_id" AS VARCHAR) AS "key", CAST("__weir_seq" AS VARCHAR) AS "sequence"
FROM (SELECT "customer_id", "__weir_seq" FROM temp.main."__weir_cdc__weir_private__customers__cdc_apply" WHERE "__weir_dup")
ORDER BY ALL LIMIT 20;

-- cleanup
DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers__cdc_truncate";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers__cdc_purged";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers__cdc_apply";
