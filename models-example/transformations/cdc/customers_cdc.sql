-- CDC: apply the CRM change feed (bronze customers_changes) to
--   customers_current  - SCD type 1: the latest state of every live customer (deleted customers disappear)
--   customers_history  - SCD type 2: every version, __START_AT / __END_AT from event_ts (__END_AT NULL = current)
-- Changes are ordered by event_ts, so late (out-of-order) and duplicate events in the feed are harmless.

CREATE OR REFRESH STREAMING TABLE customers_current
COMMENT "Current state of every CRM customer (SCD type 1 from the change feed)"
TBLPROPERTIES ("quality" = "silver");

CREATE FLOW customers_cdc
COMMENT "Upsert / delete customers_current from the CRM change feed"
AS AUTO CDC INTO customers_current
FROM STREAM(customers_changes)
KEYS (customer_id)
APPLY AS DELETE WHEN operation = "DELETE"
SEQUENCE BY event_ts
COLUMNS * EXCEPT (operation, event_ts, _rescued_data, source_file)
STORED AS SCD TYPE 1;

-- The same feed with full history, written in the legacy APPLY CHANGES spelling that older pipelines use.
-- A change of loyalty_points alone does not open a new version.
CREATE OR REFRESH STREAMING TABLE customers_history
COMMENT "Every version of every CRM customer (SCD type 2 from the change feed)"
TBLPROPERTIES ("quality" = "silver");

APPLY CHANGES INTO LIVE.customers_history
FROM STREAM(LIVE.customers_changes)
KEYS (customer_id)
APPLY AS DELETE WHEN operation = "DELETE"
SEQUENCE BY event_ts
COLUMNS * EXCEPT (operation, event_ts, _rescued_data, source_file)
STORED AS SCD TYPE 2
TRACK HISTORY ON * EXCEPT (loyalty_points);
