/// A syntax error in an HCL or HCL JSON file, with the position where it was found.
///
/// Its `description` is the conventional compiler form `path:line:column: message`, so a CLI can
/// print it as is and editors can jump to it.
public struct HCLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path given to the parser, as given.
    public var path: String
    /// Where the problem is; `range.start` is what the description reports.
    public var range: SourceRange
    /// A one-line explanation, starting with a capital letter and without a final period.
    public var message: String

    /// Whether this is the internal signal that the inline attempt ran out of its stack budget.
    var isStackExhaustion = false
    /// Whether the file was not read because it is encrypted (git-crypt in a locked checkout):
    /// not broken, only unreadable here.
    public var isEncrypted = false

    /// Creates an error.
    public init(path: String, range: SourceRange, message: String) {
        self.path = path
        self.range = range
        self.message = message
    }

    /// The signal that makes ``DeepStack`` retry on a large-stack thread; never escapes the module.
    static let stackExhausted: HCLError = {
        var signal = HCLError(path: "", range: SourceRange(at: .start), message: "Stack budget exhausted")
        signal.isStackExhaustion = true
        return signal
    }()

    /// The 1-based line of the start of the problem.
    public var line: Int { range.start.line }
    /// The 1-based column (in Unicode scalars) of the start of the problem.
    public var column: Int { range.start.column }

    /// `path:line:column: message`.
    public var description: String { "\(path):\(range.start.line):\(range.start.column): \(message)" }
}
