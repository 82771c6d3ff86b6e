-- bronze: clickstream. the web shop writes ndjson; the mobile app writes a different shape into its own
-- folder, appended into the same streaming table by a second flow.

create or refresh streaming table raw_events
comment 'Clickstream events from the web shop and the mobile app (one row per event)'
tblproperties ('quality' = 'bronze')
as select
  event_id,
  cast(customer_id as bigint) as customer_id,
  event_type,
  page,
  cast(event_ts as timestamp) as event_ts,
  device,
  'web' as source_system,
  _metadata.file_path as source_file
from stream read_files('${data}/events/*.ndjson', format => 'json');

create flow raw_events_from_app
comment 'Append the mobile app events, renamed to the web shape, into raw_events'
as insert into raw_events by name
select
  id as event_id,
  cast(user_id as bigint) as customer_id,
  lower(action) as event_type,
  screen as page,
  cast(ts as timestamp) as event_ts,
  concat('app-', os) as device,
  'app' as source_system,
  _metadata.file_path as source_file
from stream read_files('${data}/app_events/*.ndjson', format => 'json');
