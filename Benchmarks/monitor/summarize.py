#!/usr/bin/env python3
"""Turns the runs of Benchmarks/monitor/run into results.md: one row per tool (probes, probes/s,
CPU seconds per 1,000 probes, peak RSS, lateness), the cost ratio, anshin against its targets, and
every run in detail.

Each run is a folder <tool>-<run> of --out-dir holding:

- measured.json: what the harness measured around the run (wall seconds, the load, nginx's
  requests and CPU ticks; for blackbox_exporter also its CPU ticks and VmHWM);
- stats.json: the tool's own figures (anshin's --stats file, or drive.py's);
- time.txt: GNU time -v of anshin, or of the driver.
"""
import argparse
import json
import os
import re
import statistics

NAMES = {"anshin": "anshin", "blackbox": "blackbox_exporter"}
# The promise for anshin: 5,000 monitors at 30 s on one machine.
LATENESS_P99_MS = 1000
RSS_LIMIT_BYTES = 150 * 1000 * 1000
CORES_LIMIT = 1.0


def gnu_time(path):
    """User, system and elapsed seconds, peak RSS in KiB and exit status from `time -v` output."""
    values = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            name, _, value = line.strip().rpartition(": ")
            values[name] = value
    elapsed = 0.0
    for part in values.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "0").split(":"):
        elapsed = elapsed * 60 + float(part)
    return {
        "user": float(values.get("User time (seconds)", 0)),
        "sys": float(values.get("System time (seconds)", 0)),
        "elapsed": elapsed,
        "rss_kb": int(values.get("Maximum resident set size (kbytes)", 0)),
        "exit": values.get("Exit status", "?"),
    }


def load_run(folder):
    with open(os.path.join(folder, "measured.json"), encoding="utf-8") as handle:
        measured = json.load(handle)
    with open(os.path.join(folder, "stats.json"), encoding="utf-8") as handle:
        stats = json.load(handle)
    timed = gnu_time(os.path.join(folder, "time.txt"))
    tick = float(measured["clk_tck"])
    run = {
        "tool": measured["tool"],
        "run": measured["run"],
        "load": measured["load"],
        "wall": float(measured["wall_s"]),
        "nginx_requests": int(measured["nginx_requests"]),
        "nginx_cpu": measured["nginx_ticks"] / tick,
        "lateness": stats["lateness_ms"],
    }
    if run["tool"] == "anshin":
        run.update(cpu=timed["user"] + timed["sys"], user=timed["user"], sys=timed["sys"], rss_kb=timed["rss_kb"],
                   probes=int(stats["checks"]), passed=int(stats["checks"]) - int(stats["failed"]), errors=0, driver_cpu=None)
        run["wall"] = timed["elapsed"] or run["wall"]
        # The seconds it checked for; without them in the stats, the process's whole wall time.
        run["seconds"] = float(stats.get("seconds") or run["wall"])
    else:
        run.update(cpu=measured["exporter_ticks"] / tick, user=measured["exporter_utime"] / tick,
                   sys=measured["exporter_stime"] / tick, rss_kb=int(measured["exporter_hwm_kb"]),
                   probes=int(stats["probes"]), passed=int(stats["succeeded"]), seconds=float(stats["seconds"]),
                   errors=int(stats["errors"]), driver_cpu=timed["user"] + timed["sys"],
                   driver_rss_kb=timed["rss_kb"], response=stats.get("response_ms"),
                   probe_duration=stats.get("probe_duration_ms"))
    run["per_1000"] = run["cpu"] / run["probes"] * 1000 if run["probes"] else float("nan")
    run["cores"] = run["cpu"] / run["wall"] if run["wall"] else float("nan")
    run["rate"] = run["probes"] / run["seconds"] if run["seconds"] else float("nan")
    return run


def ms(value):
    if value is None:
        return "–"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"


def spread(values, fmt):
    """The median, with (min–max) when there is more than one value."""
    text = fmt(statistics.median(values))
    return text if len(values) == 1 else f"{text} ({fmt(min(values))}–{fmt(max(values))})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--markdown", required=True)
    parser.add_argument("--date", default="")
    parser.add_argument("--machine", default="")
    parser.add_argument("--versions", default="")
    parser.add_argument("--workload", default="")
    parser.add_argument("--uptime", default="")
    parser.add_argument("--note", action="append", default=[])
    args = parser.parse_args()

    runs = []
    for name in sorted(os.listdir(args.out_dir)):
        folder = os.path.join(args.out_dir, name)
        if re.fullmatch(r"(anshin|blackbox)-\d+", name) and all(os.path.exists(os.path.join(folder, f)) for f in ("measured.json", "stats.json", "time.txt")):
            runs.append(load_run(folder))
    runs.sort(key=lambda r: (r["tool"] != "anshin", r["run"]))
    by_tool = {tool: [r for r in runs if r["tool"] == tool] for tool in NAMES if any(r["tool"] == tool for r in runs)}

    out = ["# Synthetic monitor benchmark: results", ""]
    out += [f"- Date: {args.date}", f"- Machine: {args.machine}", f"- Versions: {args.versions}",
            f"- Workload: {args.workload}", f"- Load (`uptime` at the end): `{args.uptime}`"]
    out += [f"- {note}" for note in args.note]
    out += ["", "| tool | probes made (passed) | probes/s | CPU s per 1,000 probes | CPU, cores | peak RSS | "
            "lateness p99 | cost per probe, blackbox_exporter / anshin |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    medians = {}
    for tool, values in by_tool.items():
        medians[tool] = statistics.median(r["per_1000"] for r in values)
        ratio = ""
        if tool == "blackbox" and "anshin" in medians and medians["anshin"] > 0:
            ratio = f"**{medians['blackbox'] / medians['anshin']:.1f}×**"
        late = [r["lateness"]["p99"] for r in values if r["lateness"]["p99"] is not None]
        out.append(
            f"| {NAMES[tool]} | {spread([r['probes'] for r in values], lambda v: f'{v:,.0f}')} "
            f"({spread([r['passed'] for r in values], lambda v: f'{v:,.0f}')}) "
            f"| {spread([r['rate'] for r in values], lambda v: f'{v:.1f}')} "
            f"| {spread([r['per_1000'] for r in values], lambda v: f'{v:.3f}')} "
            f"| {spread([r['cores'] for r in values], lambda v: f'{v:.3f}')} "
            f"| {max(r['rss_kb'] for r in values) / 1024:.1f} MiB "
            f"| {spread(late, ms) if late else '–'}{' (driver)' if tool == 'blackbox' else ''} | {ratio} |")
    out.append("")
    if "anshin" not in by_tool:
        out += ["anshin was not measured in this run, so there is no ratio.", ""]
    else:
        anshin = by_tool["anshin"]
        p99 = max(r["lateness"]["p99"] for r in anshin)
        rss = max(r["rss_kb"] for r in anshin) * 1024
        cores = max(r["cores"] for r in anshin)

        def mark(ok):
            return "met" if ok else "**missed**"
        out += [f"anshin against its targets (the worst run): scheduling lateness p99 {ms(p99)} < 1 s: "
                f"{mark(p99 < LATENESS_P99_MS)}; peak RSS {rss / 1e6:.1f} MB < 150 MB: {mark(rss < RSS_LIMIT_BYTES)}; "
                f"CPU {cores:.3f} cores < 1 core: {mark(cores < CORES_LIMIT)}.", ""]
    out += ["CPU is user + system time: anshin's whole process from start to exit (GNU time), "
            "blackbox_exporter's from its `/proc/PID/stat` before and after the driver ran (its start-up "
            "is not counted). CPU, cores is that time over the wall time. blackbox_exporter's lateness is "
            "the driver's: when it sent each scrape against when the scrape was due; the driver's own CPU "
            "is in the table below and is not charged to blackbox_exporter. Peak RSS: GNU time for anshin, "
            "VmHWM for blackbox_exporter.", ""]

    out += ["## Each run", "",
            "| tool | run | wall | CPU user + sys | probes (passed, errors) | nginx requests | nginx CPU | "
            "lateness p50 / p90 / p99 / max | driver CPU, peak RSS | load before (1, 5, 15 min) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in runs:
        late = r["lateness"]
        driver = "" if r["driver_cpu"] is None else f"{r['driver_cpu']:.2f} s, {r['driver_rss_kb'] / 1024:.0f} MiB"
        out.append(f"| {NAMES[r['tool']]} | {r['run']} | {r['wall']:.1f} s | {r['user']:.2f} + {r['sys']:.2f} s "
                   f"| {r['probes']:,} ({r['passed']:,}, {r['errors']}) | {r['nginx_requests']:,} | {r['nginx_cpu']:.2f} s "
                   f"| {' / '.join(ms(late[k]) for k in ('p50', 'p90', 'p99', 'max'))} | {driver} | {r['load']} |")
    extra = [r for r in runs if r["tool"] == "blackbox" and r.get("response")]
    if extra:
        out += ["", "blackbox_exporter, as the driver saw it (p50 / p90 / p99 / max):"]
        for r in extra:
            out.append(f"- run {r['run']}: scrape round trip {' / '.join(ms(r['response'][k]) for k in ('p50', 'p90', 'p99', 'max'))}; "
                       f"probe_duration_seconds {' / '.join(ms(r['probe_duration'][k]) for k in ('p50', 'p90', 'p99', 'max'))}")
    out.append("")
    text = "\n".join(out)
    with open(args.markdown, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(text)


if __name__ == "__main__":
    main()
