import AnshinCore
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// Secret-looking environment variables (ECS task definitions, Lambda functions): which names
/// count, that values are never kept nor shown, and that malformed definitions never crash.
@Suite struct EnvironmentSecretsTests {
    @Test(arguments: ["DB_PASSWORD", "MB_DB_PASS", "API_TOKEN", "STRIPE_KEY", "stripeSecretKey", "AWS_SECRET_ACCESS_KEY",
                      "SidekiqWebSecret", "github-token", "SENDGRID_API_KEY", "LICENSE_KEY", "PRIVATE_KEYS"])
    func namesThatSayTheyHoldASecret(name: String) {
        #expect(EnvironmentSecrets.looksSecret(name))
    }

    @Test(arguments: ["RAILS_ENV", "DB_PASSWORD_ARN", "TOKEN_TTL", "CACHE_KEY", "KMS_KEY", "PUBLIC_KEY", "AWS_ACCESS_KEY_ID",
                      "KEY", "PASS", "BYPASS", "CACHE_KEY_PREFIX", "", "_", "S3_KEY"])
    func namesThatDoNot(name: String) {
        #expect(!EnvironmentSecrets.looksSecret(name))
    }

    @Test func emptyValuesAreNotSecrets() {
        let names = EnvironmentSecrets.secretNames([("DB_PASSWORD", ""), ("API_TOKEN", nil), ("STRIPE_KEY", "sk_test_not_real"), ("RAILS_ENV", "production")])
        #expect(names == ["API_TOKEN", "STRIPE_KEY"])
        #expect(EnvironmentSecrets.evidence(names) == "API_TOKEN=[redacted], STRIPE_KEY=[redacted]")
    }

    @Test func containerDefinitionsKeepNamesNotValues() {
        let text = #"[{"name":"app","privileged":true,"environment":[{"name":"DB_PASSWORD","value":"not-a-real-password"},{"name":"PORT","value":"3000"}],"logConfiguration":{"logDriver":"awslogs"}},{"name":"sidecar","environment":[{"name":"API_TOKEN"}]}]"#
        let containers = ContainerDefinitions.read(json: text)
        #expect(containers.value?.map(\.name) == ["app", "sidecar"])
        #expect(containers.value?.first?.privileged == .known(true))
        #expect(containers.value?.first?.logging == .known(true))
        #expect(containers.value?.first?.secretEnvironment == .known(["DB_PASSWORD"]))
        #expect(containers.value?.last?.secretEnvironment == .known([]), "no value: nothing leaks")
        #expect(containers.value?.last?.logging == .known(false))
        #expect(!"\(containers)".contains("not-a-real-password"))
    }

    @Test func theTerraformFindingNamesTheVariableOnly() throws {
        let result = try TerraformAudit.run(root: Golden.fixtures("terraform", "ecs-task-secrets-in-environment", "fail"),
                                            catalog: TerraformFixtureTests.catalog)
        let findings = result.findings.filter { $0.ruleID == "ecs-task-secrets-in-environment" }
        #expect(findings.count == 2)
        let app = try #require(findings.first { $0.resource?.identifier == "aws_ecs_task_definition.app" })
        #expect(app.evidence == "DB_PASSWORD=[redacted], STRIPE_KEY=[redacted]", "a value known only after apply is still plain text")
        for finding in findings {
            let shown = [finding.message ?? "", finding.evidence ?? "", finding.remediation].joined(separator: "\n")
            #expect(!shown.contains("not-a-real-password") && !shown.contains("not-a-real-secret"))
        }
    }

    @Test func malformedDefinitionsNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"[]{}",:"name""environment""value""privileged"truefalsenull0123 \"#)
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            _ = ContainerDefinitions.read(json: text)
        }
        #expect(ContainerDefinitions.read(json: "not json") == .unknown)
        #expect(ContainerDefinitions.read(json: #"{"name":"app"}"#) == .unknown, "an object, not a list")
        #expect(ContainerDefinitions.read(json: "[1, 2]") == .unknown)
        #expect(ContainerDefinitions.read(json: #"[{"environment":"DB_PASSWORD=x"}]"#).value?.first?.secretEnvironment == .unknown)
    }
}
