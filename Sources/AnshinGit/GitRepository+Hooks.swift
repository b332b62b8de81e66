import AnshinCore
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
        let existing = try? String(contentsOf: hook, encoding: .utf8)
        if let existing, !existing.contains(marker), !force {
            throw GitError("\(hook.path) already exists and was not written by anshin; pass --force to replace it, or call anshin from it")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // A hook of the team's own replaced with --force is kept beside it, for uninstall to put back.
            if let existing, !existing.contains(marker) {
                let backup = Self.backup(of: hook)
                if FileManager.default.fileExists(atPath: backup.path) { try FileManager.default.removeItem(at: backup) }
                try FileManager.default.moveItem(at: hook, to: backup)
            }
            try Data(script.utf8).write(to: hook, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        } catch {
            throw GitError("cannot write \(hook.path): \(SystemErrorText.describe(error))")
        }
        return hook
    }

    /// What ``uninstallHook(_:marker:)`` did.
    public enum HookRemoval: Sendable, Equatable {
        /// The hook was removed; `restored` when the hook it had replaced was put back.
        case removed(restored: Bool)
        /// There was no hook of that name.
        case absent
    }

    /// Removes the hook `name` if, and only if, it contains `marker` (anshin wrote it), putting
    /// back the hook it replaced, if any; a hook someone else wrote is an error and stays.
    public func uninstallHook(_ name: String, marker: String) throws(GitError) -> HookRemoval {
        let hook = try hooksDirectory().appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: hook.path) else { return .absent }
        guard let text = try? String(contentsOf: hook, encoding: .utf8), text.contains(marker) else {
            throw GitError("\(hook.path) was not written by anshin; it was left as it is")
        }
        let backup = Self.backup(of: hook)
        do {
            try FileManager.default.removeItem(at: hook)
            guard FileManager.default.fileExists(atPath: backup.path) else { return .removed(restored: false) }
            try FileManager.default.moveItem(at: backup, to: hook)
            return .removed(restored: true)
        } catch {
            throw GitError("cannot remove \(hook.path): \(SystemErrorText.describe(error))")
        }
    }

    /// Where a hook replaced by anshin's is kept.
    static func backup(of hook: URL) -> URL {
        hook.deletingLastPathComponent().appendingPathComponent(hook.lastPathComponent + ".before-anshin")
    }

    /// The value of a git configuration key, or nil when unset.
    public func config(_ key: String) -> String? {
        guard let data = try? run(["config", "--get", key]) else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
