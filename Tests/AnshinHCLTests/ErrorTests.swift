import Testing
@testable import AnshinHCL

@Suite("Malformed input")
struct ErrorTests {
    /// Each invalid fixture starts with `# expect: LINE:COLUMN message-prefix`.
    @Test("Invalid fixtures fail at the expected position", arguments: fixtures("invalid"))
    func invalidFixture(name: String) throws {
        let bytes = try fixtureBytes("invalid", name)
        let header = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let expectation = header.dropFirst("# expect: ".count).split(separator: " ", maxSplits: 1).map(String.init)
        try #require(expectation.count == 2, "malformed header in \(name)")
        do {
            _ = try HCLFile.parse(bytes: bytes, path: name)
            Issue.record("\(name) parsed without error")
        } catch {
            #expect("\(error.line):\(error.column)" == expectation[0], "\(error)")
            #expect(error.message.hasPrefix(expectation[1]), "\(error)")
            #expect(error.description.hasPrefix("\(name):\(expectation[0]): "))
        }
    }

    @Test("Malformed snippets report line and column", arguments: [
        ("a =", "1:4"),
        ("a = \n", "1:5"),
        ("= 1", "1:1"),
        ("a b", "1:4"),
        ("a \"b\" c = 1", "1:9"),
        ("a = (1", "1:7"),
        ("a = [1 2]", "1:8"),
        ("a = {b = 1 c = 2}", "1:12"),
        ("a = {b 1}", "1:8"),
        ("a = f(x...y)", "1:11"),
        ("a = x.", "1:7"),
        ("a = x[*", "1:8"),
        ("a = x.1e5", "1:7"),
        ("a = \"${}\"", "1:8"),
        ("a = \"${x y}\"", "1:10"),
        ("a = \"%{ foo }\"", "1:9"),
        ("a = \"%{ else }\"", "1:6"),
        ("a = \"%{ for x in y }\"", "1:6"),
        ("a = \"%{ if x }%{ endfor }\"", "1:15"),
        ("a = \"\\u12\"", "1:6"),
        ("a = \"\\uD800\"", "1:6"),
        ("a = <<EOT", "1:5"),
        ("a = <<", "1:5"),
        ("a = << EOT\nEOT\n", "1:5"),
        ("a = ~x", "1:5"),
        ("a = x ~}", "1:7"),
        ("a = @", "1:5"),
        ("a = `x`", "1:5"),
        ("a = x | y", "1:7"),
        ("a = {for k, v in m : k}", "1:23"),
        ("a = [for x in y : x if]", "1:23"),
        ("a = provider::x", "1:16"),
        ("x {\n  y = 1\n  y = 2\n}", "3:3"),
        ("x {\n  y = 1\n", "1:3"),
        ("x y\n", "1:4"),
        ("x \"y\" {} z = 1", "1:10"),
        ("a = 1\n\n  b = \"unterminated\n", "3:7"),
        ("a = \"日本\" +", "1:11"),
    ])
    func snippets(source: String, position: String) {
        guard let error = parseError(source) else {
            Issue.record("expected an error for \(source)")
            return
        }
        #expect("\(error.line):\(error.column)" == position, "\(error)")
    }

    @Test("The description has the compiler form path:line:column: message")
    func description() {
        let error = parseError("a = 1\nb = [1,\n")
        #expect(error?.description == "bad.tf:3:1: Expected the start of an expression, found end of file")
    }

    /// Inputs nested far beyond the limit, by construct; built inside the test to keep names short.
    static let deepInputs: [String: String] = [
        "parentheses": String(repeating: "(", count: 100_000),
        "tuples": String(repeating: "[", count: 100_000),
        "objects": String(repeating: "{a=", count: 50_000),
        "negations": String(repeating: "-", count: 100_000) + "1",
        "nots": String(repeating: "!", count: 100_000) + "x",
        "interpolations": String(repeating: "\"${", count: 50_000),
        "calls": String(repeating: "f(", count: 50_000),
        "splats": "x" + String(repeating: "[*].y", count: 20_000),
        "conditionals": String(repeating: "a ? b : ", count: 20_000) + "c",
        "if directives": "\"" + String(repeating: "%{if x}", count: 20_000) + "\"",
        "for expressions": String(repeating: "[for x in ", count: 20_000),
        "heredocs": String(repeating: "<<A\n${", count: 20_000),
    ]

    @Test("Deep nesting is an error, not a stack overflow", arguments: deepInputs.keys.sorted())
    func depth(construct: String) throws {
        let error = try #require(parseError("a = " + (ErrorTests.deepInputs[construct] ?? "") + "\n"))
        #expect(error.message.hasPrefix("Nesting is too deep"), "\(error)")
        #expect(error.line == (construct == "heredocs" ? 257 : 1))
    }

    @Test("Deep blocks and deep JSON are errors too")
    func deepBlocksAndJSON() throws {
        let blocks = String(repeating: "b {\n", count: 5_000)
        #expect(parseError(blocks)?.message.hasPrefix("Nesting is too deep") == true)
        #expect(throws: HCLError.self) {
            try HCLFile.parseJSON("{\"a\": \(String(repeating: "[", count: 100_000))}", path: "x.json")
        }
    }

    @Test("Nesting up to the limit parses")
    func depthWithinLimit() throws {
        let levels = HCLFile.maximumNestingDepth - 10
        let source = "a = " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "\n"
        #expect(try file(source).body.attribute("a") != nil)
        let blocks = String(repeating: "b {\n", count: levels) + String(repeating: "}\n", count: levels)
        #expect(try file(blocks).body.blocks.count == 1)
        let json = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        #expect(throws: Never.self) { try HCLFile.parseJSON("{\"a\": \(json)}", path: "x.json") }
    }
}

@Suite("Encrypted files")
struct EncryptedFileTests {
    /// A `.tfvars` that git-crypt encrypted is named as such, not as broken UTF-8.
    @Test func gitCryptFilesAreNamedAsEncrypted() throws {
        let bytes: [UInt8] = [0] + Array("GITCRYPT".utf8) + [0] + (0..<48).map { UInt8(($0 * 53 + 7) % 256) }
        var messages: [String] = []
        do { _ = try HCLFile.parse(bytes: bytes, path: "prd.tfvars") } catch { messages.append(error.message) }
        do { _ = try HCLFile.parseJSON(bytes: bytes, path: "prd.tfvars.json") } catch { messages.append(error.message) }
        #expect(messages.count == 2, "an encrypted file parsed")
        for message in messages {
            #expect(message.contains("encrypted with git-crypt"), "\(message)")
            #expect(!message.contains("UTF-8"), "\(message)")
        }
    }
}
