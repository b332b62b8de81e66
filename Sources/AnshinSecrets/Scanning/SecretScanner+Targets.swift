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
    /// of a plain folder; with `ignoredCredentialFiles`, also the files git ignores that usually
    /// hold credentials (`.envrc`, `*.tfvars`), as an assessment reads them.
    case folder(URL, ignoredCredentialFiles: Bool = true)
    /// Every blob reachable from every ref of the repository, each once, leaving out what the
    /// `excluding` revisions already had; with `folder` (a folder inside the repository), only
    /// what lies under it, paths relative to it.
    case history(GitRepository, excluding: [String], folder: URL? = nil)
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
        case .folder(let root, let ignoredCredentialFiles):
            let tree = try scanFolder(root)
            guard ignoredCredentialFiles, GitRepository.isRepository(root) else { return tree }
            return tree.adding(untrackedFrom: try scanIgnoredSecretFiles(root, in: try GitRepository(at: root)))
        case .history(let repository, let excluding, let folder):
            let history = try scanHistory(repository, excluding: excluding).markingHead(of: repository)
            guard let folder else { return history }
            return history.restricted(to: folder, in: repository)
        case .staged(let repository):
            return try scanStaged(repository)
        case .assessment(let root):
            guard GitRepository.isRepository(root) else { return try scanFolder(root) }
            let repository = try GitRepository(at: root)
            let history = try scanHistory(repository).markingHead(of: repository).restricted(to: root, in: repository)
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
    /// The outcome of a history scan restricted to what lies under `folder` (a folder inside the
    /// repository), paths made relative to it: the secrets elsewhere in the repository, and
    /// blobs elsewhere skipped or unreadable, are not the folder's.
    func restricted(to folder: URL, in repository: GitRepository) -> ScanOutcome {
        let prefix = SecretScanner.relativePrefix(of: folder, in: repository.root)
        guard !prefix.isEmpty else { return self }
        var copy = self
        copy.incidents = incidents.compactMap { $0.within(prefix) }
        copy.skippedLarge = skippedLarge.compactMap { skipped in
            guard skipped.path.hasPrefix(prefix) else { return nil }
            var inside = skipped
            inside.path = String(skipped.path.dropFirst(prefix.count))
            return inside
        }
        copy.unreadable = unreadable.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        copy.remarks.append(Note(kind: .info, source: "secrets",
                                 message: "scanned the history of the enclosing repository, reporting secrets under \(prefix)"))
        return copy
    }

    /// Marks each history place whose blob HEAD no longer holds (the file was deleted, or the
    /// secret edited out): only rotation makes such a secret harmless. A repository without a
    /// HEAD commit leaves the places unmarked.
    func markingHead(of repository: GitRepository) -> ScanOutcome {
        guard !incidents.isEmpty, let head = try? repository.headBlobs() else { return self }
        var copy = self
        for index in copy.incidents.indices {
            for place in copy.incidents[index].occurrences.indices {
                guard let blob = copy.incidents[index].occurrences[place].place.blob else { continue }
                copy.incidents[index].occurrences[place].place.inHead = head.blobs.contains(blob)
                copy.incidents[index].occurrences[place].place.pathInHead =
                    head.paths.contains(copy.incidents[index].occurrences[place].place.path)
            }
        }
        return copy
    }

    /// History results plus the working tree's secrets not in history (untracked files, edits not committed).
    func adding(untrackedFrom tree: ScanOutcome) -> ScanOutcome {
        var merged = self
        let known = Set(incidents.map(\.sha256))
        merged.incidents += tree.incidents.filter { !known.contains($0.sha256) }
        merged.unreadable += tree.unreadable
        merged.skippedSpecial += tree.skippedSpecial
        merged.encrypted += tree.encrypted
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
