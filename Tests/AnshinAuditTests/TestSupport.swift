import AnshinCore
import Testing
@testable import AnshinAudit

/// Small builders so each check's tests read as the inventory they describe.
extension Inventory {
    /// A Terraform inventory for `env` (production when `env` is `prd`).
    static func terraform(env: String = "prd", production: Bool? = nil, _ build: (inout Inventory) -> Void = { _ in }) -> Inventory {
        var inventory = Inventory(source: .terraform, environment: env, production: production ?? (env == "prd"))
        inventory.terraform = TerraformSettings(directory: ".", location: Location(path: "versions.tf", line: 1))
        build(&inventory)
        return inventory
    }

    /// A live inventory of account 111111111111 in ap-northeast-1.
    static func aws(production: Bool = true, _ build: (inout Inventory) -> Void = { _ in }) -> Inventory {
        var inventory = Inventory(source: .aws, environment: "prd", production: production)
        inventory.account = Fixture.account
        inventory.region = Fixture.region
        build(&inventory)
        return inventory
    }
}

enum Fixture {
    static let account = "111111111111"
    static let region = "ap-northeast-1"

    /// A Terraform resource `kind.name` declared at `path:line`, with its real name.
    static func tf(_ kind: String, _ name: String, named realName: String? = nil, path: String = "main.tf",
                   line: Int = 1) -> ResourceReference {
        ResourceReference(kind: kind, identifier: "\(kind).\(name)", name: realName, environment: "prd",
                          location: Location(path: path, line: line))
    }

    /// A live resource with id `identifier` in the fixture account and region.
    static func live(_ kind: String, _ identifier: String, named realName: String? = nil) -> ResourceReference {
        ResourceReference(kind: kind, identifier: identifier, name: realName, account: account, region: region, environment: "prd")
    }

    /// A line in `path`, where a setting is written.
    static func line(_ line: Int, _ path: String = "main.tf") -> Location {
        Location(path: path, line: line)
    }

    static let logsRef = tf("aws_s3_bucket", "logs", named: "acme-prd-logs", line: 10)
    static let liveLogsRef = live("AWS::S3::Bucket", "acme-prd-logs", named: "acme-prd-logs")

    /// A bucket that passes every S3 check.
    static func goodBucket(_ reference: ResourceReference = logsRef) -> S3Bucket {
        var bucket = S3Bucket(reference: reference)
        bucket.publicAccessBlock = .known(.all)
        bucket.encryption = .known(BucketEncryption(algorithm: .known("aws:kms"), kmsKeyID: .known("alias/s3")))
        bucket.versioning = .known(.enabled)
        bucket.lifecycleRules = .known([LifecycleRule(enabled: .known(true), expiresOrTransitions: true,
                                                      expiresNoncurrentVersions: true, abortsIncompleteUploads: true)])
        bucket.logging = .known(true)
        bucket.policy = .known(PolicyDocument(statements: [
            .init(effect: "Deny", actions: ["s3:*"], resources: ["*"], principals: ["*"],
                  conditions: ["Bool": ["aws:SecureTransport": ["false"]]]),
        ]))
        return bucket
    }

    static let dbRef = tf("aws_db_instance", "metabase", named: "acme-prd-metabase", path: "metabase.tf", line: 3)
    static let liveDBRef = live("AWS::RDS::DBInstance", "acme-prd-metabase", named: "acme-prd-metabase")

    /// A database that passes every RDS check.
    static func goodDatabase(_ reference: ResourceReference = dbRef, kind: Database.Kind = .instance) -> Database {
        var database = Database(reference: reference, kind: kind)
        database.engine = .known("postgres")
        database.instanceClass = kind == .instance ? .known("db.t4g.medium") : .known(nil)
        database.storageEncrypted = .known(true)
        database.multiAZ = .known(true)
        database.publiclyAccessible = .known(false)
        database.deletionProtection = .known(true)
        database.backupRetentionDays = .known(14)
        return database
    }
}

/// The one finding `check` reports on `inventory`; fails the test when there is not exactly one.
func onlyFinding(_ check: some Check, _ inventory: Inventory, sourceLocation: SourceLocation = #_sourceLocation) throws -> Finding {
    let findings = check.evaluate(inventory)
    try #require(findings.count == 1, "expected one finding, got \(findings.map(\.summary))", sourceLocation: sourceLocation)
    return findings[0]
}

/// Checks the parts of a finding that identify it and tell the user what to change.
func expectFinding(_ finding: Finding, _ id: String, _ severity: Severity, _ identifier: String, _ message: String,
                   at location: Location?, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(finding.ruleID == id, sourceLocation: sourceLocation)
    #expect(finding.severity == severity, sourceLocation: sourceLocation)
    #expect(finding.resource?.identifier == identifier, sourceLocation: sourceLocation)
    #expect(finding.message == message, sourceLocation: sourceLocation)
    #expect(finding.location == location, sourceLocation: sourceLocation)
}
