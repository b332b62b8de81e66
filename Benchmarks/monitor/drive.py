#!/usr/bin/env python3
"""Drives blackbox_exporter the way a Prometheus server scrapes it, for Benchmarks/monitor/run.

Each target is scraped as `GET /probe?module=MODULE&target=URL` once per interval, the targets
spread evenly over the interval, for the given duration. Requests go over a pool of kept-alive
HTTP/1.1 connections with the headers Prometheus sends (gzip accepted, the scrape timeout in
X-Prometheus-Scrape-Timeout-Seconds), at most --concurrency at a time. A probe succeeded when the
exposition says `probe_success 1`.

Writes JSON to --stats:

    {"monitors": N, "probes": N, "succeeded": N, "failed": N, "errors": N, "seconds": S,
     "connections": N, "lateness_ms": {...}, "response_ms": {...}, "probe_duration_ms": {...}}

lateness is when the request was written minus when it was due; response is the scrape's round
trip; probe_duration is blackbox_exporter's own probe_duration_seconds. Standard library only.

    drive.py --exporter 127.0.0.1:9115 --targets targets.txt --interval 30s --for 3m --stats out.json
"""
import argparse
import asyncio
import gzip
import json
import re
import sys
import time
import urllib.parse

UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h)$")
PROBE_DURATION = re.compile(rb"^probe_duration_seconds (\S+)$", re.MULTILINE)


def seconds(text):
    match = DURATION.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a duration such as 30s, 3m or 1h, got {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def percentiles(values):
    """p50, p90, p99 and max by nearest rank, in milliseconds, rounded to 0.01."""
    if not values:
        return {"p50": None, "p90": None, "p99": None, "max": None}
    ordered = sorted(values)

    def rank(p):
        return ordered[min(len(ordered) - 1, max(0, int(-(-p * len(ordered) // 100)) - 1))]

    return {name: round(value * 1000, 2) for name, value in
            (("p50", rank(50)), ("p90", rank(90)), ("p99", rank(99)), ("max", ordered[-1]))}


class Driver:
    def __init__(self, args, targets):
        self.args = args
        self.targets = targets
        self.host, _, port = args.exporter.rpartition(":")
        self.port = int(port)
        self.idle = []
        self.opened = 0
        self.slots = asyncio.Semaphore(args.concurrency)
        self.lateness = []
        self.responses = []
        self.durations = []
        self.succeeded = 0
        self.failed = 0
        self.errors = 0
        self.last_error = None
        self.requests = [self.request(target) for target in targets]

    def request(self, target):
        query = urllib.parse.urlencode({"module": self.args.module, "target": target})
        return (f"GET /probe?{query} HTTP/1.1\r\n"
                f"Host: {self.host}:{self.port}\r\n"
                "User-Agent: anshin-monitor-benchmark/1\r\n"
                "Accept: text/plain;version=0.0.4;q=0.5,*/*;q=0.1\r\n"
                "Accept-Encoding: gzip\r\n"
                f"X-Prometheus-Scrape-Timeout-Seconds: {self.args.scrape_timeout:g}\r\n"
                "\r\n").encode("ascii")

    async def connection(self):
        if self.idle:
            return self.idle.pop(), True
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self.opened += 1
        return (reader, writer), False

    @staticmethod
    async def response(reader):
        """(status, body, keep-alive) of one HTTP/1.1 response."""
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        keep = headers.get("connection", "").lower() != "close"
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = bytearray()
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":
                        pass
                    break
                body += await reader.readexactly(size)
                await reader.readexactly(2)
            body = bytes(body)
        elif "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        else:
            body = await reader.read()
            keep = False
        if headers.get("content-encoding", "").lower() == "gzip":
            body = gzip.decompress(body)
        return status, body, keep

    async def scrape(self, index, due):
        loop = asyncio.get_running_loop()
        async with self.slots:
            for attempt in range(2):
                try:
                    (reader, writer), reused = await self.connection()
                except OSError as error:
                    self.errors += 1
                    self.last_error = f"connect: {error}"
                    return
                sent = loop.time()
                if attempt == 0:
                    self.lateness.append(max(0.0, sent - due))
                try:
                    writer.write(self.requests[index])
                    status, body, keep = await asyncio.wait_for(self.response(reader), self.args.scrape_timeout + 5)
                except (OSError, EOFError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as error:
                    writer.close()
                    if reused and attempt == 0:
                        continue  # a kept-alive connection the exporter had closed: once more on a new one
                    self.errors += 1
                    self.last_error = f"{type(error).__name__}: {error}"
                    return
                self.responses.append(loop.time() - sent)
                if keep:
                    self.idle.append((reader, writer))
                else:
                    writer.close()
                break
        if status != 200:
            self.errors += 1
            self.last_error = f"HTTP {status}: {body[:200]!r}"
            return
        if b"\nprobe_success 1\n" in b"\n" + body:
            self.succeeded += 1
        else:
            self.failed += 1
        match = PROBE_DURATION.search(body)
        if match:
            self.durations.append(float(match.group(1)))

    async def run(self):
        loop = asyncio.get_running_loop()
        count = len(self.targets)
        spacing = self.args.interval / count
        start = loop.time() + 0.5
        end = start + self.args.duration
        tasks = set()
        round_ = 0
        while True:
            base = start + round_ * self.args.interval
            if base >= end:
                break
            for index in range(count):
                due = base + index * spacing
                if due >= end:
                    break
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                task = asyncio.create_task(self.scrape(index, due))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            round_ += 1
        if tasks:
            await asyncio.gather(*tasks)
        finished = loop.time()
        for _, writer in self.idle:
            writer.close()
        return {
            "monitors": count,
            "probes": self.succeeded + self.failed,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "errors": self.errors,
            "last_error": self.last_error,
            "seconds": round(finished - start, 3),
            "connections": self.opened,
            "lateness_ms": percentiles(self.lateness),
            "response_ms": percentiles(self.responses),
            "probe_duration_ms": percentiles(self.durations),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exporter", required=True, help="host:port of blackbox_exporter")
    parser.add_argument("--targets", required=True, help="a file of target URLs, one a line")
    parser.add_argument("--module", default="http_2xx")
    parser.add_argument("--interval", type=seconds, default=30.0)
    parser.add_argument("--for", dest="duration", type=seconds, default=180.0)
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument("--scrape-timeout", type=float, default=10.0,
                        help="seconds, sent as X-Prometheus-Scrape-Timeout-Seconds")
    parser.add_argument("--stats", required=True, help="where to write the JSON summary")
    args = parser.parse_args()
    with open(args.targets, encoding="utf-8") as handle:
        targets = [line.strip() for line in handle if line.strip()]
    if not targets:
        parser.error(f"no targets in {args.targets}")
    began = time.monotonic()
    stats = asyncio.run(Driver(args, targets).run())
    with open(args.stats, "w", encoding="utf-8") as handle:
        json.dump(stats, handle, indent=2)
        handle.write("\n")
    print(f"{stats['probes']} probes ({stats['succeeded']} succeeded, {stats['errors']} errors) in "
          f"{time.monotonic() - began:.1f} s; lateness p99 {stats['lateness_ms']['p99']} ms", file=sys.stderr)
    return 0 if stats["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
