import Testing
@testable import AnshinSecrets

@Suite struct PrefilterTests {
    @Test(arguments: [
        ("[A-Za-z0-9]{100,2000}", "[A-Za-z0-9]{64,}"),
        ("x{65}", "x{64,}"),
        ("x{70,}", "x{64,}"),
        ("x{3,500}", "x{3,}"),
        ("x{3,64}y{64}z{0,}", "x{3,64}y{64}z{0,}"),
        (#"\{100,200}"#, #"\{100,200}"#),
        ("[{100}]{2}", "[{100}]{2}"),
        ("[]{100}]", "[]{100}]"),
        ("[^]{100}]x{99}", "[^]{100}]x{64,}"),
        ("x{12", "x{12"),
        ("x{,100}", "x{,100}"),
        ("x{99999999999999999999999}", "x{99999999999999999999999}"),
        ("é{100}ü", "é{64,}ü"),
        ("", ""),
    ])
    func relaxesOnlyLargeBounds(expression: String, expected: String) {
        #expect(Prefilter.relax(expression) == expected)
    }

    /// Relaxing only ever widens: every catalog pattern keeps its text wherever no bound exceeds
    /// the limit, and relaxing twice changes nothing more.
    @Test func relaxingIsIdempotentOnTheCatalog() {
        for rule in RuleCatalog.all {
            guard let pattern = rule.pattern else { continue }
            let once = Prefilter.relax(pattern)
            #expect(Prefilter.relax(once) == once, "\(rule.id)")
            #expect(Prefilter.relax(pattern, limit: Int.max) == pattern, "\(rule.id)")
        }
    }

    /// Malformed and random expressions never trap and keep every byte outside quantifiers.
    @Test func randomExpressionsNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("{}[]^\\,0123456789ax-é".unicodeScalars)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<24, using: &generator)
            let expression = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            let relaxed = Prefilter.relax(expression, limit: 5)
            #expect(Prefilter.relax(expression, limit: Int.max) == expression)
            #expect(relaxed.utf8.count <= expression.utf8.count + 2 * expression.filter { $0 == "{" }.count)
        }
    }
}
