-- Bronze: orders arrive as Parquet files from the order service, one file per export batch.

CREATE OR REFRESH STREAMING TABLE raw_orders
COMMENT 'Raw orders from the order service Parquet exports, ingested once per file'
TBLPROPERTIES ('quality' = 'bronze', 'pipelines.autoOptimize.managed' = 'true')
AS SELECT
  *,
  _metadata.file_path AS source_file
FROM STREAM read_files('${data}/orders/*.parquet', format => 'parquet');
