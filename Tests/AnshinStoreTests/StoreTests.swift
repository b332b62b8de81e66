import AnshinStore
import AnshinTesting
import Foundation
import Testing

typealias Engine = StoreEngine

extension StoreEngine: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// A fresh, empty store of `engine`.
typealias Scratch = ScratchStore

extension ScratchStore {
    func open() async throws -> Store { try await Store.open(location) }
}

@Suite struct StoreTests {
    @Test(arguments: Engine.allCases)
    func valuesRoundTrip(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        let blob: String = engine == .sqlite ? "BLOB" : "BYTEA"
        try await store.execute("CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, b \(blob), n BIGINT)")
        try await store.execute("INSERT INTO t (i, r, s, b, n) VALUES (?, ?, ?, ?, ?)",
                                [.integer(Int64.max), .real(-2.5), .text("安心 'quoted' ? mark"), .blob([0, 1, 255]), .null])
        let rows = try await store.query("SELECT i, r, s, b, n FROM t WHERE s = ?", ["安心 'quoted' ? mark"])
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(try row.int("i") == Int64.max)
        #expect(try row.double("r") == -2.5)
        #expect(try row.string("s") == "安心 'quoted' ? mark")
        #expect(row["b"] == .blob([0, 1, 255]))
        #expect(row["n"] == .null)
        #expect(row["missing"] == nil)
        #expect(throws: StoreError.self) { try row.int("s") }
    }

    @Test(arguments: Engine.allCases)
    func aggregatesReadAsIntegers(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        try await store.execute("CREATE TABLE t (v BIGINT)")
        try await store.executeBatch("INSERT INTO t (v) VALUES (?)", (1...10).map { [.integer($0)] })
        // PostgreSQL's SUM of BIGINT is NUMERIC; both engines must read back the integer 55.
        let row = try #require(try await store.query("SELECT SUM(v) AS total, COUNT(*) AS n, AVG(v) AS mean FROM t").first)
        #expect(try row.int("total") == 55)
        #expect(try row.int("n") == 10)
        #expect(try row.double("mean") == 5.5)
    }

    @Test(arguments: Engine.allCases)
    func errorsAreClassified(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        try await store.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
        try await store.execute("INSERT INTO t (k) VALUES (?)", ["a"])
        await #expect { try await store.execute("INSERT INTO t (k) VALUES (?)", ["a"]) } throws: {
            ($0 as? StoreError)?.kind == .constraint
        }
        await #expect { try await store.query("SELEC nonsense") } throws: { ($0 as? StoreError)?.kind == .query }
        await #expect { try await store.query("SELECT * FROM t WHERE k = ?", []) } throws: {
            ($0 as? StoreError)?.message.contains("1 parameters, 0 given") == true
        }
        await #expect { try await store.query("SELECT * FROM no_such_table") } throws: { ($0 as? StoreError)?.kind == .query }
    }

    @Test(arguments: Engine.allCases)
    func transactionsCommitOrRollBack(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        try await store.execute("CREATE TABLE t (v BIGINT)")
        let inserted = try await store.transaction { transaction in
            try await transaction.execute("INSERT INTO t (v) VALUES (?)", [1])
            try await transaction.execute("INSERT INTO t (v) VALUES (?)", [2])
            return try await transaction.query("SELECT COUNT(*) FROM t")[0][0].int
        }
        #expect(inserted == 2)
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await store.transaction { transaction in
                try await transaction.execute("INSERT INTO t (v) VALUES (?)", [3])
                throw Abort()
            }
        }
        let values = try await store.query("SELECT v FROM t ORDER BY v").compactMap { $0[0].int }
        #expect(values == [1, 2])
    }

    @Test(arguments: Engine.allCases)
    func concurrentTransactionsDoNotLoseWrites(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        try await store.execute("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)")
        try await store.execute("INSERT INTO counter (id, n) VALUES (1, 0)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await store.transaction { transaction in
                        try await transaction.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.query("SELECT n FROM counter")[0][0].int == 40)
    }

    @Test func sqliteKeepsDataAcrossReopening() async throws {
        let scratch = try Scratch(.sqlite)
        let first = try await scratch.open()
        try await first.execute("CREATE TABLE t (v TEXT)")
        try await first.execute("INSERT INTO t (v) VALUES (?)", ["kept"])
        await first.close()
        await #expect { try await first.query("SELECT v FROM t") } throws: { ($0 as? StoreError)?.kind == .closed }
        let second = try await scratch.open()
        #expect(try await second.query("SELECT v FROM t")[0][0].string == "kept")
        await second.close()
    }

    @Test func sqliteReadersSeeCommittedWrites() async throws {
        let scratch = try Scratch(.sqlite)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        try await store.execute("CREATE TABLE t (v BIGINT)")
        for value in 1...5 {
            try await store.execute("INSERT INTO t (v) VALUES (?)", [.integer(Int64(value))])
            // Reads go to the read-only connections; each must see the write just committed.
            for _ in 0..<3 {
                #expect(try await store.query("SELECT COUNT(*) FROM t")[0][0].int == Int64(value))
            }
        }
    }

    @Test func sqliteInMemory() async throws {
        let store = try await Store.open("sqlite::memory:")
        try await store.execute("CREATE TABLE t (v BIGINT)")
        try await store.execute("INSERT INTO t (v) VALUES (42)")
        #expect(try await store.query("SELECT v FROM t")[0][0].int == 42)
        await store.close()
    }

    @Test func unreachablePostgresIsAConnectionErrorWithoutThePassword() async throws {
        let port = try LoopbackPort.free()
        await #expect { try await Store.open("postgres://someone:hunter2secret@127.0.0.1:\(port)/db?sslmode=disable") } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .connection && error.message.contains("127.0.0.1:\(port)")
                && !error.message.contains("hunter2secret")
        }
    }
}
