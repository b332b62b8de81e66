import Foundation

/// Where the assessed folder sits in its repository, so that machine reports name files from the
/// repository root and stay right when they are read elsewhere (a scan of `infra/` uploaded to
/// GitHub code scanning still points at `infra/main.tf`).
public struct SourceRoot: Sendable, Hashable {
    /// The root as an absolute `file:` URI ending with `/`.
    public var uri: String
    /// The assessed folder's path inside the root with a trailing slash (`infra/`), or "" when
    /// the folder is the root.
    public var prefix: String

    public init(uri: String, prefix: String) {
        self.uri = uri.hasSuffix("/") ? uri : uri + "/"
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
    }

    /// The root of `folder`: the top of its git work tree (the nearest folder holding `.git`),
    /// else the folder itself. Symbolic links are resolved on both sides, so a folder reached
    /// through a link still finds its place in the repository.
    public static func locate(_ folder: URL) -> SourceRoot {
        let start = folder.resolvingSymlinksInPath().standardizedFileURL
        var candidate = start
        var top = start
        while true {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(".git").path) {
                top = candidate
                break
            }
            let parent = candidate.deletingLastPathComponent().standardizedFileURL
            if parent.path == candidate.path { break }
            candidate = parent
        }
        let inner = start.path, outer = top.path
        var prefix = ""
        if inner.count > outer.count, inner.hasPrefix(outer == "/" ? "/" : outer + "/") {
            prefix = String(inner.dropFirst(outer == "/" ? 1 : outer.count + 1)) + "/"
        }
        return SourceRoot(uri: URL(fileURLWithPath: top.path, isDirectory: true).absoluteString, prefix: prefix)
    }

    /// `path` (relative to the assessed folder) relative to the root instead.
    public func path(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        return prefix + path
    }
}

extension Report {
    /// What was assessed, for titles: the target as given, or, when that names no folder (`.`,
    /// `..`, `./`), the folder's own name in its repository (`acme`, `acme/infra`).
    public var targetName: String {
        var trimmed = target
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        let namesNoFolder = trimmed.isEmpty || trimmed == "." || trimmed == ".." || trimmed.hasSuffix("/.") || trimmed.hasSuffix("/..")
        guard namesNoFolder, let root = sourceRoot, let url = URL(string: root.uri) else { return target }
        let name = url.lastPathComponent
        guard !root.prefix.isEmpty else { return name.isEmpty ? target : name }
        return (name.isEmpty ? "" : name + "/") + root.prefix.dropLast()
    }
}
