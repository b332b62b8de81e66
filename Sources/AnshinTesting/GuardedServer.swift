import AnshinCore
import Foundation

/// Starts a server program for the tests of one process and stops it when that process ends,
/// however it ends: a small shell runs the program, polls for the test process, then stops the
/// program with `stopSignal`, then SIGKILL, and removes `cleanup` folders.
public enum GuardedServer {
    /// Runs `command` (a shell command line that `exec`s the server, so its pid is the server's)
    /// and waits until `ready` holds; throws with the server's log on failure.
    @discardableResult
    public static func launch(_ command: String, log: URL, stopSignal: String = "TERM", cleanup: [URL] = [],
                       timeout: TimeInterval = 30, ready: () -> Bool) throws(GuardedServerError) -> RunningProcess {
        let parent = getpid()
        let remove = cleanup.map { "'\($0.path)'" }.joined(separator: " ")
        let script = """
            \(command) >'\(log.path)' 2>&1 &
            child=$!
            while kill -0 \(parent) 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
            kill -\(stopSignal) $child 2>/dev/null
            for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 $child 2>/dev/null || break; sleep 0.2; done
            kill -9 $child 2>/dev/null
            \(remove.isEmpty ? "" : "rm -rf \(remove)")
            """
        let process: RunningProcess
        do {
            process = try Subprocess("/bin/sh", ["-c", script], standardOutput: .discard, standardError: .discard).start()
        } catch {
            throw GuardedServerError(description: "cannot start \(command): \(error)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if ready() { return process }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw GuardedServerError(description: "\(command) did not become ready within \(Int(timeout)) s:\n\(output.suffix(2000))")
    }
}

public struct GuardedServerError: Error, CustomStringConvertible {
    public let description: String
}
