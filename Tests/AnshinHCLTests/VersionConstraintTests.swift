import AnshinHCL
import Testing

@Suite struct VersionConstraintTests {
    /// Cases from the rules of Terraform's version constraint language.
    @Test(arguments: [
        ("1.0.3", "1.0.3", true), ("= 1.0.3", "1.0.3", true), ("1.0", "1.0.0", true), ("v1.0.3", "1.0.3", true),
        ("!= 1.0.3", "1.0.3", false), ("!= 1.0.3", "1.0.4", true),
        (">= 1.0", "1.0.3", true), (">= 1.1", "1.0.3", false), ("> 1.0.3", "1.0.3", false), ("< 1.1", "1.0.9", true),
        ("<= 1.0.3", "1.0.3", true), (">= 1.0, < 2.0", "1.11.4", true), (">= 1.0, < 1.5", "1.11.4", false),
        ("~> 1.0", "1.11.4", true), ("~> 1.0", "2.0.0", false), ("~> 1.0", "0.15.5", false),
        ("~> 1.0.0", "1.0.9", true), ("~> 1.0.0", "1.1.0", false), ("~> 1.2.3", "1.2.2", false),
        ("~> 1", "3.0.0", true),
        (">= 1.0", "1.6.0-beta1", false), ("1.6.0-beta1", "1.6.0-beta1", true), (">= 1.6.0-alpha1", "1.6.0-beta1", true),
        (">= 1.6.0-alpha1", "1.7.0-beta1", false), ("~> 1.6.0-beta1", "1.6.0", false), (">= 1.6.0-beta1", "1.6.0", true),
    ])
    func constraints(_ constraint: String, _ version: String, _ satisfied: Bool) throws {
        let parsed = try VersionConstraint(constraint)
        let candidate = try #require(SemanticVersion(version))
        #expect(parsed.isSatisfied(by: candidate) == satisfied, "\(constraint) vs \(version)")
    }

    @Test func precedenceFollowsSemanticVersioning() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                       "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0"].map { SemanticVersion($0)! }
        for (index, version) in ordered.enumerated() {
            for later in ordered[(index + 1)...] {
                #expect(version < later, "\(version) < \(later)")
                #expect(!(later < version))
            }
        }
        #expect(SemanticVersion("1.2")! == SemanticVersion("1.2.0")!)
        #expect(SemanticVersion("1.2.3+build.7")! == SemanticVersion("1.2.3")!)
    }

    @Test(arguments: ["", ">=", "one", "1.x", "~> 1.0,", ">= 1.0 < 2.0", "=> 1.0", "1.2.3.4.5", "1.0-"])
    func malformedConstraintsAreErrors(_ text: String) {
        #expect(throws: VersionConstraintError.self) { try VersionConstraint(text) }
    }

    /// Any text either parses, and then a version equal to one of its `=` conditions satisfies
    /// that condition, or is an error; nothing crashes.
    @Test func arbitraryConstraintsNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.,<>=!~ v-+abrc")
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            guard let constraint = try? VersionConstraint(text) else { continue }
            for condition in constraint.conditions where condition.operation == .equal {
                #expect(condition.isSatisfied(by: condition.version))
            }
        }
    }
}
