#!/usr/bin/env python3
"""Compares Prowler's OCSF results with an anshin JSON report, check by check.

Usage: compare.py CHECKS_TSV --prowler FILE... [--anshin REPORT] [--differences TSV] [--out FILE]

For each row of checks.tsv with Prowler equivalents it prints how many resources Prowler
failed and passed, which Prowler checks gave no result at all (Prowler could not assess them
here), and, with an anshin report, which resources only one of the two tools flags.

Each resource only one tool flags gets a known difference: the first row of differences.tsv
(beside this script unless --differences says otherwise) that matches its check, which tool
flags it and what Prowler says about it; else the check's relation in checks.tsv when that is
not "same"; else "unclassified". A table at the end counts every such resource per class,
including those past the first 20 per check and side that the detail table lists.

Resources are matched on (account, short name): the last segment of an ARN
(`arn:aws:s3:::acme-prd-app-0` -> `acme-prd-app-0`, `…:instance/i-0abc` -> `i-0abc`) or the
resource's name. Account-level results (root user, password policy, GuardDuty, Security Hub,
Organizations) are keyed by the account.
"""

import argparse
import collections
import json
import os
import re
import sys

ACCOUNT_LEVEL = re.compile(r"^(root-user-|iam-password-policy|guardduty-|securityhub-|account-in-organization|"
                           r"s3-account-|ebs-encryption|config-recorder|cloudtrail-multi-region)")


def short(identifier):
    """The last segment of an ARN or path, which names the resource."""
    if not identifier:
        return ""
    text = identifier.rstrip("/")
    if text.endswith(":*"):  # log group ARNs
        text = text[:-2]
    if text.startswith("arn:"):
        text = text.split(":", 5)[-1]
    return re.split(r"[/:]", text)[-1]


def read_mapping(path):
    rows = []
    with open(path) as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            anshin, prowler, relation = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            checks = [] if prowler.strip() == "-" else [c for c in prowler.split(",") if c]
            rows.append((anshin, checks, relation))
    return rows


# What Prowler says about a resource only one tool flags (the third column of differences.tsv).
SILENT = "no result for the check"
NOT_ASSESSED = "no result for this resource"


def read_differences(path):
    """Rows (check, who flags it, what Prowler says, class); "PASS: words" needs the words in
    Prowler's status detail."""
    rows = []
    try:
        handle = open(path)
    except OSError as error:
        raise SystemExit(f"compare.py: cannot read the known differences: {error}")
    with handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 4 or not all(field.strip() for field in fields):
                raise SystemExit(f"{path}:{number}: expected 4 tab-separated fields, got {len(fields)}")
            rows.append(tuple(fields))
    return rows


def prowler_results(paths):
    """check -> status -> set of (account, resource), and (check, account, resource) -> status detail."""
    results = collections.defaultdict(lambda: collections.defaultdict(set))
    details = {}
    for path in paths:
        with open(path) as handle:
            text = handle.read().strip()
        findings = json.loads(text) if text else []
        for finding in findings:
            check = finding["metadata"]["event_code"]
            account = finding.get("cloud", {}).get("account", {}).get("uid", "")
            resources = finding.get("resources") or [{}]
            resource = resources[0]
            key = short(resource.get("uid") or resource.get("name"))
            results[check][finding["status_code"]].add((account, key))
            details[(check, account, key)] = finding.get("status_detail", "")
    return results, details


def anshin_results(path):
    """rule -> set of (account, resource)."""
    with open(path) as handle:
        report = json.load(handle)
    results = collections.defaultdict(set)
    for finding in report.get("findings", []):
        resource = finding.get("resource") or {}
        account = resource.get("account", "")
        key = short(resource.get("arn") or resource.get("identifier"))
        if ACCOUNT_LEVEL.match(finding["ruleID"]):
            key = account
        results[finding["ruleID"]].add((account, key))
    return results


def prowler_view(rule, checks, side, account, key, prowler, details):
    """What Prowler says about a resource only one tool flags, and its status detail."""
    if side == "Prowler only":
        return "FAIL", ""
    if all(check not in prowler for check in checks):
        return SILENT, ""
    for check in checks:
        for status in ("PASS", "FAIL"):
            for found_account, found_key in prowler.get(check, {}).get(status, set()):
                if found_account == account and (found_key == key or ACCOUNT_LEVEL.match(rule)):
                    return status, details.get((check, found_account, found_key), "")
    return NOT_ASSESSED, ""


def classify(rule, relation, side, view, detail, differences):
    """The known difference of a resource only one tool flags."""
    for check, who, says, known in differences:
        if check != rule or who != side:
            continue
        status, _, words = says.partition(": ")
        if status == view and (not words or words in detail):
            return known
    if not relation.startswith("same"):
        return relation
    return "unclassified"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checks")
    parser.add_argument("--prowler", nargs="+", required=True, help="Prowler json-ocsf files, one per account")
    parser.add_argument("--anshin", help="anshin's JSON report over the same accounts")
    parser.add_argument("--differences", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "differences.tsv"),
                        help="known differences per resource (default: differences.tsv beside this script)")
    parser.add_argument("--out", help="write the Markdown here instead of standard output")
    arguments = parser.parse_args()

    mapping = read_mapping(arguments.checks)
    prowler, prowler_details = prowler_results(arguments.prowler)
    anshin = anshin_results(arguments.anshin) if arguments.anshin else None
    differences = read_differences(arguments.differences) if anshin is not None else []
    classes = collections.defaultdict(collections.Counter)

    lines = ["| anshin check | Prowler checks | Prowler FAIL | Prowler PASS | Prowler gave no result for |"
             + (" anshin | both | anshin only | Prowler only |" if anshin is not None else ""),
             "|---|---|---|---|---|" + ("---|---|---|---|" if anshin is not None else "")]
    details = []
    for rule, checks, relation in mapping:
        if not checks:
            continue
        silent = [c for c in checks if c not in prowler]
        failed = set().union(*(prowler.get(c, {}).get("FAIL", set()) for c in checks))
        passed = set().union(*(prowler.get(c, {}).get("PASS", set()) for c in checks)) - failed
        if ACCOUNT_LEVEL.match(rule):
            failed = {(account, account) for account, _ in failed}
            passed = {(account, account) for account, _ in passed} - failed
        row = f"| {rule} | {', '.join(checks)} | {len(failed)} | {len(passed)} | {', '.join(silent) or '-'} |"
        if anshin is not None:
            found = anshin.get(rule, set())
            only_anshin, only_prowler = found - failed, failed - found
            row += f" {len(found)} | {len(found & failed)} | {len(only_anshin)} | {len(only_prowler)} |"
            for label, keys in (("anshin only", only_anshin), ("Prowler only", only_prowler)):
                for index, (account, key) in enumerate(sorted(keys)):
                    view, detail = prowler_view(rule, checks, label, account, key, prowler, prowler_details)
                    known = classify(rule, relation, label, view, detail, differences)
                    classes[known][label] += 1
                    if index < 20:
                        details.append(f"| {rule} | {label} | {account} | {key} | {view} | {known} |")
        lines.append(row)
    text = "\n".join(lines) + "\n"
    if details:
        text += ("\n| anshin check | who flags it | account | resource | Prowler says | known difference |\n"
                 "|---|---|---|---|---|---|\n")
        text += "\n".join(details) + "\n"
    if classes:
        text += "\n| known difference | anshin only | Prowler only |\n|---|---|---|\n"
        for known, counts in sorted(classes.items(), key=lambda item: (item[0] == "unclassified", -sum(item[1].values()))):
            text += f"| {known} | {counts['anshin only']} | {counts['Prowler only']} |\n"
    if arguments.out:
        with open(arguments.out, "w") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
