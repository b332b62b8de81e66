import AnshinStore
import Testing

@Suite struct MigrationTests {
    static let v1 = Migration(1, "results", ["CREATE TABLE results (id BIGINT PRIMARY KEY, value TEXT)"])
    static let v2 = Migration(2, "index", ["CREATE INDEX results_value ON results (value)"])
    static let v3 = Migration(3, "per engine",
                              sqlite: ["CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT)"],
                              postgres: ["CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT)"])

    @Test(arguments: Engine.allCases)
    func appliesOnceInOrder(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        #expect(try await store.migrate(owner: "monitor", [Self.v1]) == [1])
        #expect(try await store.migrate(owner: "monitor", [Self.v1, Self.v2, Self.v3]) == [2, 3])
        #expect(try await store.migrate(owner: "monitor", [Self.v1, Self.v2, Self.v3]) == [])
        #expect(try await store.appliedMigrations(owner: "monitor") == [1, 2, 3])
        // Per-engine statements ran: the identity column fills itself.
        try await store.execute("INSERT INTO notes (body) VALUES (?)", ["x"])
        #expect(try await store.query("SELECT id FROM notes")[0][0].int == 1)
    }

    @Test(arguments: Engine.allCases)
    func ownersAreIndependent(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        try await store.migrate(owner: "monitor", [Self.v1])
        let other = Migration(1, "logs", ["CREATE TABLE log_lines (line TEXT)"])
        #expect(try await store.migrate(owner: "logs", [other]) == [1])
        #expect(try await store.appliedMigrations(owner: "logs") == [1])
        #expect(try await store.appliedMigrations(owner: "nobody") == [])
    }

    @Test(arguments: Engine.allCases)
    func aFailedMigrationLeavesNothingBehind(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        let broken = Migration(2, "broken", ["CREATE TABLE half (v TEXT)", "CREATE TABL oops"])
        await #expect { try await store.migrate(owner: "monitor", [Self.v1, broken]) } throws: { error in
            (error as? StoreError)?.message.contains("migration monitor 2 (broken) failed") == true
        }
        #expect(try await store.appliedMigrations(owner: "monitor") == [])
        await #expect(throws: StoreError.self) { try await store.query("SELECT * FROM results") }
    }

    @Test(arguments: Engine.allCases)
    func refusesASchemaNewerThanTheProgram(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        try await store.migrate(owner: "monitor", [Self.v1, Self.v2])
        await #expect { try await store.migrate(owner: "monitor", [Self.v1]) } throws: { ($0 as? StoreError)?.kind == .migration }
    }

    @Test func refusesUnorderedVersions() async throws {
        let scratch = try Scratch(.sqlite)
        defer { withExtendedLifetime(scratch) {} }
        let store = try await scratch.open()
        defer { Task { await store.close() } }
        await #expect { try await store.migrate(owner: "m", [Self.v2, Self.v1]) } throws: { ($0 as? StoreError)?.kind == .migration }
        await #expect { try await store.migrate(owner: "m", [Self.v1, Self.v1]) } throws: { ($0 as? StoreError)?.kind == .migration }
    }

    /// Several processes starting at once against one database migrate it exactly once.
    @Test(arguments: Engine.allCases)
    func concurrentMigratorsApplyEachVersionOnce(engine: Engine) async throws {
        let scratch = try Scratch(engine)
        var stores: [Store] = []
        for _ in 0..<4 { stores.append(try await scratch.open()) }
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for store in stores {
                group.addTask { try await store.migrate(owner: "monitor", [Self.v1, Self.v2, Self.v3]) }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(applied.sorted() == [1, 2, 3])
        for store in stores { await store.close() }
    }
}
