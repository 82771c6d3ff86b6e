-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Bronze: customers
-- MAGIC Raw customer records exported by the shop's CRM as JSON lines, and the CRM's change-data-capture feed
-- MAGIC (one JSON line per INSERT / UPDATE / DELETE). Both are ingested incrementally with Auto Loader
-- MAGIC (`STREAM read_files`): every file is read exactly once.

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE raw_customers
COMMENT "Raw customer records from the CRM export, one row per JSON line, as delivered"
TBLPROPERTIES ("quality" = "bronze")
AS SELECT
  *,
  _metadata.file_path AS source_file
FROM STREAM read_files('${data}/customers/*.json', format => 'json')

-- COMMAND ----------

-- MAGIC %md
-- MAGIC The change feed carries the operation, the time it happened in the CRM (`event_ts`, used to order
-- MAGIC changes) and the customer's columns after the change. Values that do not fit the inferred schema are kept
-- MAGIC in `_rescued_data` instead of being lost.

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE customers_changes
COMMENT "CDC feed of the CRM customer table: operation INSERT / UPDATE / DELETE with the row after the change"
TBLPROPERTIES ("quality" = "bronze")
AS SELECT
  CAST(customer_id AS BIGINT) AS customer_id,
  operation,
  CAST(event_ts AS TIMESTAMP) AS event_ts,
  first_name,
  last_name,
  email,
  country_code,
  city,
  CAST(loyalty_points AS INT) AS loyalty_points,
  _rescued_data,
  _metadata.file_path AS source_file
FROM STREAM read_files(
  '${data}/customers_changes/*.json',
  format => 'json',
  rescuedDataColumn => '_rescued_data'
)
