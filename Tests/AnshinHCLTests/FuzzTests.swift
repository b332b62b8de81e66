import Testing
@testable import AnshinHCL

/// SplitMix64: a tiny deterministic generator, so every run feeds the same inputs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Property checks over generated inputs: parsing either succeeds with every range inside the
/// input, or throws an error whose position is inside the input and consistent with its offset.
@Suite("Property tests on random and mutated input")
struct FuzzTests {
    /// Fragments that stress the lexer's modes and the parser's bracket handling.
    static let fragments: [[UInt8]] = ["{", "}", "[", "]", "(", ")", "\"", "$", "%", "~", "\n", "<<", "${", "%{",
                                       "~}", "\\", "#", "//", "/*", "*/", "<<-EOT\n", "EOT\n", ".*", "[*]", "...",
                                       "=", ":", ",", "?", "for ", " in ", "if", "endif", "else", "=>", "\r\n",
                                       "é", "\u{FEFF}", "0.1", "a", " ", "\t"].map { Array($0.utf8) }

    static func nativeCorpus() throws -> [[UInt8]] {
        var corpus = try fixtures("valid").map { try fixtureBytes("valid", $0) }
        corpus += [
            "a = \"x${y ? \"a\" : \"b\"}%{ for k, v in m ~}${k}=${v}%{ endfor }\"\n",
            "b = <<-EOT\n  one ${two}\n    %{ if c }three%{ else }four%{ endif }\n  EOT\n",
            "c { d = [for x in y : x.z if x != null] }\ne = {for k, v in m : k => v...}\n",
            "f = a.*.b[0] + c[*].d.0 * -g(h...) / (i % 2) >= 3 || !j && k == l\n",
        ].map { Array($0.utf8) }
        return corpus
    }

    static func jsonCorpus() throws -> [[UInt8]] {
        try fixtures("json").map { try fixtureBytes("json", $0) }
    }

    /// Checks the outcome of parsing `input`; returns whether it parsed.
    @discardableResult
    static func check(_ input: [UInt8], json: Bool = false) -> Bool {
        do {
            let parsed = json
                ? try HCLFile.parseJSON(bytes: input, path: "fuzz.tf.json")
                : try HCLFile.parse(bytes: input, path: "fuzz.tf")
            checkRanges(parsed.body, input)
            return true
        } catch {
            let start = error.range.start
            #expect(start.offset >= 0 && start.offset <= input.count, "offset outside input: \(error)")
            let expected = UTF8Check.location(of: start.offset, in: input)
            #expect(start == expected, "position \(start) inconsistent with offset (expected \(expected)): \(error)")
            #expect(error.description.hasPrefix(json ? "fuzz.tf.json:" : "fuzz.tf:"))
            #expect(!error.message.isEmpty)
            return false
        }
    }

    static func checkRange(_ range: SourceRange, _ input: [UInt8]) {
        #expect(range.start.offset >= 0 && range.start.offset <= range.end.offset && range.end.offset <= input.count,
                "range \(range) outside input of \(input.count) bytes")
    }

    static func checkRanges(_ body: Body, _ input: [UInt8]) {
        for item in body.items {
            checkRange(item.range, input)
            switch item {
            case .attribute(let attribute): checkRanges(attribute.expression, input)
            case .block(let block): checkRanges(block.body, input)
            }
        }
    }

    static func checkRanges(_ expression: HCLExpression, _ input: [UInt8]) {
        checkRange(expression.range, input)
        if case .template(let template) = expression {
            for part in template.parts { checkRange(part.range, input) }
        }
        for child in expression.children { checkRanges(child, input) }
    }

    @Test("Every valid input still parses")
    func corpusParses() throws {
        for input in try FuzzTests.nativeCorpus() { #expect(FuzzTests.check(input)) }
        for input in try FuzzTests.jsonCorpus() { #expect(FuzzTests.check(input, json: true)) }
    }

    @Test("Truncation at every offset")
    func truncation() throws {
        var parsed = 0
        var total = 0
        for input in try FuzzTests.nativeCorpus() {
            // Every offset of small inputs; every few bytes of the larger fixtures.
            for end in stride(from: 0, to: input.count, by: input.count < 1_500 ? 1 : 3) {
                if FuzzTests.check(Array(input[0..<end])) { parsed += 1 }
                total += 1
            }
        }
        for input in try FuzzTests.jsonCorpus() {
            for end in stride(from: 0, to: input.count, by: 3) {
                FuzzTests.check(Array(input[0..<end]), json: true)
                total += 1
            }
        }
        #expect(total > 3_000)
        #expect(parsed > 0)
    }

    @Test("Random byte flips, insertions and deletions", arguments: [1, 2, 3, 4])
    func mutations(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let corpus = try FuzzTests.nativeCorpus()
        let json = try FuzzTests.jsonCorpus()
        for round in 0..<600 {
            let isJSON = round % 5 == 0
            let source = isJSON ? json[Int.random(in: 0..<json.count, using: &rng)]
                                : corpus[Int.random(in: 0..<corpus.count, using: &rng)]
            var input = source
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let position = Int.random(in: 0...input.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where position < input.count:
                    input[position] = UInt8.random(in: 0...255, using: &rng)
                case 1 where position < input.count:
                    input.remove(at: position)
                default:
                    let fragment = FuzzTests.fragments[Int.random(in: 0..<FuzzTests.fragments.count, using: &rng)]
                    input.insert(contentsOf: fragment, at: position)
                }
            }
            FuzzTests.check(input, json: isJSON)
        }
    }

    @Test("Random sequences of syntax fragments", arguments: [11, 12])
    func fragmentSoup(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<1_000 {
            var input: [UInt8] = Array("a = ".utf8)
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                input += FuzzTests.fragments[Int.random(in: 0..<FuzzTests.fragments.count, using: &rng)]
            }
            FuzzTests.check(input)
            FuzzTests.check(Array("{\"a\": \"".utf8) + input.filter { $0 != UInt8(ascii: "\"") && $0 >= 0x20 } + Array("\"}".utf8),
                            json: true)
        }
    }

    @Test("Uniformly random bytes")
    func randomBytes() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<1_000 {
            let input = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            FuzzTests.check(input)
            FuzzTests.check(input, json: true)
        }
    }
}
