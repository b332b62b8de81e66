import Foundation

/// What a condition made of a result: whether it held, and the condition with the values it saw
/// (`[STATUS] (503) == 200`).
public struct ConditionOutcome: Sendable, Hashable, Codable {
    public var condition: String
    public var passed: Bool
    public var detail: String
}

/// A value a placeholder stands for in one result.
enum ConditionValue: Hashable {
    case missing
    case number(Double)
    case string(String)
    case bool(Bool)
    case list([ConditionValue])
    case object(Int)

    var text: String {
        switch self {
        case .missing: "missing"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let text): text
        case .bool(let value): value ? "true" : "false"
        case .list(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .object(let count): "{\(count) fields}"
        }
    }

    init(_ json: JSONValue) {
        switch json {
        case .null: self = .missing
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let text): self = .string(text)
        case .array(let items): self = .list(items.map(ConditionValue.init))
        case .object(let members): self = .object(members.count)
        }
    }
}

/// Reads placeholders from one result, parsing the body as JSON at most once.
final class ConditionContext {
    let result: ProbeResult
    let now: Date
    private var parsedBody: JSONValue??

    init(result: ProbeResult, now: Date) {
        self.result = result
        self.now = now
    }

    var json: JSONValue? {
        if let parsedBody { return parsedBody }
        let value = JSONValue.parse(result.body)
        parsedBody = .some(value)
        return value
    }

    func value(of placeholder: Condition.Placeholder, path: [Condition.PathStep]) -> ConditionValue {
        let timings = result.timings
        switch placeholder {
        case .status: return result.status.map { .number(Double($0)) } ?? .missing
        case .responseTime: return result.connected ? .number(timings.total.rounded()) : .missing
        case .connected: return .bool(result.connected)
        case .ip: return result.address.map(ConditionValue.string) ?? .missing
        case .dnsCode: return result.dnsCode.map(ConditionValue.string) ?? .missing
        case .dnsAnswers: return .list(result.dnsAnswers.map(ConditionValue.string))
        case .dnsTime: return timings.dns.map { .number($0.rounded()) } ?? .missing
        case .connectTime: return timings.connect.map { .number($0.rounded()) } ?? .missing
        case .tlsTime: return timings.tls.map { .number($0.rounded()) } ?? .missing
        case .firstByteTime: return timings.firstByte.map { .number($0.rounded()) } ?? .missing
        case .certificateExpiration:
            guard let expiry = result.certificateExpiry else { return .missing }
            return .number((expiry.timeIntervalSince(now) * 1000).rounded())
        case .header:
            guard case .key(let name)? = path.first else { return .missing }
            return result.header(name).map(ConditionValue.string) ?? .missing
        case .body:
            if path.isEmpty {
                if !result.dnsAnswers.isEmpty || result.dnsCode != nil { return .list(result.dnsAnswers.map(ConditionValue.string)) }
                return .string(result.bodyText)
            }
            var current = json
            for step in path {
                switch (step, current) {
                case (.key(let key), .object(let members)?): current = members[key]
                case (.index(let index), .array(let items)?): current = index < items.count ? items[index] : nil
                default: current = nil
                }
            }
            return current.map(ConditionValue.init) ?? .missing
        }
    }
}

extension Condition {
    /// Judges `result` at `now` (the instant certificate expiry is measured from).
    public func evaluate(_ result: ProbeResult, now: Date = Date()) -> ConditionOutcome {
        let context = ConditionContext(result: result, now: now)
        let (passed, detail) = judge(context)
        return ConditionOutcome(condition: description, passed: passed, detail: detail)
    }

    func judge(_ context: ConditionContext) -> (Bool, String) {
        switch self {
        case .and(let left, let right):
            let (a, leftDetail) = left.judge(context)
            let (b, rightDetail) = right.judge(context)
            return (a && b, "\(group(left, leftDetail)) && \(group(right, rightDetail))")
        case .or(let left, let right):
            let (a, leftDetail) = left.judge(context)
            let (b, rightDetail) = right.judge(context)
            return (a || b, "\(leftDetail) || \(rightDetail)")
        case .comparison(let left, let op, let right):
            let leftValue = left.resolve(context)
            let passed = Self.compare(leftValue, op, right, context)
            var leftText = left.description
            if left.readsResult { leftText += " (\(Self.shorten(leftValue.text)))" }
            return (passed, "\(leftText) \(op.rawValue) \(right)")
        }
    }

    private func group(_ condition: Condition, _ detail: String) -> String {
        if case .or = condition { return "(\(detail))" }
        return detail
    }

    static func shorten(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count > 60 ? String(line.prefix(57)) + "..." : line
    }

    static func compare(_ left: ConditionValue, _ op: ComparisonOperator, _ right: Operand, _ context: ConditionContext) -> Bool {
        switch right {
        case .pattern(let pattern):
            let matches = left.anyItem { WildcardPattern.matches(pattern, $0.text) }
            return op == .equal ? matches : !matches
        case .any(let options):
            let matches = options.contains { equal(left, $0.resolve(context)) }
            return op == .equal ? matches : !matches
        default:
            let rightValue = right.resolve(context)
            switch op {
            case .equal: return equal(left, rightValue)
            case .notEqual: return !equal(left, rightValue)
            default:
                guard case let (a, b)? = numbers(left, rightValue) else { return false }
                switch op {
                case .less: return a < b
                case .lessOrEqual: return a <= b
                case .greater: return a > b
                default: return a >= b
                }
            }
        }
    }

    static func equal(_ left: ConditionValue, _ right: ConditionValue) -> Bool {
        if case .missing = left { return false }
        if case .list(let items) = left, !isList(right) { return items.contains { equal($0, right) } }
        if case .string(let a) = left, case .string(let b) = right { return a == b }
        if case let (a, b)? = numbers(left, right) { return a == b }
        switch (left, right) {
        case (.bool(let a), .bool(let b)): return a == b
        case (.bool(let a), .string(let b)), (.string(let b), .bool(let a)): return (a ? "true" : "false") == b.lowercased()
        default: return left.text == right.text
        }
    }

    private static func isList(_ value: ConditionValue) -> Bool {
        if case .list = value { return true }
        return false
    }

    /// Both sides as numbers: a literal may be a number or a duration (`300ms`, `48h`, in ms).
    static func numbers(_ left: ConditionValue, _ right: ConditionValue) -> (Double, Double)? {
        func number(_ value: ConditionValue) -> Double? {
            switch value {
            case .number(let number): return number
            case .string(let text):
                if let number = Double(text.trimmingCharacters(in: .whitespaces)) { return number }
                return MonitorDuration.seconds(text).map { $0 * 1000 }
            default: return nil
            }
        }
        guard let a = number(left), let b = number(right) else { return nil }
        return (a, b)
    }
}

extension ConditionValue {
    func anyItem(_ test: (ConditionValue) -> Bool) -> Bool {
        switch self {
        case .missing: false
        case .list(let items): items.contains(where: test)
        default: test(self)
        }
    }
}

extension Condition.Operand {
    var readsResult: Bool {
        switch self {
        case .placeholder, .length, .has: true
        default: false
        }
    }

    func resolve(_ context: ConditionContext) -> ConditionValue {
        switch self {
        case .placeholder(let placeholder, let path): return context.value(of: placeholder, path: path)
        case .literal(let text): return .string(text)
        case .pattern(let pattern): return .string(pattern)
        case .any(let items): return .list(items.map { $0.resolve(context) })
        case .has(let inner):
            if case .missing = inner.resolve(context) { return .bool(false) }
            return .bool(true)
        case .length(let inner):
            switch inner.resolve(context) {
            case .missing: return .missing
            case .string(let text): return .number(Double(text.count))
            case .list(let items): return .number(Double(items.count))
            case .object(let count): return .number(Double(count))
            case .number(let value): return .number(Double(ConditionValue.number(value).text.count))
            case .bool(let value): return .number(value ? 4 : 5)
            }
        }
    }
}

/// Shell-style patterns of `pat(…)`: `*` any run of characters, `?` one character.
enum WildcardPattern {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
