import AnshinCore
import Foundation

/// `.anshin/ribbon.lock`: what the last build of the extension was, committed with the catalog.
///
/// A browser only installs an update whose version is greater than the installed one, and a
/// content hash alone cannot rise. So the lock records the last version and a digest of what it
/// contained; a build whose content matches the digest keeps that version (two builds of the same
/// catalog are byte-identical), and a build whose content differs takes the next version and
/// rewrites the lock. The lock also records the public key, so the extension id stays the same
/// on every machine that builds it.
public struct RibbonLock: Codable, Sendable, Equatable {
    /// The last version built.
    public var version: String
    /// SHA-256 of the extension's files as built, with the version left out.
    public var digest: String
    /// The signing key's DER SubjectPublicKeyInfo, base64-encoded, as in the manifest's `key`.
    public var key: String

    public init(version: String, digest: String, key: String) {
        self.version = version
        self.digest = digest
        self.key = key
    }

    /// Where the lock lives, relative to the repository root.
    public static let path = ".anshin/ribbon.lock"

    private enum CodingKeys: String, CodingKey {
        case about, version, digest, key
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        digest = try container.decode(String.self, forKey: .digest)
        key = try container.decode(String.self, forKey: .key)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("Written by anshin ribbon build; commit it. It keeps the ribbon extension's version rising and its id stable.",
                             forKey: .about)
        try container.encode(version, forKey: .version)
        try container.encode(digest, forKey: .digest)
        try container.encode(key, forKey: .key)
    }

    /// The lock under `root`, or nil when there is none yet.
    public static func load(root: URL) throws(ConfigurationError) -> RibbonLock? {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let lock: RibbonLock
        do {
            lock = try JSONDecoder().decode(RibbonLock.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw ConfigurationError(path: path, message: "not a ribbon lock: \(Self.describe(error)); delete it to start again at version \(ExtensionVersion.first)")
        } catch {
            throw ConfigurationError(path: path, message: "cannot read: \(SystemErrorText.describe(error))")
        }
        guard ExtensionVersion.isValid(lock.version) else {
            throw ConfigurationError(path: path, field: "version", message: "\"\(lock.version)\" is not an extension version (1 to 4 numbers up to 65535, dot-separated)")
        }
        guard let key = Data(base64Encoded: lock.key), !key.isEmpty else {
            throw ConfigurationError(path: path, field: "key", message: "expected the base64 public key of the extension")
        }
        return lock
    }

    /// The JSON written to disk: keys sorted, one per line, a final newline.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public func write(root: URL) throws(ConfigurationError) {
        let url = root.appendingPathComponent(Self.path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ConfigurationError(path: Self.path, message: "cannot write: \(SystemErrorText.describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        if case .keyNotFound(let key, _) = error { return "missing \"\(key.stringValue)\"" }
        if case .typeMismatch(_, let context) = error {
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        }
        if case .valueNotFound(_, let context) = error {
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        }
        return "invalid JSON"
    }
}
