import AnshinCore
import AnshinGit
import Foundation

extension Incident {
    /// The incident as one finding: located at its first occurrence, listing the other places,
    /// fingerprinted by the secret's digest so that triage follows the secret wherever it moves.
    public func finding(rule: SecretRule) -> Finding {
        let first = occurrences[0]
        var message = "\(rule.title) in \(first.place.path):\(first.match.line)"
        if let commit = first.place.commit {
            message += ", first committed in \(commit.prefix(12))"
            if let author = first.place.author { message += " by \(author)" }
            if let date = first.place.date { message += " on \(date.prefix(10))" }
        }
        if let partner = first.match.partner { message += ", paired with the key id on line \(partner.line)" }
        if first.place.ignoredByGit {
            message += " (a file git ignores: never committed, but copied by hand between machines and easily stale)"
        }
        let others = occurrences.dropFirst().map { "\($0.place.path):\($0.match.line)" }
        let uniqueOthers = Array(NSOrderedSet(array: others)) as? [String] ?? others
        if !uniqueOthers.isEmpty {
            message += ". Also in \(uniqueOthers.count) other place\(uniqueOthers.count == 1 ? "" : "s"): "
                + uniqueOthers.prefix(5).joined(separator: ", ") + (uniqueOthers.count > 5 ? ", …" : "")
        }
        let historyPlaces = occurrences.map(\.place.historyPlaces).max() ?? 1
        if historyPlaces > 1 { message += ". The history holds it in \(historyPlaces) commits or paths" }
        var evidence = first.match.evidence
        if let partner = first.match.partner { evidence = partner.evidence + " / " + evidence }
        return Finding(
            ruleID: rule.id,
            title: rule.title,
            message: message + ".",
            severity: rule.severity,
            pillars: rule.pillars,
            location: Location(path: first.place.path, line: first.match.line, column: first.match.column,
                               endLine: first.match.endLine, commit: first.place.commit, author: first.place.author,
                               date: first.place.date),
            evidence: evidence,
            remediation: rule.remediation,
            references: rule.references,
            fingerprint: SecretFinding.fingerprint(sha256: sha256))
    }
}

extension ScanOutcome {
    /// One finding per incident.
    public func findings(detector: Detector) -> [Finding] {
        incidents.compactMap { incident in detector.rule(id: incident.ruleID).map { incident.finding(rule: $0) } }
    }
}

/// The secret scan as a capability of `anshin assess`: the whole history of a repository, or
/// every file of a plain folder.
public struct SecretsCapability: Capability {
    public let name = "secrets"
    public var options: SecretScanner.Options

    public init(options: SecretScanner.Options = SecretScanner.Options()) {
        self.options = options
    }

    public func applies(to context: AssessmentContext) -> Bool { true }

    public func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
        let detector = try Detector.including(context.catalog.secretRules)
        let scanner = SecretScanner(detector: detector, options: options)
        let outcome: ScanOutcome
        var notes: [Note] = []
        if GitRepository.isRepository(context.root) {
            let repository = try GitRepository(at: context.root)
            let prefix = SecretScanner.relativePrefix(of: context.root, in: repository.root)
            var history = try scanner.scanHistory(repository)
            if !prefix.isEmpty {
                // Assessing a folder inside a larger repository: keep what lies under it.
                history.incidents = history.incidents.compactMap { $0.within(prefix) }
                notes.append(Note(kind: .info, source: name,
                                  message: "scanned the history of the enclosing repository, reporting secrets under \(prefix)"))
            }
            var tree = try scanner.scanFolder(context.root)
            tree = tree.adding(untrackedFrom: try scanner.scanIgnoredSecretFiles(context.root, in: repository))
            outcome = history.adding(untrackedFrom: tree)
        } else {
            outcome = try scanner.scanFolder(context.root)
        }
        return CapabilityResult(findings: outcome.findings(detector: detector), notes: notes + outcome.notes)
    }
}

/// Files that commonly hold credentials on a developer's machine and are kept out of git.
enum LocalSecretFiles {
    static let names: Set<String> = [".envrc", ".env", "credentials", ".netrc", ".pgpass", "terraform.tfvars", "terraform.tfvars.json"]
    static let suffixes = [".tfvars", ".tfvars.json", ".env"]

    static func matches(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return names.contains(name) || name.hasPrefix(".env.") || suffixes.contains { name.hasSuffix($0) }
    }
}

extension SecretScanner {
    /// Files under `root` that git ignores but that usually hold credentials (`.envrc`, `.env`,
    /// `*.tfvars`): the hand-shared secrets a history scan cannot see.
    public func scanIgnoredSecretFiles(_ root: URL, in repository: GitRepository) throws -> ScanOutcome {
        let prefix = SecretScanner.relativePrefix(of: root, in: repository.root)
        let files = try repository.ignoredFiles().compactMap { path -> String? in
            guard LocalSecretFiles.matches(path), prefix.isEmpty || path.hasPrefix(prefix) else { return nil }
            return String(path.dropFirst(prefix.count))
        }
        var outcome = scanFiles(files, root: root)
        outcome.incidents = outcome.incidents.map { incident in
            var copy = incident
            for index in copy.occurrences.indices { copy.occurrences[index].place.ignoredByGit = true }
            return copy
        }
        return outcome
    }
}

extension Incident {
    /// The incident restricted to occurrences under `prefix`, paths made relative to it.
    func within(_ prefix: String) -> Incident? {
        let kept = occurrences.compactMap { occurrence -> Occurrence? in
            guard occurrence.place.path.hasPrefix(prefix) else { return nil }
            var copy = occurrence
            copy.place.path = String(occurrence.place.path.dropFirst(prefix.count))
            return copy
        }
        guard !kept.isEmpty else { return nil }
        return Incident(sha256: sha256, ruleID: kept[0].match.ruleID, occurrences: kept)
    }
}

extension ScanOutcome {
    /// History results plus the working tree's secrets not in history (untracked files, edits not committed).
    func adding(untrackedFrom tree: ScanOutcome) -> ScanOutcome {
        var merged = self
        let known = Set(incidents.map(\.sha256))
        merged.incidents += tree.incidents.filter { !known.contains($0.sha256) }
        merged.unreadable += tree.unreadable
        return merged
    }
}

extension SecretScanner {
    /// The inputs of Terraform that must not hold secrets: `*.tf` (variable defaults), `*.tfvars`,
    /// `*.tfvars.json` and direnv's `.envrc` (`TF_VAR_…` exports), under `root`, whether git
    /// tracks them or not; `.terraform/` and `.git/` are left out.
    public func scanTerraformInputs(_ root: URL) -> ScanOutcome {
        scanTree(root) { path in
            let components = path.split(separator: "/")
            guard !components.contains(".terraform") else { return false }
            let name = components.last.map(String.init) ?? path
            return name == ".envrc" || name.hasSuffix(".tf") || name.hasSuffix(".tfvars") || name.hasSuffix(".tfvars.json")
        }
    }
}
