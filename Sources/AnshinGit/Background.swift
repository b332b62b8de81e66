import Foundation

/// A value worked out on a thread of its own while the caller does something else.
///
/// `@unchecked Sendable` because `result` is written by the thread only, and read by ``wait()``
/// only after the thread has signalled that it is done.
public final class Background<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, GitError>?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () throws(GitError) -> Value) {
        Thread { [self] in
            do throws(GitError) {
                result = .success(try work())
            } catch {
                result = .failure(error)
            }
            done.signal()
        }.start()
    }

    /// Waits for the value; throws what the work threw.
    public func wait() throws(GitError) -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
