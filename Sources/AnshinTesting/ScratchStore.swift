import Foundation

/// The engines a store-backed behaviour is proved on.
public enum StoreEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// Where a fresh, empty store of one engine lives: an SQLite file in a temporary folder, or a new
/// database on the test PostgreSQL server (see ``PostgresServer``). Keep it alive while the store
/// is used: the folder goes with it.
public final class ScratchStore: Sendable {
    public let location: String
    public let folder: TemporaryDirectory?

    public init(_ engine: StoreEngine, prefix: String = "store") throws {
        switch engine {
        case .sqlite:
            let folder = try TemporaryDirectory()
            self.folder = folder
            location = "sqlite:\(folder.path)/\(prefix).db"
        case .postgres:
            folder = nil
            location = try PostgresServer.shared().database(prefix)
        }
    }
}
