import Foundation

/// Joins the lines of one event (a log line and the stack trace under it) into one event, as the
/// CloudWatch agent's `multi_line_start_pattern` does, plus stack-trace recognisers for logs whose
/// continuation lines have no timestamp to tell them apart.
///
/// A line that matches the start pattern begins an event. Any other line continues the current
/// event when that event began with a start-pattern line, or when a recogniser (Java, Python, Go,
/// Node) reads it as part of a stack trace; otherwise it is an event of its own.
public struct MultiLineGrouper {
    /// The start pattern of the company's fix: a `yyyy-MM-dd HH:mm:ss.SSS` timestamp near the start
    /// of the line (any one character between the fields).
    public static let defaultStartPattern = #"^.{0,40}[0-9]{4}-[0-9]{2}-[0-9]{2}.[0-9]{2}:[0-9]{2}:[0-9]{2}.[0-9]{3}"#

    public let startPattern: String?
    private let start: Regex<AnyRegexOutput>?
    public let recognisers: [StackTraceLanguage]

    /// - Parameters:
    ///   - startPattern: a regular expression that matches the first line of an event; nil to rely
    ///     on the recognisers alone.
    ///   - recognisers: the stack-trace languages to recognise.
    public init(startPattern: String? = MultiLineGrouper.defaultStartPattern,
                recognisers: [StackTraceLanguage] = StackTraceLanguage.allCases) throws(LogConfigurationError) {
        self.startPattern = startPattern
        if let startPattern {
            do {
                start = try Regex(startPattern)
            } catch {
                throw LogConfigurationError("start pattern \(startPattern) is not a valid regular expression: \(error)")
            }
        } else {
            start = nil
        }
        self.recognisers = recognisers
    }

    /// One event: its first line's number, its lines, and the language of its stack trace if any.
    public struct Event: Sendable, Equatable, Codable {
        public var line: Int
        public var lines: [String]
        public var stackTrace: StackTraceLanguage?

        public var text: String { lines.joined(separator: "\n") }
    }

    /// Groups a sequence of lines incrementally.
    public struct Session {
        let grouper: MultiLineGrouper
        var current: Event?
        var startedByPattern = false
        var states: [StackTraceLanguage: StackTraceLanguage.State] = [:]

        /// Feeds one line; returns the event it completed, if any.
        public mutating func add(_ line: String, number: Int) -> Event? {
            let isStart = grouper.start.map { (try? $0.firstMatch(in: line)) != nil } ?? false
            var continuing: StackTraceLanguage?
            if !isStart, current != nil {
                for language in grouper.recognisers {
                    var state = states[language] ?? .init()
                    let continues = language.continues(line, state: &state)
                    states[language] = state
                    if continues && continuing == nil { continuing = language }
                }
            } else {
                // A new event: every recogniser starts over, having seen this line.
                states = [:]
                for language in grouper.recognisers {
                    var state = StackTraceLanguage.State()
                    _ = language.continues(line, state: &state)
                    states[language] = state
                }
            }
            if current != nil && !isStart && (startedByPattern || continuing != nil) {
                current!.lines.append(line)
                if current!.stackTrace == nil { current!.stackTrace = continuing }
                return nil
            }
            let finished = current
            current = Event(line: number, lines: [line], stackTrace: nil)
            startedByPattern = isStart
            return finished
        }

        /// The last event, once the input has ended.
        public mutating func finish() -> Event? {
            defer { current = nil }
            return current
        }
    }

    public func session() -> Session { Session(grouper: self) }

    /// Groups all of `text`'s lines.
    public func group(_ text: String) -> [Event] {
        var session = session()
        var events: [Event] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if let event = session.add(line, number: index + 1) { events.append(event) }
        }
        if let event = session.finish() { events.append(event) }
        return events
    }
}

/// Languages whose stack traces are recognised, each by the shape of its continuation lines.
public enum StackTraceLanguage: String, Sendable, CaseIterable, Codable {
    case java, python, go, node

    /// What a recogniser remembers between lines of one event.
    public struct State: Sendable {
        var inTrace = false
        var pendingBlank = false
        init() {}
    }

    /// Whether `line` continues a stack trace of this language, given what came before in the event.
    func continues(_ line: String, state: inout State) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        let indented = trimmed.count < line.count
        switch self {
        case .java:
            // `\tat com.x.Y.m(Y.java:42)`, `... 12 more`, `Caused by: …`, `Suppressed: …`, and the
            // exception line right after a log line (`java.lang.IllegalStateException: …`).
            if indented && (trimmed.hasPrefix("at ") || trimmed.hasPrefix("... ")) { state.inTrace = true; return true }
            if trimmed.hasPrefix("Caused by: ") || trimmed.hasPrefix("Suppressed: ") { state.inTrace = true; return true }
            if !indented, StackTraceLanguage.isJavaException(line) { state.inTrace = true; return true }
            return false
        case .python:
            if line.hasPrefix("Traceback (most recent call last):") { state.inTrace = true; state.pendingBlank = false; return true }
            if line == "During handling of the above exception, another exception occurred:"
                || line == "The above exception was the direct cause of the following exception:" {
                guard state.inTrace || state.pendingBlank else { return false }
                state.pendingBlank = true
                return true
            }
            // A blank line may separate chained exceptions.
            if line.isEmpty { return state.inTrace || state.pendingBlank }
            guard state.inTrace else { return false }
            if line.hasPrefix("  ") { return true }
            // The last line, `ValueError: message` (or a dotted `requests.exceptions.Timeout`).
            let head = line.prefix { $0 != ":" }
            if head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) && !head.isEmpty {
                state.inTrace = false
                state.pendingBlank = true
                return true
            }
            return false
        case .go:
            if line.hasPrefix("panic: ") || line.hasPrefix("fatal error: ") { state.inTrace = true; return true }
            guard state.inTrace else { return false }
            if line.isEmpty || line.hasPrefix("[signal ") || line.hasPrefix("goroutine ") || line.hasPrefix("created by ")
                || line.hasPrefix("\t") || line.hasPrefix("exit status ") || line.hasPrefix("\t...") {
                return true
            }
            // A frame's function line: `main.handler(0x0)`, `net/http.(*conn).serve(0xc000…)`.
            if line.hasSuffix(")"), let paren = line.firstIndex(of: "("), line[..<paren].contains("."), !line[..<paren].contains(" ") {
                return true
            }
            state.inTrace = false
            return false
        case .node:
            // `    at fn (/app/x.js:1:2)`, `    at /app/x.js:1:2`, `  [cause]: …`, `    ... 3 lines matching cause stack trace ...`
            if indented && (trimmed.hasPrefix("at ") || trimmed.hasPrefix("... ") || trimmed.hasPrefix("[cause]") || trimmed.hasPrefix("code: ") || trimmed == "}" || trimmed.hasPrefix("{")) {
                state.inTrace = true
                return true
            }
            if trimmed == "}" && state.inTrace { return true }
            if !indented, StackTraceLanguage.isNodeError(line) { state.inTrace = true; return true }
            return false
        }
    }

    static func isJavaException(_ line: String) -> Bool {
        let head = line.prefix { $0 != ":" && $0 != " " }
        guard head.contains("."), head.count == line.count || line.dropFirst(head.count).hasPrefix(":") else { return false }
        return head.hasSuffix("Exception") || head.hasSuffix("Error") || head.hasSuffix("Throwable")
    }

    static func isNodeError(_ line: String) -> Bool {
        let head = line.prefix { $0 != ":" && $0 != " " }
        guard line.dropFirst(head.count).hasPrefix(":"), head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return false }
        return head.hasSuffix("Error") || head.hasSuffix("Exception")
    }
}
