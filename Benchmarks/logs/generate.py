#!/usr/bin/env python3
"""Writes a realistic ALB access log and an nginx combined log for the logs benchmark.

  generate.py alb OUTPUT SIZE_MB [SEED]
  generate.py combined OUTPUT SIZE_MB [SEED]

Traffic over 7 days: ~300 route templates and 5,000 customers (hosts), both Zipf-distributed
(s = 1.1); ids in paths (numbers, UUIDs, hashes); log-normal latencies around a per-route median
(2 ms to 400 ms) with a 1 % slow tail; 2 % 4xx, 0.3 % 5xx from targets and 0.1 % 502 from the
load balancer (timings of -1). Deterministic for a seed.
"""
import random
import sys
import uuid

def zipf_weights(n, s=1.1):
    return [1.0 / (k ** s) for k in range(1, n + 1)]

def main():
    kind, output, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rnd = random.Random(seed)
    words = ["users", "orders", "items", "carts", "products", "search", "reports", "invoices", "payments", "sessions",
             "accounts", "teams", "projects", "files", "comments", "events", "webhooks", "settings", "billing", "auth"]
    routes = []
    for n in range(300):
        depth = rnd.choice([1, 2, 2, 3, 3, 4])
        parts = []
        for d in range(depth):
            parts.append(rnd.choice(words))
            if rnd.random() < 0.6 and d < depth - 1 or (d == depth - 1 and rnd.random() < 0.4):
                parts.append(rnd.choice(["#", "#", "#", "uuid", "hash"]))
        method = rnd.choices(["GET", "POST", "PUT", "DELETE", "PATCH"], [70, 15, 7, 5, 3])[0]
        median = rnd.choice([2, 5, 8, 15, 25, 40, 60, 120, 250, 400]) / 1000.0
        routes.append((method, "/api/v1/" + "/".join(parts), median))
    routes[0] = ("GET", "/health", 0.001)
    route_weights = zipf_weights(len(routes))
    customers = [f"c{n:04d}.shop.example" for n in range(5000)]
    customer_weights = zipf_weights(len(customers))
    target = size_mb * 1_000_000
    start = 1_795_392_000  # 2026-11-23T00:00:00Z
    week = 7 * 86400
    # Estimate lines from a typical size, to spread them over the week.
    lines = target // (700 if kind == "alb" else 200) + 1
    step = week / lines
    written = 0
    batch = 20000
    t = float(start)
    with open(output, "w", buffering=1 << 22) as out:
        while written < target:
            picks = rnd.choices(range(len(routes)), route_weights, k=batch)
            hosts = rnd.choices(customers, customer_weights, k=batch)
            chunk = []
            for i in range(batch):
                method, template, median = routes[picks[i]]
                path = template
                while "#" in path:
                    path = path.replace("#", str(rnd.randrange(1, 10_000_000)), 1)
                if "uuid" in path:
                    path = path.replace("uuid", str(uuid.UUID(int=rnd.getrandbits(128), version=4)))
                if "hash" in path:
                    path = path.replace("hash", "%040x" % rnd.getrandbits(160))
                latency = rnd.lognormvariate(0, 0.6) * median * (10 if rnd.random() < 0.01 else 1)
                r = rnd.random()
                status, target_status, lb = 200, "200", False
                if r < 0.001:
                    status, target_status, lb = 502, "-", True
                elif r < 0.004:
                    status, target_status = 500, "500"
                elif r < 0.024:
                    status = rnd.choice([400, 401, 403, 404, 404, 404, 422])
                    target_status = str(status)
                sent = int(rnd.lognormvariate(7, 1.2))
                t += step
                sec = int(t)
                micros = int((t - sec) * 1_000_000)
                if kind == "alb":
                    stamp = "%s.%06dZ" % (iso(sec), micros)
                    client = "198.51.100.%d:%d" % (rnd.randrange(1, 255), rnd.randrange(1024, 65535))
                    if lb:
                        timings, tgt = "-1 -1 -1", "-"
                    else:
                        timings, tgt = "%.3f %.3f %.3f" % (0.0005 + rnd.random() * 0.001, latency, 0.0001), "10.0.%d.%d:8080" % (rnd.randrange(0, 4), rnd.randrange(2, 250))
                    chunk.append(
                        f'https {stamp} app/shop-prd/50dc6c495c0c9188 {client} {tgt} {timings} {status} {target_status} '
                        f'{rnd.randrange(200, 2000)} {sent} "{method} https://{hosts[i]}:443{path} HTTP/1.1" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36" '
                        f'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:targetgroup/shop-prd/73e2d6bc24d8a067 '
                        f'"Root=1-{sec:08x}-{rnd.getrandbits(96):024x}" "{hosts[i]}" "arn:aws:acm:ap-northeast-1:111111111111:certificate/12345678-1234-1234-1234-123456789012" '
                        f'1 {stamp} "forward" "-" "-" "{tgt}" "{target_status}" "-" "-" TID_{rnd.getrandbits(64):016x} "-" "-" "-"\n')
                else:
                    chunk.append(
                        f'198.51.100.{rnd.randrange(1, 255)} - - [{clf(sec)}] "{method} {path} HTTP/1.1" {status} {sent} '
                        f'"https://{hosts[i]}/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"\n')
            text = "".join(chunk)
            out.write(text)
            written += len(text)

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_cache = {}

def civil(sec):
    day = sec // 86400
    if day not in _cache:
        import datetime
        d = datetime.datetime.fromtimestamp(day * 86400, datetime.timezone.utc)
        _cache[day] = (d.year, d.month, d.day)
    return _cache[day]

def iso(sec):
    y, m, d = civil(sec)
    r = sec % 86400
    return "%04d-%02d-%02dT%02d:%02d:%02d" % (y, m, d, r // 3600, r // 60 % 60, r % 60)

def clf(sec):
    y, m, d = civil(sec)
    r = sec % 86400
    return "%02d/%s/%04d:%02d:%02d:%02d +0000" % (d, MONTHS[m - 1], y, r // 3600, r // 60 % 60, r % 60)

if __name__ == "__main__":
    main()
