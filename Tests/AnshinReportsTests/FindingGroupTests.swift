import AnshinCore
import AnshinReports
import Testing

/// Grouping: one entry for one fix, whatever the number of environments, accounts or places.
@Suite struct FindingGroupTests {
    static func versioning(_ environment: String, path: String = "s3.tf") -> Finding {
        Finding(ruleID: "s3-bucket-versioning", title: "S3 bucket versioning is not enabled", severity: .medium,
                pillars: [.reliability], resource: Resource(kind: "aws_s3_bucket", identifier: "aws_s3_bucket.logs", environment: environment),
                location: Location(path: path, line: 12), remediation: "Enable versioning.")
    }

    static func publicBucket(account: String, region: String) -> Finding {
        Finding(ruleID: "s3-public", title: "S3 bucket is public", severity: .high, pillars: [.security],
                resource: Resource(kind: "aws_s3_bucket", identifier: "imports", account: account, region: region),
                remediation: "Block public access.")
    }

    static func secret(places: Int) -> Finding {
        Finding(ruleID: "aws-access-key", title: "AWS access key", severity: .critical, pillars: [.security],
                location: Location(path: "config/app.env", line: 3), remediation: "Revoke the key.", fingerprintKey: ["sha256=ab"],
                otherLocations: (1..<places).map { Location(path: "copy\($0).env", line: $0) })
    }

    @Test func oneRuleOnOneResourceIsOneGroupAcrossEnvironments() {
        let groups = FindingGroup.groups([Self.versioning("stg"), Self.versioning("prd"), Self.versioning("demo")])
        #expect(groups.count == 1)
        #expect(groups[0].findings.count == 3)
        #expect(Set(groups[0].findings.compactMap(\.resource?.environment)) == ["stg", "prd", "demo"])
        #expect(groups[0].subject == "aws_s3_bucket.logs")
        #expect(groups[0].origin == "code")
    }

    @Test func theSameAddressInTwoRootModulesIsTwoGroups() {
        let groups = FindingGroup.groups([Self.versioning("prd", path: "app/s3.tf"), Self.versioning("prd", path: "data/s3.tf")])
        #expect(groups.count == 2)
        #expect(groups[0].key != groups[1].key)
    }

    @Test func oneLiveResourceIsOneGroupAcrossAccountsAndRegions() {
        let groups = FindingGroup.groups([Self.publicBucket(account: "111111111111", region: "eu-west-1"),
                                          Self.publicBucket(account: "222222222222", region: "us-east-1")])
        #expect(groups.count == 1)
        #expect(groups[0].origin == "live:111111111111")
    }

    @Test func aSecretIncidentIsOneGroupWithEveryPlace() {
        let groups = FindingGroup.groups([Self.secret(places: 14), Self.versioning("prd")])
        #expect(groups.map(\.ruleID) == ["aws-access-key", "s3-bucket-versioning"], "most severe first")
        #expect(groups[0].findings.count == 1)
        #expect(groups[0].findings[0].otherLocations?.count == 13)
        #expect(groups[0].subject == "config/app.env")
    }

    @Test func severityAndKeyAreStable() {
        var suppressed = Self.versioning("prd")
        suppressed.suppression = AppliedSuppression(state: .falsePositive, reason: "scratch", author: "a", expires: nil, origin: "test")
        let groups = FindingGroup.groups([suppressed, Self.versioning("stg")])
        #expect(groups.count == 1)
        #expect(groups[0].active.count == 1)
        #expect(!groups[0].isSuppressed)
        #expect(groups[0].key == FindingGroup.groups([Self.versioning("demo")])[0].key, "the key leaves out the environment")
        #expect(groups[0].key.count == 32)
    }
}
