import AnshinCore
import Foundation

/// `anshin rules` and `anshin explain`: every rule and check of every capability, as a table or
/// JSON, and everything about one rule.
public enum RuleListing {
    /// Which rules to list; nil or empty means any.
    public struct Filter: Sendable {
        public var sources: [String]
        public var severities: [Severity]
        public var pillars: [Pillar]
        /// Text that the id, title or a control id must contain, in any case.
        public var text: String?

        public init(sources: [String] = [], severities: [Severity] = [], pillars: [Pillar] = [], text: String? = nil) {
            self.sources = sources
            self.severities = severities
            self.pillars = pillars
            self.text = text
        }

        public func admits(_ rule: RuleDescription) -> Bool {
            if !sources.isEmpty, !rule.sources.contains(where: sources.contains) { return false }
            if !severities.isEmpty, !severities.contains(rule.severity) { return false }
            if !pillars.isEmpty, !rule.pillars.contains(where: pillars.contains) { return false }
            if let text, !text.isEmpty {
                let needle = text.lowercased()
                let haystack = ([rule.id, rule.title] + rule.controls).map { $0.lowercased() }
                if !haystack.contains(where: { $0.contains(needle) }) { return false }
            }
            return true
        }
    }

    /// An aligned table: id, severity, pillars, sources, title; then a count.
    public static func table(_ rules: [RuleDescription], total: Int) -> String {
        let header = ["ID", "SEVERITY", "PILLARS", "SOURCES", "TITLE"]
        let rows = rules.map { rule in
            [rule.id, rule.severity.rawValue, rule.pillars.map(\.rawValue).joined(separator: ","),
             rule.sources.joined(separator: ","), rule.title]
        }
        let widths = (0..<header.count - 1).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in [header] + rows {
            out += row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined() + "\n"
        }
        out += rules.count == total ? "\(total) rules\n" : "\(rules.count) of \(total) rules\n"
        return out
    }

    /// The rules as a JSON array, one object per rule, keys sorted.
    public static func json(_ rules: [RuleDescription]) -> String {
        let values: [JSONValue] = rules.map(object)
        return JSONValue.array(values).prettyPrinted() + "\n"
    }

    private static func object(_ rule: RuleDescription) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(rule.id),
            "title": .string(rule.title),
            "severity": .string(rule.severity.rawValue),
            "pillars": .array(rule.pillars.map { .string($0.rawValue) }),
            "sources": .array(rule.sources.map { .string($0) }),
            "controls": .array(rule.controls.map { .string($0) }),
            "links": .array(rule.links.map { .string($0) }),
            "remediation": .string(rule.remediation),
            "rationale": .string(rule.rationale),
        ]
        if let scope = rule.scope { members["scope"] = .string(scope) }
        return .object(members)
    }

    /// Everything about one rule, for a person: what it detects, its pillars, severity, where it
    /// runs, the controls it maps to, the fix with its snippet, and how to suppress it.
    public static func explain(_ rule: RuleDescription) -> String {
        var out = "\(rule.id): \(rule.title)\n\n"
        if !rule.rationale.isEmpty {
            out += rule.rationale.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
                .joined(separator: "\n") + "\n\n"
        }
        var facts: [(String, String)] = [
            ("severity", rule.severity.rawValue + " (the default; a finding can be raised or lowered by what it finds)"),
            ("pillars", rule.pillars.map(\.title).joined(separator: ", ")),
            ("sources", rule.sources.map(sourceName).joined(separator: ", ")),
        ]
        if let scope = rule.scope { facts.append(("scope", scopeText(scope))) }
        if !rule.controls.isEmpty { facts.append(("controls", rule.controls.map(controlName).joined(separator: ", "))) }
        for link in rule.links { facts.append(("see", link)) }
        let width = (facts.map(\.0.count).max() ?? 0) + 2
        for (term, value) in facts {
            out += "  " + term + String(repeating: " ", count: width - term.count) + value + "\n"
        }
        out += "\nFIX\n"
        for block in TextBlock.split(rule.remediation) {
            switch block {
            case .prose(let text):
                out += text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n\n"
            case .code(_, let code):
                out += code.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n") + "\n\n"
            }
        }
        out += "SUPPRESS\n"
        out += "  One finding:    anshin triage FINGERPRINT --state low-risk --reason \"why this is acceptable\"\n"
        out += "  Every finding:  in .anshin/suppressions.yml, an entry with rule: \(rule.id), state, reason and author\n"
        out += "                  (narrow it with path, resource or environment; expires sets a review date)\n"
        if rule.sources.contains("secrets") {
            out += "  On the line:    a comment with anshin:allow <why> (a test fixture, a revoked example)\n"
        }
        if rule.sources.contains("terraform") {
            out += "  In Terraform:   # anshin:ignore \(rule.id) <why> on the resource block's first line or above it\n"
        }
        return out
    }

    /// The ids closest to `id`, for "did you mean": sharing its words, or a few edits away.
    public static func suggestions(for id: String, in rules: [RuleDescription]) -> [String] {
        let words = Set(id.lowercased().split(separator: "-").filter { $0.count > 2 })
        let scored = rules.map { rule -> (String, Int) in
            let shared = Set(rule.id.split(separator: "-")).intersection(words).count
            return (rule.id, shared)
        }.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        if !scored.isEmpty { return scored.prefix(3).map(\.0) }
        return Suggestion.closest(to: id, in: rules.map(\.id)).map { [$0] } ?? []
    }

    private static func sourceName(_ source: String) -> String {
        switch source {
        case "terraform": "Terraform (anshin audit terraform, assess)"
        case "live": "live AWS accounts (anshin audit aws)"
        case "secrets": "files and git history (anshin secrets scan, assess)"
        case "github": "GitHub organisations (anshin audit github)"
        case "ribbon": "the environment catalog (anshin ribbon check, assess)"
        case "tf-doctor": "the Terraform layout (anshin tf doctor)"
        case "logs": "logs (anshin logs report)"
        case "drift": "Terraform compared with the live account (anshin assess, when environments name accounts)"
        case "anshin": "anshin's own inputs"
        default: source
        }
    }

    private static func scopeText(_ scope: String) -> String {
        switch scope {
        case "account": "account: judged once per environment over all its stacks, or once per live account"
        case "region": "Region: judged live once in each audited Region"
        case "organization": "organisation: judged once for the AWS Organization or GitHub organisation"
        case "resource": "resource: each resource on its own"
        default: scope
        }
    }

    private static func controlName(_ control: String) -> String {
        if control.hasPrefix("SecurityHub:") { return "Security Hub " + control.dropFirst("SecurityHub:".count) }
        if control.hasPrefix("CIS-SSC:") { return "CIS Software Supply Chain " + control.dropFirst("CIS-SSC:".count) }
        if control.hasPrefix("CIS:") { return "CIS AWS Foundations " + control.dropFirst("CIS:".count) }
        return control
    }
}
