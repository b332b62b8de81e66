import Foundation

/// One step of an owner's schema, applied once per store, in version order.
///
/// Each capability registers its schema under its own owner name (`monitor`, `logs`), so
/// versions never collide between owners. A migration's statements run in one transaction with
/// its bookkeeping; a store whose schema is newer than the program refuses to run it.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    private let statements: @Sendable (SQLDialect) -> [String]

    /// A migration whose statements both engines accept.
    public init(_ version: Int, _ name: String, _ statements: [String]) {
        self.version = version
        self.name = name
        self.statements = { _ in statements }
    }

    /// A migration written once per engine.
    public init(_ version: Int, _ name: String, sqlite: [String], postgres: [String]) {
        self.version = version
        self.name = name
        self.statements = { $0 == .sqlite ? sqlite : postgres }
    }

    public func statements(for dialect: SQLDialect) -> [String] { statements(dialect) }
}

extension Store {
    /// Applies the migrations of `owner` that this store has not seen, in version order; returns
    /// the versions applied. Safe to call from several processes at once.
    @discardableResult
    public func migrate(owner: String, _ migrations: [Migration]) async throws(StoreError) -> [Int] {
        let versions = migrations.map(\.version)
        guard versions == versions.sorted(), Set(versions).count == versions.count, versions.allSatisfy({ $0 > 0 }) else {
            throw StoreError(.migration, "the migrations of \(owner) must have distinct positive versions in increasing order")
        }
        do {
            return try await transaction { transaction in
                if transaction.dialect == .postgres {
                    // One migrator per owner at a time, across every process sharing the database.
                    _ = try await transaction.query("SELECT pg_advisory_xact_lock(?)", [.integer(Self.lockKey(owner))])
                }
                try await transaction.execute("""
                    CREATE TABLE IF NOT EXISTS anshin_migrations (owner TEXT NOT NULL, version BIGINT NOT NULL, \
                    name TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (owner, version))
                    """)
                let applied = Set(try await transaction.query("SELECT version FROM anshin_migrations WHERE owner = ?", [.text(owner)])
                    .compactMap { $0[0].int.map(Int.init) })
                if let newest = applied.max(), newest > (versions.last ?? 0) {
                    throw StoreError(.migration, "the store's \(owner) schema is at version \(newest), newer than this program knows "
                                     + "(\(versions.last ?? 0)); use a newer anshin")
                }
                var done: [Int] = []
                for migration in migrations where !applied.contains(migration.version) {
                    for statement in migration.statements(for: transaction.dialect) {
                        do {
                            try await transaction.execute(statement)
                        } catch let error as StoreError {
                            throw StoreError(error.kind, "migration \(owner) \(migration.version) (\(migration.name)) failed: \(error.message)")
                        }
                    }
                    try await transaction.execute("INSERT INTO anshin_migrations (owner, version, name, applied_at) VALUES (?, ?, ?, ?)",
                                                  [.text(owner), SQLValue(migration.version), .text(migration.name),
                                                   .integer(Int64(Date.now.timeIntervalSince1970 * 1000))])
                    done.append(migration.version)
                }
                return done
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.migration, "\(error)")
        }
    }

    /// The versions of `owner` this store has applied.
    public func appliedMigrations(owner: String) async throws(StoreError) -> [Int] {
        let exists: [SQLRow]
        switch dialect {
        case .sqlite: exists = try await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'anshin_migrations'")
        case .postgres: exists = try await query("SELECT to_regclass('anshin_migrations') IS NOT NULL AS present WHERE to_regclass('anshin_migrations') IS NOT NULL")
        }
        guard !exists.isEmpty else { return [] }
        return try await query("SELECT version FROM anshin_migrations WHERE owner = ? ORDER BY version", [.text(owner)])
            .compactMap { $0[0].int.map(Int.init) }
    }

    /// A stable 64-bit key for `owner` (FNV-1a), for PostgreSQL's advisory locks.
    static func lockKey(_ owner: String) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in owner.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}
