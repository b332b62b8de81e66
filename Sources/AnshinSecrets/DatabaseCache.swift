import AnshinCore
import CVectorscan
import Foundation

/// Compiled Vectorscan databases kept on disk, so that a scan does not compile the whole rule
/// catalog again each time it starts (compiling takes most of a short scan's time: the
/// pre-commit hook, a small repository).
///
/// The key is the SHA-256 of Vectorscan's version and every pattern with its flags, so a changed
/// rule, a user rule or another Vectorscan build never meets a stale database. The cache lives in
/// `$ANSHIN_CACHE_DIR`, else `$XDG_CACHE_HOME/anshin`, else `~/.cache/anshin`; `ANSHIN_CACHE_DIR=off`
/// disables it. Any problem reading or writing it only means compiling as if it were empty.
enum DatabaseCache {
    static func key(_ patterns: [Matcher.Pattern]) -> String {
        var text = String(cString: hs_version()) + "\n" + String(HS_MODE_BLOCK) + "\n"
        for pattern in patterns { text += (pattern.caseless ? "i:" : "s:") + pattern.expression + "\n" }
        return Fingerprint.sha256(Array(text.utf8))
    }

    static var directory: URL? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["ANSHIN_CACHE_DIR"], !explicit.isEmpty {
            return explicit == "off" ? nil : URL(fileURLWithPath: explicit)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("anshin")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/anshin")
    }

    static func file(_ key: String, in directory: URL?) -> URL? {
        directory?.appendingPathComponent("vectorscan-\(key).db")
    }

    /// The cached database for `key`, if one is there and Vectorscan accepts it.
    static func load(_ key: String, in directory: URL? = Self.directory) -> OpaquePointer? {
        guard let url = file(key, in: directory), let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return nil }
        var database: OpaquePointer?
        let status = data.withUnsafeBytes { bytes in
            hs_deserialize_database(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, &database)
        }
        guard status == HS_SUCCESS, let database else { return nil }
        return database
    }

    /// Writes `database` under `key` (atomically, so concurrent scans never read half a file).
    static func store(_ database: OpaquePointer, key: String, in directory: URL? = Self.directory) {
        guard let url = file(key, in: directory) else { return }
        var bytes: UnsafeMutablePointer<CChar>?
        var length = 0
        guard hs_serialize_database(database, &bytes, &length) == HS_SUCCESS, let bytes else { return }
        defer { free(bytes) }
        let data = Data(bytes: bytes, count: length)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: url, options: .atomic)
    }
}
