#!/usr/bin/env python3
"""Scores secret scanners' reports against the labels of make_corpus.py.

    score.py LABELS --anshin REPORT --gitleaks REPORT --kingfisher REPORT [--root CORPUS]

A reported place is (file, line). It hits a label when the file is the label's and the line
lies within the label's lines. Per tool:
- recall: planted secrets with at least one reported place on them, over all planted secrets;
- precision on labelled lines: places on secrets over places on secrets or decoys;
- places elsewhere: reported places on lines that carry no label (the real code's own lines),
  listed for review: most are false alarms, some may be real test credentials of the project.
Prints a Markdown report.
"""
import argparse
import collections
import json
import os
import re
import sys


def load_labels(path):
    labels = collections.defaultdict(list)
    with open(path) as handle:
        next(handle)
        for line in handle:
            file, first, last, label, kind = line.rstrip("\n").split("\t")
            labels[file].append((int(first), int(last), label, kind))
    return labels


def relative(path, root):
    path = os.path.normpath(path)
    root = os.path.normpath(root)
    return os.path.relpath(path, root) if path.startswith(root + os.sep) else path


def anshin_places(report, root):
    places = set()
    for finding in json.load(open(report)).get("findings", []):
        location = finding.get("location") or {}
        if location.get("path"):
            places.add((relative(location["path"], root), location.get("line", 0), finding.get("ruleID", "")))
        # Further places of the same secret are named in the message: "Also in N other places: a:1, b:2, …".
        message = finding.get("message", "")
        if "other place" in message:
            for path, line in re.findall(r"([^\s,:]+):(\d+)", message.split("other place", 1)[1]):
                places.add((relative(path, root), int(line), finding.get("ruleID", "")))
    return places


def gitleaks_places(report, root):
    return {(relative(item["File"], root), item["StartLine"], item["RuleID"]) for item in json.load(open(report))}


def kingfisher_places(report, root):
    places = set()
    for item in json.load(open(report)).get("findings", []):
        finding = item.get("finding", {})
        places.add((relative(finding.get("path", ""), root), finding.get("line", 0), item.get("rule", {}).get("id", "")))
    return places


def score(name, places, labels):
    found = set()
    on_secrets = on_decoys = 0
    decoy_kinds = collections.Counter()
    elsewhere = []
    for path, line, rule in sorted(places):
        hit = [label for label in labels.get(path, []) if label[0] <= line <= label[1]]
        if not hit:
            elsewhere.append((path, line, rule))
            continue
        first, last, label, kind = hit[0]
        if label == "secret":
            on_secrets += 1
            found.add((path, first))
        else:
            on_decoys += 1
            decoy_kinds[kind] += 1
    secrets = [(path, label[0], label[3]) for path, items in labels.items() for label in items if label[2] == "secret"]
    missed = collections.Counter(kind for path, first, kind in secrets if (path, first) not in found)
    return {
        "name": name, "secrets": len(secrets), "found": len(found),
        "recall": len(found) / len(secrets) if secrets else 0.0,
        "on_secrets": on_secrets, "on_decoys": on_decoys,
        "precision": on_secrets / (on_secrets + on_decoys) if on_secrets + on_decoys else 1.0,
        "decoy_kinds": decoy_kinds, "missed": missed, "elsewhere": elsewhere,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("labels")
    parser.add_argument("--root", required=True, help="the corpus folder the tools scanned")
    parser.add_argument("--anshin")
    parser.add_argument("--gitleaks")
    parser.add_argument("--kingfisher")
    options = parser.parse_args()
    labels = load_labels(options.labels)
    results = []
    for name, report, reader in (("anshin", options.anshin, anshin_places), ("gitleaks", options.gitleaks, gitleaks_places),
                                 ("Kingfisher", options.kingfisher, kingfisher_places)):
        if report:
            try:
                results.append(score(name, reader(report, options.root), labels))
            except (OSError, ValueError, KeyError) as error:
                sys.exit("error: cannot read the %s report %s: %s" % (name, report, error))
    print("| tool | planted secrets found (recall) | places on secrets | places on decoys | precision on labelled lines | places on unlabelled lines |")
    print("|---|---|---|---|---|---|")
    for result in results:
        print("| %s | %d of %d (%.1f %%) | %d | %d | %.1f %% | %d |" % (
            result["name"], result["found"], result["secrets"], 100 * result["recall"], result["on_secrets"],
            result["on_decoys"], 100 * result["precision"], len(result["elsewhere"])))
    for result in results:
        print("\n### %s\n" % result["name"])
        print("- secrets missed, by kind: %s" % (", ".join("%s %d" % item for item in sorted(result["missed"].items())) or "none"))
        print("- decoys reported, by kind: %s" % (", ".join("%s %d" % item for item in sorted(result["decoy_kinds"].items())) or "none"))
        rules = collections.Counter(rule for path, line, rule in result["elsewhere"])
        print("- places on unlabelled lines, by rule: %s" % (", ".join("%s %d" % item for item in rules.most_common()) or "none"))


if __name__ == "__main__":
    main()
