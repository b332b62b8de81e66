/// Recurring work split between processes that share a store.
///
/// Each item (a monitor, a log file) has a due time. A process ``claim(owner:now:dueBy:limit:leaseFor:on:)``s
/// due items for a while (its lease), does the work, then ``complete(_:nextDue:on:)``s each item with
/// its next due time, which also gives the lease back. A process that dies simply stops completing:
/// once its leases expire, another process claims the same items at the same due times, so no work
/// is lost, only delayed by at most the lease's length. Every claim bumps the item's generation, so a
/// process that lost its lease (it stalled past the expiry and someone else claimed the item) cannot
/// complete it over the new holder.
///
/// Times are integers the caller chooses (anshin uses milliseconds since 1970) and always come from
/// the caller, so tests drive the queue with a manual clock.
public struct LeaseQueue: Sendable, Hashable {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The table every queue shares, owned by the store itself.
    static let migrations = [
        Migration(1, "leases", [
            """
            CREATE TABLE anshin_leases (queue TEXT NOT NULL, item TEXT NOT NULL, due_at BIGINT NOT NULL, \
            owner TEXT, expires_at BIGINT, generation BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (queue, item))
            """,
            "CREATE INDEX anshin_leases_due ON anshin_leases (queue, due_at)",
        ]),
    ]

    /// Creates the lease table if needed; call once before using any queue of `store`.
    public static func prepare(_ store: Store) async throws(StoreError) {
        try await store.migrate(owner: "anshin.store", migrations)
    }

    /// Adds items that are not in the queue yet, each due at its time; items already there keep theirs.
    public func add(_ items: [(item: String, dueAt: Int64)], on database: some SQLExecutor) async throws(StoreError) {
        try await database.executeBatch(
            "INSERT INTO anshin_leases (queue, item, due_at, generation) VALUES (?, ?, ?, 0) ON CONFLICT (queue, item) DO NOTHING",
            items.map { [.text(name), .text($0.item), .integer($0.dueAt)] })
    }

    /// Makes `item` due at `dueAt` (for example "run now"), whoever holds it.
    public func reschedule(_ item: String, dueAt: Int64, on database: some SQLExecutor) async throws(StoreError) {
        try await database.execute("UPDATE anshin_leases SET due_at = ? WHERE queue = ? AND item = ?",
                                   [.integer(dueAt), .text(name), .text(item)])
    }

    /// Removes `items` from the queue.
    public func remove(_ items: [String], on database: some SQLExecutor) async throws(StoreError) {
        try await database.executeBatch("DELETE FROM anshin_leases WHERE queue = ? AND item = ?",
                                        items.map { [.text(name), .text($0)] })
    }

    /// Every item of the queue, in due order.
    public func items(on database: some SQLExecutor) async throws(StoreError) -> [QueueItem] {
        try await database.query(
            "SELECT item, due_at, owner, expires_at, generation FROM anshin_leases WHERE queue = ? ORDER BY due_at, item",
            [.text(name)]
        ).map { row throws(StoreError) in
            QueueItem(item: try row.string("item"), dueAt: try row.int("due_at"), owner: row["owner"]?.string,
                      expiresAt: row["expires_at"]?.int, generation: try row.int("generation"))
        }
    }

    /// Claims up to `limit` items due by `dueBy` that nobody holds (or whose lease ended by `now`),
    /// for `owner` until `now + leaseFor`; returns them in due order. Concurrent claimers never get
    /// the same item: PostgreSQL skips rows another claim has locked, SQLite serialises writers.
    public func claim(owner: String, now: Int64, dueBy: Int64, limit: Int, leaseFor: Int64,
                      on database: some SQLExecutor) async throws(StoreError) -> [Lease] {
        guard limit > 0 else { return [] }
        let lock = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await database.query("""
            UPDATE anshin_leases SET owner = ?, expires_at = ?, generation = generation + 1
            WHERE queue = ? AND item IN (SELECT item FROM anshin_leases WHERE queue = ? AND due_at <= ?
                AND (owner IS NULL OR expires_at <= ?) ORDER BY due_at LIMIT ?\(lock))
            RETURNING item, due_at, expires_at, generation
            """, [.text(owner), .integer(now + leaseFor), .text(name), .text(name), .integer(dueBy), .integer(now), SQLValue(limit)])
        return try rows.map { row throws(StoreError) in
            Lease(queue: name, item: try row.string("item"), dueAt: try row.int("due_at"), owner: owner,
                  expiresAt: try row.int("expires_at"), generation: try row.int("generation"))
        }.sorted { ($0.dueAt, $0.item) < ($1.dueAt, $1.item) }
    }

    /// Finishes `lease`: the item is next due at `nextDue` and free for anyone. Returns false when
    /// the lease was lost (another owner claimed the item since), in which case nothing changes.
    @discardableResult
    public func complete(_ lease: Lease, nextDue: Int64, on database: some SQLExecutor) async throws(StoreError) -> Bool {
        try await !database.query("""
            UPDATE anshin_leases SET due_at = ?, owner = NULL, expires_at = NULL
            WHERE queue = ? AND item = ? AND owner = ? AND generation = ? RETURNING item
            """, [.integer(nextDue), .text(name), .text(lease.item), .text(lease.owner), .integer(lease.generation)]).isEmpty
    }

    /// Extends the leases still held until `expiresAt`; returns those (the others were lost).
    public func renew(_ leases: [Lease], until expiresAt: Int64, on database: some SQLExecutor) async throws(StoreError) -> [Lease] {
        var held: [Lease] = []
        for lease in leases {
            let rows = try await database.query("""
                UPDATE anshin_leases SET expires_at = ? WHERE queue = ? AND item = ? AND owner = ? AND generation = ? RETURNING item
                """, [.integer(expiresAt), .text(name), .text(lease.item), .text(lease.owner), .integer(lease.generation)])
            if !rows.isEmpty {
                var renewed = lease
                renewed.expiresAt = expiresAt
                held.append(renewed)
            }
        }
        return held
    }

    /// Gives back every lease `owner` holds, keeping the items' due times (a clean shutdown).
    public func release(owner: String, on database: some SQLExecutor) async throws(StoreError) {
        try await database.execute("UPDATE anshin_leases SET owner = NULL, expires_at = NULL WHERE queue = ? AND owner = ?",
                                   [.text(name), .text(owner)])
    }
}

/// An item held by one owner until ``expiresAt``.
public struct Lease: Sendable, Hashable {
    public var queue: String
    public var item: String
    /// When the item was due: the scheduled time of the work, not when it was claimed.
    public var dueAt: Int64
    public var owner: String
    public var expiresAt: Int64
    /// Bumped by every claim; a completion must present the generation it claimed.
    public var generation: Int64
}

/// An item of a queue as stored.
public struct QueueItem: Sendable, Hashable {
    public var item: String
    public var dueAt: Int64
    public var owner: String?
    public var expiresAt: Int64?
    public var generation: Int64
}
