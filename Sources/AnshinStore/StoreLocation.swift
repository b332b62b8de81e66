import Foundation

/// Where a store lives, parsed from the text a user gives (`--store`, `ANSHIN_STORE`).
///
/// - `sqlite:PATH`, `sqlite://PATH` or a bare path: an SQLite file, created when missing;
///   `sqlite::memory:` keeps everything in memory for the life of the process.
/// - `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable|prefer|require` (also
///   `postgresql://`): a PostgreSQL database. `sslmode` defaults to `prefer`, as libpq's does.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case sqliteMemory
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String? // anshin:allow a field, not a value
        public var database: String?
        public var tls: TLSMode

        public enum TLSMode: String, Sendable, Hashable {
            case disable, prefer, require
        }
    }

    /// Parses `text`; relative SQLite paths are taken from `directory`.
    public static func parse(_ text: String, directory: String = FileManager.default.currentDirectoryPath) throws(StoreError) -> StoreLocation {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StoreError(.location, "the store location is empty") }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            return .postgres(try parsePostgres(trimmed))
        }
        var path = trimmed
        if lower.hasPrefix("sqlite://") {
            path = String(trimmed.dropFirst("sqlite://".count))
        } else if lower.hasPrefix("sqlite:") {
            path = String(trimmed.dropFirst("sqlite:".count))
        } else if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains("/"),
                  trimmed[..<colon].count > 1, trimmed[trimmed.index(after: colon)...].hasPrefix("//") {
            throw StoreError(.location, "unknown store \"\(redacted(trimmed))\": use sqlite:PATH, a file path, or postgres://…")
        }
        if path == ":memory:" { return .sqliteMemory }
        guard !path.isEmpty else { throw StoreError(.location, "\"\(trimmed)\" names no SQLite file") }
        if !path.hasPrefix("/") { path = URL(fileURLWithPath: directory).appendingPathComponent(path).path }
        return .sqlite(path: path)
    }

    private static func parsePostgres(_ text: String) throws(StoreError) -> PostgresLocation {
        guard let components = URLComponents(string: text) else {
            throw StoreError(.location, "cannot parse the PostgreSQL URL \"\(redacted(text))\"")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.location, "the PostgreSQL URL \"\(redacted(text))\" names no host")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw StoreError(.location, "port \(port) is out of range") }
        let user = components.user?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        var database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = database.removingPercentEncoding ?? database
        var tls = PostgresLocation.TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default:
                    throw StoreError(.location, "sslmode \"\(item.value ?? "")\" is not one of disable, prefer, require")
                }
            default:
                throw StoreError(.location, "unknown PostgreSQL URL parameter \"\(item.name)\" (known: sslmode)")
            }
        }
        return PostgresLocation(host: host, port: port, username: user,
                                password: components.password?.removingPercentEncoding,
                                database: database.isEmpty ? nil : database, tls: tls)
    }

    public var dialect: SQLDialect {
        if case .postgres = self { return .postgres }
        return .sqlite
    }

    /// The location as a user may see it: a PostgreSQL password is never shown.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .sqliteMemory: return "sqlite::memory:"
        case .postgres(let location):
            let user = location.username + (location.password == nil ? "" : ":***")
            return "postgres://\(user)@\(location.host):\(location.port)/\(location.database ?? "")"
        }
    }

    /// `text` with anything between `://user:` and `@` hidden.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex),
              let colon = text.range(of: ":", range: scheme.upperBound..<at.lowerBound) else { return text }
        return text.replacingCharacters(in: colon.upperBound..<at.lowerBound, with: "***")
    }
}
