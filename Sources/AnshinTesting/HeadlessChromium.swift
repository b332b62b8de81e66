import AnshinCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol, for tests that look at what we ship.
///
/// Chromium (Debian's `chromium`) starts with `--remote-debugging-pipe`: it reads commands on
/// file descriptor 3 and writes replies and events on 4, each a JSON message ended by a NUL
/// byte, so no WebSocket client is needed. Each browser gets a fresh profile; every command and
/// wait has a deadline, so a hung browser fails the test instead of stalling the run; the browser
/// stops when ``close()`` is called or the value is released, and also when the test process
/// ends however it ends, because Chromium quits as soon as its end of the pipe closes.
///
/// ```swift
/// let browser = try await HeadlessChromium.launch(.init(extensions: [folder],
///                                                       hostRules: ["MAP app.acme.example:80 127.0.0.1:\(port)"]))
/// defer { browser.close() }
/// let page = try await browser.newPage()
/// try await page.open("http://app.acme.example/")
/// let title: String = try await page.evaluate("document.title")
/// try await page.click(x: 20, y: 20)
/// let shot = try await page.screenshot("front-page")   // test-output/screenshots/front-page.png
/// ```
public final class HeadlessChromium: Sendable {
    /// How to start the browser.
    public struct Options: Sendable {
        /// Unpacked extension folders to load; no other extension runs.
        public var extensions: [URL]
        /// Host resolver rules, such as `MAP app.acme.example:80 127.0.0.1:8080`, so pages of any
        /// host name can be served by a loopback test server.
        public var hostRules: [String]
        /// The size of the page's viewport in CSS pixels.
        public var width: Int
        public var height: Int
        /// The longest any one command or wait may take.
        public var timeout: Duration
        /// Further command-line switches.
        public var arguments: [String]

        public init(extensions: [URL] = [], hostRules: [String] = [], width: Int = 1280, height: Int = 800,
                    timeout: Duration = .seconds(30), arguments: [String] = []) {
            self.extensions = extensions
            self.hostRules = hostRules
            self.width = width
            self.height = height
            self.timeout = timeout
            self.arguments = arguments
        }
    }

    public let options: Options
    let connection: DevToolsConnection
    private let process: ChromiumProcess

    private init(options: Options, connection: DevToolsConnection, process: ChromiumProcess) {
        self.options = options
        self.connection = connection
        self.process = process
    }

    deinit {
        close()
    }

    /// Starts Chromium and waits until it answers.
    ///
    /// The executable is `ANSHIN_CHROMIUM` when set, else Debian's `/usr/lib/chromium/chromium`,
    /// else the first of `chromium`, `chromium-browser`, `google-chrome` on `PATH`.
    public static func launch(_ options: Options = Options()) async throws -> HeadlessChromium {
        let executable = try locateExecutable()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        var arguments = [
            "--headless=new", "--no-sandbox", "--remote-debugging-pipe", "--user-data-dir=\(profile.path)",
            "--no-first-run", "--no-default-browser-check", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
            "--password-store=basic", "--force-color-profile=srgb", "--force-device-scale-factor=1",
            "--window-size=\(options.width),\(options.height)",
        ]
        if !options.hostRules.isEmpty {
            arguments.append("--host-resolver-rules=\(options.hostRules.joined(separator: ", "))")
        }
        if !options.extensions.isEmpty {
            let folders = options.extensions.map(\.path).joined(separator: ",")
            arguments += ["--load-extension=\(folders)", "--disable-extensions-except=\(folders)"]
        }
        arguments += options.arguments + ["about:blank"]
        let log = profile.appendingPathComponent("chromium.log")
        let process = try ChromiumProcess.start(executable: executable, arguments: arguments, profile: profile, log: log)
        let browser = HeadlessChromium(options: options, connection: process.connection, process: process)
        do {
            _ = try await browser.connection.call("Browser.getVersion", timeout: options.timeout)
        } catch {
            browser.close()
            throw error
        }
        return browser
    }

    /// Opens a new tab on `about:blank`, with the viewport of ``Options``.
    public func newPage() async throws -> ChromiumPage {
        let timeout = options.timeout
        let created: TargetCreated = try await connection.result("Target.createTarget", ["url": "about:blank"], timeout: timeout)
        let attached: TargetAttached = try await connection.result(
            "Target.attachToTarget", ["targetId": created.targetId, "flatten": true], timeout: timeout)
        let page = ChromiumPage(browser: self, targetID: created.targetId, session: attached.sessionId)
        for method in ["Page.enable", "Runtime.enable"] {
            _ = try await connection.call(method, session: attached.sessionId, timeout: timeout)
        }
        _ = try await connection.call("Emulation.setDeviceMetricsOverride",
                                      ["width": options.width, "height": options.height, "deviceScaleFactor": 1, "mobile": false],
                                      session: attached.sessionId, timeout: timeout)
        return page
    }

    /// Stops the browser (politely, then by force) and removes its profile. Safe to call twice.
    public func close() {
        process.stop()
    }

    /// The last lines Chromium printed, for error messages.
    public var logTail: String { process.logTail }

    static func locateExecutable() throws(HeadlessChromiumError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["ANSHIN_CHROMIUM"], !configured.isEmpty { return configured }
        let debian = "/usr/lib/chromium/chromium"
        if FileManager.default.isExecutableFile(atPath: debian) { return debian }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        throw HeadlessChromiumError(message: "Chromium is not installed: install Debian's chromium (scripts/test does) or set ANSHIN_CHROMIUM")
    }
}

/// One tab of a ``HeadlessChromium``.
public final class ChromiumPage: Sendable {
    public let browser: HeadlessChromium
    let targetID: String
    let session: String

    init(browser: HeadlessChromium, targetID: String, session: String) {
        self.browser = browser
        self.targetID = targetID
        self.session = session
    }

    private var timeout: Duration { browser.options.timeout }
    private var connection: DevToolsConnection { browser.connection }

    /// Navigates to `url` and waits for the page's load event. Throws if the page cannot be
    /// reached (`net::ERR_CONNECTION_REFUSED` and the like).
    public func open(_ url: String) async throws {
        let mark = connection.eventMark
        let navigated: Navigated = try await connection.result("Page.navigate", ["url": url], session: session, timeout: timeout)
        if let error = navigated.errorText, !error.isEmpty {
            throw HeadlessChromiumError(message: "cannot open \(url): \(error)")
        }
        _ = try await connection.event("Page.loadEventFired", session: session, after: mark, timeout: timeout)
    }

    /// Evaluates a JavaScript expression in the page (awaiting it when it is a promise) and
    /// decodes its JSON form as `T`. An exception in the page is thrown as an error.
    @discardableResult
    public func evaluate<T: Decodable & Sendable>(_ expression: String, as type: T.Type = T.self) async throws -> T {
        let wrapped = "(async () => { const value = await (\(expression)); return value === undefined ? 'null' : JSON.stringify(value); })()"
        let evaluated: Evaluated = try await connection.result(
            "Runtime.evaluate", ["expression": wrapped, "returnByValue": true, "awaitPromise": true, "userGesture": true],
            session: session, timeout: timeout)
        if let exception = evaluated.exceptionDetails {
            throw HeadlessChromiumError(message: "JavaScript failed: \(exception.summary) in: \(expression)")
        }
        guard let json = evaluated.result.value else {
            throw HeadlessChromiumError(message: "JavaScript returned no value for: \(expression)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            throw HeadlessChromiumError(message: "cannot read \(json) as \(T.self): \(error)")
        }
    }

    /// Waits until the JavaScript expression is truthy, checking every 50 ms up to the browser's
    /// timeout (or `timeout`).
    public func waitUntil(_ expression: String, timeout: Duration? = nil) async throws {
        let limit = timeout ?? self.timeout
        let start = ContinuousClock.now
        while true {
            if try await evaluate("Boolean(\(expression))", as: Bool.self) { return }
            if ContinuousClock.now - start > limit {
                throw HeadlessChromiumError(message: "timed out after \(limit) waiting for: \(expression)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A real left click at viewport coordinates (CSS pixels): the browser's own hit testing
    /// decides which element receives it, as for a user's mouse.
    public func click(x: Double, y: Double) async throws {
        for type in ["mouseMoved", "mousePressed", "mouseReleased"] {
            var parameters: [String: any Sendable] = ["type": type, "x": x, "y": y]
            if type != "mouseMoved" {
                parameters["button"] = "left"
                parameters["clickCount"] = 1
            }
            _ = try await connection.call("Input.dispatchMouseEvent", parameters, session: session, timeout: timeout)
        }
    }

    /// Captures the viewport as PNG, writes it to `<package root>/test-output/screenshots/<name>.png`
    /// (printing the path) and returns it decoded, so tests can check its pixels.
    @discardableResult
    public func screenshot(_ name: String) async throws -> Screenshot {
        let captured: Captured = try await connection.result("Page.captureScreenshot", ["format": "png"], session: session,
                                                             timeout: timeout)
        guard let png = Data(base64Encoded: captured.data) else {
            throw HeadlessChromiumError(message: "the screenshot is not base64")
        }
        let folder = Command.packageRoot.appendingPathComponent("test-output/screenshots")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("\(name).png")
        try png.write(to: url)
        print("screenshot: \(url.path)")
        return Screenshot(url: url, image: try PNGImage(png))
    }

    /// Uncaught exceptions the page's scripts have thrown so far.
    public var exceptions: [String] {
        connection.events("Runtime.exceptionThrown", session: session).compactMap { data in
            (try? JSONDecoder().decode(EventEnvelope<ExceptionThrown>.self, from: data))?.params.exceptionDetails.summary
        }
    }

    /// The JavaScript worlds of the current document: the page's own and one per extension whose
    /// content scripts run in it (origin `chrome-extension://<id>`).
    public var executionContexts: [ExecutionContext] {
        var contexts: [ExecutionContext] = []
        for (method, data) in connection.events(["Runtime.executionContextCreated", "Runtime.executionContextsCleared"], session: session) {
            if method == "Runtime.executionContextsCleared" {
                contexts = []
            } else if let created = try? JSONDecoder().decode(EventEnvelope<ContextCreated>.self, from: data) {
                contexts.append(created.params.context)
            }
        }
        return contexts
    }

    /// Closes the tab.
    public func close() async throws {
        _ = try await connection.call("Target.closeTarget", ["targetId": targetID], timeout: timeout)
    }
}

/// A screenshot written to the test output, with its decoded pixels.
public struct Screenshot: Sendable {
    public var url: URL
    public var image: PNGImage
}

/// A JavaScript world in a page.
public struct ExecutionContext: Sendable, Decodable {
    public let id: Int
    /// `http://host:port` for the page's world, `chrome-extension://<id>` for an extension's.
    public let origin: String
    /// Empty for the page's world; the extension's name for its content scripts' world.
    public let name: String
}

/// Why the browser could not do what a test asked.
public struct HeadlessChromiumError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

// MARK: - Protocol messages

private struct TargetCreated: Decodable { let targetId: String }
private struct TargetAttached: Decodable { let sessionId: String }
private struct Navigated: Decodable { let errorText: String? }
private struct Captured: Decodable { let data: String }

private struct Evaluated: Decodable {
    struct Result: Decodable { let value: String? }
    let result: Result
    let exceptionDetails: ExceptionDetails?
}

struct ExceptionDetails: Decodable {
    struct Exception: Decodable { let description: String? }
    let text: String
    let exception: Exception?
    var summary: String { exception?.description ?? text }
}

private struct ExceptionThrown: Decodable { let exceptionDetails: ExceptionDetails }
private struct ContextCreated: Decodable { let context: ExecutionContext }
struct EventEnvelope<Parameters: Decodable>: Decodable { let params: Parameters }
private struct ReplyEnvelope<Result: Decodable>: Decodable { let result: Result }

// MARK: - The pipe

/// The browser's end of the DevTools pipe: numbered commands out, replies and events in.
final class DevToolsConnection: @unchecked Sendable {
    private struct Waiter {
        let method: String
        let session: String?
        let after: Int
        let continuation: CheckedContinuation<Data, any Error>
    }

    private struct State {
        var nextID = 0
        var replies: [Int: (method: String, continuation: CheckedContinuation<Data, any Error>)] = [:]
        var events: [(method: String, session: String?, message: Data)] = []
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
        var failure: HeadlessChromiumError?
    }

    private let lock = NSLock()
    private var state = State()
    private let writeLock = NSLock()
    private let output: Int32
    private let describeExit: @Sendable () -> String

    /// Reads from `input` on a thread of its own until the browser closes the pipe.
    init(input: Int32, output: Int32, describeExit: @escaping @Sendable () -> String) {
        self.output = output
        self.describeExit = describeExit
        Thread { [self] in
            readMessages(from: input)
            Glibc.close(input)
        }.start()
    }

    /// How many events have arrived: pass to ``event(_:session:after:timeout:)`` to wait only for newer ones.
    var eventMark: Int { locked { $0.events.count } }

    /// Sends a command and returns its whole reply message.
    @discardableResult
    func call(_ method: String, _ parameters: [String: any Sendable] = [:], session: String? = nil,
              timeout: Duration) async throws -> Data {
        let id = locked { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        let bytes = try JSONSerialization.data(withJSONObject: message) + [0]
        let timer = Task { [self] in
            try await Task.sleep(for: timeout)
            failReply(id, HeadlessChromiumError(message: "\(method) got no answer within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let failure = locked { state -> HeadlessChromiumError? in
                if let failure = state.failure { return failure }
                state.replies[id] = (method, continuation)
                return nil
            }
            if let failure { return continuation.resume(throwing: failure) }
            if !write(bytes) {
                failReply(id, HeadlessChromiumError(message: "cannot send \(method): the browser is gone. \(describeExit())"))
            }
        }
    }

    /// Sends a command and decodes the `result` of its reply.
    func result<Result: Decodable>(_ method: String, _ parameters: [String: any Sendable] = [:], session: String? = nil,
                                   timeout: Duration) async throws -> Result {
        let reply = try await call(method, parameters, session: session, timeout: timeout)
        do {
            return try JSONDecoder().decode(ReplyEnvelope<Result>.self, from: reply).result
        } catch {
            throw HeadlessChromiumError(message: "unexpected reply to \(method): \(String(decoding: reply.prefix(500), as: UTF8.self))")
        }
    }

    /// Waits for the first event named `method` for `session` that arrived after `mark`.
    func event(_ method: String, session: String?, after mark: Int, timeout: Duration) async throws -> Data {
        let id = locked { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task { [self] in
            try await Task.sleep(for: timeout)
            failWaiter(id, HeadlessChromiumError(message: "no \(method) within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = locked { state -> Result<Data, HeadlessChromiumError>? in
                if let found = state.events[min(mark, state.events.count)...].first(where: { $0.method == method && $0.session == session }) {
                    return .success(found.message)
                }
                if let failure = state.failure { return .failure(failure) }
                state.waiters[id] = Waiter(method: method, session: session, after: mark, continuation: continuation)
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Every event named `method` for `session` so far.
    func events(_ method: String, session: String?) -> [Data] {
        events([method], session: session).map(\.message)
    }

    /// Every event named one of `methods` for `session` so far, in the order they came.
    func events(_ methods: Set<String>, session: String?) -> [(method: String, message: Data)] {
        locked { state in
            state.events.filter { methods.contains($0.method) && $0.session == session }.map { ($0.method, $0.message) }
        }
    }

    private func locked<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    private func write(_ bytes: Data) -> Bool {
        writeLock.lock()
        defer { writeLock.unlock() }
        return bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = send(output, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    private func failReply(_ id: Int, _ error: HeadlessChromiumError) {
        locked { $0.replies.removeValue(forKey: id) }?.continuation.resume(throwing: error)
    }

    private func failWaiter(_ id: Int, _ error: HeadlessChromiumError) {
        locked { $0.waiters.removeValue(forKey: id) }?.continuation.resume(throwing: error)
    }

    private func readMessages(from input: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var scanned = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            // Bytes before `scanned` hold no NUL: search only what is new.
            var start = 0
            while let end = buffer[scanned...].firstIndex(of: 0) {
                dispatch(Data(buffer[start..<end]))
                start = end + 1
                scanned = start
            }
            if start > 0 { buffer.removeFirst(start) }
            scanned = buffer.count
        }
        let failure = HeadlessChromiumError(message: "the browser closed the DevTools pipe. \(describeExit())")
        let (replies, waiters) = locked { state in
            state.failure = failure
            defer { state.replies = [:]; state.waiters = [:] }
            return (state.replies.values.map(\.continuation), state.waiters.values.map(\.continuation))
        }
        for continuation in replies + waiters { continuation.resume(throwing: failure) }
    }

    private func dispatch(_ message: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any] else { return }
        let session = object["sessionId"] as? String
        if let id = object["id"] as? Int {
            guard let reply = locked({ $0.replies.removeValue(forKey: id) }) else { return }
            if let error = object["error"] as? [String: Any] {
                let text = error["message"] as? String ?? "unknown error"
                reply.continuation.resume(throwing: HeadlessChromiumError(message: "\(reply.method) failed: \(text)"))
            } else {
                reply.continuation.resume(returning: message)
            }
        } else if let method = object["method"] as? String {
            let woken = locked { state -> [CheckedContinuation<Data, any Error>] in
                state.events.append((method, session, message))
                let matching = state.waiters.filter { $0.value.method == method && $0.value.session == session }
                for id in matching.keys { state.waiters.removeValue(forKey: id) }
                return matching.values.map(\.continuation)
            }
            for continuation in woken { continuation.resume(returning: message) }
        }
    }
}

// MARK: - The process

/// The Chromium process, its profile folder and its log.
private final class ChromiumProcess: @unchecked Sendable {
    let connection: DevToolsConnection
    private let process: RunningProcess
    private let commands: Int32
    private let replies: Int32
    private let profile: URL
    private let log: URL
    private let lock = NSLock()
    private var stopped = false

    private init(process: RunningProcess, commands: Int32, replies: Int32, profile: URL, log: URL) {
        self.process = process
        self.commands = commands
        self.replies = replies
        self.profile = profile
        self.log = log
        connection = DevToolsConnection(input: replies, output: commands) { [log] in
            "Chromium said: \(ChromiumProcess.tail(of: log))"
        }
    }

    static func start(executable: String, arguments: [String], profile: URL, log: URL) throws -> ChromiumProcess {
        // Socket pairs rather than pipes: writing to a browser that died then fails with an error
        // (MSG_NOSIGNAL) instead of raising SIGPIPE in the test process.
        let commands = try socketPair(), replies = try socketPair()
        let logFile = open(log.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer {
            Glibc.close(commands.theirs)
            Glibc.close(replies.theirs)
            if logFile >= 0 { Glibc.close(logFile) }
        }
        guard logFile >= 0 else {
            for fd in [commands.ours, replies.ours] { Glibc.close(fd) }
            throw HeadlessChromiumError(message: "cannot create \(log.path)")
        }
        let process: RunningProcess
        do {
            process = try spawn(executable, arguments, fd3: commands.theirs, fd4: replies.theirs, output: logFile)
        } catch {
            for fd in [commands.ours, replies.ours] { Glibc.close(fd) }
            throw error
        }
        return ChromiumProcess(process: process, commands: commands.ours, replies: replies.ours, profile: profile, log: log)
    }

    /// Closes the pipe (Chromium then quits), waits up to five seconds, then kills the process
    /// group, and removes the profile.
    func stop() {
        lock.lock()
        let first = !stopped
        stopped = true
        lock.unlock()
        guard first else { return }
        shutdown(commands, Int32(SHUT_RDWR))
        shutdown(replies, Int32(SHUT_RDWR))
        Glibc.close(commands)
        // Wait for the exit without reaping, so the process group id cannot be reused before
        // the kill below reaches any helper process still in it.
        let deadline = ContinuousClock.now + .seconds(5)
        var info = siginfo_t()
        while ContinuousClock.now < deadline {
            info = siginfo_t()
            if waitid(P_PID, id_t(process.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_signo != 0 { break }
            usleep(20_000)
        }
        process.kill()
        try? FileManager.default.removeItem(at: profile)
    }

    var logTail: String { Self.tail(of: log) }

    /// The last lines of the log, without the D-Bus complaints every headless start prints.
    static func tail(of log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").filter { !$0.contains("dbus") && !$0.contains("DBus") }
        return lines.suffix(15).joined(separator: "\n")
    }

    private static func socketPair() throws(HeadlessChromiumError) -> (ours: Int32, theirs: Int32) {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw HeadlessChromiumError(message: "socketpair failed: errno \(errno)")
        }
        // Far above 3 and 4, so moving one end into place never overwrites the other.
        let theirs = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        Glibc.close(fds[1])
        return (fds[0], theirs)
    }

    /// Starts `executable` with `fd3` and `fd4` as its descriptors 3 and 4, output to `output`,
    /// in a process group of its own.
    private static func spawn(_ executable: String, _ arguments: [String], fd3: Int32, fd4: Int32,
                              output: Int32) throws(HeadlessChromiumError) -> RunningProcess {
        do {
            return try Subprocess(executable, arguments, standardOutput: .descriptor(output), standardError: .descriptor(output),
                                  extraDescriptors: [3: fd3, 4: fd4], ownProcessGroup: true).start()
        } catch {
            throw HeadlessChromiumError(message: error.description)
        }
    }
}
