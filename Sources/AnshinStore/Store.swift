import Logging

/// Runs SQL statements: a ``Store`` outside transactions, a ``Transaction`` inside one.
///
/// Statements use `?` for parameters, in order; one statement per call.
public protocol SQLExecutor: Sendable {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows (or whose rows are not wanted).
    func execute(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError)
    /// Runs a statement and returns its rows (`SELECT`, or a write with `RETURNING`).
    func query(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> [SQLRow]
}

extension SQLExecutor {
    public func execute(_ sql: String) async throws(StoreError) { try await execute(sql, []) }
    public func query(_ sql: String) async throws(StoreError) -> [SQLRow] { try await query(sql, []) }

    /// Runs the same statement once per parameter list (a prepared statement reused where the engine allows).
    public func executeBatch(_ sql: String, _ rows: [[SQLValue]]) async throws(StoreError) {
        for parameters in rows { try await execute(sql, parameters) }
    }
}

/// A connection to an SQLite or PostgreSQL database; see ``AnshinStore`` for the overview.
///
/// Safe to share between tasks. Close it with ``close()`` when done.
public final class Store: SQLExecutor {
    public let location: StoreLocation
    let backend: any StoreBackend

    public var dialect: SQLDialect { location.dialect }

    private init(location: StoreLocation, backend: any StoreBackend) {
        self.location = location
        self.backend = backend
    }

    /// Opens the store `text` names (see ``StoreLocation``), creating an SQLite file when missing.
    /// Fails with ``StoreError/Kind/location`` for a malformed location and
    /// ``StoreError/Kind/connection`` when the database cannot be reached.
    public static func open(_ text: String, logger: Logger? = nil) async throws(StoreError) -> Store {
        try await open(StoreLocation.parse(text), logger: logger)
    }

    public static func open(_ location: StoreLocation, logger: Logger? = nil) async throws(StoreError) -> Store {
        let logger = logger ?? Logger(label: "anshin.store", factory: { _ in SwiftLogNoOpLogHandler() })
        switch location {
        case .sqlite(let path):
            return Store(location: location, backend: try SQLiteBackend(path: path))
        case .sqliteMemory:
            return Store(location: location, backend: try SQLiteBackend(path: nil))
        case .postgres(let postgres):
            return Store(location: location, backend: try await PostgresBackend.connect(postgres, logger: logger))
        }
    }

    public func execute(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) {
        _ = try await backend.run(sql, parameters, wantRows: false)
    }

    public func query(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> [SQLRow] {
        try await backend.run(sql, parameters, wantRows: true)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// On SQLite, transactions are serialised (`BEGIN IMMEDIATE`); on PostgreSQL they run at
    /// `READ COMMITTED`, each on its own pooled connection. Use the ``Transaction`` given, never
    /// the store itself, inside `body`.
    public func transaction<Result: Sendable>(_ body: (Transaction) async throws -> Result) async throws -> Result {
        try await backend.transaction { connection in
            try await body(Transaction(connection: connection, dialect: dialect))
        }
    }

    /// Closes every connection; later calls fail with ``StoreError/Kind/closed``.
    public func close() async {
        await backend.close()
    }
}

/// The statements of one transaction; valid only inside ``Store/transaction(_:)``.
public struct Transaction: SQLExecutor {
    let connection: any TransactionConnection
    public let dialect: SQLDialect

    public func execute(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) {
        _ = try await connection.run(sql, parameters, wantRows: false)
    }

    public func query(_ sql: String, _ parameters: [SQLValue]) async throws(StoreError) -> [SQLRow] {
        try await connection.run(sql, parameters, wantRows: true)
    }
}

/// One engine behind a ``Store``.
protocol StoreBackend: Sendable {
    func run(_ sql: String, _ parameters: [SQLValue], wantRows: Bool) async throws(StoreError) -> [SQLRow]
    func transaction<Result: Sendable>(_ body: (any TransactionConnection) async throws -> Result) async throws -> Result
    func close() async
}

/// The connection a transaction runs on.
protocol TransactionConnection: Sendable {
    func run(_ sql: String, _ parameters: [SQLValue], wantRows: Bool) async throws(StoreError) -> [SQLRow]
}
