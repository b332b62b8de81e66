import AnshinCore
import CSQLite
import Dispatch
import Foundation
import Synchronization

/// SQLite through Debian's libsqlite3: one writer connection, serialised by an asynchronous lock,
/// and a few read-only connections for `SELECT`s, all in WAL mode so reads never wait for writes.
final class SQLiteBackend: StoreBackend {
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<Int>(0)
    private let writeLock = AsyncLock()

    /// Opens `path`, or an in-memory database when nil.
    init(path: String?) throws(StoreError) {
        if let path {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: folder) {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw StoreError(.connection, "cannot create the folder \(folder): \(SystemErrorText.describe(error))")
                }
            }
        }
        writer = try SQLiteConnection(path: path ?? ":memory:", readOnly: false)
        try writer.configure(["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"])
        if path != nil {
            var readers: [SQLiteConnection] = []
            for _ in 0..<2 {
                let reader = try SQLiteConnection(path: path!, readOnly: true)
                readers.append(reader)
            }
            self.readers = readers
        } else {
            readers = []
        }
    }

    func run(_ sql: String, _ parameters: [SQLValue], wantRows: Bool) async throws(StoreError) -> [SQLRow] {
        if wantRows, !readers.isEmpty, Self.isRead(sql) {
            let index = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
            return try await readers[index % readers.count].perform { connection throws(StoreError) in
                try connection.run(sql, parameters)
            }
        }
        await writeLock.lock()
        defer { writeLock.unlock() }
        return try await writer.perform { connection throws(StoreError) in try connection.run(sql, parameters) }
    }

    func transaction<Result: Sendable>(_ body: (any TransactionConnection) async throws -> Result) async throws -> Result {
        await writeLock.lock()
        defer { writeLock.unlock() }
        _ = try await writer.perform { connection throws(StoreError) in try connection.run("BEGIN IMMEDIATE", []) }
        let result: Result
        do {
            result = try await body(SQLiteTransaction(connection: writer))
        } catch {
            _ = try? await writer.perform { connection throws(StoreError) in try connection.run("ROLLBACK", []) }
            throw error
        }
        do {
            _ = try await writer.perform { connection throws(StoreError) in try connection.run("COMMIT", []) }
        } catch {
            _ = try? await writer.perform { connection throws(StoreError) in try connection.run("ROLLBACK", []) }
            throw error
        }
        return result
    }

    func close() async {
        await writeLock.lock()
        defer { writeLock.unlock() }
        for connection in readers + [writer] {
            _ = try? await connection.perform { connection throws(StoreError) in connection.close() }
        }
    }

    /// Whether `sql` only reads, so a read-only connection can run it.
    static func isRead(_ sql: String) -> Bool {
        let head = sql.drop { $0.isWhitespace || $0 == "(" }.prefix(6).uppercased()
        return head == "SELECT"
    }
}

struct SQLiteTransaction: TransactionConnection {
    let connection: SQLiteConnection

    func run(_ sql: String, _ parameters: [SQLValue], wantRows: Bool) async throws(StoreError) -> [SQLRow] {
        try await connection.perform { connection throws(StoreError) in try connection.run(sql, parameters) }
    }
}

/// One SQLite connection; every call on it runs on its own serial queue.
final class SQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private let queue: DispatchQueue
    /// Prepared statements by SQL text, reused across calls (only touched on `queue`).
    private var statements: [String: OpaquePointer] = [:]
    private static let statementCacheLimit = 128

    init(path: String, readOnly: Bool) throws(StoreError) {
        queue = DispatchQueue(label: "anshin.store.sqlite")
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            var message = "out of memory"
            if let handle {
                message = String(cString: sqlite3_errmsg(handle))
                let number = sqlite3_system_errno(handle)
                if number != 0 { message += " (\(SystemErrorText.describe(errno: number)))" }
                sqlite3_close_v2(handle)
            }
            throw StoreError(.connection, "cannot open the SQLite database \(path): \(message)")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 60_000)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        if let handle { sqlite3_close_v2(handle) }
    }

    func configure(_ pragmas: [String]) throws(StoreError) {
        for pragma in pragmas { _ = try run(pragma, []) }
    }

    /// Runs `work` on the connection's queue.
    func perform<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(StoreError) {
                    continuation.resume(returning: .success(try work(self)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one statement with `parameters`; only on `queue`.
    func run(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow] {
        guard let handle else { throw StoreError(.closed, "the store is closed") }
        let statement = try prepare(sql, handle: handle)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            throw StoreError(.query, "the statement takes \(expected) parameters, \(parameters.count) given: \(sql)")
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, sqliteTransient)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                      Int32(buffer.count), sqliteTransient)
                }
            }
            guard status == SQLITE_OK else { throw error(handle, status, sql) }
        }
        let columnCount = sqlite3_column_count(statement)
        var columns: [String] = []
        var rows: [SQLRow] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw error(handle, status, sql) }
            if columns.isEmpty, columnCount > 0 {
                columns = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, $0)) }
            }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, column)))
                case SQLITE_TEXT:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    let pointer = sqlite3_column_text(statement, column)
                    values.append(.text(pointer.map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
                    } ?? ""))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    let pointer = sqlite3_column_blob(statement, column)
                    values.append(.blob(pointer.map {
                        Array(UnsafeRawBufferPointer(start: $0, count: count))
                    } ?? []))
                default: values.append(.null)
                }
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    private func prepare(_ sql: String, handle: OpaquePointer) throws(StoreError) -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let status = sql.withCString { text in
            let status = sqlite3_prepare_v3(handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            if status == SQLITE_OK, let tail, String(cString: tail).contains(where: { !$0.isWhitespace && $0 != ";" }) {
                return SQLITE_MISUSE
            }
            return status
        }
        guard status == SQLITE_OK, let statement else {
            if status == SQLITE_MISUSE {
                if let statement { sqlite3_finalize(statement) }
                throw StoreError(.query, "one statement at a time: \(sql)")
            }
            throw error(handle, status, sql)
        }
        if statements.count >= Self.statementCacheLimit {
            for cached in statements.values { sqlite3_finalize(cached) }
            statements = [:]
        }
        statements[sql] = statement
        return statement
    }

    private func error(_ handle: OpaquePointer, _ status: Int32, _ sql: String) -> StoreError {
        let message = String(cString: sqlite3_errmsg(handle))
        let kind: StoreError.Kind = (status & 0xFF) == SQLITE_CONSTRAINT ? .constraint : .query
        return StoreError(kind, "\(message) (in: \(sql.prefix(200)))")
    }
}

/// SQLite's `SQLITE_TRANSIENT`: copy the bound bytes now.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A lock held across suspension points, granted in arrival order.
final class AsyncLock: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state = Mutex(State())

    func lock() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { state -> Bool in
                if !state.locked {
                    state.locked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    func unlock() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.locked = false
                state.waiters.removeAll(keepingCapacity: true)
                state.head = 0
                return nil
            }
            let next = state.waiters[state.head]
            state.head += 1
            if state.head > 64, state.head * 2 > state.waiters.count {
                state.waiters.removeFirst(state.head)
                state.head = 0
            }
            return next
        }
        next?.resume()
    }
}
