import AnshinCore

/// Findings that call for one fix: one rule on one resource (wherever it holds: every
/// environment, account and Region), or one finding without a resource (a secret incident,
/// already one finding for every place of the secret). The terminal report prints one entry
/// per group, and issue sync files one issue per group.
public struct FindingGroup: Sendable, Hashable {
    /// 32 hex digits identifying the group across runs; an issue's marker carries it.
    public var key: String
    public var ruleID: String
    public var title: String
    /// The most severe of its active findings (of all, when every one is suppressed).
    public var severity: Severity
    /// Every pillar of its findings, the first finding's main pillar first.
    public var pillars: [Pillar]
    /// Where its findings come from: `code` (files of the repository), `live:ACCOUNT`, `github:ORG`.
    public var origin: String
    /// Every finding of the group, suppressed ones included, in report order.
    public var findings: [Finding]

    /// The capability its findings come from (`terraform`, `secrets`, `aws`, `github`, …), when
    /// the run said; a run that did not run it closes nothing of the group.
    public var source: String? { findings.lazy.compactMap(\.source).first }

    /// Findings not covered by a suppression.
    public var active: [Finding] { findings.filter { !$0.isSuppressed } }
    /// Whether every finding of the group is suppressed.
    public var isSuppressed: Bool { active.isEmpty }

    /// What the group is about, for titles: the resource or the first place.
    public var subject: String {
        let first = findings[0]
        if let resource = first.resource { return resource.identifier }
        return first.location?.path ?? first.place
    }

    /// Where the group's findings hold, each once: environments (in `order`, the catalog's, then
    /// as met), else `account/Region` of live findings. Empty for a finding of the code alone.
    public func scopes(order: [String] = []) -> [String] { Self.scopes(of: findings, order: order) }

    /// Where `findings` hold, each once, environments in `order` first (see ``scopes(order:)``).
    public static func scopes(of findings: [Finding], order: [String] = []) -> [String] {
        var seen: [String] = []
        for label in findings.compactMap(Self.scopeLabel) where !seen.contains(label) { seen.append(label) }
        guard !order.isEmpty else { return seen }
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return seen.enumerated().sorted { a, b in
            let (ra, rb) = (rank[a.element] ?? order.count + a.offset, rank[b.element] ?? order.count + b.offset)
            return ra < rb
        }.map(\.element)
    }

    /// Where one finding holds: its environment, else its account and Region, else nothing.
    public static func scopeLabel(_ finding: Finding) -> String? {
        if let environment = finding.resource?.environment { return environment }
        let parts = [finding.resource?.account, finding.resource?.region].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// How many places the group's findings are found in, counted for what is found in several
    /// places (a secret incident); 0 for a resource whose environments share one file.
    public var placeCount: Int {
        let others = findings.reduce(0) { $0 + ($1.otherLocations?.count ?? 0) }
        return others == 0 ? 0 : findings.filter { $0.location != nil }.count + others
    }

    /// Groups `findings`, most severe group first.
    public static func groups(_ findings: [Finding]) -> [FindingGroup] {
        var order: [String] = []
        var members: [String: [Finding]] = [:]
        for finding in findings.sorted(by: Finding.reportOrder) {
            let key = key(of: finding)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(finding)
        }
        return order.map { key in
            let findings = members[key]!
            let counted = findings.contains { !$0.isSuppressed } ? findings.filter { !$0.isSuppressed } : findings
            var pillars: [Pillar] = []
            for pillar in findings.flatMap(\.pillars) where !pillars.contains(pillar) { pillars.append(pillar) }
            return FindingGroup(key: key, ruleID: findings[0].ruleID, title: findings[0].title,
                                severity: counted.map(\.severity).max() ?? findings[0].severity, pillars: pillars,
                                origin: origin(of: findings[0]), findings: findings)
        }.sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            if a.pillars[0] != b.pillars[0] { return a.pillars[0] < b.pillars[0] }
            if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
            return a.key < b.key
        }
    }

    /// The group a finding belongs to. A resource's group leaves out the environment, account
    /// and Region (one fix in the code, or one resource wherever it is listed), but keeps the
    /// file, so the same address in two root modules is two groups.
    public static func key(of finding: Finding) -> String {
        if let resource = finding.resource {
            return Fingerprint.make(ruleID: finding.ruleID,
                                    components: ["group:resource", resource.kind, resource.identifier, finding.location?.path ?? ""])
        }
        return Fingerprint.make(ruleID: finding.ruleID, components: ["group:finding", finding.fingerprint])
    }

    /// Where a finding comes from: a live account, a GitHub organisation, or the repository's files.
    public static func origin(of finding: Finding) -> String {
        if let resource = finding.resource, resource.kind.hasPrefix("github_") {
            let owner = resource.identifier.split(separator: "/").first.map(String.init) ?? resource.identifier
            return "github:\(owner)"
        }
        if finding.location == nil, let account = finding.resource?.account { return "live:\(account)" }
        return "code"
    }
}
