/// What a rule or check is, independent of what it finds: every capability describes its rules
/// this way, so that `anshin rules` lists them all and `anshin explain` tells about one.
public struct RuleDescription: Sendable, Hashable {
    /// Kebab-case id, stable, never reused; what findings and suppressions name.
    public var id: String
    /// What it detects, in one line.
    public var title: String
    /// What it detects and why that matters, in a paragraph or two; empty when the title says it all.
    public var rationale: String
    public var severity: Severity
    public var pillars: [Pillar]
    /// Where its findings come from: `terraform`, `live`, `secrets`, `github`, `ribbon`,
    /// `tf-doctor`, `logs`, `drift`, `anshin`.
    public var sources: [String]
    /// What one evaluation looks at (`resource`, `account`, `region`, `organization`,
    /// `repository`, `file`), when the rule says.
    public var scope: String?
    /// `SecurityHub:S3.1`, `CIS:2.1.4`, `CIS-SSC:1.3.5` and documentation URLs.
    public var references: [String]
    /// What to do, Markdown, with a Terraform snippet where one fits.
    public var remediation: String

    public init(id: String, title: String, rationale: String = "", severity: Severity, pillars: [Pillar], sources: [String], scope: String? = nil,
                references: [String] = [], remediation: String) {
        self.id = id
        self.title = title
        self.rationale = rationale
        self.severity = severity
        self.pillars = pillars
        self.sources = sources
        self.scope = scope
        self.references = references
        self.remediation = remediation
    }

    /// The control ids among its references (`SecurityHub:S3.1`, `CIS:2.1.4`), without URLs.
    public var controls: [String] { references.filter { !$0.hasPrefix("https://") && !$0.hasPrefix("http://") } }
    /// The documentation URLs among its references.
    public var links: [String] { references.filter { $0.hasPrefix("https://") || $0.hasPrefix("http://") } }

    /// The finding anshin raises itself when a suppression has passed its expiry date.
    public static let suppressionExpired = RuleDescription(
        id: "anshin-suppression-expired", title: "Suppression expired", severity: .low, pillars: [.opex],
        sources: ["anshin"], scope: "file",
        remediation: "Review the finding again: fix it, or renew the entry with a new expiry date and reason.")
}
