import Foundation

extension GitRepository {
    /// Where git looks for hooks (honours `core.hooksPath`).
    public func hooksDirectory() throws(GitError) -> URL {
        let path = String(decoding: try run(["rev-parse", "--git-path", "hooks"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
    }

    /// Writes an executable hook script; an existing hook that does not contain `marker` is kept
    /// unless `force` is set, so a team's own hook is never overwritten by surprise.
    ///
    /// - Returns: the hook's path.
    @discardableResult
    public func installHook(_ name: String, script: String, marker: String, force: Bool) throws(GitError) -> URL {
        let directory = try hooksDirectory()
        let hook = directory.appendingPathComponent(name)
        if let existing = try? String(contentsOf: hook, encoding: .utf8), !existing.contains(marker), !force {
            throw GitError("\(hook.path) already exists and was not written by anshin; pass --force to replace it, or call anshin from it")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(script.utf8).write(to: hook, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        } catch {
            throw GitError("cannot write \(hook.path): \(error.localizedDescription)")
        }
        return hook
    }

    /// The value of a git configuration key, or nil when unset.
    public func config(_ key: String) -> String? {
        guard let data = try? run(["config", "--get", key]) else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
