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
SELECT "customer_id", (event_ts) AS "__weir_seq", false AS "__weir_deleted", (event_ts) AS "__weir_reset", (event_ts) AS "__weir_cs_name", (event_ts) AS "__weir_cs_city", (event_ts) AS "__weir_cs_last_login" FROM "temp"."__weir_changes" AS "__weir_changes" LIMIT 0;

ALTER TABLE "_weir_private"."customers__cdc_keys" ADD COLUMN IF NOT EXISTS "__weir_cs_name" TIMESTAMP;

ALTER TABLE "_weir_private"."customers__cdc_keys" ADD COLUMN IF NOT EXISTS "__weir_cs_city" TIMESTAMP;

ALTER TABLE "_weir_private"."customers__cdc_keys" ADD COLUMN IF NOT EXISTS "__weir_cs_last_login" TIMESTAMP;

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

UPDATE "main"."customers" AS x SET "name" = CASE WHEN s."__weir_cs_name" <= n.t THEN NULL ELSE x."name" END, "city" = CASE WHEN s."__weir_cs_city" <= n.t THEN NULL ELSE x."city" END, "last_login" = CASE WHEN s."__weir_cs_last_login" <= n.t THEN NULL ELSE x."last_login" END
FROM "_weir_private"."customers__cdc_keys" s, temp.main."__weir_cdc__weir_private__customers__cdc_truncate" n WHERE x."customer_id" = s."customer_id" AND s."__weir_seq" > n.t AND NOT s."__weir_deleted";

UPDATE "_weir_private"."customers__cdc_keys" AS s SET "__weir_cs_name" = CASE WHEN s."__weir_cs_name" <= n.t THEN NULL ELSE s."__weir_cs_name" END, "__weir_cs_city" = CASE WHEN s."__weir_cs_city" <= n.t THEN NULL ELSE s."__weir_cs_city" END, "__weir_cs_last_login" = CASE WHEN s."__weir_cs_last_login" <= n.t THEN NULL ELSE s."__weir_cs_last_login" END
FROM temp.main."__weir_cdc__weir_private__customers__cdc_truncate" n WHERE s."__weir_seq" > n.t;

DELETE FROM "_weir_private"."customers__cdc_keys" AS s USING temp.main."__weir_cdc__weir_private__customers__cdc_truncate" n WHERE s."__weir_seq" <= n.t;

DELETE FROM "_weir_private"."customers__cdc_truncate" WHERE EXISTS (SELECT 1 FROM temp.main."__weir_cdc__weir_private__customers__cdc_truncate");

INSERT INTO "_weir_private"."customers__cdc_truncate" SELECT t FROM temp.main."__weir_cdc__weir_private__customers__cdc_truncate";

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers__cdc_candidates" AS
WITH e AS (
SELECT "customer_id", "name", "city", "last_login", "__weir_seq", "__weir_del" FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b
WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc" AND ((SELECT max("__weir_seq") FROM "_weir_private"."customers__cdc_truncate") IS NULL OR "__weir_seq" > (SELECT max("__weir_seq") FROM "_weir_private"."customers__cdc_truncate"))
),
tk AS (SELECT DISTINCT "customer_id" FROM e)
SELECT e.*, false AS "__weir_state", e."__weir_seq" AS "__weir_cs_name", e."__weir_seq" AS "__weir_cs_city", e."__weir_seq" AS "__weir_cs_last_login" FROM e
UNION ALL BY NAME
SELECT s."customer_id", t."name", t."city", t."last_login", s."__weir_seq", s."__weir_deleted" AS "__weir_del", true AS "__weir_state", s."__weir_cs_name", s."__weir_cs_city", s."__weir_cs_last_login"
FROM "_weir_private"."customers__cdc_keys" s JOIN tk ON s."customer_id" = tk."customer_id" LEFT JOIN "main"."customers" t ON s."customer_id" = t."customer_id"
UNION ALL BY NAME
SELECT s."customer_id", s."__weir_reset" AS "__weir_seq", true AS "__weir_del", true AS "__weir_state"
FROM "_weir_private"."customers__cdc_keys" s JOIN tk ON s."customer_id" = tk."customer_id" WHERE s."__weir_reset" IS NOT NULL;

CREATE OR REPLACE TEMP TABLE temp.main."__weir_cdc__weir_private__customers__cdc_result" AS
WITH c AS (SELECT *, max("__weir_seq") FILTER (WHERE "__weir_del") OVER (PARTITION BY "customer_id") AS "__weir_reset" FROM temp.main."__weir_cdc__weir_private__customers__cdc_candidates")
SELECT c."customer_id",
  max(c."__weir_seq") AS "__weir_seq",
  max(c."__weir_reset") AS "__weir_reset",
  count(*) FILTER (WHERE NOT c."__weir_del" AND (c."__weir_reset" IS NULL OR c."__weir_seq" > c."__weir_reset")) > 0 AS "__weir_live",
  count(*) FILTER (WHERE NOT c."__weir_del" AND (c."__weir_reset" IS NULL OR c."__weir_seq" > c."__weir_reset") AND NOT c."__weir_state") > 0 AS "__weir_upserted",
  coalesce(bool_or(NOT c."__weir_del") FILTER (WHERE c."__weir_state"), false) AS "__weir_prev_live",
  arg_max(c."name", struct_pack(s := c."__weir_cs_name", v := c."name")) FILTER (WHERE NOT c."__weir_del" AND c."name" IS NOT NULL AND (c."__weir_reset" IS NULL OR c."__weir_cs_name" > c."__weir_reset")) AS "name",
  max(c."__weir_cs_name") FILTER (WHERE NOT c."__weir_del" AND c."name" IS NOT NULL AND (c."__weir_reset" IS NULL OR c."__weir_cs_name" > c."__weir_reset")) AS "__weir_cs_name",
  arg_max(c."city", struct_pack(s := c."__weir_cs_city", v := c."city")) FILTER (WHERE NOT c."__weir_del" AND c."city" IS NOT NULL AND (c."__weir_reset" IS NULL OR c."__weir_cs_city" > c."__weir_reset")) AS "city",
  max(c."__weir_cs_city") FILTER (WHERE NOT c."__weir_del" AND c."city" IS NOT NULL AND (c."__weir_reset" IS NULL OR c."__weir_cs_city" > c."__weir_reset")) AS "__weir_cs_city",
  arg_max(c."last_login", struct_pack(s := c."__weir_cs_last_login", v := c."last_login")) FILTER (WHERE NOT c."__weir_del" AND c."last_login" IS NOT NULL AND (c."__weir_reset" IS NULL OR c."__weir_cs_last_login" > c."__weir_reset")) AS "last_login",
  max(c."__weir_cs_last_login") FILTER (WHERE NOT c."__weir_del" AND c."last_login" IS NOT NULL AND (c."__weir_reset" IS NULL OR c."__weir_cs_last_login" > c."__weir_reset")) AS "__weir_cs_last_login"
FROM c GROUP BY c."customer_id";

MERGE INTO "main"."customers" AS t USING temp.main."__weir_cdc__weir_private__customers__cdc_result" AS r ON t."customer_id" = r."customer_id"
WHEN MATCHED AND NOT r."__weir_live" THEN DELETE
WHEN MATCHED THEN UPDATE SET "name" = r."name", "city" = r."city", "last_login" = r."last_login"
WHEN NOT MATCHED AND r."__weir_live" THEN INSERT ("customer_id", "name", "city", "last_login") VALUES (r."customer_id", r."name", r."city", r."last_login");

MERGE INTO "_weir_private"."customers__cdc_keys" AS s USING temp.main."__weir_cdc__weir_private__customers__cdc_result" AS r ON s."customer_id" = r."customer_id"
WHEN MATCHED THEN UPDATE SET "__weir_seq" = r."__weir_seq", "__weir_deleted" = NOT r."__weir_live", "__weir_reset" = r."__weir_reset", "__weir_cs_name" = r."__weir_cs_name", "__weir_cs_city" = r."__weir_cs_city", "__weir_cs_last_login" = r."__weir_cs_last_login"
WHEN NOT MATCHED THEN INSERT ("customer_id", "__weir_seq", "__weir_deleted", "__weir_reset", "__weir_cs_name", "__weir_cs_city", "__weir_cs_last_login") VALUES (r."customer_id", r."__weir_seq", NOT r."__weir_live", r."__weir_reset", r."__weir_cs_name", r."__weir_cs_city", r."__weir_cs_last_login");

-- metrics
SELECT m.num_upserted_rows, m.num_deleted_rows, m.num_output_rows, m.num_applied_changes,
  bc.num_valid - m.num_applied_changes AS num_ignored_changes, bc.num_violations,
  m.dup AS num_duplicate_sequence
FROM (WITH p AS (SELECT "customer_id", max("__weir_seq") AS "__weir_seq", max("__weir_seq") FILTER (WHERE "__weir_del") AS "__weir_del_seq", any_value("name") FILTER (WHERE NOT "__weir_del") AS "name", max("__weir_cs_name") AS "__weir_cs_name", any_value("city") FILTER (WHERE NOT "__weir_del") AS "city", max("__weir_cs_city") AS "__weir_cs_city", any_value("last_login") FILTER (WHERE NOT "__weir_del") AS "last_login", max("__weir_cs_last_login") AS "__weir_cs_last_login"
  FROM temp.main."__weir_cdc__weir_private__customers__cdc_candidates" WHERE "__weir_state" GROUP BY ALL),
e AS (SELECT c."customer_id", NOT c."__weir_del" AND (r."__weir_reset" IS NULL OR c."__weir_seq" > r."__weir_reset")
      AND ((c."__weir_seq" = r."__weir_seq" AND (p."__weir_seq" IS NULL OR c."__weir_seq" > p."__weir_seq"))
        OR (c."name" IS NOT NULL AND c."__weir_seq" = r."__weir_cs_name" AND c."name" = r."name" AND (r."__weir_cs_name" IS DISTINCT FROM p."__weir_cs_name" OR r."name" IS DISTINCT FROM p."name"))
        OR (c."city" IS NOT NULL AND c."__weir_seq" = r."__weir_cs_city" AND c."city" = r."city" AND (r."__weir_cs_city" IS DISTINCT FROM p."__weir_cs_city" OR r."city" IS DISTINCT FROM p."city"))
        OR (c."last_login" IS NOT NULL AND c."__weir_seq" = r."__weir_cs_last_login" AND c."last_login" = r."last_login" AND (r."__weir_cs_last_login" IS DISTINCT FROM p."__weir_cs_last_login" OR r."last_login" IS DISTINCT FROM p."last_login"))) AS up,
    c."__weir_del" AND c."__weir_seq" = r."__weir_reset" AND (p."__weir_del_seq" IS NULL OR c."__weir_seq" > p."__weir_del_seq") AS dl,
    coalesce(c."__weir_seq" = p."__weir_seq" AND CASE WHEN p."__weir_del_seq" IS NOT DISTINCT FROM p."__weir_seq" THEN NOT c."__weir_del" ELSE c."__weir_del" OR (c."name" IS NOT NULL AND (p."__weir_cs_name" IS DISTINCT FROM c."__weir_seq" OR p."name" IS DISTINCT FROM c."name")) OR (c."name" IS NULL AND p."__weir_cs_name" = c."__weir_seq") OR (c."city" IS NOT NULL AND (p."__weir_cs_city" IS DISTINCT FROM c."__weir_seq" OR p."city" IS DISTINCT FROM c."city")) OR (c."city" IS NULL AND p."__weir_cs_city" = c."__weir_seq") OR (c."last_login" IS NOT NULL AND (p."__weir_cs_last_login" IS DISTINCT FROM c."__weir_seq" OR p."last_login" IS DISTINCT FROM c."last_login")) OR (c."last_login" IS NULL AND p."__weir_cs_last_login" = c."__weir_seq") END, false) AS xd
  FROM temp.main."__weir_cdc__weir_private__customers__cdc_candidates" c JOIN temp.main."__weir_cdc__weir_private__customers__cdc_result" r ON c."customer_id" = r."customer_id" LEFT JOIN p ON c."customer_id" = p."customer_id"
  WHERE NOT c."__weir_state"),
k AS (SELECT "customer_id", count(*) FILTER (WHERE up) AS ups, bool_or(dl) AS dl, bool_or(xd) AS xd FROM e GROUP BY ALL)
SELECT count(*) FILTER (WHERE r."__weir_live" AND (k.ups > 0 OR (r."__weir_prev_live" AND struct_pack("name" := r."name", "city" := r."city", "last_login" := r."last_login") IS DISTINCT FROM struct_pack("name" := p."name", "city" := p."city", "last_login" := p."last_login")))) AS num_upserted_rows,
  count(*) FILTER (WHERE r."__weir_prev_live" AND NOT r."__weir_live") + (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers__cdc_purged") AS num_deleted_rows,
  count(*) FILTER (WHERE r."__weir_live" AND NOT r."__weir_prev_live") AS num_output_rows,
  coalesce(sum(k.ups), 0) + count(*) FILTER (WHERE k.dl) + (SELECT count(*) FROM temp.main."__weir_cdc__weir_private__customers__cdc_truncate") AS num_applied_changes,
  (SELECT count(*) FROM (SELECT "customer_id", "__weir_seq" FROM (SELECT "customer_id", "__weir_seq" FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b
WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc"
GROUP BY ALL HAVING count(DISTINCT struct_pack("__weir_del" := "__weir_del", "name" := CASE WHEN "__weir_del" THEN NULL ELSE "name" END, "city" := CASE WHEN "__weir_del" THEN NULL ELSE "city" END, "last_login" := CASE WHEN "__weir_del" THEN NULL ELSE "last_login" END)) > 1)
    UNION SELECT k."customer_id", p."__weir_seq" FROM k JOIN p ON k."customer_id" = p."customer_id" WHERE k.xd)) AS dup
FROM temp.main."__weir_cdc__weir_private__customers__cdc_result" r LEFT JOIN k ON r."customer_id" = k."customer_id" LEFT JOIN p ON r."customer_id" = p."customer_id") AS m,
  (SELECT count(*) FILTER (WHERE "__weir_violation" IS NULL) AS num_valid,
     count(*) FILTER (WHERE "__weir_violation" IS NOT NULL) AS num_violations
   FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b) AS bc;

-- duplicates
SELECT CAST("customer_id" AS VARCHAR) AS "key", CAST("__weir_seq" AS VARCHAR) AS "sequence"
FROM (SELECT "customer_id", "__weir_seq" FROM (SELECT "customer_id", "__weir_seq" FROM (SELECT *, CASE WHEN "__weir_seq" IS NULL THEN 'NULL sequence' WHEN NOT "__weir_trunc" AND ("customer_id" IS NULL) THEN 'NULL key' END AS "__weir_violation"
 FROM (SELECT *, (event_ts) AS "__weir_seq", coalesce((operation = 'DELETE'), false) AS "__weir_del", coalesce((operation = 'TRUNCATE'), false) AS "__weir_trunc" FROM "temp"."__weir_changes" AS "__weir_changes")) AS b
WHERE "__weir_violation" IS NULL AND NOT "__weir_trunc"
GROUP BY ALL HAVING count(DISTINCT struct_pack("__weir_del" := "__weir_del", "name" := CASE WHEN "__weir_del" THEN NULL ELSE "name" END, "city" := CASE WHEN "__weir_del" THEN NULL ELSE "city" END, "last_login" := CASE WHEN "__weir_del" THEN NULL ELSE "last_login" END)) > 1)
UNION SELECT c."customer_id", c."__weir_seq" FROM temp.main."__weir_cdc__weir_private__customers__cdc_candidates" c JOIN (SELECT "customer_id", max("__weir_seq") AS "__weir_seq", max("__weir_seq") FILTER (WHERE "__weir_del") AS "__weir_del_seq", any_value("name") FILTER (WHERE NOT "__weir_del") AS "name", max("__weir_cs_name") AS "__weir_cs_name", any_value("city") FILTER (WHERE NOT "__weir_del") AS "city", max("__weir_cs_city") AS "__weir_cs_city", any_value("last_login") FILTER (WHERE NOT "__weir_del") AS "last_login", max("__weir_cs_last_login") AS "__weir_cs_last_login"
  FROM temp.main."__weir_cdc__weir_private__customers__cdc_candidates" WHERE "__weir_state" GROUP BY ALL) p ON c."customer_id" = p."customer_id"
WHERE NOT c."__weir_state" AND coalesce(c."__weir_seq" = p."__weir_seq" AND CASE WHEN p."__weir_del_seq" IS NOT DISTINCT FROM p."__weir_seq" THEN NOT c."__weir_del" ELSE c."__weir_del" OR (c."name" IS NOT NULL AND (p."__weir_cs_name" IS DISTINCT FROM c."__weir_seq" OR p."name" IS DISTINCT FROM c."name")) OR (c."name" IS NULL AND p."__weir_cs_name" = c."__weir_seq") OR (c."city" IS NOT NULL AND (p."__weir_cs_city" IS DISTINCT FROM c."__weir_seq" OR p."city" IS DISTINCT FROM c."city")) OR (c."city" IS NULL AND p."__weir_cs_city" = c."__weir_seq") OR (c."last_login" IS NOT NULL AND (p."__weir_cs_last_login" IS DISTINCT FROM c."__weir_seq" OR p."last_login" IS DISTINCT FROM c."last_login")) OR (c."last_login" IS NULL AND p."__weir_cs_last_login" = c."__weir_seq") END, false))
ORDER BY ALL LIMIT 20;

-- cleanup
DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers__cdc_truncate";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers__cdc_purged";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers__cdc_candidates";

DROP TABLE IF EXISTS temp.main."__weir_cdc__weir_private__customers__cdc_result";
