import AnshinCore
import AnshinGit
import Foundation

/// What one secret scan reads. Every command that scans (`secrets scan`, `assess`, the
/// pre-commit hook) resolves its arguments into one of these and calls
/// ``SecretScanner/scan(_:)``, so a mode means the same thing wherever it is used.
public enum SecretScanTarget: Sendable {
    /// Bytes read from standard input, shown as `-`.
    case standardInput
    /// One file, scanned as the only file of its folder (whose settings apply).
    case file(name: String, folder: URL)
    /// A folder's files: a repository's tracked and untracked-not-ignored files, or every file
    /// of a plain folder.
    case folder(URL)
    /// Every blob reachable from every ref of the repository, each once, leaving out what the
    /// `excluding` revisions already had.
    case history(GitRepository, excluding: [String])
    /// What is staged for the next commit.
    case staged(GitRepository)
    /// Everything a person's assessment of a folder needs: the whole history of its repository
    /// (restricted to the folder when it lies inside a larger one), the working tree's secrets
    /// not in history, and the files git ignores that usually hold credentials; every file of
    /// the folder when it is not in a repository.
    case assessment(URL)
}

extension SecretScanner {
    /// Scans `target`.
    public func scan(_ target: SecretScanTarget) throws -> ScanOutcome {
        switch target {
        case .standardInput:
            return scanBytes(Array(FileHandle.standardInput.readDataToEndOfFile()), path: "-")
        case .file(let name, let folder):
            return scanFiles([name], root: folder)
        case .folder(let root):
            return try scanFolder(root)
        case .history(let repository, let excluding):
            return try scanHistory(repository, excluding: excluding)
        case .staged(let repository):
            return try scanStaged(repository)
        case .assessment(let root):
            guard GitRepository.isRepository(root) else { return try scanFolder(root) }
            let repository = try GitRepository(at: root)
            let prefix = SecretScanner.relativePrefix(of: root, in: repository.root)
            var history = try scanHistory(repository)
            if !prefix.isEmpty {
                // A folder inside a larger repository: keep what lies under it.
                history.incidents = history.incidents.compactMap { $0.within(prefix) }
                history.remarks.append(Note(kind: .info, source: "secrets",
                                            message: "scanned the history of the enclosing repository, reporting secrets under \(prefix)"))
            }
            var tree = try scanFolder(root)
            tree = tree.adding(untrackedFrom: try scanIgnoredSecretFiles(root, in: repository))
            return history.adding(untrackedFrom: tree)
        }
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
