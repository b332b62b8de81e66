import AnshinCore
import AnshinGitHub

/// Findings shaped like the audits' and the secret scanner's, for the sync's tests.
enum Samples {
    static func versioning(_ environment: String, bucket: String = "aws_s3_bucket.logs") -> Finding {
        Finding(ruleID: "s3-bucket-versioning", title: "S3 bucket versioning is not enabled",
                message: "\(bucket) keeps no versions in \(environment)", severity: .medium, pillars: [.reliability],
                resource: Resource(kind: "aws_s3_bucket", identifier: bucket, environment: environment),
                location: Location(path: "s3.tf", line: 12),
                remediation: "Enable versioning:\n\n```hcl\nresource \"aws_s3_bucket_versioning\" \"logs\" {}\n```",
                references: ["SecurityHub:S3.14"])
    }

    static func publicDatabase(_ environment: String = "prd") -> Finding {
        Finding(ruleID: "rds-publicly-accessible", title: "RDS instance is publicly accessible",
                message: "aws_db_instance.main is reachable from the internet in \(environment)", severity: .critical,
                pillars: [.security], resource: Resource(kind: "aws_db_instance", identifier: "aws_db_instance.main", environment: environment),
                location: Location(path: "rds.tf", line: 3), remediation: "Set publicly_accessible = false.",
                references: ["SecurityHub:RDS.2"])
    }

    static func secret(digest: String = "a1") -> Finding {
        Finding(ruleID: "aws-access-key", title: "AWS access key", message: "AWS access key in config/app.env:3",
                severity: .high, pillars: [.security], location: Location(path: "config/app.env", line: 3),
                evidence: "AKIA…[redacted]", remediation: "Revoke the key, then remove it from the history.",
                fingerprintKey: ["sha256=\(digest)"])
    }

    static func liveTrail(account: String = "111111111111") -> Finding {
        Finding(ruleID: "cloudtrail-enabled", title: "No CloudTrail trail logs every Region", severity: .high,
                pillars: [.security, .opex], resource: Resource(kind: "aws_cloudtrail", identifier: "trail", account: account, region: "ap-northeast-1"),
                remediation: "Create a multi-Region trail.")
    }

    static func suppressed(_ finding: Finding, state: TriageState = .falsePositive) -> Finding {
        var finding = finding
        finding.suppression = AppliedSuppression(state: state, reason: "test credential", author: "alice", expires: nil,
                                                 origin: ".anshin/suppressions.yml:3")
        return finding
    }

    /// The issues GitHub would hold after every create step of `plan` was applied, numbered from `start`.
    static func issues(after plan: SyncPlan, start: Int = 1) -> [GitHubIssue] {
        plan.creates.enumerated().map { index, draft in
            GitHubIssue(number: start + index, title: draft.title, body: draft.body(), state: "open", labels: draft.labels, user: "anshin-bot")
        }
    }
}
