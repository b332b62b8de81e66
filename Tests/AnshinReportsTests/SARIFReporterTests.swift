import AnshinCore
import AnshinTesting
import Foundation
import Testing

@testable import AnshinReports

/// The SARIF reporter: golden files, conformance to the OASIS schema, and GitHub's ingestion rules.
struct SARIFReporterTests {
    let reporter = SARIFReporter()

    static let schema = Golden.fixtures("sarif-schema-2.1.0.json")

    static let emptyReport = Report(target: "examples/empty", generatedAt: "2026-11-27T09:00:00Z", findings: [])

    static func report(_ findings: [Finding], showSuppressed: Bool = false) -> Report {
        Report(target: "edge", generatedAt: "2026-11-27T09:00:00Z", findings: findings, showSuppressed: showSuppressed)
    }

    static func finding(ruleID: String = "edge-rule", severity: Severity = .medium, pillars: [Pillar] = [.reliability],
                        resource: Resource? = nil, location: Location? = nil) -> Finding {
        Finding(ruleID: ruleID, title: "Edge case", severity: severity, pillars: pillars,
                resource: resource, location: location, remediation: "Fix it.")
    }

    /// The rendered document parsed back, to inspect it field by field.
    func parse(_ report: Report) throws -> [String: Any] {
        let text = reporter.render(report)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    func run(_ report: Report) throws -> [String: Any] {
        let runs = try #require(try parse(report)["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return try #require(runs.first)
    }

    func results(_ report: Report) throws -> [[String: Any]] {
        try #require(try run(report)["results"] as? [[String: Any]])
    }

    func rules(_ report: Report) throws -> [[String: Any]] {
        let tool = try #require(try run(report)["tool"] as? [String: Any])
        let driver = try #require(tool["driver"] as? [String: Any])
        return try #require(driver["rules"] as? [[String: Any]])
    }

    @Test func goldenSample() {
        let text = reporter.render(SampleReport.make())
        #expect(Golden.mismatch(text, name: "sample.sarif", directory: Golden.fixtures("golden")) == nil)
        #expect(SARIFValidation.errors(in: text, schema: Self.schema) == [])
    }

    @Test func goldenSampleWithSuppressed() {
        let text = reporter.render(SampleReport.make(showSuppressed: true))
        #expect(Golden.mismatch(text, name: "sample-suppressed.sarif", directory: Golden.fixtures("golden")) == nil)
        #expect(SARIFValidation.errors(in: text, schema: Self.schema) == [])
    }

    @Test func goldenEmpty() {
        let text = reporter.render(Self.emptyReport)
        #expect(Golden.mismatch(text, name: "empty.sarif", directory: Golden.fixtures("golden")) == nil)
        #expect(SARIFValidation.errors(in: text, schema: Self.schema) == [])
    }

    @Test func emptyReportHasAnEmptyResultsArrayAndNoRules() throws {
        let run = try run(Self.emptyReport)
        #expect((run["results"] as? [Any])?.isEmpty == true)
        #expect(try rules(Self.emptyReport).isEmpty)
    }

    @Test(arguments: [
        ("only a resource", finding(resource: Resource(kind: "AWS::IAM::User", identifier: "ci-deploy",
                                                       arn: "arn:aws:iam::111111111111:user/ci-deploy",
                                                       account: "111111111111", region: "us-east-1"))),
        ("only a location", finding(location: Location(path: "main.tf", line: 7))),
        ("path with spaces and non-ASCII", finding(location: Location(path: "infra/prod stack/ネットワーク #1.tf", line: 3))),
        ("line 0", finding(location: Location(path: "main.tf", line: 0, column: 0, endLine: 0, endColumn: 0))),
        ("unknown line", finding(location: Location(path: "main.tf"))),
        ("end column before start column", finding(location: Location(path: "a.tf", line: 4, column: 9, endLine: 4, endColumn: 3))),
        ("neither", finding()),
    ])
    func edgeCasesValidate(_ name: String, _ finding: Finding) {
        let text = reporter.render(Self.report([finding]))
        #expect(SARIFValidation.errors(in: text, schema: Self.schema) == [], "\(name)")
    }

    /// GitHub rejects a whole upload when a result lacks a physical location with a URI, so every
    /// result has exactly one, with a start line.
    @Test func everyResultHasOnePhysicalLocationWithAStartLine() throws {
        let findings = [
            Self.finding(ruleID: "a", resource: Resource(kind: "AWS::IAM::User", identifier: "ci-deploy",
                                                         account: "111111111111", region: "us-east-1")),
            Self.finding(ruleID: "b", location: Location(path: "main.tf")),
            Self.finding(ruleID: "c"),
        ]
        for result in try results(Self.report(findings)) {
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(locations.count == 1)
            let physical = try #require(locations[0]["physicalLocation"] as? [String: Any])
            let artifact = try #require(physical["artifactLocation"] as? [String: Any])
            #expect((artifact["uri"] as? String)?.isEmpty == false)
            let region = try #require(physical["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1)
        }
    }

    @Test func resourceOnlyFindingHasALogicalLocationAndAPseudoPath() throws {
        let resource = Resource(kind: "AWS::IAM::User", identifier: "ci-deploy",
                                arn: "arn:aws:iam::111111111111:user/ci-deploy", account: "111111111111", region: "us-east-1")
        let result = try #require(try results(Self.report([Self.finding(resource: resource)])).first)
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
        #expect(logical["name"] as? String == "ci-deploy")
        #expect(logical["fullyQualifiedName"] as? String == "arn:aws:iam::111111111111:user/ci-deploy")
        #expect(logical["kind"] as? String == "resource")
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "aws/111111111111/us-east-1/ci-deploy")
        #expect(artifact["uriBaseId"] == nil)
    }

    @Test func pathsArePercentEncodedRelativeURIs() throws {
        let finding = Self.finding(location: Location(path: "./infra/prod stack/ネット#1.tf", line: 3))
        let result = try #require(try results(Self.report([finding])).first)
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "infra/prod%20stack/%E3%83%8D%E3%83%83%E3%83%88%231.tf")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
    }

    @Test func unknownOrZeroLineBecomesTheWholeFile() throws {
        for location in [Location(path: "main.tf"), Location(path: "main.tf", line: 0, column: 5, endLine: 0)] {
            let result = try #require(try results(Self.report([Self.finding(location: location)])).first)
            let physical = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let region = try #require(physical["region"] as? [String: Any])
            #expect(region.count == 1)
            #expect(region["startLine"] as? Int == 1)
        }
    }

    @Test func regionCarriesColumnsWhenKnown() throws {
        let location = Location(path: ".envrc", line: 3, column: 26, endLine: 3, endColumn: 46)
        let result = try #require(try results(Self.report([Self.finding(location: location)])).first)
        let physical = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 3)
        #expect(region["startColumn"] as? Int == 26)
        #expect(region["endLine"] as? Int == 3)
        #expect(region["endColumn"] as? Int == 46)
    }

    @Test func securitySeverityOnlyOnSecurityRules() throws {
        let rules = try rules(SampleReport.make())
        #expect(rules.count == 6)
        for rule in rules {
            let properties = try #require(rule["properties"] as? [String: Any])
            let tags = try #require(properties["tags"] as? [String])
            if tags.contains("security") {
                let score = try #require(properties["security-severity"] as? String, "\(rule["id"] ?? "")")
                #expect(Double(score) != nil)
            } else {
                #expect(properties["security-severity"] == nil, "\(rule["id"] ?? "")")
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: rules.map { ($0["id"] as? String ?? "", $0) })
        let secret = try #require(byID["secret-aws-access-key"]?["properties"] as? [String: Any])
        #expect(secret["security-severity"] as? String == "9.5")
        let logs = try #require(byID["alb-access-logs"]?["properties"] as? [String: Any])
        #expect(logs["security-severity"] as? String == "5.5")
        let graviton = try #require(byID["graviton-rds"]?["properties"] as? [String: Any])
        #expect(graviton["security-severity"] == nil)
    }

    @Test func rulesAreSortedWithHelpAndMatchingIndices() throws {
        let report = SampleReport.make()
        let rules = try rules(report)
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids == ids.sorted())
        for rule in rules {
            let help = try #require(rule["help"] as? [String: Any])
            #expect((help["text"] as? String)?.isEmpty == false)
            #expect((help["markdown"] as? String)?.isEmpty == false)
            #expect(rule["shortDescription"] != nil && rule["fullDescription"] != nil)
        }
        let byID = Dictionary(uniqueKeysWithValues: rules.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["secret-aws-access-key"]?["name"] as? String == "SecretAwsAccessKey")
        #expect(byID["secret-aws-access-key"]?["helpUri"] as? String
            == "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html")
        #expect(byID["rds-storage-encrypted"]?["helpUri"] == nil)
        for result in try results(report) {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids[index] == result["ruleId"] as? String)
            let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
            #expect(fingerprints["anshinFingerprint/v1"]?.count == 32)
        }
    }

    @Test(arguments: [
        (Severity.critical, "error"), (.high, "error"), (.medium, "warning"), (.low, "note"), (.info, "note"),
    ])
    func levels(_ severity: Severity, _ level: String) throws {
        let result = try #require(try results(Self.report([Self.finding(severity: severity)])).first)
        #expect(result["level"] as? String == level)
    }

    @Test func suppressedFindingsAreListedOnlyWhenAskedAndCarryTheirJustification() throws {
        #expect(try results(SampleReport.make()).count == 6)
        let shown = try results(SampleReport.make(showSuppressed: true))
        #expect(shown.count == 7)
        let suppressed = shown.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 1)
        let suppression = try #require((suppressed.first?["suppressions"] as? [[String: Any]])?.first)
        #expect(suppression["kind"] as? String == "external")
        #expect(suppression["status"] as? String == "accepted")
        #expect(suppression["justification"] as? String
            == "ignored (low risk): Scratch data, recreated nightly (sre@acme.example, until 2027-03-31)")
    }

    @Test func evidenceIsAppendedToTheMessage() throws {
        let results = try results(SampleReport.make())
        let secret = try #require(results.first { $0["ruleId"] as? String == "secret-aws-access-key" })
        let text = try #require((secret["message"] as? [String: Any])?["text"] as? String)
        #expect(text.hasPrefix("An AWS access key id and its secret key are committed in .envrc.\nEvidence: export TF_VAR_aws_key_id="))
        #expect(text.hasSuffix(Redaction.marker))
    }

    @Test func notesBecomeToolNotifications() throws {
        let invocations = try #require(try run(SampleReport.make())["invocations"] as? [[String: Any]])
        #expect(invocations.count == 1)
        #expect(invocations[0]["executionSuccessful"] as? Bool == true)
        let notifications = try #require(invocations[0]["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notifications.count == 1)
        #expect(notifications[0]["level"] as? String == "warning")
        let text = (notifications[0]["message"] as? [String: Any])?["text"] as? String
        #expect(text?.contains("access denied to ec2:DescribeInstances") == true)
    }

    @Test func outputIsDeterministicAndEscapesSpecialCharacters() throws {
        let finding = Finding(ruleID: "odd", title: "Quote \" backslash \\ tab \t bell \u{07} line\u{2028}sep / é",
                              severity: .low, pillars: [.cost], remediation: "x")
        let text = reporter.render(Self.report([finding]))
        #expect(text == reporter.render(Self.report([finding])))
        #expect(text.contains(#"Quote \" backslash \\ tab \t bell \u0007 line\u2028sep / é"#))
        #expect(SARIFValidation.errors(in: text, schema: Self.schema) == [])
    }

    /// The validator must fail loudly: an invalid document yields errors, not an empty list.
    @Test func validatorReportsSchemaViolations() {
        let invalid = #"{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"message": {}}]}]}"#
        let errors = SARIFValidation.errors(in: invalid, schema: Self.schema)
        #expect(!errors.isEmpty)
        #expect(errors.contains { $0.contains("'name' is a required property") })
        #expect(SARIFValidation.errors(in: "not json", schema: Self.schema).count == 1)
        let missing = SARIFValidation.errors(in: "{}", schema: URL(fileURLWithPath: "/nonexistent/schema.json"))
        #expect(missing.count == 1)
    }

    @Test func defaultSchemaIsFoundFromThePackageRoot() {
        #expect(FileManager.default.fileExists(atPath: SARIFValidation.defaultSchema.path))
        #expect(SARIFValidation.errors(in: reporter.render(SampleReport.make())) == [])
    }
}
