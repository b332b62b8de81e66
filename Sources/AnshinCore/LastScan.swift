import Foundation

/// What the last run of each kind of scan found in a project, so that `anshin triage` can refuse
/// a fingerprint that matches nothing, expand a prefix, and record what was waived.
///
/// Kept in `.anshin/cache/last-scan.json` at the project root (see ``ProjectFolder``), in a
/// folder that ignores itself for git (`.anshin/cache/.gitignore` holds `*`): it belongs to one
/// machine and is never committed. Every command that reports findings (`assess`, `audit
/// terraform`, `audit aws`, `secrets scan`) replaces its own scope's entry, so a triage sees
/// the latest result of each.
public struct LastScan: Codable, Sendable, Equatable {
    /// One finding, as a reviewer needs to see it: never its evidence.
    public struct Entry: Codable, Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        public var title: String
        public var severity: Severity
        /// `path:line` from the project root, and/or the resource (`aws_s3_bucket.logs in prd`).
        public var place: String?

        public init(fingerprint: String, rule: String, title: String, severity: Severity, place: String?) {
            self.fingerprint = fingerprint
            self.rule = rule
            self.title = title
            self.severity = severity
            self.place = place
        }

        /// The entry of `finding`, whose path is relative to the folder `pathPrefix` names.
        public init(_ finding: Finding, pathPrefix: String = "") {
            var parts: [String] = []
            if let location = finding.location {
                parts.append(pathPrefix + location.path + (location.line.map { ":\($0)" } ?? ""))
            }
            if let resource = finding.resource {
                var text = resource.identifier
                let scope = [resource.environment, resource.account, resource.region].compactMap { $0 }
                if !scope.isEmpty { text += " in " + scope.joined(separator: " ") }
                parts.append(text)
            }
            self.init(fingerprint: finding.fingerprint, rule: finding.ruleID, title: finding.title, severity: finding.severity,
                      place: parts.isEmpty ? nil : parts.joined(separator: ", "))
        }
    }

    /// The findings of one scope's last run.
    public struct Scan: Codable, Sendable, Equatable {
        /// When it ran (ISO 8601).
        public var at: String
        public var findings: [Entry]

        public init(at: String, findings: [Entry]) {
            self.at = at
            self.findings = findings
        }
    }

    public var version = 1
    /// Keyed by scope: the command and what it read (`secrets scan --history infra/`).
    public var scans: [String: Scan] = [:]

    public init(scans: [String: Scan] = [:]) {
        self.scans = scans
    }

    /// Where the cache lives, relative to the project root.
    public static let relativePath = ".anshin/cache/last-scan.json"
    /// Scopes kept; the oldest are dropped past this.
    static let maximumScopes = 32

    /// The cache of the project at `root`; empty when there is none or it cannot be read (it is
    /// only a cache: the next scan rewrites it).
    public static func load(root: URL) -> LastScan {
        guard let data = try? Data(contentsOf: root.appendingPathComponent(relativePath)),
              let scan = try? JSONDecoder().decode(LastScan.self, from: data), scan.version == 1 else { return LastScan() }
        return scan
    }

    /// Records `findings` (suppressed ones included) as the last result of `scope` in the cache
    /// of the project at `root`. A cache that cannot be written is not an error of the scan: the
    /// reason is returned for a note.
    @discardableResult
    public static func record(_ findings: [Finding], scope: String, at: String, root: URL, pathPrefix: String = "") -> String? {
        var cache = load(root: root)
        cache.scans[scope] = Scan(at: at, findings: findings.map { Entry($0, pathPrefix: pathPrefix) })
        if cache.scans.count > maximumScopes {
            for (key, _) in cache.scans.sorted(by: { $0.value.at < $1.value.at }).prefix(cache.scans.count - maximumScopes) {
                cache.scans[key] = nil
            }
        }
        let url = root.appendingPathComponent(relativePath)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let ignore = folder.appendingPathComponent(".gitignore")
            if !FileManager.default.fileExists(atPath: ignore.path) {
                try Data("# anshin's cache of this machine's last scans: never committed.\n*\n".utf8).write(to: ignore)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(cache).write(to: url, options: .atomic)
            return nil
        } catch {
            return "cannot keep the findings for triage in \(relativePath): \(SystemErrorText.describe(error))"
        }
    }

    /// Whether any scan has been recorded.
    public var isEmpty: Bool { scans.isEmpty }

    /// The findings whose fingerprint starts with `prefix`, each fingerprint once (from the most
    /// recent scan that saw it).
    public func entries(matching prefix: String) -> [Entry] {
        var byFingerprint: [String: (at: String, entry: Entry)] = [:]
        for scan in scans.values {
            for entry in scan.findings where entry.fingerprint.hasPrefix(prefix) {
                if let known = byFingerprint[entry.fingerprint], known.at >= scan.at { continue }
                byFingerprint[entry.fingerprint] = (scan.at, entry)
            }
        }
        return byFingerprint.values.map(\.entry).sorted { $0.fingerprint < $1.fingerprint }
    }

    /// The scopes recorded, most recent first, for messages.
    public var scopes: [String] {
        scans.sorted { $0.value.at == $1.value.at ? $0.key < $1.key : $0.value.at > $1.value.at }.map(\.key)
    }
}
