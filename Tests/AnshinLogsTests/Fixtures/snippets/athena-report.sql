WITH requests AS (
  SELECT
    date_trunc('hour', from_iso8601_timestamp(time)) AS bucket,
    request_verb || ' ' || regexp_replace(
      regexp_replace(url_extract_path(request_url), '/(?:[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{16,})(?=/|$)', '/{id}'),
      '(.)/$', '$1') AS route,
    elb_status_code,
    target_status_code,
    sent_bytes,
    CASE WHEN request_processing_time >= 0 AND target_processing_time >= 0 AND response_processing_time >= 0
         THEN (request_processing_time + target_processing_time + response_processing_time) * 1000 END AS latency_ms,
    CASE WHEN target_processing_time >= 0 AND request_processing_time >= 0 AND response_processing_time >= 0
         THEN request_processing_time END AS request_seconds,
    CASE WHEN target_processing_time >= 0 AND request_processing_time >= 0 AND response_processing_time >= 0
         THEN target_processing_time END AS target_seconds,
    CASE WHEN target_processing_time >= 0 AND request_processing_time >= 0 AND response_processing_time >= 0
         THEN response_processing_time END AS response_seconds
  FROM logs.alb_shop_prd
  WHERE day >= '2026/11/23' AND day < '2026/11/30'
)
SELECT
  route,
  bucket,
  grouping(route, bucket) AS level,
  count(*) AS requests,
  count_if(elb_status_code >= 500) AS server_errors,
  count_if(elb_status_code BETWEEN 400 AND 499) AS client_errors,
  count_if(elb_status_code >= 500 AND target_status_code = '-') AS load_balancer_errors,
  approx_percentile(latency_ms, ARRAY[0.5, 0.9, 0.95, 0.99]) AS latency_percentiles_ms,
  max(latency_ms) AS max_latency_ms,
  sum(sent_bytes) AS bytes_sent,
  avg(request_seconds) * 1000 AS request_ms,
  avg(target_seconds) * 1000 AS target_ms,
  avg(response_seconds) * 1000 AS response_ms
FROM requests
GROUP BY GROUPING SETS ((route, bucket), (route), (bucket), ())
ORDER BY level DESC, bucket, requests DESC;