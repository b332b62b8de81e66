@testable import AnshinStore
import Testing

@Suite struct LeaseQueueTests {
    let queue = LeaseQueue("checks")

    func prepared(_ engine: Engine) async throws -> (Scratch, Store) {
        let scratch = try Scratch(engine)
        let store = try await scratch.open()
        try await LeaseQueue.prepare(store)
        return (scratch, store)
    }

    @Test(arguments: Engine.allCases)
    func claimsOnlyDueItemsInDueOrder(engine: Engine) async throws {
        let (scratch, store) = try await prepared(engine)
        defer { withExtendedLifetime(scratch) {} }
        defer { Task { await store.close() } }
        try await queue.add([("c", 300), ("a", 100), ("b", 200), ("later", 5_000)], on: store)
        // Adding again keeps the due times already stored.
        try await queue.add([("a", 9_999)], on: store)
        let claimed = try await queue.claim(owner: "w1", now: 250, dueBy: 300, limit: 10, leaseFor: 1_000, on: store)
        #expect(claimed.map(\.item) == ["a", "b", "c"])
        #expect(claimed.map(\.dueAt) == [100, 200, 300])
        #expect(claimed.allSatisfy { $0.owner == "w1" && $0.expiresAt == 1_250 })
        // Held items are not claimable by anyone else until the lease ends.
        #expect(try await queue.claim(owner: "w2", now: 260, dueBy: 300, limit: 10, leaseFor: 1_000, on: store).isEmpty)
        let limited = try await queue.claim(owner: "w2", now: 260, dueBy: 10_000, limit: 1, leaseFor: 1_000, on: store)
        #expect(limited.map(\.item) == ["later"])
    }

    @Test(arguments: Engine.allCases)
    func completingReschedulesAndFreesTheItem(engine: Engine) async throws {
        let (scratch, store) = try await prepared(engine)
        defer { withExtendedLifetime(scratch) {} }
        defer { Task { await store.close() } }
        try await queue.add([("a", 100)], on: store)
        let lease = try #require(try await queue.claim(owner: "w1", now: 100, dueBy: 100, limit: 5, leaseFor: 50, on: store).first)
        #expect(try await queue.complete(lease, nextDue: 130, on: store))
        let items = try await queue.items(on: store)
        #expect(items == [QueueItem(item: "a", dueAt: 130, owner: nil, expiresAt: nil, generation: 1)])
        #expect(try await queue.claim(owner: "w2", now: 129, dueBy: 129, limit: 5, leaseFor: 50, on: store).isEmpty)
        #expect(try await queue.claim(owner: "w2", now: 130, dueBy: 130, limit: 5, leaseFor: 50, on: store).map(\.item) == ["a"])
    }

    /// A process that dies holding leases loses nothing: another claims the same due times once they expire,
    /// and the dead process can no longer complete them.
    @Test(arguments: Engine.allCases)
    func expiredLeasesPassToAnotherOwner(engine: Engine) async throws {
        let (scratch, store) = try await prepared(engine)
        defer { withExtendedLifetime(scratch) {} }
        defer { Task { await store.close() } }
        try await queue.add([("a", 100), ("b", 100)], on: store)
        let dead = try await queue.claim(owner: "dead", now: 100, dueBy: 100, limit: 5, leaseFor: 30, on: store)
        #expect(dead.count == 2)
        #expect(try await queue.claim(owner: "alive", now: 129, dueBy: 129, limit: 5, leaseFor: 30, on: store).isEmpty)
        let taken = try await queue.claim(owner: "alive", now: 130, dueBy: 130, limit: 5, leaseFor: 30, on: store)
        #expect(taken.map(\.item) == ["a", "b"])
        #expect(taken.map(\.dueAt) == [100, 100])
        #expect(taken.allSatisfy { $0.generation == 2 })
        for lease in dead { #expect(try await queue.complete(lease, nextDue: 999, on: store) == false) }
        #expect(try await queue.renew(dead, until: 999, on: store).isEmpty)
        for lease in taken { #expect(try await queue.complete(lease, nextDue: 160, on: store)) }
        #expect(try await queue.items(on: store).map(\.dueAt) == [160, 160])
    }

    @Test(arguments: Engine.allCases)
    func renewAndRelease(engine: Engine) async throws {
        let (scratch, store) = try await prepared(engine)
        defer { withExtendedLifetime(scratch) {} }
        defer { Task { await store.close() } }
        try await queue.add([("a", 0), ("b", 0)], on: store)
        let leases = try await queue.claim(owner: "w1", now: 0, dueBy: 0, limit: 5, leaseFor: 10, on: store)
        let renewed = try await queue.renew(leases, until: 100, on: store)
        #expect(renewed.map(\.expiresAt) == [100, 100])
        #expect(try await queue.claim(owner: "w2", now: 50, dueBy: 50, limit: 5, leaseFor: 10, on: store).isEmpty)
        try await queue.release(owner: "w1", on: store)
        #expect(try await queue.claim(owner: "w2", now: 50, dueBy: 50, limit: 5, leaseFor: 10, on: store).count == 2)
    }

    @Test(arguments: Engine.allCases)
    func queuesAreSeparate(engine: Engine) async throws {
        let (scratch, store) = try await prepared(engine)
        defer { withExtendedLifetime(scratch) {} }
        defer { Task { await store.close() } }
        let other = LeaseQueue("files")
        try await queue.add([("x", 0)], on: store)
        try await other.add([("x", 0)], on: store)
        try await queue.remove(["x"], on: store)
        #expect(try await queue.items(on: store).isEmpty)
        #expect(try await other.claim(owner: "w", now: 0, dueBy: 0, limit: 5, leaseFor: 1, on: store).map(\.item) == ["x"])
    }

    /// Many claimers on separate connections at once: every item is claimed exactly once.
    @Test(arguments: Engine.allCases)
    func concurrentClaimersNeverShareAnItem(engine: Engine) async throws {
        let (scratch, store) = try await prepared(engine)
        try await queue.add((0..<300).map { ("item-\($0)", Int64($0 % 7)) }, on: store)
        var workers: [Store] = []
        for _ in 0..<4 { workers.append(try await scratch.open()) }
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, worker) in workers.enumerated() {
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await queue.claim(owner: "w\(index)", now: 10, dueBy: 10, limit: 7, leaseFor: 1_000, on: worker)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.item)
                    }
                }
            }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        let all = claimed.flatMap { $0 }
        #expect(all.count == 300)
        #expect(Set(all).count == 300)
        for worker in workers { await worker.close() }
        await store.close()
    }
}
