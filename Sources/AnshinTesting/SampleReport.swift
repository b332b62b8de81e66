import AnshinCore

/// A fixed, realistic report used by every reporter's golden tests: findings from the Terraform
/// audit, the live AWS audit and the secret scanner, several pillars and severities, a suppressed
/// finding, a note, and text that must be escaped in every markup language.
public enum SampleReport {
    public static func make(showSuppressed: Bool = false, failOn: Severity = .high) -> Report {
        // Assembled so that this file never holds a string a secret scanner flags.
        let keyID = "AK" + "IA" + "Q3EXAMPLE7" + "ZX4PL"
        var suppressed = Finding(
            ruleID: "s3-bucket-versioning",
            title: "S3 bucket versioning is not enabled",
            message: "aws_s3_bucket.tmp in demo keeps no previous object versions.",
            severity: .medium,
            pillars: [.reliability],
            resource: Resource(kind: "aws_s3_bucket", identifier: "aws_s3_bucket.tmp", environment: "demo"),
            location: Location(path: "s3.tf", line: 88, endLine: 91),
            remediation: "Add an aws_s3_bucket_versioning resource with status = \"Enabled\".",
            references: ["SecurityHub:S3.14"]
        )
        suppressed.suppression = AppliedSuppression(
            state: .lowRisk, reason: "Scratch data, recreated nightly", author: "sre@acme.example",
            expires: "2027-03-31", origin: ".anshin/suppressions.yml:4")
        let findings: [Finding] = [
            Finding(
                ruleID: "secret-aws-access-key",
                title: "AWS access key",
                message: "An AWS access key id and its secret key are committed in .envrc.",
                severity: .critical,
                pillars: [.security],
                location: Location(path: ".envrc", line: 3, column: 26, endLine: 3, endColumn: 46,
                                   commit: "9f2c1e7d4b3a5968a7b6c5d4e3f2a1b0c9d8e7f6", author: "Ken Sato <ken@acme.example>",
                                   date: "2025-02-14T09:12:44Z"),
                evidence: "export TF_VAR_aws_key_id=\(Redaction.redact(keyID))",
                remediation: "Revoke the key in IAM, issue a new one, and move the value to SSM Parameter Store.",
                references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"],
                fingerprintKey: [Fingerprint.sha256(Array(keyID.utf8))]
            ),
            Finding(
                ruleID: "rds-storage-encrypted",
                title: "RDS storage is not encrypted",
                message: "aws_db_instance.metabase stores data unencrypted in prd.",
                severity: .high,
                pillars: [.security],
                resource: Resource(kind: "aws_db_instance", identifier: "aws_db_instance.metabase", environment: "prd"),
                location: Location(path: "metabase/rds.tf", line: 12, column: 1, endLine: 30, endColumn: 2),
                remediation: """
                Restore the database from an encrypted snapshot copy:
                ```hcl
                resource "aws_db_instance" "metabase" {
                  storage_encrypted = true
                }
                ```
                """,
                references: ["SecurityHub:RDS.3", "CIS:2.3.1"]
            ),
            Finding(
                ruleID: "iam-user-access-key",
                title: "IAM user has an access key",
                message: "IAM user ci-deploy has an active access key last used 212 days ago.",
                severity: .high,
                pillars: [.security, .opex],
                resource: Resource(kind: "AWS::IAM::User", identifier: "ci-deploy",
                                   arn: "arn:aws:iam::111111111111:user/ci-deploy", account: "111111111111",
                                   region: "us-east-1", environment: "prd"),
                remediation: "Replace long-lived keys with IAM Identity Center or an IAM role (OIDC for CI).",
                references: ["SecurityHub:IAM.3"]
            ),
            Finding(
                ruleID: "cloudwatch-log-group-retention",
                title: "CloudWatch log group keeps logs forever",
                message: "aws_cloudwatch_log_group.app has no retention_in_days & grows without bound.",
                severity: .low,
                pillars: [.cost, .opex],
                resource: Resource(kind: "aws_cloudwatch_log_group", identifier: "aws_cloudwatch_log_group.app", environment: "stg"),
                location: Location(path: "logs.tf", line: 1),
                remediation: "Set retention_in_days (e.g. 90) on the log group.",
                references: ["SecurityHub:CloudWatch.16"]
            ),
            Finding(
                ruleID: "graviton-rds",
                title: "RDS instance class has a Graviton equivalent",
                message: "db.t3.medium -> db.t4g.medium: up to 40% better price-performance <per AWS>.",
                severity: .info,
                pillars: [.cost, .performance, .sustainability],
                resource: Resource(kind: "aws_db_instance", identifier: "aws_db_instance.main", environment: "prd"),
                location: Location(path: "rds.tf", line: 5),
                remediation: "Change instance_class to \"db.t4g.medium\" | test in stg first.",
                references: []
            ),
            Finding(
                ruleID: "alb-access-logs",
                title: "Load balancer access logs are off",
                message: "aws_lb.web writes no access logs; <script>alert(1)</script> is escaped.",
                severity: .medium,
                pillars: [.security, .opex],
                resource: Resource(kind: "aws_lb", identifier: "aws_lb.web", environment: "prd"),
                location: Location(path: "alb.tf", line: 20),
                remediation: "Enable access_logs { bucket = aws_s3_bucket.logs.id, enabled = true }.",
                references: ["SecurityHub:ELB.5"]
            ),
            suppressed,
        ]
        return Report(
            target: "examples/acme",
            generatedAt: "2026-11-27T09:00:00Z",
            findings: findings,
            notes: [Note(kind: .notAssessed, source: "aws",
                         message: "Region eu-west-1 of account 111111111111: access denied to ec2:DescribeInstances.")],
            failOn: failOn,
            showSuppressed: showSuppressed
        )
    }
}
