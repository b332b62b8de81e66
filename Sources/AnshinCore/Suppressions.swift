import Foundation

/// The triage states a suppression can record, after GitGuardian's: the problem is fixed or
/// the secret revoked, or it is ignored for one of three stated reasons.
public enum TriageState: String, Codable, Sendable, CaseIterable {
    /// The problem was fixed (for a secret: removed, but not necessarily revoked).
    case resolved
    /// The secret was revoked and reissued, so the leaked value is harmless.
    case revoked
    /// Ignored: a credential made for tests that grants nothing.
    case testCredential = "test-credential"
    /// Ignored: not a real problem (not a secret, a rule misfiring).
    case falsePositive = "false-positive"
    /// Ignored: real, but the risk is accepted.
    case lowRisk = "low-risk"

    /// How reports describe the state.
    public var label: String {
        switch self {
        case .resolved: "resolved"
        case .revoked: "revoked"
        case .testCredential: "ignored (test credential)"
        case .falsePositive: "ignored (false positive)"
        case .lowRisk: "ignored (low risk)"
        }
    }
}

/// The suppression covering a finding, as reporters show it.
public struct AppliedSuppression: Codable, Sendable, Hashable {
    public var state: TriageState
    public var reason: String
    public var author: String
    /// Last day (UTC, `YYYY-MM-DD`) on which the suppression holds.
    public var expires: String?
    /// `file:line` of the entry, relative to the assessed folder.
    public var origin: String

    public init(state: TriageState, reason: String, author: String, expires: String?, origin: String) {
        self.state = state
        self.reason = reason
        self.author = author
        self.expires = expires
        self.origin = origin
    }
}

/// One entry of `.anshin/suppressions.yml`: which findings it covers and the triage decision.
///
/// An entry names a `fingerprint`, or a `rule` (glob) optionally narrowed by `path`, `resource`
/// and `environment` (globs). Entries are reviewed in pull requests like code.
public struct Suppression: Sendable, Hashable {
    public var fingerprint: String?
    public var rule: Glob?
    public var path: Glob?
    public var resource: Glob?
    public var environment: Glob?
    public var state: TriageState
    public var reason: String
    public var author: String
    public var expires: String?
    /// Where the entry is written.
    public var file: String
    public var line: Int
    /// What a reviewer should read about the finding (its rule, title and place), written as
    /// comments under the entry's first line; not read back.
    public var summary: [String] = []

    public init(fingerprint: String? = nil, rule: Glob? = nil, path: Glob? = nil, resource: Glob? = nil,
                environment: Glob? = nil, state: TriageState, reason: String, author: String,
                expires: String? = nil, file: String = Suppressions.defaultPath, line: Int = 0) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.path = path
        self.resource = resource
        self.environment = environment
        self.state = state
        self.reason = reason
        self.author = author
        self.expires = expires
        self.file = file
        self.line = line
    }

    /// Whether the entry covers `finding` (expiry aside). A fingerprint entry covers the findings
    /// whose fingerprint starts with it (reports print it whole; people may copy a prefix); a
    /// `path` glob is matched against the finding's path from the project root, which is
    /// `pathPrefix` (the scanned folder inside the project, `infra/`) followed by the finding's own.
    public func covers(_ finding: Finding, pathPrefix: String = "") -> Bool {
        if let fingerprint, !finding.fingerprint.hasPrefix(fingerprint) { return false }
        if let rule, !rule.matches(finding.ruleID) { return false }
        if let path {
            guard let findingPath = finding.location?.path, path.matches(pathPrefix + findingPath) else { return false }
        }
        if let resource {
            guard let identifier = finding.resource?.identifier, resource.matches(identifier) else { return false }
        }
        if let environment {
            guard let name = finding.resource?.environment, environment.matches(name) else { return false }
        }
        return true
    }

    /// Whether the entry has stopped holding on `today` (`YYYY-MM-DD`, UTC).
    public func isExpired(today: String) -> Bool {
        guard let expires else { return false }
        return expires < today
    }
}

/// The suppressions and triage decisions of a repository, from `.anshin/suppressions.yml`.
public struct Suppressions: Sendable {
    /// Where suppressions live, relative to the assessed folder.
    public static let defaultPath = ".anshin/suppressions.yml"

    public var entries: [Suppression]

    public init(entries: [Suppression] = []) {
        self.entries = entries
    }

    /// Loads `.anshin/suppressions.yml` under `root`; a missing file means no suppressions.
    public static func load(root: URL) throws(ConfigurationError) -> Suppressions {
        let url = root.appendingPathComponent(defaultPath)
        guard FileManager.default.fileExists(atPath: url.path) else { return Suppressions() }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError(path: defaultPath, message: "cannot read: \(SystemErrorText.describe(error))")
        }
        return try parse(text, file: defaultPath)
    }

    static let entryFields = ["fingerprint", "rule", "path", "resource", "environment",
                              "state", "reason", "author", "expires"]

    /// Parses the text of a suppressions file named `file` (for error messages).
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Suppressions {
        guard let root = try YAMLValue.parse(text, file: file) else { return Suppressions() }
        var entries: [Suppression] = []
        for (key, value) in try root.mapping(allowed: ["suppressions"]) where key == "suppressions" {
            if value.node.null != nil { continue }
            for item in try value.sequence() {
                entries.append(try parseEntry(item))
            }
        }
        return Suppressions(entries: entries)
    }

    private static func parseEntry(_ item: YAMLValue) throws(ConfigurationError) -> Suppression {
        var fields: [String: YAMLValue] = [:]
        for (key, value) in try item.mapping(allowed: entryFields) { fields[key] = value }

        func required(_ name: String) throws(ConfigurationError) -> String {
            guard let value = fields[name] else { throw item.error("missing required field \"\(name)\"") }
            return try value.string()
        }
        func glob(_ name: String) throws(ConfigurationError) -> Glob? {
            guard let value = fields[name] else { return nil }
            do { return try Glob(try value.string()) } catch { throw value.error(error.message) }
        }

        var fingerprint: String?
        if let value = fields["fingerprint"] {
            let text = try value.string().lowercased()
            guard text.count >= 8, text.allSatisfy(\.isHexDigit) else {
                throw value.error("expected a finding fingerprint (hex digits, as reports print it), got \(value.describe)")
            }
            fingerprint = text
        }
        let rule = try glob("rule")
        guard fingerprint != nil || rule != nil else {
            throw item.error("an entry needs a \"fingerprint\" or a \"rule\" to say what it covers")
        }
        let stateText = try required("state")
        guard let state = TriageState(rawValue: stateText) else {
            throw fields["state"]!.error("unknown state \"\(stateText)\" (allowed: \(TriageState.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var expires: String?
        if let value = fields["expires"] {
            let text = try value.string()
            guard Day.isValid(text) else { throw value.error("expected a date as YYYY-MM-DD, got \(value.describe)") }
            expires = text
        }
        return Suppression(
            fingerprint: fingerprint, rule: rule, path: try glob("path"), resource: try glob("resource"),
            environment: try glob("environment"), state: state, reason: try required("reason"),
            author: try required("author"), expires: expires, file: item.file, line: item.node.mark?.line ?? 0
        )
    }

    /// Reports every expired entry as a finding of its own, then marks the findings that a live
    /// entry covers (first matching entry wins; fingerprint entries before rule entries).
    /// `pathPrefix` is the scanned folder's path inside the project root (see ``Suppression/covers(_:pathPrefix:)``).
    public func apply(to findings: [Finding], today: String, pathPrefix: String = "") -> [Finding] {
        let expired = entries.filter { $0.isExpired(today: today) }.map { entry in
            let what = entry.fingerprint.map { "fingerprint \($0)" } ?? "rule \(entry.rule?.pattern ?? "")"
            let rule = RuleDescription.suppressionExpired
            return Finding(
                ruleID: rule.id,
                title: rule.title,
                message: "The suppression of \(what) (\(entry.state.label), by \(entry.author): \(entry.reason)) expired on \(entry.expires ?? "") and no longer applies.",
                severity: rule.severity,
                pillars: rule.pillars,
                location: Location(path: entry.file, line: entry.line),
                remediation: rule.remediation,
                fingerprintKey: [entry.fingerprint ?? "", entry.rule?.pattern ?? "", entry.path?.pattern ?? "",
                                 entry.expires ?? ""]
            )
        }
        let live = entries.filter { !$0.isExpired(today: today) }
        let ordered = live.filter { $0.fingerprint != nil } + live.filter { $0.fingerprint == nil }
        return (findings + expired).map { finding in
            var finding = finding
            if let entry = ordered.first(where: { $0.covers(finding, pathPrefix: pathPrefix) }) {
                finding.suppression = AppliedSuppression(
                    state: entry.state, reason: entry.reason, author: entry.author,
                    expires: entry.expires, origin: "\(entry.file):\(entry.line)")
            }
            return finding
        }
    }
}

/// Calendar days as `YYYY-MM-DD` strings, which compare correctly as text.
public enum Day {
    /// Whether `text` is a real calendar date written `YYYY-MM-DD`.
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The UTC day of `date`.
    public static func of(_ date: Date) -> String {
        String(timestamp(date).prefix(10))
    }

    /// `date` in UTC as ISO 8601 to the second (`2026-11-28T02:55:00Z`).
    ///
    /// (The C library's `gmtime_r`: a `Calendar` or a date formatter costs a short run
    /// milliseconds to set up.)
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "1970-01-01T00:00:00Z" }
        func padded(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return padded(parts.tm_year + 1900, 4) + "-" + padded(parts.tm_mon + 1) + "-" + padded(parts.tm_mday)
            + "T" + padded(parts.tm_hour) + ":" + padded(parts.tm_min) + ":" + padded(parts.tm_sec) + "Z"
    }
}
