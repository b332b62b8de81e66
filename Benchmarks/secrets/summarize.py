#!/usr/bin/env python3
"""Turns the timed runs of Benchmarks/secrets/run into the results table, the ratios, the goals and
the agreement section; prints them and writes results.md. Secrets are never printed in full: only
their first 4 characters are kept."""

import argparse
import json
import os
import re
import statistics
from collections import defaultdict

TOOLS = ["anshin", "kingfisher", "gitleaks"]
NAMES = {"anshin": "anshin", "kingfisher": "Kingfisher 2.14.0", "gitleaks": "gitleaks 8.30.1"}
GOALS = {"kingfisher": 1.5, "gitleaks": 10.0}
RSS_LIMIT_KB = 1024 * 1024


def load_runs(path):
    runs = defaultdict(list)
    with open(path) as handle:
        next(handle)
        for line in handle:
            input_, tool, run, wall, cpu, rss, load1, code = line.rstrip("\n").split("\t")
            runs[(input_, tool)].append({"wall": float(wall), "cpu": float(cpu), "rss": int(rss), "load": float(load1)})
    return runs


def redact(secret):
    secret = (secret or "").strip()
    return (secret[:4] + "…") if secret else "?"


# --- reading each tool's report -------------------------------------------------------------

ALSO_IN = re.compile(r"\. Also in (\d+) other places?: (.*?)(?:, …)?(?:\. The history holds|\.$)")


def anshin_findings(path, root):
    """(file, line, rule, redacted evidence) for every place the JSON report names, and the
    number of places it counts. The report lists an incident's first place in `location` and up to
    five more in the message."""
    with open(path) as handle:
        document = json.load(handle)
    places, counted = [], 0
    for finding in document.get("findings", []):
        location = finding.get("location") or {}
        rule, evidence = finding.get("ruleID", "?"), finding.get("evidence") or ""
        # anshin redacts its evidence itself (the secret's first 4 characters, then "…[redacted]");
        # anything else is cut here like the peers' secrets.
        evidence = evidence[-48:] if evidence.endswith("…[redacted]") else redact(evidence)
        places.append((relative(location.get("path", ""), root), location.get("line"), rule, evidence))
        counted += 1
        match = ALSO_IN.search(finding.get("message", ""))
        if match:
            counted += int(match.group(1))
            for place in match.group(2).split(", "):
                file, _, line = place.rpartition(":")
                if file and line.isdigit():
                    places.append((relative(file, root), int(line), rule, evidence))
    return document.get("findings", []), places, counted


def gitleaks_findings(path, root):
    with open(path) as handle:
        document = json.load(handle) or []
    return document, [(relative(f.get("File", ""), root), f.get("StartLine"), f.get("RuleID", "?"), redact(f.get("Secret")))
                      for f in document]


def kingfisher_findings(path, root):
    with open(path) as handle:
        document = json.load(handle)
    findings = document.get("findings", []) if isinstance(document, dict) else []
    places = []
    for entry in findings:
        rule = (entry.get("rule") or {}).get("id", "?")
        detail = entry.get("finding") or {}
        places.append((relative(detail.get("path", ""), root), detail.get("line"), rule, redact(detail.get("snippet"))))
    summary = (document.get("metadata") or {}).get("summary") or {}
    return findings, places, summary


def relative(path, root):
    if root and path.startswith(root.rstrip("/") + "/"):
        return path[len(root.rstrip("/")) + 1:]
    return path


def read_findings(out_dir, input_, tool, root):
    """(number of findings the tool reported, places, what it says it scanned)."""
    report = os.path.join(out_dir, f"{input_}-{tool}", "report.json")
    if not os.path.exists(report):
        return None, [], ""
    if tool == "anshin":
        findings, places, counted = anshin_findings(report, root)
        notes = []
        with open(report) as handle:
            for note in json.load(handle).get("notes", []):
                notes.append(note.get("message", ""))
        return len(findings), places, f"{len(findings)} incidents (one per secret value) at {counted} places; " + "; ".join(notes)
    if tool == "gitleaks":
        findings, places = gitleaks_findings(report, root)
        scanned = ""
        stderr = os.path.join(out_dir, f"{input_}-{tool}", "stderr.txt")
        if os.path.exists(stderr):
            with open(stderr, errors="replace") as handle:
                text = re.sub(r"\x1b\[[0-9;]*m", "", handle.read())
            found = re.findall(r"scanned ~?(\d+) bytes \(([^)]*)\)", text)
            commits = re.findall(r"(\d+) commits scanned", text)
            if found:
                scanned = f"scanned {int(found[-1][0]):,} bytes"
            if commits:
                scanned += f" in {int(commits[-1]):,} commits (patches of `git log -p`)"
        return len(findings), places, f"{len(findings)} findings (one per match); {scanned}"
    findings, places, summary = kingfisher_findings(report, root)
    scanned = f"{summary.get('blobs_scanned', 0):,} blobs, {summary.get('bytes_scanned', 0):,} bytes scanned"
    return len(findings), places, f"{len(findings)} findings; {scanned}"


# --- the table -------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser()
    for name in ["results", "out-dir", "markdown", "tree-dir", "tree-note", "history-note", "date", "machine",
                 "versions", "loads", "uptime"]:
        parser.add_argument("--" + name, default="")
    parser.add_argument("--tree-bytes", type=int, default=0)
    parser.add_argument("--history-bytes", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    runs = load_runs(args.results)
    inputs = [i for i in ["tree", "history"] if any(k[0] == i for k in runs)]
    sizes = {"tree": args.tree_bytes, "history": args.history_bytes}
    titles = {"tree": f"1. plain tree, {args.tree_bytes / 1e9:.2f} GB", "history": f"2. git history, {args.history_bytes / 1e9:.2f} GB of distinct blobs"}
    roots = {"tree": args.tree_dir, "history": ""}

    load_ranges = "; ".join(
        f"{i} {min(r['load'] for k, v in runs.items() if k[0] == i for r in v):.2f}–{max(r['load'] for k, v in runs.items() if k[0] == i for r in v):.2f}"
        for i in inputs)
    lines = [f"# Secret scanning benchmark: results", "",
             f"- Date: {args.date}",
             f"- Machine: {args.machine}",
             f"- Load (1-minute average) when each timed run started: {load_ranges} (2 cores shared with other people's builds)",
             f"- Load (1, 5, 15 min) when each round (one run of every tool) started: {args.loads}",
             f"- `uptime` at the end: `{args.uptime.strip()}`",
             f"- Tools: {args.versions}",
             f"- Runs: {args.runs} per tool and input, warm page cache; wall time is the median (min–max); "
             f"MB/s = input bytes / median wall time (10^6 bytes); peak RSS is the largest over the runs "
             f"(GNU time: the largest single process of the tool's process tree). CPU is user + system "
             f"seconds of the tool and its children (git): on a shared machine it shows the work done independently of "
             f"how much of the 2 cores the tool got.",
             ""]
    if "tree" in inputs:
        lines.append(f"- Input 1: {args.tree_note}, {args.tree_bytes:,} bytes.")
    if "history" in inputs:
        lines.append(f"- Input 2: {args.history_note}; {args.history_bytes:,} bytes of distinct blobs (the MB/s denominator for every tool).")
    lines += ["", "| Input | Tool | Wall, median (s) | min–max (s) | MB/s | Peer time / anshin time | CPU, median (s) | Peer CPU / anshin CPU | Peak RSS (MiB) | Findings |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]

    medians, cpus, rss, found, scanned_notes, all_places = {}, {}, {}, {}, {}, {}
    for input_ in inputs:
        for tool in TOOLS:
            series = runs.get((input_, tool))
            if not series:
                continue
            walls = [r["wall"] for r in series]
            medians[(input_, tool)] = statistics.median(walls)
            cpus[(input_, tool)] = statistics.median(r["cpu"] for r in series)
            rss[(input_, tool)] = max(r["rss"] for r in series)
            count, places, note = read_findings(args.out_dir, input_, tool, roots[input_])
            found[(input_, tool)] = count
            all_places[(input_, tool)] = places
            scanned_notes[(input_, tool)] = note
        for tool in TOOLS:
            if (input_, tool) not in medians:
                continue
            median = medians[(input_, tool)]
            walls = [r["wall"] for r in runs[(input_, tool)]]
            ratio, cpu_ratio = "1.00×", "1.00×"
            if tool != "anshin" and (input_, "anshin") in medians:
                ratio = f"**{median / medians[(input_, 'anshin')]:.2f}×**"
                cpu_ratio = f"{cpus[(input_, tool)] / cpus[(input_, 'anshin')]:.2f}×"
            lines.append(f"| {titles[input_]} | {NAMES[tool]} | {median:.2f} | {min(walls):.2f}–{max(walls):.2f} | "
                         f"{sizes[input_] / 1e6 / median:.1f} | {ratio} | {cpus[(input_, tool)]:.1f} | {cpu_ratio} | "
                         f"{rss[(input_, tool)] / 1024:.0f} | "
                         f"{found[(input_, tool)] if found[(input_, tool)] is not None else '?'} |")

    lines += ["", "## Goals", "",
              "anshin should reach at least 1.5× Kingfisher's throughput and 10× gitleaks' on both inputs, with peak RSS under 1 GiB.", ""]
    for input_ in inputs:
        if (input_, "anshin") not in medians:
            continue
        anshin = medians[(input_, "anshin")]
        for tool, goal in GOALS.items():
            if (input_, tool) in medians:
                ratio = medians[(input_, tool)] / anshin
                verdict = "met" if ratio >= goal else f"**not met** (missing {goal / ratio:.2f}× more speed; anshin would need {medians[(input_, tool)] / goal:.1f} s)"
                lines.append(f"- {titles[input_]}: vs {NAMES[tool]}: {ratio:.2f}× (goal {goal}×): {verdict}")
        peak = rss[(input_, "anshin")]
        lines.append(f"- {titles[input_]}: anshin peak RSS {peak / 1024:.0f} MiB (goal < 1024 MiB): {'met' if peak < RSS_LIMIT_KB else '**not met**'}")

    lines += ["", "## What each tool says it scanned", ""]
    for input_ in inputs:
        for tool in TOOLS:
            if (input_, tool) in scanned_notes:
                lines.append(f"- {titles[input_]}, {NAMES[tool]}: {scanned_notes[(input_, tool)]}")

    for input_ in inputs:
        counts = {tool: found.get((input_, tool)) for tool in TOOLS}
        if any(counts.values()) and any(count == 0 for count in counts.values()):
            silent = ", ".join(NAMES[t] for t, c in counts.items() if c == 0)
            lines += ["", f"**Warning:** {silent} reported nothing on {titles[input_]} while another tool did: check that it scanned the input."]

    if "tree" in inputs and (("tree", "anshin") in all_places):
        lines += agreement(all_places)

    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(text)


def agreement(all_places):
    lines = ["", "## Agreement on the plain tree", "",
             "Places are (file, line). anshin's JSON report gives each incident's first place and names up to five more in its "
             "message, so anshin places beyond those five per secret are not counted here (the report says how many there are). "
             "Secrets are shown by their first 4 characters only.", ""]
    anshin = all_places[("tree", "anshin")]
    anshin_places = {(f, l) for f, l, _, _ in anshin}
    anshin_files = {f for f, _, _, _ in anshin}
    lines.append(f"- anshin: {len(anshin_places):,} distinct places known from the report, in {len(anshin_files):,} files")
    for tool in ["kingfisher", "gitleaks"]:
        if ("tree", tool) not in all_places:
            continue
        peer = all_places[("tree", tool)]
        peer_places = {(f, l) for f, l, _, _ in peer}
        peer_files = {f for f, _, _, _ in peer}
        both = anshin_places & peer_places
        lines += ["", f"### anshin and {NAMES[tool]}", "",
                  f"- {NAMES[tool]}: {len(peer_places):,} distinct places in {len(peer_files):,} files",
                  f"- places both report: {len(both):,}; only anshin: {len(anshin_places - peer_places):,}; only {NAMES[tool]}: {len(peer_places - anshin_places):,}",
                  f"- files both flag: {len(anshin_files & peer_files):,}; only anshin: {len(anshin_files - peer_files):,}; only {NAMES[tool]}: {len(peer_files - anshin_files):,}"]
        for label, files, source in [(f"only anshin flags", anshin_files - peer_files, anshin),
                                     (f"only {NAMES[tool]} flags", peer_files - anshin_files, peer)]:
            if not files:
                continue
            lines += ["", f"Files {label} (up to 10, spread over the sorted list, of {len(files):,}):", "", "| File | Line | Rule | Secret (redacted) |", "|---|---:|---|---|"]
            ordered = sorted(files)
            # Spread over the sorted list rather than the first ten of one folder.
            for file in ordered[::max(1, len(ordered) // 10)][:10]:
                first = next(p for p in source if p[0] == file)
                lines.append(f"| `{file}` | {first[1]} | {first[2]} | `{first[3]}` |")
    return lines


if __name__ == "__main__":
    main()
