/// A secret detection rule a team adds in `anshin.yml` under `secrets.rules`, in the shape of the
/// built-in rules: a pattern, what must hold of the match, and samples it must and must not find.
///
/// ```yaml
/// secrets:
///   rules:
///     - id: acme-internal-token
///       title: Acme internal API token
///       pattern: 'acme_[a-z0-9]{32}'
///       severity: high
///       keywords: [acme]          # optional: one must appear near the match
///       entropy: 3.0              # optional: minimum bits per character
///       samples: ["ACME_TOKEN=acme_…"]
///       negatives: ["acme_xxxxxxxx…"]
///       remediation: Rotate it in the admin console.
/// ```
/// The scanner refuses a rule that misses one of its samples or finds one of its negatives.
public struct CustomSecretRule: Sendable, Hashable {
    public var id: String
    public var title: String
    /// A Vectorscan/PCRE expression; a named group `secret` marks the secret inside the match.
    public var pattern: String
    public var severity: Severity
    public var keywords: [String]
    public var minimumEntropy: Double?
    public var samples: [String]
    public var negatives: [String]
    public var remediation: String?
    /// Where the rule is written, for error messages.
    public var file: String
    public var line: Int

    public init(id: String, title: String, pattern: String, severity: Severity, keywords: [String] = [],
                minimumEntropy: Double? = nil, samples: [String], negatives: [String] = [], remediation: String? = nil,
                file: String = EnvironmentCatalog.fileName, line: Int = 0) {
        self.id = id
        self.title = title
        self.pattern = pattern
        self.severity = severity
        self.keywords = keywords
        self.minimumEntropy = minimumEntropy
        self.samples = samples
        self.negatives = negatives
        self.remediation = remediation
        self.file = file
        self.line = line
    }

    static let fields = ["id", "title", "pattern", "severity", "keywords", "entropy", "samples", "negatives", "remediation"]

    /// Parses the `secrets:` section of the catalog.
    static func parseSection(_ value: YAMLValue) throws(ConfigurationError) -> [CustomSecretRule] {
        var rules: [CustomSecretRule] = []
        for (key, section) in try value.mapping(allowed: ["rules"]) where key == "rules" {
            for item in try section.sequence() {
                rules.append(try parse(item))
            }
        }
        var seen = Set<String>()
        for rule in rules where !seen.insert(rule.id).inserted {
            throw ConfigurationError(path: rule.file, line: rule.line, field: "secrets.rules", message: "duplicate rule id \"\(rule.id)\"")
        }
        return rules
    }

    private static func parse(_ item: YAMLValue) throws(ConfigurationError) -> CustomSecretRule {
        var fields: [String: YAMLValue] = [:]
        for (key, value) in try item.mapping(allowed: Self.fields) { fields[key] = value }
        func required(_ name: String) throws(ConfigurationError) -> YAMLValue {
            guard let value = fields[name] else { throw item.error("missing required field \"\(name)\"") }
            return value
        }
        let id = try required("id").string()
        guard let first = id.first, first.isASCIILowerOrDigit,
              id.allSatisfy({ $0.isASCIILowerOrDigit || $0 == "-" }), !id.hasSuffix("-") else {
            throw try required("id").error("rule ids are kebab-case (lower-case letters, digits and -), got \"\(id)\"")
        }
        let severityText = try required("severity").string()
        guard let severity = Severity(rawValue: severityText) else {
            throw try required("severity").error("unknown severity \"\(severityText)\" (allowed: \(Severity.descending.map(\.rawValue).joined(separator: ", ")))")
        }
        var entropy: Double?
        if let value = fields["entropy"] {
            guard let bits = Double(try value.string()), bits >= 0, bits <= 8 else {
                throw value.error("expected bits per character between 0 and 8, got \(value.describe)")
            }
            entropy = bits
        }
        let samples = try required("samples").strings()
        guard !samples.isEmpty else { throw try required("samples").error("a rule needs at least one sample it must find") }
        return CustomSecretRule(
            id: id, title: try required("title").string(), pattern: try required("pattern").string(), severity: severity,
            keywords: try fields["keywords"]?.strings() ?? [], minimumEntropy: entropy, samples: samples,
            negatives: try fields["negatives"]?.strings() ?? [], remediation: try fields["remediation"]?.string(),
            file: item.file, line: item.node.mark?.line ?? 0)
    }
}
