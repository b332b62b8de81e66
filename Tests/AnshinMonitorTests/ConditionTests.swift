@testable import AnshinMonitor
import AnshinTesting
import Foundation
import Testing

@Suite struct ConditionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func result(status: Int = 200, body: String = "", headers: [(String, String)] = [], total: Double = 120,
                expiresIn: Double? = nil) -> ProbeResult {
        ProbeResult(connected: true, status: status, headers: headers.map { ProbeResult.Header(name: $0.0, value: $0.1) },
                    body: Array(body.utf8), timings: .init(dns: 1, connect: 2, tls: nil, firstByte: 100, total: total),
                    certificateExpiry: expiresIn.map { now.addingTimeInterval($0) }, address: "127.0.0.1")
    }

    func holds(_ text: String, _ result: ProbeResult) throws -> Bool {
        try Condition.parse(text).evaluate(result, now: now).passed
    }

    @Test(arguments: [
        ("[STATUS] == 200", true), ("[STATUS] != 200", false), ("[STATUS] < 300", true), ("[STATUS] >= 201", false),
        ("[STATUS] == any(200, 204)", true), ("[STATUS] == any(500, 503)", false), ("[STATUS] != any(500, 503)", true),
        ("[RESPONSE_TIME] < 500", true), ("[RESPONSE_TIME] < 100ms", false), ("[RESPONSE_TIME] <= 1s", true),
        ("[BODY].status == UP", true), ("[BODY].status == DOWN", false), ("[BODY].items[1].id == 7", true),
        ("[BODY].items[5].id == 7", false), ("len([BODY].items) == 2", true), ("len([BODY].status) == 2", true),
        ("has([BODY].errors) == false", true), ("has([BODY].status) == true", true),
        ("[BODY].name == pat(ans*)", true), ("[BODY].name == pat(*hin)", true), ("[BODY].name == pat(a?shin)", true),
        ("[BODY].name == pat(x*)", false), ("[BODY].name != pat(x*)", true),
        ("[HEADER].content-type == pat(application/json*)", true), ("[HEADER].Content-Type == pat(text/*)", false),
        ("[HEADER].x-missing == anything", false), ("[HEADER].x-count > 10", true),
        ("[CONNECTED] == true", true), ("[IP] == 127.0.0.1", true),
        ("[STATUS] == 500 || [BODY].status == UP", true), ("[STATUS] == 500 && [BODY].status == UP", false),
        ("([STATUS] == 500 || [STATUS] == 200) && [RESPONSE_TIME] < 1000", true),
        ("[STATUS] == 500 || [STATUS] == 404 && [CONNECTED] == true", false),
        ("[BODY].ratio > 0.5", true), ("[BODY].quoted == \"hello world\"", true),
        ("[FIRST_BYTE_TIME] < 150", true), ("[TLS_TIME] < 150", false),
    ])
    func judgesHTTPResults(_ text: String, _ expected: Bool) throws {
        let body = #"{"status":"UP","items":[{"id":1},{"id":7}],"name":"anshin","ratio":0.75,"quoted":"hello world"}"#
        let response = result(body: body, headers: [("Content-Type", "application/json; charset=utf-8"), ("X-Count", "12")])
        #expect(try holds(text, response) == expected, "\(text)")
    }

    @Test func certificateExpiryComparesWithDurations() throws {
        let soon = result(expiresIn: 2 * 3600)
        #expect(try holds("[CERTIFICATE_EXPIRATION] > 1h", soon))
        #expect(try !holds("[CERTIFICATE_EXPIRATION] > 48h", soon))
        #expect(try holds("[CERTIFICATE_EXPIRATION] > 7000000", soon))
        #expect(try !holds("[CERTIFICATE_EXPIRATION] > 0", result()), "no certificate: the condition fails")
    }

    @Test func dnsAnswersMatchAnyItem() throws {
        let answer = ProbeResult(connected: true, dnsCode: "NOERROR", dnsAnswers: ["192.0.2.1", "192.0.2.2"])
        #expect(try holds("[DNS_RCODE] == NOERROR", answer))
        #expect(try holds("[DNS_ANSWERS] == 192.0.2.2", answer))
        #expect(try holds("[BODY] == 192.0.2.1", answer))
        #expect(try !holds("[DNS_ANSWERS] == 192.0.2.9", answer))
        #expect(try holds("len([DNS_ANSWERS]) == 2", answer))
        #expect(try holds("[DNS_ANSWERS] == pat(192.0.2.*)", answer))
    }

    @Test func detailsShowTheValuesSeen() throws {
        let outcome = try Condition.parse("[STATUS] == 200 && [BODY].status == UP").evaluate(result(status: 503, body: #"{"status":"DOWN"}"#), now: now)
        #expect(!outcome.passed)
        #expect(outcome.detail == "[STATUS] (503) == 200 && [BODY].status (DOWN) == UP")
    }

    @Test(arguments: [
        ("", 0), ("[STATUS]", 8), ("[STATUS] ==", 11), ("[STATUS] = = 200", 9), ("[NOPE] == 1", 0), ("[STATUS == 200", 0),
        ("[STATUS] == 200 &&", 18), ("[STATUS] == 200 & [BODY] == 1", 16), ("([STATUS] == 200", 16), ("[STATUS] == 200)", 15),
        ("len([STATUS], [BODY]) == 1", 0), ("len(1) == 1", 0), ("pat(a*) == [BODY]", 0), ("[BODY] < pat(a*)", 7),
        ("[STATUS].x == 1", 0), ("[BODY].items[x] == 1", 12), ("[BODY]. == 1", 6), ("[BODY] == \"open", 10),
        ("[HEADER] == 1", 0), ("[STATUS] == 200 [BODY] == 1", 16), ("any(1, 2) == [STATUS]", 0),
    ])
    func malformedConditionsSayWhere(_ text: String, _ offset: Int) {
        #expect(throws: ConditionSyntaxError.self, "\(text)") { try Condition.parse(text) }
        do {
            _ = try Condition.parse(text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    /// Random token soup: the parser answers with a condition or a syntax error inside the text,
    /// never a crash or a position past the end.
    @Test func randomInputNeverCrashesTheParser() {
        var random = SplitMix64(seed: 20_261_207)
        let pieces = ["[STATUS]", "[BODY]", ".a", "[0]", "[", "]", "(", ")", ",", "==", "!=", "<", ">=", "=", "!", "&&", "||", "&", "|",
                      "len(", "has(", "any(", "pat(", "200", "UP", "\"", "\"x y\"", " ", "  ", "\\", "[HEADER].x", "*", "é", "\n"]
        var parsed = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...12, using: &random)
            let text = (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
            do {
                let condition = try Condition.parse(text)
                parsed += 1
                // What parses writes back to text that parses to the same condition.
                #expect((try? Condition.parse(condition.description)) == condition, "\(text) -> \(condition)")
            } catch {
                #expect(error.offset >= 0 && error.offset <= text.count, "\(text): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsed > 0, "some random inputs are valid conditions")
    }

    /// Conditions built at random are written out and read back unchanged.
    @Test func generatedConditionsRoundTrip() throws {
        var random = SplitMix64(seed: 17)
        func operand(_ depth: Int) -> Condition.Operand {
            switch Int.random(in: 0...4, using: &random) {
            case 0: return .placeholder(.status, path: [])
            case 1: return .placeholder(.body, path: [.key("data"), .index(Int.random(in: 0...3, using: &random)), .key("id")])
            case 2: return .length(.placeholder(.body, path: [.key("items")]))
            case 3: return .placeholder(.header, path: [.key("content-type")])
            default: return .has(.placeholder(.body, path: [.key("error")]))
            }
        }
        func right() -> Condition.Operand {
            switch Int.random(in: 0...3, using: &random) {
            case 0: return .literal(["200", "UP", "a b", "x(y)", "\"q\"", "len", "[not]"].randomElement(using: &random)!)
            case 1: return .any([.literal("200"), .literal("two words")])
            case 2: return .pattern(["a*", "*b c*", "(x)"].randomElement(using: &random)!)
            default: return .literal("true")
            }
        }
        func condition(_ depth: Int) -> Condition {
            if depth == 0 || Int.random(in: 0...2, using: &random) == 0 {
                let r = right()
                let op: Condition.ComparisonOperator
                switch r {
                case .any, .pattern: op = Bool.random(using: &random) ? .equal : .notEqual
                default: op = Condition.ComparisonOperator.allCases.randomElement(using: &random)!
                }
                return .comparison(operand(depth), op, r)
            }
            return Bool.random(using: &random) ? .and(condition(depth - 1), condition(depth - 1)) : .or(condition(depth - 1), condition(depth - 1))
        }
        for _ in 0..<2_000 {
            let original = condition(3)
            let text = original.description
            let reparsed = try Condition.parse(text)
            #expect(reparsed.evaluate(result(), now: now).passed == original.evaluate(result(), now: now).passed, "\(text)")
            #expect(reparsed.description == text)
        }
    }

    @Test func wildcardPatterns() {
        #expect(WildcardPattern.matches("*", ""))
        #expect(WildcardPattern.matches("a*b*c", "aXXbYYc"))
        #expect(!WildcardPattern.matches("a*b*c", "aXXbYY"))
        #expect(WildcardPattern.matches("??", "ab"))
        #expect(!WildcardPattern.matches("??", "abc"))
    }

    @Test func durations() {
        #expect(MonitorDuration.seconds("500ms") == 0.5)
        #expect(MonitorDuration.seconds("1h30m") == 5400)
        #expect(MonitorDuration.seconds("2d") == 172_800)
        #expect(MonitorDuration.seconds("30") == nil)
        #expect(MonitorDuration.seconds("5x") == nil)
        #expect(MonitorDuration.format(5400) == "1h30m")
        #expect(MonitorDuration.format(0.25) == "250ms")
    }
}
