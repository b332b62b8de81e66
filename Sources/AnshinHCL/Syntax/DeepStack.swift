#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Keeps recursion within a stack budget: the stack grows down, so a frame below `limit` means
/// the budget is spent.
struct StackGuard: Sendable {
    private let limit: UInt

    init(budget: Int) {
        let here = StackGuard.address()
        limit = here > UInt(budget) ? here - UInt(budget) : 0
    }

    @inline(never)
    static func address() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Whether the current frame is still within the budget.
    var hasRoom: Bool { StackGuard.address() > limit }
}

/// Runs recursive work within a stack budget, moving it to a large-stack thread when needed.
///
/// The parser recurses once per nesting level, and a debug build uses kilobytes of stack per
/// level: more than a 512 KiB secondary thread (macOS, Swift concurrency) holds at
/// ``HCLFile/maximumNestingDepth``. So work first runs inline with a 128 KiB budget, which every
/// ordinary file fits in release builds; if the budget runs out it is redone on a fresh thread
/// with a 256 MiB stack (reserved address space, committed only as used). The depth limit, not
/// the caller's thread, then decides when input is too deep. If no thread can be created, the
/// work runs inline with a larger budget.
enum DeepStack {
    static let inlineBudget = 128 << 10
    static let threadStackSize = 256 << 20

    private final class Job: @unchecked Sendable {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `work` with a stack guard and returns its result.
    static func run<T>(path: String, _ work: (StackGuard) throws(HCLError) -> T) throws(HCLError) -> T {
        do {
            return try work(StackGuard(budget: inlineBudget))
        } catch where !error.isStackExhaustion {
            throw error
        } catch {}
        var result: Result<T, HCLError>?
        withoutActuallyEscaping(work) { escapable in
            let job = Job {
                do throws(HCLError) {
                    result = .success(try escapable(StackGuard(budget: threadStackSize - (1 << 20))))
                } catch {
                    result = .failure(error)
                }
            }
            if !runOnThread(job) {
                do throws(HCLError) {
                    result = .success(try escapable(StackGuard(budget: 4 * inlineBudget)))
                } catch {
                    result = .failure(error)
                }
            }
        }
        switch result {
        case .success(let value)?:
            return value
        case .failure(let error)?:
            if error.isStackExhaustion {
                throw HCLError(path: path, range: SourceRange(at: .start), message: "Nesting is too deep for the available stack")
            }
            throw error
        case nil:
            throw HCLError(path: path, range: SourceRange(at: .start), message: "Nesting is too deep for the available stack")
        }
    }

    private static func runOnThread(_ job: Job) -> Bool {
        #if canImport(Darwin) || canImport(Glibc) || canImport(Musl)
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, threadStackSize) == 0 else { return false }
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
