import AnshinCore
import Testing
@testable import AnshinAudit

/// Remediation snippets written for the finding's own resource, not for the made-up example.
struct RemediationTailoringTests {
    /// The HCL snippets of a remediation, joined.
    static func snippets(_ remediation: String) -> String {
        let parts = remediation.components(separatedBy: "```")
        return stride(from: 1, to: parts.count, by: 2).map { parts[$0] }.joined(separator: "\n")
    }

    @Test func thePublicAccessBlockReferencesTheBucketItBelongsTo() throws {
        var bucket = S3Bucket(reference: Fixture.tf("aws_s3_bucket", "imports", line: 4))
        bucket.publicAccessBlock = .known(nil)
        let finding = try #require(S3BucketPublicAccessBlock().evaluate(.terraform { $0.s3Buckets = [bucket] }).first)
        let code = Self.snippets(finding.remediation)
        #expect(code.contains(#"resource "aws_s3_bucket_public_access_block" "imports" {"#))
        #expect(code.contains("bucket                  = aws_s3_bucket.imports.id"))
        #expect(!code.contains("logs"), "\(code)")
    }

    @Test func theIMDSv2FixIsAMetadataBlockOfTheLaunchTemplate() throws {
        var template = Instance(reference: Fixture.tf("aws_launch_template", "worker", line: 12), kind: .launchTemplate)
        template.metadataTokens = .known("optional")
        let finding = try #require(EC2IMDSv2().evaluate(.terraform { $0.instances = [template] }).first)
        let code = Self.snippets(finding.remediation)
        #expect(code.contains(#"resource "aws_launch_template" "worker" {"#), "\(code)")
        #expect(code.contains("metadata_options {") && code.contains(#"http_tokens                 = "required""#))
        #expect(!code.contains("aws_instance") && !code.contains(#""app""#), "\(code)")
    }

    @Test func companionBlocksAndTheirReferencesAreRenamed() {
        let metadata = S3BucketSecureTransport().metadata
        let finding = metadata.finding(Fixture.tf("aws_s3_bucket", "imports"), "no TLS-only policy")
        let code = Self.snippets(finding.remediation)
        #expect(code.contains(#"data "aws_iam_policy_document" "imports" {"#))
        #expect(code.contains(#"resource "aws_s3_bucket_policy" "imports" {"#))
        #expect(code.contains("policy = data.aws_iam_policy_document.imports.json"))
        #expect(code.contains(#""${aws_s3_bucket.imports.arn}/*","#))
        #expect(!code.contains("logs"))
        #expect(finding.remediation.hasPrefix(metadata.remediation.components(separatedBy: "```")[0]), "prose is unchanged")
    }

    /// The bucket a finding is about is renamed; the log bucket it sends logs to is not.
    @Test func otherResourcesOfTheSameTypeAreLeftAlone() {
        let finding = S3BucketAccessLogging().metadata.finding(Fixture.tf("aws_s3_bucket", "imports"), "no logging")
        let code = Self.snippets(finding.remediation)
        #expect(code.contains(#"resource "aws_s3_bucket_logging" "imports" {"#))
        #expect(code.contains("bucket        = aws_s3_bucket.imports.id"))
        #expect(code.contains("target_bucket = aws_s3_bucket.access_logs.id"))
    }

    @Test func moduleAndIndexedAddressesKeepTheirIndexInReferences() {
        let reference = ResourceReference(kind: "aws_s3_bucket", identifier: #"module.storage.aws_s3_bucket.this["imports"]"#)
        let finding = S3BucketVersioning().metadata.finding(reference, "no versioning")
        let code = Self.snippets(finding.remediation)
        #expect(code.contains(#"resource "aws_s3_bucket_versioning" "this" {"#), "\(code)")
        #expect(code.contains(#"aws_s3_bucket.this["imports"].id"#), "\(code)")
    }

    @Test func liveFindingsKeepTheGenericExample() {
        let metadata = S3BucketPublicAccessBlock().metadata
        #expect(metadata.finding(Fixture.liveLogsRef, "open").remediation == metadata.remediation)
        let other = ResourceReference(kind: "aws_s3_bucket", identifier: "acme-prd-imports")
        #expect(metadata.finding(other, "open").remediation == metadata.remediation)
    }

    @Test(arguments: [
        ("aws_s3_bucket.logs", "aws_s3_bucket", "logs", ""),
        ("module.a.module.b.aws_db_instance.main[0]", "aws_db_instance", "main", "[0]"),
        (#"module.x["a.b"].aws_lb.app"#, "aws_lb", "app", ""),
    ])
    func addresses(_ text: String, _ type: String, _ name: String, _ index: String) {
        #expect(RemediationTailoring.Address(terraform: text) == RemediationTailoring.Address(type: type, name: name, index: index))
    }

    @Test(arguments: ["data.aws_iam_policy_document.x", "acme-bucket", "arn:aws:s3:::x", "module.x"])
    func notResourceAddresses(_ text: String) {
        #expect(RemediationTailoring.Address(terraform: text) == nil)
    }

    /// On the example repository, every Terraform finding whose fix has a snippet names its own
    /// resource there when the snippet is about a resource of its type.
    @Test func everyAcmeSnippetNamesItsResource() throws {
        let catalog = try EnvironmentCatalog.load(root: TerraformAcmeTests.acme)
        let result = try TerraformAudit.run(root: TerraformAcmeTests.acme, catalog: catalog, environments: ["prd"])
        var checked = 0
        for finding in result.findings {
            guard let resource = finding.resource,
                  let address = RemediationTailoring.Address(terraform: resource.identifier), address.type == resource.kind else { continue }
            let code = Self.snippets(finding.remediation)
            guard code.contains(resource.kind + ".") || code.contains("\"\(resource.kind)\"") else { continue }
            #expect(code.contains(resource.kind + "." + address.name) || code.contains("\"\(resource.kind)\" \"\(address.name)\""),
                    "\(finding.ruleID) on \(resource.identifier): \(code)")
            checked += 1
        }
        #expect(checked >= 5, "the example has Terraform findings with snippets")
    }
}
