#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs recursive work on a thread with a large stack.
///
/// The parser recurses once per nesting level and debug builds use kilobytes of stack per
/// level, more than the 512 KiB of a secondary thread on macOS or of many executor threads allow
/// at ``HCLFile/maximumNestingDepth``. Running each parse on its own thread with a 256 MiB stack
/// (reserved address space, committed only as used) makes the depth limit, not the caller's
/// thread, decide when input is too deep. If the thread cannot be created, the work runs inline.
enum DeepStack {
    static let stackSize = 256 << 20

    private final class Job: @unchecked Sendable {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `work` to completion on a large-stack thread and returns its result.
    static func run<T>(_ work: () throws(HCLError) -> T) throws(HCLError) -> T {
        var result: Result<T, HCLError>?
        withoutActuallyEscaping(work) { escapable in
            let job = Job {
                do throws(HCLError) {
                    result = .success(try escapable())
                } catch {
                    result = .failure(error)
                }
            }
            if !runOnThread(job) { job.work() }
        }
        guard let result else { return try work() }
        return try result.get()
    }

    private static func runOnThread(_ job: Job) -> Bool {
        #if canImport(Darwin) || canImport(Glibc) || canImport(Musl)
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return false }
        let context = Unmanaged.passRetained(job).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        let status = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().work()
            return nil
        }, context)
        guard status == 0, let thread else {
            Unmanaged<Job>.fromOpaque(context).release()
            return false
        }
        pthread_join(thread, nil)
        #else
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { raw in
            if let raw { Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().work() }
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return false
        }
        pthread_join(thread, nil)
        #endif
        return true
        #else
        return false
        #endif
    }
}
