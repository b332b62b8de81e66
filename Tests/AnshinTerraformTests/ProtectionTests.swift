import AnshinCore
import AnshinTerraform
import Testing

@Suite struct ProtectionTests {
    static let prd = Environment(name: "prd", production: true)
    static let stg = Environment(name: "stg")

    @Test(arguments: ["apply", "destroy", "import", "state rm", "state mv", "state push", "taint", "force-unlock", "refresh"])
    func changingCommandsAskInAProtectedEnvironment(_ operation: String) {
        guard case .ask(let prompt) = Protection.decide(environment: Self.prd, operation: operation, assumeYes: false, processEnvironment: [:]) else {
            Issue.record("\(operation) must ask")
            return
        }
        #expect(prompt.contains("terraform \(operation)"))
        #expect(prompt.hasSuffix("Type the environment name to continue: "))
    }

    @Test(arguments: ["plan", "state list", "state show", "output", "validate", "init", "show", "console"])
    func readingCommandsNeverAsk(_ operation: String) {
        #expect(Protection.decide(environment: Self.prd, operation: operation, assumeYes: false, processEnvironment: [:]) == .proceed)
    }

    @Test func unprotectedEnvironmentsNeverAsk() {
        #expect(Protection.decide(environment: Self.stg, operation: "destroy", assumeYes: false, processEnvironment: ["CI": "true"]) == .proceed)
        let optedOut = Environment(name: "prd", production: true, protected: false)
        #expect(Protection.decide(environment: optedOut, operation: "apply", assumeYes: false, processEnvironment: [:]) == .proceed)
        let optedIn = Environment(name: "demo", protected: true)
        #expect(Protection.decide(environment: optedIn, operation: "apply", assumeYes: false, processEnvironment: [:]) != .proceed)
    }

    @Test func yesConfirmsAndCIWithoutItRefuses() {
        #expect(Protection.decide(environment: Self.prd, operation: "apply", assumeYes: true, processEnvironment: ["CI": "true"]) == .proceed)
        guard case .refuse(let reason) = Protection.decide(environment: Self.prd, operation: "apply", assumeYes: false,
                                                            processEnvironment: ["CI": "true"]) else {
            Issue.record("CI without --yes must refuse")
            return
        }
        #expect(reason.contains("pass --yes"))
        #expect(Protection.decide(environment: Self.prd, operation: "apply", assumeYes: false, processEnvironment: ["CI": "false"]) != .proceed)
    }

    @Test func onlyTheExactNameConfirms() {
        #expect(Protection.confirms("prd", environment: "prd"))
        #expect(Protection.confirms("  prd ", environment: "prd"))
        #expect(!Protection.confirms("PRD", environment: "prd"))
        #expect(!Protection.confirms("yes", environment: "prd"))
        #expect(!Protection.confirms("", environment: "prd"))
        #expect(!Protection.confirms(nil, environment: "prd"))
    }
}
