/// Log analytics at memory speed: load-balancer, CDN, web-server and application logs turned into
/// per-route × time-bucket aggregates (counts, error classes, latency percentiles, bytes), per-customer
/// views, multi-line events and log-volume findings.
///
/// Design: every format parses one line of bytes into a ``LogRecord`` of byte ranges (no `String`
/// per field), so the hot loop allocates nothing per line. Input is split at line boundaries into
/// chunks that worker threads parse and aggregate independently; their aggregates merge at the end,
/// which is why latency lives in a mergeable ``LatencySketch`` and why memory grows with routes ×
/// buckets, never with the size of the input.
public enum AnshinLogs {}
