/// A mistake in anshin's own inputs (`anshin.yml`, `.anshin/` files, command-line values).
///
/// Its description names the file, the line and column, and the field, as compilers do:
/// `anshin.yml:7:16: environments.prd.aws.account: expected a 12-digit AWS account id, got "1111"`.
/// The command line maps it to exit code 2.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String?
    public var line: Int?
    public var column: Int?
    /// Dotted path of the field at fault (`environments.prd.aws.account`).
    public var field: String?
    public var message: String

    public init(path: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = ""
        if let path {
            text += path
            if let line {
                text += ":\(line)"
                if let column { text += ":\(column)" }
            }
            text += ": "
        }
        if let field, !field.isEmpty { text += "\(field): " }
        return text + message
    }
}
