@testable import AnshinCore
import Testing

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.tf", "main.tf", true),
        ("*.tf", "stacks/main.tf", false),
        ("**/*.tf", "main.tf", true),
        ("**/*.tf", "stacks/app/main.tf", true),
        ("metabase/**", "metabase/rds.tf", true),
        ("metabase/**", "metabase", false),
        ("s3-*", "s3-bucket-versioning", true),
        ("s3-?ucket*", "s3-bucket-versioning", true),
        ("[a-c]*.tf", "b.tf", true),
        ("[!a-c]*.tf", "b.tf", false),
        ("[!a-c]*.tf", "d.tf", true),
        ("a\\*b", "a*b", true),
        ("a\\*b", "axb", false),
        ("", "", true),
        ("exact.tf", "exact.tfx", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) throws {
        #expect(try Glob(pattern).matches(path) == expected)
    }

    @Test func pathologicalPatternsStayFast() throws {
        let glob = try Glob(String(repeating: "*a", count: 30) + "b")
        #expect(!glob.matches(String(repeating: "a", count: 200)))
    }

    @Test func invalidPatterns() {
        #expect(throws: ConfigurationError.self) { try Glob("[abc") }
        #expect(throws: ConfigurationError.self) { try Glob("[z-a]") }
    }
}
