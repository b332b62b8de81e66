import Foundation

/// A value guarded by a lock, for state shared between threads and tasks.
///
/// Why not `Synchronization.Mutex`: the package still builds for macOS 14, where it is not
/// available.
public final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, alone.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
