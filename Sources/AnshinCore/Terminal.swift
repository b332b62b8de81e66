import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading what a person types: a confirmation, or a secret that must not appear on the screen.
///
/// Lines are read one byte at a time straight from the descriptor, never through a buffer, so
/// that whatever follows the line stays unread for the program anshin runs next (Terraform reads
/// its own approval from the same standard input).
public enum Terminal {
    /// Whether `descriptor` is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// The width to lay text out for on `descriptor`: the terminal's columns, else `COLUMNS`
    /// from the environment, else `fallback` (a pipe or a file has no width of its own).
    public static func columns(_ descriptor: Int32 = STDOUT_FILENO,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               fallback: Int = 100) -> Int {
        var size = winsize()
        if isTerminal(descriptor), ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let value = environment["COLUMNS"].flatMap(Int.init), value > 0 { return value }
        return fallback
    }

    /// Writes `text` to standard error, where prompts go so that standard output stays the
    /// program's.
    public static func prompt(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// One line from `descriptor`, without its line ending; nil at end of input with nothing read.
    public static func readLine(from descriptor: Int32 = STDIN_FILENO) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Everything left on `descriptor`, with one final line ending removed (`echo value |` adds it).
    public static func readAll(from descriptor: Int32 = STDIN_FILENO) -> String {
        let data = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).readDataToEndOfFile()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// One line typed at the terminal on `descriptor` without being shown; the echo comes back
    /// afterwards, and also when Ctrl-C ends anshin while it waits.
    public static func readHiddenLine(from descriptor: Int32 = STDIN_FILENO) -> String? {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return readLine(from: descriptor) }
        var hidden = saved
        hidden.c_lflag &= ~tcflag_t(ECHO)
        hidden.c_lflag |= tcflag_t(ECHONL)
        HiddenInput.remember(saved, descriptor: descriptor)
        var previous = sigaction()
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = HiddenInput.restoreAndDie
        #else
        action.__sigaction_u.__sa_handler = HiddenInput.restoreAndDie
        #endif
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, &previous)
        tcsetattr(descriptor, TCSAFLUSH, &hidden)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &saved)
            sigaction(SIGINT, &previous, nil)
            HiddenInput.forget()
        }
        return readLine(from: descriptor)
    }
}

/// The terminal settings to put back if Ctrl-C ends anshin during a hidden read.
private enum HiddenInput {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var descriptor: Int32 = -1

    static func remember(_ settings: termios, descriptor number: Int32) {
        saved = settings
        descriptor = number
    }

    static func forget() {
        descriptor = -1
    }

    static let restoreAndDie: @convention(c) (Int32) -> Void = { number in
        if HiddenInput.descriptor >= 0 { tcsetattr(HiddenInput.descriptor, TCSAFLUSH, &HiddenInput.saved) }
        signal(number, SIG_DFL)
        raise(number)
    }
}
