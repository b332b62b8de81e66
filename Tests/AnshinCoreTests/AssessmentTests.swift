@testable import AnshinCore
import AnshinTesting
import Foundation
import Testing

@Suite struct AssessmentTests {
    struct Fixed: Capability {
        var name: String
        var applies = true
        var findings: [Finding] = []
        var error: (any Error & Sendable)?

        func applies(to context: AssessmentContext) -> Bool { applies }

        func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
            if let error { throw error }
            return CapabilityResult(findings: findings, notes: [Note(kind: .notAssessed, source: name, message: "partly")])
        }
    }

    struct Broken: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    static func context() -> AssessmentContext {
        AssessmentContext(root: URL(fileURLWithPath: "/tmp"), catalog: EnvironmentCatalog(project: nil, environments: [], origin: .inferred),
                          clock: Clock(now: Date(timeIntervalSince1970: 1_795_770_000)))
    }

    static let finding = Finding(ruleID: "r", title: "t", severity: .high, pillars: [.security], remediation: "x")

    @Test func mergesApplicableCapabilitiesAndAppliesSuppressions() async throws {
        let suppressions = Suppressions(entries: [Suppression(fingerprint: Self.finding.fingerprint, state: .resolved,
                                                              reason: "fixed", author: "a")])
        let result = try await Assessment.run(
            [Fixed(name: "one", findings: [Self.finding]), Fixed(name: "skipped", applies: false, findings: [Self.finding])],
            context: Self.context(), suppressions: suppressions)
        #expect(result.ran == ["one"])
        #expect(result.findings.count == 1)
        #expect(result.findings[0].suppression?.state == .resolved)
        #expect(result.notes == [Note(kind: .notAssessed, source: "one", message: "partly")])
    }

    @Test func aFailingCapabilityIsRecordedAndTheOthersStillRun() async throws {
        let result = try await Assessment.run(
            [Fixed(name: "bad", error: Broken()), Fixed(name: "good", findings: [Self.finding])],
            context: Self.context(), suppressions: Suppressions())
        #expect(result.failures == ["bad: disk on fire"])
        #expect(result.ran == ["good"])
        #expect(result.findings.count == 1)
        #expect(result.notes.contains(Note(kind: .warning, source: "bad", message: "failed and was not completed: disk on fire")))
    }

    @Test func configurationErrorsStopTheRun() async {
        let error = ConfigurationError(path: "anshin.yml", line: 1, message: "bad")
        await #expect(throws: error) {
            try await Assessment.run([Fixed(name: "bad", error: error)], context: Self.context(), suppressions: Suppressions())
        }
    }

    @Test func saysSoWhenNothingApplies() async throws {
        let result = try await Assessment.run([], context: Self.context(), suppressions: Suppressions())
        #expect(result.notes.map(\.source) == ["assess"])
        #expect(result.findings.isEmpty)
    }
}
