/// A mistake in what the user asked of the log analysis (a format string, a field name, a pattern),
/// or an input that cannot be read; the command line maps it to exit code 2.
public struct LogConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
