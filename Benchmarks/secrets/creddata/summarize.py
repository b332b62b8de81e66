#!/usr/bin/env python3
"""Writes results.md from score.py's output: usage: summarize.py CORPUS SCORES ANSHIN GITLEAKS KINGFISHER BETTERLEAKS"""
import csv
import datetime
import json
import os
import subprocess
import sys


def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except Exception:
        return "?"


def main():
    corpus, scores_path, anshin, gitleaks, kingfisher, betterleaks = sys.argv[1:7]
    scores = json.load(open(scores_path))
    repos = list(csv.DictReader(open(os.path.join(corpus, "repos.csv"))))
    labels = list(csv.DictReader(open(os.path.join(corpus, "labels.csv"))))
    out = []
    p = out.append
    p("# CredData: precision and recall on labelled lines of real repositories\n")
    p(f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    p(f"- Tools: {version([anshin, '--version'])} (anshin), gitleaks {version([gitleaks, 'version'])}, "
      f"{version([kingfisher, '--version'])}, Betterleaks {version([betterleaks, 'version'])}, detect-secrets "
      f"{version(['python3', '-m', 'detect_secrets', '--version'])}")
    for split in ("tune", "measure"):
        used = [r for r in repos if r["split"] == split and int(r["files"]) > 0]
        missing = [r for r in repos if r["split"] == split and int(r["files"]) == 0 and r["status"] != "no labels"]
        t = sum(1 for l in labels if l["split"] == split and l["truth"] == "T")
        p(f"- {split} set: {len(used)} repositories used, {sum(int(r['files']) for r in used)} files, {t} lines labelled T; "
          f"{len(missing)} not available (listed below)")
    p("")
    for split, title in (("measure", "Measure-only set"), ("tune", "Tune set")):
        p(f"## {title}\n")
        p("| Tool | Places | TP | FP (on F lines) | Precision | Recall | F1 | Precision w/o UUID | Recall w/o UUID | F1 w/o UUID |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for tool in sorted(scores):
            a, n = scores[tool][split]["all"], scores[tool][split]["no_uuid"]
            p(f"| {tool} | {a['places']} | {a['tp']} | {a['fp']} ({a['fp_labelled']}) | {a['precision']:.3f} | "
              f"{a['recall']:.3f} ({a['found']}/{a['positives']}) | **{a['f1']:.3f}** | {n['precision']:.3f} | "
              f"{n['recall']:.3f} | **{n['f1']:.3f}** |")
        p("")
        categories = sorted({c for tool in scores for c in scores[tool][split]["all"]["categories"]},
                            key=lambda c: -max(scores[t][split]["all"]["categories"].get(c, {}).get("labels", 0) for t in scores))
        p(f"Recall by category ({title.lower()}; found / labelled T, and precision on labelled lines of the category):\n")
        tools = sorted(scores)
        p("| Category | T lines | " + " | ".join(tools) + " |")
        p("|---|---:|" + "---:|" * len(tools))
        for category in categories:
            cells = []
            count = 0
            for tool in tools:
                c = scores[tool][split]["all"]["categories"].get(category)
                if not c:
                    cells.append("")
                    continue
                count = c["labels"]
                precision = "–" if c["precision"] is None else f"{c['precision']:.2f}"
                cells.append(f"{c['found']} (p {precision})")
            p(f"| {category} | {count} | " + " | ".join(cells) + " |")
        p("")
    p("## Repositories\n")
    p("| Repository | Commit | Set | Status | Files |")
    p("|---|---|---|---|---:|")
    for r in sorted(repos, key=lambda r: r["repo"].lower()):
        p(f"| {r['repo']} | {r['commit'][:12]} | {r['split']} | {r['status']} | {r['files']}/{r['labelled_files']} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
