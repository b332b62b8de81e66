/// Why `anshin tf` or `anshin params` stopped before or instead of running something, with the
/// exit status to leave with.
public struct WrapperError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// 1: declined or failed; 2: usage or configuration; 3: the environment (a missing or
    /// mismatched program, an unreachable service).
    public var exitStatus: Int32

    public init(_ message: String, exitStatus: Int32) {
        self.message = message
        self.exitStatus = exitStatus
    }

    public static func usage(_ message: String) -> WrapperError { WrapperError(message, exitStatus: 2) }
    public static func environment(_ message: String) -> WrapperError { WrapperError(message, exitStatus: 3) }
    public static func declined(_ message: String) -> WrapperError { WrapperError(message, exitStatus: 1) }

    public var description: String { message }
}
