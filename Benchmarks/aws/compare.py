#!/usr/bin/env python3
"""Compares Prowler's OCSF results with an anshin JSON report, check by check.

Usage: compare.py CHECKS_TSV --prowler FILE... [--anshin REPORT] [--out FILE]

For each row of checks.tsv with Prowler equivalents it prints how many resources Prowler
failed and passed, which Prowler checks gave no result at all (Prowler could not assess them
here), and, with an anshin report, which resources only one of the two tools flags.

Resources are matched on (account, short name): the last segment of an ARN
(`arn:aws:s3:::acme-prd-app-0` -> `acme-prd-app-0`, `…:instance/i-0abc` -> `i-0abc`) or the
resource's name. Account-level results (root user, password policy, GuardDuty, Security Hub,
Organizations) are keyed by the account.
"""

import argparse
import collections
import json
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


def prowler_results(paths):
    """check -> status -> set of (account, resource); plus the checks that produced anything."""
    results = collections.defaultdict(lambda: collections.defaultdict(set))
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
    return results


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checks")
    parser.add_argument("--prowler", nargs="+", required=True, help="Prowler json-ocsf files, one per account")
    parser.add_argument("--anshin", help="anshin's JSON report over the same accounts")
    parser.add_argument("--out", help="write the Markdown here instead of standard output")
    arguments = parser.parse_args()

    mapping = read_mapping(arguments.checks)
    prowler = prowler_results(arguments.prowler)
    anshin = anshin_results(arguments.anshin) if arguments.anshin else None

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
                for account, key in sorted(keys)[:20]:
                    details.append(f"| {rule} | {label} | {account} | {key} | {relation} |")
        lines.append(row)
    text = "\n".join(lines) + "\n"
    if details:
        text += "\n| anshin check | who flags it | account | resource | known difference |\n|---|---|---|---|---|\n"
        text += "\n".join(details) + "\n"
    if arguments.out:
        with open(arguments.out, "w") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
