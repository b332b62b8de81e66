import AnshinCore
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// The whole audit on examples/acme, the demo repository with planted problems.
@Suite struct TerraformAcmeTests {
    /// The package root found from this file with symlinks resolved, so a development package
    /// that links the test folder still finds the example.
    static let acme = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/acme")

    /// One line per finding: rule, severity, environment, resource, place.
    static func render(_ findings: [Finding]) -> String {
        findings.map { finding in
            let place = finding.location.map { "\($0.path):\($0.line ?? 0)" } ?? "-"
            let suppressed = finding.suppression.map { " [suppressed: \($0.origin)]" } ?? ""
            return "\(finding.ruleID) \(finding.severity.rawValue) \(finding.resource?.environment ?? "-") \(finding.resource?.identifier ?? "-") \(place)\(suppressed)"
        }.joined(separator: "\n") + "\n"
    }

    @Test("acme golden", arguments: ["prd", "stg", "demo"])
    func golden(environment: String) throws {
        let catalog = try EnvironmentCatalog.load(root: Self.acme)
        let result = try TerraformAudit.run(root: Self.acme, catalog: catalog, environments: [environment])
        if ProcessInfo.processInfo.environment["ANSHIN_DEBUG_ACME"] == "1" {
            print(Self.render(result.findings))
            for note in result.notes { print("NOTE \(note.kind.rawValue): \(note.message)") }
            for finding in result.findings { print("  \(finding.ruleID): \(finding.summary)") }
        }
        let mismatch = Golden.mismatch(Self.render(result.findings), name: "acme-\(environment).txt", directory: Golden.fixtures("golden"))
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
