import Foundation

/// Work items `0..<count` shared by a few threads: each thread takes the next item when it
/// finishes one, so that long and short items even out. After the first error no more items are
/// handed out, and that error is thrown once every thread has stopped.
enum SharedWork {
    /// Runs `body` for every item; each thread first makes its own `local` state (buffers, a
    /// decompressor) and passes it to every item it takes.
    static func run<Local>(count: Int, threads: Int, local: @Sendable () throws(GitError) -> Local,
                           _ body: @Sendable (Int, Local) throws(GitError) -> Void) throws(GitError) {
        let state = Handout(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            let mine: Local
            do throws(GitError) { mine = try local() } catch { return state.fail(error) }
            while let item = state.next() {
                do throws(GitError) { try body(item, mine) } catch { return state.fail(error) }
            }
        }
        if let error = state.error { throw error }
    }

    /// What `body` gives for every item, in item order.
    static func map<Result: Sendable>(count: Int, threads: Int,
                                      _ body: @Sendable (Int) throws(GitError) -> Result) throws(GitError) -> [Result] {
        try map(count: count, threads: threads, local: {}) { item, _ throws(GitError) in try body(item) }
    }

    /// What `body` gives for every item, in item order, each thread with its own `local` state.
    static func map<Local, Result: Sendable>(count: Int, threads: Int, local: @Sendable () throws(GitError) -> Local,
                                             _ body: @Sendable (Int, Local) throws(GitError) -> Result) throws(GitError) -> [Result] {
        let results = Results<Result>(count: count)
        try run(count: count, threads: threads, local: local) { item, mine throws(GitError) in results.set(item, try body(item, mine)) }
        return results.values
    }
}

/// The next item to take, and the first error.
private final class Handout: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    // Guarded by `lock` while the threads run; read after.
    private var taken = 0
    private(set) var error: GitError?

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, taken < count else { return nil }
        taken += 1
        return taken - 1
    }

    func fail(_ error: GitError) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}

/// Results written by the threads, one slot per item.
private final class Results<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock` while the threads run; read after.
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ item: Int, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        slots[item] = value
    }

    /// Every slot's value; called only when every item has one.
    var values: [Value] { slots.compactMap { $0 } }
}
