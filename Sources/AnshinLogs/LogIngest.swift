import AnshinStore
import Foundation

/// Log objects under S3 prefixes added to a shared store by several workers at once.
///
/// Every worker lists the prefixes and adds each object to the store's lease queue (an object
/// already there keeps its place, and one already ingested stays done). Workers then claim a few
/// objects at a time, parse them, and merge their aggregates in the same transaction that marks
/// them done, so an object counts once: a worker that dies mid-object leaves nothing behind, and
/// once its lease runs out another worker takes the object. A worker stops when every object is
/// done, waiting for objects others still hold.
public struct LogIngest: Sendable {
    public static let queue = LeaseQueue("logs-ingest")
    /// The due time of an object already ingested: never again.
    static let done = Int64.max

    public let store: LogStore
    public let source: S3LogSource
    /// Who holds the leases (unique per worker).
    public let owner: String
    /// How long a claimed object is held, in seconds: longer than fetching and parsing it takes.
    public var leaseSeconds: Double
    /// Objects claimed at once.
    public var batch: Int
    /// How often a worker with nothing to claim looks again while others hold objects, in seconds.
    public var pollInterval: Double

    public init(store: LogStore, source: S3LogSource, owner: String, leaseSeconds: Double = 600, batch: Int = 4, pollInterval: Double = 1) {
        self.store = store
        self.source = source
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.batch = batch
        self.pollInterval = pollInterval
    }

    /// What one worker did.
    public struct Summary: Sendable, Equatable {
        public var objects = 0
        public var bytes: Int64 = 0
        public var requests: UInt64 = 0
        public var invalidLines: UInt64 = 0
    }

    /// Puts the objects under `locations` in the queue; returns how many are not done yet.
    public func enqueue(_ locations: [S3LogSource.Location]) async throws(LogConfigurationError) -> Int {
        var items: [(item: String, dueAt: Int64)] = []
        for location in locations {
            for object in try await source.objects(location) {
                items.append(("s3://\(location.bucket)/\(object.key)", 0))
            }
        }
        do {
            try await LeaseQueue.prepare(store.store)
            try await Self.queue.add(items, on: store.store)
            return try await Self.queue.items(on: store.store).filter { $0.dueAt != Self.done }.count
        } catch {
            throw LogConfigurationError("store \(store.store.location): \(error)")
        }
    }

    /// Claims, parses and merges objects until every object of the queue is done.
    public func run(options: LogAnalysisOptions,
                    format choose: @escaping (LogInput) throws(LogConfigurationError) -> any LogFormat,
                    clock: () -> Date = { Date() }) async throws -> Summary {
        var summary = Summary()
        var format: (any LogFormat)?
        while true {
            try Task.checkCancellation()
            let now = Int64(clock().timeIntervalSince1970 * 1000)
            let leases = try await Self.queue.claim(owner: owner, now: now, dueBy: now, limit: batch,
                                                    leaseFor: Int64(leaseSeconds * 1000), on: store.store)
            if leases.isEmpty {
                let pending = try await Self.queue.items(on: store.store).filter { $0.dueAt != Self.done }
                if pending.isEmpty { return summary }
                // Others hold them: wait for them to finish, or for their leases to run out.
                try await Task.sleep(for: .milliseconds(Int64(pollInterval * 1000)))
                continue
            }
            for lease in leases {
                let name = lease.item
                let location = try S3LogSource.Location.parse(name)
                let bytes = try await source.fetch(location.bucket, location.prefix)
                let size = Int64(bytes.count)
                let input = LogInput.bytes(name: name, bytes)
                let chosen = try format ?? choose(input)
                format = chosen
                let aggregate = try LogAnalyzer.analyze([input], format: chosen, options: options)
                let kept = try await store.store.transaction { transaction in
                    // A lease lost meanwhile (this worker stalled past it): the new holder ingests the object.
                    guard try await Self.queue.complete(lease, nextDue: Self.done, on: transaction) else { return false }
                    try await store.merge(aggregate, recording: [(name, size)], now: clock(), on: transaction)
                    return true
                }
                if kept {
                    summary.objects += 1
                    summary.bytes += size
                    summary.requests += aggregate.counts.records
                    summary.invalidLines += aggregate.counts.invalid
                }
            }
        }
    }
}
