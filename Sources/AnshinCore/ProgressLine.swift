import Dispatch
import Foundation

/// One line of progress on a terminal: what is being done and for how long, redrawn in place
/// four times a second, and replaced at the end by a line saying what was done.
///
/// Made only for a terminal (``standardError()`` is nil for a pipe or a file), so that logs and
/// CI output never fill with carriage returns.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private let started: ContinuousClock.Instant
    private var activity: @Sendable () -> String = { "" }
    private var timer: DispatchSourceTimer?
    private var finished = false

    /// A progress line on standard error when it is a terminal; nil otherwise.
    public static func standardError() -> ProgressLine? {
        guard Terminal.isTerminal(STDERR_FILENO) else { return nil }
        return ProgressLine { text in FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// A progress line that hands each redraw to `write`.
    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
        self.started = ContinuousClock.now
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [weak self] in self?.redraw() }
        self.timer = timer
        timer.resume()
    }

    deinit { timer?.cancel() }

    /// Seconds since the line was made.
    public var elapsed: Double {
        let duration = ContinuousClock.now - started
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// What is being done now (`terraform: evaluating stacks`); shown at once.
    public func show(_ text: String) {
        show { text }
    }

    /// What is being done now, asked again at each redraw, so that counts move
    /// (`secrets: 41,210 blobs, 1.2 GB read`).
    public func show(_ text: @escaping @Sendable () -> String) {
        lock.withLock { activity = text }
        redraw()
    }

    /// Clears the line and ends it with `summary` and the time taken; later calls do nothing.
    public func finish(_ summary: String) {
        let done: Bool = lock.withLock {
            defer { finished = true }
            return finished
        }
        guard !done else { return }
        timer?.cancel()
        write("\r\u{1B}[K" + summary + " in " + Self.duration(elapsed) + "\n")
    }

    private func redraw() {
        let (activity, done) = lock.withLock { (self.activity, finished) }
        let text = activity()
        guard !done, !text.isEmpty else { return }
        write("\r\u{1B}[K[" + Self.duration(elapsed) + "] " + text)
    }

    /// "0.4 s", "12 s", "2 min 05 s".
    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        if seconds < 60 { return "\(Int(seconds)) s" }
        let whole = Int(seconds)
        return String(format: "%d min %02d s", whole / 60, whole % 60)
    }
}
