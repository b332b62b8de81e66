#!/usr/bin/env python3
"""Summarise Benchmarks/terraform/run: timing table, start-up table and the agreement of anshin
with Checkov on the checks both have, as Markdown (results.md) plus one detailed disagreement
file per corpus (work/agreement-<corpus>.md).

Also usable on its own to compare two reports:

    summarize.py --compare ANSHIN.json CHECKOV.json
"""
import argparse
import collections
import json
import os
import re
import statistics
import sys

# anshin rule -> the Checkov checks that ask the same question (ids verified against
# `checkov --list` of the pinned version). A row is one anshin rule against one Checkov check,
# or against two ("A+B") where Checkov splits the same question by resource type.
PAIRS = [
    ("s3-bucket-versioning", "CKV_AWS_21", "S3 bucket versioning"),
    ("s3-bucket-access-logging", "CKV_AWS_18", "S3 bucket access logging"),
    ("s3-bucket-public-access-block", "CKV2_AWS_6", "S3 bucket public access block"),
    ("s3-bucket-kms-encryption", "CKV_AWS_145", "S3 bucket default encryption with KMS"),
    ("rds-instance-storage-encrypted", "CKV_AWS_16", "RDS instance storage encrypted"),
    ("rds-instance-public-access", "CKV_AWS_17", "RDS instance not publicly accessible"),
    ("rds-instance-multi-az", "CKV_AWS_157", "RDS instance Multi-AZ"),
    ("rds-instance-deletion-protection", "CKV_AWS_293", "RDS instance deletion protection"),
    ("rds-instance-backups", "CKV_AWS_133", "RDS backup retention"),
    ("rds-cluster-storage-encrypted", "CKV_AWS_96", "Aurora cluster storage encrypted"),
    ("rds-cluster-deletion-protection", "CKV_AWS_139", "RDS cluster deletion protection"),
    ("cloudwatch-log-group-retention", "CKV_AWS_66", "Log group has a retention"),
    ("cloudwatch-log-group-retention", "CKV_AWS_338", "Log group retention >= 1 year (Checkov) vs set (anshin)"),
    ("ec2-imdsv2-required", "CKV_AWS_79", "EC2 IMDSv2 required"),
    ("elb-access-logs", "CKV_AWS_91+CKV_AWS_92", "Load balancer access logs (ALB/NLB, classic)"),
    ("elasticache-encryption-at-rest", "CKV_AWS_29", "ElastiCache encryption at rest"),
    ("elasticache-encryption-in-transit", "CKV_AWS_30", "ElastiCache encryption in transit"),
    ("cloudtrail-multi-region", "CKV_AWS_67", "CloudTrail multi-region"),
    ("cloudtrail-log-file-validation", "CKV_AWS_36", "CloudTrail log file validation"),
    ("cloudtrail-kms-encryption", "CKV_AWS_35", "CloudTrail KMS encryption"),
    ("cloudtrail-cloudwatch-logs", "CKV2_AWS_10", "CloudTrail to CloudWatch Logs"),
    ("vpc-flow-logs", "CKV2_AWS_11", "VPC flow logs"),
    ("iam-policy-admin-access", "CKV_AWS_62+CKV_AWS_1", "IAM policy (or policy document) allows *:*"),
    ("iam-user-policies", "CKV_AWS_40", "IAM policies attached to users"),
    ("cloudfront-logging", "CKV_AWS_86", "CloudFront access logs"),
    ("waf-logging", "CKV2_AWS_31", "WAFv2 logging"),
    ("ebs-encryption-by-default", "CKV_AWS_106", "EBS encryption by default"),
]

INDEX = re.compile(r'\[[^\]]*\]')


def normalise(address):
    """module.a["x"].module.b[0].aws_s3_bucket.c[1] -> module.a.module.b.aws_s3_bucket.c"""
    return INDEX.sub("", address or "")


def load_checkov(path):
    """Failed checks of a Checkov JSON report: (check id, normalised address, file, first, last)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    reports = data if isinstance(data, list) else [data]
    failed = []
    for report in reports:
        if report.get("check_type") not in (None, "terraform"):
            continue
        for check in report.get("results", {}).get("failed_checks", []):
            first, last = (check.get("file_line_range") or [0, 0])[:2]
            failed.append((check["check_id"], normalise(check.get("resource")), check["file_path"].lstrip("/"), first, last))
    return failed


def checkov_count(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    reports = data if isinstance(data, list) else [data]
    return sum(len(report.get("results", {}).get("failed_checks", [])) for report in reports)


def load_anshin(path):
    """anshin findings: (rule, normalised address, file, line, environment)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    found = []
    for finding in data.get("findings", []):
        resource = finding.get("resource") or {}
        location = finding.get("location") or {}
        found.append((finding["ruleID"], normalise(resource.get("identifier")), location.get("path", ""),
                      location.get("line", 0), resource.get("environment")))
    return found, data


def agreement(anshin_findings, checkov_failed):
    """Per pair: Checkov units (id, address, file, range) and anshin units (rule, address, file, line)
    matched when they name the same resource in the same folder, or when anshin's location lies
    inside the resource Checkov flagged (anshin sometimes points at the related resource, such as
    the aws_iam_user_policy_attachment of a user)."""
    rows = []
    for rule, check, title in PAIRS:
        ids = set(check.split("+"))
        c_units = sorted({(a, f, s, e) for (cid, a, f, s, e) in checkov_failed if cid in ids})
        a_units = collections.defaultdict(set)  # (address, file, line) -> environments
        for (r, a, f, line, env) in anshin_findings:
            if r == rule:
                a_units[(a, f, line)].add(env or "-")

        def match(a_unit, c_unit):
            (aa, af, al), (ca, cf, cs, ce) = a_unit, c_unit
            if aa and aa == ca and os.path.dirname(af) == os.path.dirname(cf):
                return True
            return af == cf and cs <= al <= ce

        both_c, only_c, only_a, both_a = [], [], [], []
        for c in c_units:
            (both_c if any(match(a, c) for a in a_units) else only_c).append(c)
        for a in sorted(a_units):
            (both_a if any(match(a, c) for c in c_units) else only_a).append((a, sorted(a_units[a])))
        rows.append({"rule": rule, "check": check, "title": title, "checkov": len(c_units),
                     "anshin": len(a_units), "both": len(both_c), "only_anshin": only_a,
                     "only_checkov": only_c, "both_anshin": both_a})
    return rows


def agreement_markdown(rows, corpus, per_environment=None):
    """per_environment: {env: rows computed with only that environment's anshin findings}."""
    per_environment = per_environment or {}
    envs = list(per_environment)
    lines = ["| anshin rule | Checkov | meaning | Checkov flags | anshin flags | both | only anshin | only Checkov |"
             + "".join(f" {env}: both / only anshin / only Checkov |" for env in envs),
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |" + " ---: |" * len(envs)]
    for index, row in enumerate(rows):
        if not (row["checkov"] or row["anshin"]):
            continue
        cells = "".join(f" {r['both']} / {len(r['only_anshin'])} / {len(r['only_checkov'])} |"
                        for r in (per_environment[env][index] for env in envs))
        lines.append(f"| `{row['rule']}` | {row['check']} | {row['title']} | {row['checkov']} | {row['anshin']} | "
                     f"{row['both']} | {len(row['only_anshin'])} | {len(row['only_checkov'])} |" + cells)
    quiet = [f"{row['rule']}/{row['check']}" for row in rows if not (row["checkov"] or row["anshin"])]
    if quiet:
        lines.append("")
        lines.append(f"Pairs neither tool flags on {corpus}: " + ", ".join(quiet) + ".")
    return "\n".join(lines)


def disagreement_details(rows, limit=None):
    lines = []
    for row in rows:
        items = []
        for (address, path, line), envs in row["only_anshin"]:
            items.append(f"- only anshin: `{address or '(account)'}` at {path}:{line} (environments: {', '.join(envs)})")
        for (address, path, first, last) in row["only_checkov"]:
            items.append(f"- only Checkov: `{address}` at {path}:{first}-{last}")
        if not items:
            continue
        lines.append(f"### `{row['rule']}` / {row['check']} ({row['title']})")
        lines.append("")
        shown = items if limit is None else items[:limit]
        lines.extend(shown)
        if len(shown) < len(items):
            lines.append(f"- ... {len(items) - len(shown)} more")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------

def seconds(value):
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", nargs=2, metavar=("ANSHIN_JSON", "CHECKOV_JSON"))
    parser.add_argument("--results")
    parser.add_argument("--startup")
    parser.add_argument("--out-dir")
    parser.add_argument("--markdown")
    parser.add_argument("--agreement-dir")
    parser.add_argument("--corpus", action="append", default=[])
    parser.add_argument("--note", action="append", default=[])
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--date", default="")
    parser.add_argument("--machine", default="")
    parser.add_argument("--versions", default="")
    parser.add_argument("--loads", default="")
    parser.add_argument("--uptime", default="")
    parser.add_argument("--runs", default="")
    parser.add_argument("--startup-runs", default="")
    args = parser.parse_args()

    if args.compare:
        found, _ = load_anshin(args.compare[0])
        rows = agreement(found, load_checkov(args.compare[1]))
        environments = sorted({env for *_, env in found if env})
        per_env = {env: agreement([f for f in found if f[4] == env], load_checkov(args.compare[1])) for env in environments} if len(environments) > 1 else {}
        print(agreement_markdown(rows, "this input", per_env))
        print()
        print(disagreement_details(rows))
        return

    corpora = dict(item.split("=", 1) for item in args.corpus)
    notes = dict(item.split("=", 1) for item in args.note)
    envs = dict(item.split("=", 1) for item in args.env)

    runs = collections.defaultdict(list)
    with open(args.results, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            corpus, tool, _, wall, rss, _, _ = line.rstrip("\n").split("\t")
            runs[(corpus, tool)].append((float(wall), int(rss)))

    out = []
    out.append("# Terraform audit benchmark: results")
    out.append("")
    out.append(f"- Date: {args.date}")
    out.append(f"- Machine: {args.machine}")
    out.append(f"- Load (`uptime` at the end): `{args.uptime.strip()}`")
    out.append(f"- Load (1, 5, 15 min) before each series: {args.loads}")
    out.append(f"- Versions: {args.versions}")
    out.append(f"- Runs: {args.runs} per tool and corpus; median wall time (min–max), peak RSS is the largest of the runs")
    out.append("")
    out.append("Corpora:")
    out.append("")
    sizes = {}
    for corpus, directory in corpora.items():
        files = tf = 0
        for root, _, names in os.walk(directory):
            regular = [name for name in names if os.path.isfile(os.path.join(root, name)) and not os.path.islink(os.path.join(root, name))]
            files += len(regular)
            tf += sum(1 for name in regular if name.endswith(".tf"))
        sizes[corpus] = (files, tf)
        out.append(f"- **{corpus}**: {notes.get(corpus, '')}")
    out.append("")

    out.append("| corpus | files (.tf) | resources (Checkov's count) | tool | wall time, median (min–max) | peak RSS | findings | Checkov time / this |")
    out.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    agreement_sections = []
    for corpus in corpora:
        base = os.path.join(args.out_dir, corpus)
        checkov_json = os.path.join(base, "checkov", "results_json.json")
        anshin_json = os.path.join(base, "anshin", "report.json")
        resources_checkov = "?"
        try:
            with open(checkov_json, encoding="utf-8") as handle:
                data = json.load(handle)
            reports = data if isinstance(data, list) else [data]
            resources_checkov = sum(report.get("summary", {}).get("resource_count", 0) for report in reports)
        except (OSError, ValueError):
            pass
        checkov_times = [wall for wall, _ in runs.get((corpus, "checkov"), [])]
        checkov_median = statistics.median(checkov_times) if checkov_times else None
        for tool in ("anshin", "anshin-env", "checkov"):
            series = runs.get((corpus, tool))
            if not series:
                continue
            walls = [wall for wall, _ in series]
            median = statistics.median(walls)
            rss = max(kb for _, kb in series) / 1024
            if tool == "checkov":
                findings = checkov_count(checkov_json)
                label = "Checkov"
                resources = str(resources_checkov)
            else:
                found, data = load_anshin(os.path.join(base, tool, "report.json"))
                environments = sorted({env for *_, env in found if env})
                findings = f"{len(found)} ({len(environments)} env)" if environments else str(len(found))
                label = "anshin, all environments" if tool == "anshin" else f"anshin --env {envs.get(corpus)}"
                resources = ""
            ratio = f"**{checkov_median / median:.0f}×**" if (checkov_median and tool != "checkov") else ""
            files, tf = sizes[corpus]
            out.append(f"| {corpus} | {files} ({tf}) | {resources} | {label} | {seconds(median)} ({seconds(min(walls))}–{seconds(max(walls))}{'' if len(walls) > 1 else ', 1 run'}) | "
                       f"{rss:.0f} MiB | {findings} | {ratio} |")

        if os.path.exists(anshin_json) and os.path.exists(checkov_json):
            found, _ = load_anshin(anshin_json)
            rows = agreement(found, load_checkov(checkov_json))
            environments = sorted({env for *_, env in found if env})
            section = [f"### Agreement on {corpus}", ""]
            if len(environments) > 1:
                section.append(f"anshin column: union over its {len(environments)} environments ({', '.join(environments)}); "
                               "Checkov has no environments (it reads variable defaults, not `<env>.tfvars`).")
                section.append("")
            checkov_failed = load_checkov(checkov_json)
            per_env = {env: agreement([f for f in found if f[4] == env], checkov_failed) for env in environments} if len(environments) > 1 else {}
            section.append(agreement_markdown(rows, corpus, per_env))
            agreement_sections.append("\n".join(section))
            if args.agreement_dir:
                with open(os.path.join(args.agreement_dir, f"agreement-{corpus}.md"), "w", encoding="utf-8") as handle:
                    handle.write(f"# Disagreements on {corpus}\n\n" + disagreement_details(rows) + "\n")
                if corpus == "acme":
                    agreement_sections.append("Disagreements on acme (classified in README.md):\n\n" + disagreement_details(rows))

    out.append("")
    out.append("Findings: anshin counts one finding per resource instance and environment; Checkov one failed check per resource "
               "block (per module instance), with its whole policy set. Resources: Checkov's `resource_count`.")
    out.append("")

    if args.startup:
        out.append(f"## Start-up (median of {args.startup_runs} runs; min–max)")
        out.append("")
        out.append("| command | median | min–max |")
        out.append("| --- | ---: | ---: |")
        series = collections.defaultdict(list)
        with open(args.startup, encoding="utf-8") as handle:
            next(handle)
            for line in handle:
                what, _, wall = line.rstrip("\n").split("\t")
                series[what].append(float(wall))
        for what, walls in series.items():
            out.append(f"| `{what}` | {seconds(statistics.median(walls))} | {seconds(min(walls))}–{seconds(max(walls))} |")
        out.append("")

    out.append("## Agreement on the checks both tools have")
    out.append("")
    out.append("Per (anshin rule, Checkov id) pair, resources flagged: matched when both name the same resource "
               "(instance keys dropped) in the same folder, or when anshin's location lies inside the block Checkov flags. "
               "Full lists: `work/agreement-<corpus>.md`.")
    out.append("")
    out.extend(section + "\n" for section in agreement_sections)
    with open(args.markdown, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out).rstrip("\n") + "\n")


if __name__ == "__main__":
    sys.exit(main())
