#!/usr/bin/env python3
"""Scores each tool's report against CredData's line labels.

Usage: score.py CORPUS OUT  (CORPUS as written by prepare.py; OUT holds <tool>/report.json)

Line-level, as CredData scores: a reported place (file, first line, last line) is a hit when it
overlaps a line labelled T. Places are counted once per tool (a tool that reports one line
three times has one place there). Every place of an incident counts: anshin lists the other
places of one secret in `otherLocations`, and each is scored.

- precision = places on a T line / all places (a place on an F line or on an unlabelled line is
  a false positive: CredData's labels cover what the scanners of its time reported, so most
  unlabelled places are noise, and a few may be real credentials nobody labelled);
- recall = T labels with at least one place on them / all T labels;
- "without UUID": labels whose category holds UUID are left out, and places on them too.

Per category (CredData's categories, a label may have several): recall of its T labels, and
precision of the places on labelled lines of that category (T over T + F).
"""
import collections
import csv
import json
import os
import sys

LEVELS = {"low": 0, "medium": 1, "high": 2}


def places(tool, path):
    """(file, first line, last line, confidence or None) of every place a report names."""
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    result = []

    def add(file, start, end=None, confidence=None):
        if file is None or start is None:
            return
        file = os.path.normpath(file).removeprefix("./")
        result.append((file, int(start), int(end or start), confidence))

    if tool.startswith("anshin"):
        for finding in document.get("findings", []):
            confidence = finding.get("confidence")
            location = finding.get("location") or {}
            add(location.get("path"), location.get("line"), location.get("endLine"), confidence)
            for other in finding.get("otherLocations") or []:
                add(other.get("path"), other.get("line"), other.get("endLine"), confidence)
    elif tool.startswith("gitleaks"):
        for finding in document or []:
            add(finding.get("File"), finding.get("StartLine"), finding.get("EndLine"))
    elif tool.startswith("betterleaks"):
        for finding in document.get("findings") or []:
            location = finding.get("location") or {}
            add(location.get("path"), location.get("start_line"), location.get("end_line"), finding.get("confidence"))
    elif tool.startswith("kingfisher"):
        for item in document.get("findings") or []:
            finding = item.get("finding") or {}
            add(finding.get("path"), finding.get("line"), None, finding.get("confidence"))
    elif tool.startswith("detect-secrets"):
        for file, secrets in (document.get("results") or {}).items():
            for secret in secrets:
                add(file, secret.get("line_number"))
    return result


def score(labels, found, split, without_uuid):
    chosen = [label for label in labels if label["split"] == split
              and not (without_uuid and "UUID" in label["categories"])]
    uuid_lines = collections.defaultdict(list)
    if without_uuid:
        for label in labels:
            if label["split"] == split and "UUID" in label["categories"]:
                uuid_lines[label["path"]].append((label["start"], label["end"]))
    by_file = collections.defaultdict(list)
    for label in chosen:
        by_file[label["path"]].append(label)
    files_in_split = {label["path"] for label in labels if label["split"] == split}
    tp = fp = fp_labelled = 0
    hit = set()
    category_tp = collections.Counter()
    category_fp = collections.Counter()
    for file, start, end in found:
        if file not in files_in_split:
            continue
        overlapping = [label for label in by_file.get(file, []) if label["start"] <= end and start <= label["end"]]
        true = [label for label in overlapping if label["truth"] == "T"]
        if not overlapping and any(s <= end and start <= e for s, e in uuid_lines.get(file, [])):
            continue
        if true:
            tp += 1
            for label in true:
                hit.add(label["id"])
            for category in {c for label in true for c in label["categories"]}:
                category_tp[category] += 1
        else:
            fp += 1
            if overlapping:
                fp_labelled += 1
                for category in {c for label in overlapping for c in label["categories"]}:
                    category_fp[category] += 1
    positives = [label for label in chosen if label["truth"] == "T"]
    recall = len(hit) / len(positives) if positives else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    categories = {}
    for category in sorted({c for label in positives for c in label["categories"]}):
        labelled = [label for label in positives if category in label["categories"]]
        found_here = sum(1 for label in labelled if label["id"] in hit)
        denominator = category_tp[category] + category_fp[category]
        categories[category] = {"labels": len(labelled), "found": found_here,
                                 "precision": category_tp[category] / denominator if denominator else None}
    return {"places": tp + fp, "tp": tp, "fp": fp, "fp_labelled": fp_labelled, "positives": len(positives),
            "found": len(hit), "precision": precision, "recall": recall, "f1": f1, "categories": categories}


def main():
    corpus, out = sys.argv[1:3]
    labels = []
    with open(os.path.join(corpus, "labels.csv"), newline="", encoding="utf-8") as f:
        for index, row in enumerate(csv.DictReader(f)):
            labels.append({"id": index, "split": row["split"], "path": row["path"], "start": int(row["line_start"]),
                           "end": int(row["line_end"]), "truth": row["truth"],
                           "categories": set(filter(None, row["category"].split(":")))})
    tools = {}
    for tool in sorted(os.listdir(out)):
        report = os.path.join(out, tool, "report.json")
        if not os.path.exists(report) or os.path.getsize(report) == 0:
            continue
        found = places(tool, report)
        levels = sorted({c for *_, c in found if c in LEVELS}, key=LEVELS.get)
        variants = {tool: found}
        if len(levels) > 1:
            for level in levels:
                variants[f"{tool} ≥{level}"] = [p for p in found if LEVELS.get(p[3], 0) >= LEVELS[level]]
        for name, chosen in variants.items():
            unique = sorted({(file, start, end) for file, start, end, _ in chosen})
            tools[name] = {split: {"all": score(labels, unique, split, False), "no_uuid": score(labels, unique, split, True)}
                           for split in ("tune", "measure")}
    json.dump(tools, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
