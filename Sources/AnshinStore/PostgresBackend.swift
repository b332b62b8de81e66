import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// PostgreSQL through postgres-nio's connection pool.
final class PostgresBackend: StoreBackend {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// Connects once to fail fast with a clear message, then starts the pool.
    static func connect(_ location: StoreLocation.PostgresLocation, logger: Logger) async throws(StoreError) -> PostgresBackend {
        let shown = StoreLocation.postgres(location).description
        do {
            let connectionTLS: PostgresConnection.Configuration.TLS
            let clientTLS: PostgresClient.Configuration.TLS
            switch location.tls {
            case .disable:
                connectionTLS = .disable
                clientTLS = .disable
            case .prefer:
                connectionTLS = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                clientTLS = .prefer(.makeClientConfiguration())
            case .require:
                connectionTLS = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                clientTLS = .require(.makeClientConfiguration())
            }
            var probe = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.username,
                                                         password: location.password, database: location.database, tls: connectionTLS)
            probe.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger)
            try? await connection.close()
            var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.username,
                                                             password: location.password, database: location.database, tls: clientTLS)
            configuration.options.maximumConnections = 8
            configuration.options.connectTimeout = .seconds(10)
            return PostgresBackend(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
        } catch {
            throw StoreError(.connection, "cannot connect to \(shown): \(Self.describe(error))")
        }
    }

    func run(_ sql: String, _ parameters: [SQLValue], wantRows: Bool) async throws(StoreError) -> [SQLRow] {
        let query = try Self.query(sql, parameters)
        do {
            return try await Self.rows(client.query(query, logger: logger))
        } catch {
            throw Self.storeError(error, sql)
        }
    }

    func transaction<Result: Sendable>(_ body: (any TransactionConnection) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            let result: Result
            do {
                result = try await body(PostgresTransaction(connection: connection, logger: logger))
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            do {
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw Self.storeError(error, "COMMIT")
            }
            return result
        }
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// `sql` with each `?` outside quotes and comments turned into `$1`, `$2`, … and its bindings.
    static func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> PostgresQuery {
        let (text, count) = numberedPlaceholders(sql)
        guard count == parameters.count else {
            throw StoreError(.query, "the statement takes \(count) parameters, \(parameters.count) given: \(sql)")
        }
        var bindings = PostgresBindings(capacity: parameters.count)
        for value in parameters {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }

    static func numberedPlaceholders(_ sql: String) -> (String, Int) {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var quote: Character?
        var lineComment = false
        var previous: Character?
        for character in sql {
            if lineComment {
                if character == "\n" { lineComment = false }
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "-", previous == "-" {
                lineComment = true
            } else if character == "?" {
                count += 1
                output += "$\(count)"
                previous = character
                continue
            }
            output.append(character)
            previous = character
        }
        return (output, count)
    }

    static func rows(_ sequence: PostgresRowSequence) async throws -> [SQLRow] {
        var rows: [SQLRow] = []
        var columns: [String]?
        for try await row in sequence {
            if columns == nil { columns = row.map(\.columnName) }
            var values: [SQLValue] = []
            values.reserveCapacity(columns!.count)
            for cell in row { values.append(try value(of: cell)) }
            rows.append(SQLRow(columns: columns!, values: values))
        }
        return rows
    }

    static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2: return .integer(Int64(try cell.decode(Int16.self)))
        case .int4: return .integer(Int64(try cell.decode(Int32.self)))
        case .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .numeric:
            let text = "\(try cell.decode(Decimal.self))"
            if let integer = Int64(text) { return .integer(integer) }
            return .real(Double(text) ?? .nan)
        case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
        default:
            if let text = try? cell.decode(String.self) { return .text(text) }
            return .blob(cell.bytes.map { Array(buffer: $0) } ?? [])
        }
    }

    static func storeError(_ error: any Error, _ sql: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            let kind: StoreError.Kind = state.hasPrefix("23") ? .constraint : .query
            return StoreError(kind, "\(describe(error)) (in: \(sql.prefix(200)))")
        }
        return StoreError(.connection, "\(describe(error)) (in: \(sql.prefix(200)))")
    }

    /// The server's own message where there is one; postgres-nio's descriptions hide it.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " [\($0)]" } ?? ""
            return message + state
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}

struct PostgresTransaction: TransactionConnection {
    let connection: PostgresConnection
    let logger: Logger

    func run(_ sql: String, _ parameters: [SQLValue], wantRows: Bool) async throws(StoreError) -> [SQLRow] {
        let query = try PostgresBackend.query(sql, parameters)
        do {
            return try await PostgresBackend.rows(connection.query(query, logger: logger))
        } catch {
            throw PostgresBackend.storeError(error, sql)
        }
    }
}
