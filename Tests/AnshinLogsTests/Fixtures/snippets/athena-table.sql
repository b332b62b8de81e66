CREATE EXTERNAL TABLE IF NOT EXISTS logs.alb_shop_prd (
  `type` string,
  `time` string,
  `elb` string,
  `client` string,
  `target` string,
  `request_processing_time` double,
  `target_processing_time` double,
  `response_processing_time` double,
  `elb_status_code` int,
  `target_status_code` string,
  `received_bytes` bigint,
  `sent_bytes` bigint,
  `request_verb` string,
  `request_url` string,
  `request_proto` string,
  `user_agent` string,
  `ssl_cipher` string,
  `ssl_protocol` string,
  `target_group_arn` string,
  `trace_id` string,
  `domain_name` string,
  `chosen_cert_arn` string,
  `matched_rule_priority` string,
  `request_creation_time` string,
  `actions_executed` string,
  `redirect_url` string,
  `error_reason` string,
  `target_port_list` string,
  `target_status_code_list` string,
  `classification` string,
  `classification_reason` string,
  `conn_trace_id` string,
  `transformed_host` string,
  `transformed_uri` string,
  `request_transform_status` string
)
PARTITIONED BY (`day` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1',
  'input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) "([^ ]*) (.*?) ?([^ "]*)" "([^"]*)"(?: ([^ ]*))?(?: ([^ ]*))?(?: ([^ ]*))?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: ([^ ]*))?(?: ([^ ]*))?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: ([^ ]*))?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: .*)?'
)
LOCATION 's3://shop-prd-alb-logs/prd/AWSLogs/111111111111/elasticloadbalancing/ap-northeast-1/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.day.type' = 'date',
  'projection.day.format' = 'yyyy/MM/dd',
  'projection.day.range' = '2026/01/01,NOW',
  'projection.day.interval' = '1',
  'projection.day.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://shop-prd-alb-logs/prd/AWSLogs/111111111111/elasticloadbalancing/ap-northeast-1/${day}'
);