import Foundation

/// Where a folder sits in its project, and so where the project's own files live.
///
/// One rule for every command: `.anshin/` (suppressions, the last scans) lives at the project
/// root, which is the nearest folder, from the given folder up to the top of its git work tree,
/// that holds `anshin.yml`; else the top of the work tree; else, outside any repository, the
/// given folder itself. So `anshin triage` run from `infra/modules/` writes the same file that
/// `anshin assess` run from the repository root reads.
public struct ProjectFolder: Sendable, Hashable {
    /// The folder the command was given, standardized.
    public var folder: URL
    /// The project root: where `anshin.yml` and `.anshin/` live.
    public var root: URL
    /// `folder`'s path inside `root` with a trailing slash (`infra/`), or "" when they are the same.
    public var relativePath: String

    /// The folder of the project's own files.
    public static let folderName = ".anshin"

    public init(folder: URL, root: URL) {
        self.folder = folder.standardizedFileURL
        self.root = root.standardizedFileURL
        let inner = self.folder.path
        let outer = self.root.path
        if inner.count > outer.count, inner.hasPrefix(outer == "/" ? "/" : outer + "/") {
            relativePath = String(inner.dropFirst(outer == "/" ? 1 : outer.count + 1)) + "/"
        } else {
            relativePath = ""
        }
    }

    /// The project of `folder` (a folder that exists).
    public static func locate(_ folder: URL) -> ProjectFolder {
        let start = folder.standardizedFileURL
        let manager = FileManager.default
        var candidate = start
        var catalogFolder: URL?
        while true {
            if catalogFolder == nil, manager.fileExists(atPath: candidate.appendingPathComponent(EnvironmentCatalog.fileName).path) {
                catalogFolder = candidate
            }
            // `.git` is a folder in a clone, a file in a linked work tree or a submodule.
            if manager.fileExists(atPath: candidate.appendingPathComponent(".git").path) {
                return ProjectFolder(folder: start, root: catalogFolder ?? candidate)
            }
            let parent = candidate.deletingLastPathComponent().standardizedFileURL
            if parent.path == candidate.path { break }
            candidate = parent
        }
        // Outside a repository only the folder itself counts: a stray anshin.yml in a parent
        // folder (a home folder, /tmp) must not capture unrelated folders.
        return ProjectFolder(folder: start, root: start)
    }

    /// Where the project's `anshin.yml` is, for what does not depend on the folder's own layout
    /// (the environments' names and accounts, the team's secret rules): the root when it holds
    /// one, else the folder itself (whose `.tfvars` pairs name the environments).
    public var catalogRoot: URL {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(EnvironmentCatalog.fileName).path) ? root : folder
    }

    /// Whether the root is a project's: the top of a git work tree, or a folder with `anshin.yml`
    /// or `.anshin/`. anshin writes its cache only into a project, never into any folder a file
    /// was scanned in.
    public var isProject: Bool {
        [".git", EnvironmentCatalog.fileName, Self.folderName].contains {
            FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path)
        }
    }

    /// The folder of the project's own files: `<root>/.anshin`.
    public var anshinFolder: URL { root.appendingPathComponent(Self.folderName, isDirectory: true) }

    /// `path` (relative to the root) as the user should read it from where they ran the
    /// command: `.anshin/suppressions.yml`, or `../.anshin/suppressions.yml` from a subfolder.
    public func display(_ path: String) -> String {
        guard !relativePath.isEmpty else { return path }
        let depth = relativePath.split(separator: "/").count
        return String(repeating: "../", count: depth) + path
    }

    /// Suppressions files left in folders between `folder` and the root, which are not read
    /// (they were written before the one rule), relative to the root.
    public var straySuppressionFiles: [String] {
        guard !relativePath.isEmpty else { return [] }
        var found: [String] = []
        var components = relativePath.split(separator: "/").map(String.init)
        while !components.isEmpty {
            let path = components.joined(separator: "/") + "/" + Suppressions.defaultPath
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) { found.append(path) }
            components.removeLast()
        }
        return found
    }

    /// A warning for each stray suppressions file: where it is, and where its entries belong.
    public var strayNotes: [Note] {
        straySuppressionFiles.map { path in
            Note(kind: .warning, source: "suppressions",
                 message: "\(path) is not read: suppressions live at the project root; move its entries to \(Suppressions.defaultPath) there")
        }
    }
}
