/// An error found while evaluating an expression, with the position of the offending expression.
///
/// Its `description` is `path:line:column: message`, like ``HCLError``.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the expression came from, as given to the evaluator.
    public var path: String
    /// The expression at fault.
    public var range: SourceRange
    /// A one-line explanation, starting with a capital letter and without a final period.
    public var message: String
    /// Whether the error is in the configuration itself rather than in a value (an unknown
    /// function, an undeclared variable): `try` and `can` do not catch these, as in Terraform.
    public var isStatic: Bool

    /// Creates an error.
    public init(path: String, range: SourceRange, message: String, isStatic: Bool = false) {
        self.path = path
        self.range = range
        self.message = message
        self.isStatic = isStatic
    }

    /// `path:line:column: message`.
    public var description: String { "\(path):\(range.start.line):\(range.start.column): \(message)" }
}

/// Something an expression refers to that lives outside the expression's own scope, resolved
/// lazily by the module evaluator so that only what is used is evaluated.
public enum Reference: Sendable, Hashable {
    /// `local.name`.
    case local(String)
    /// `type.name` for a managed resource.
    case resource(type: String, name: String)
    /// `data.type.name`.
    case data(type: String, name: String)
    /// `module.name`.
    case module(String)
}

/// Resolves references to locals, resources, data sources and module calls on demand.
///
/// Returning nil means the object is not declared; throwing reports a problem in its
/// definition (a cycle, an error in its expression).
public protocol ReferenceResolver: AnyObject {
    /// The value of `reference`, or nil when nothing of that name is declared.
    func resolve(_ reference: Reference, at range: SourceRange, in path: String) throws(EvaluationError) -> Value?
}

/// What the names in an expression mean: Terraform's variables (`var`, `local`, `count`, `each`,
/// `path`, `terraform`), lexical names bound by `for` and dynamic blocks, references resolved
/// lazily, the function table, and where relative file names start.
public struct EvaluationContext {
    /// `var.<name>`.
    public var variables: [String: Value]
    /// `local.<name>`, consulted when there is no ``resolver`` or it does not know the name.
    public var locals: [String: Value]
    /// `count.index` inside a resource or module with `count`; nil elsewhere.
    public var countIndex: Value?
    /// `each.key` and `each.value` inside a resource or module with `for_each`; nil elsewhere.
    public var each: (key: Value, value: Value)?
    /// `path.module`.
    public var pathModule: String
    /// `path.root`.
    public var pathRoot: String
    /// `path.cwd`.
    public var pathCwd: String
    /// `terraform.workspace`.
    public var workspace: String
    /// Names bound by enclosing `for` expressions, dynamic block iterators and `templatefile`.
    public var scope: [String: Value]
    /// The element of the innermost enclosing splat.
    var splatElement: Value?
    /// Resolves `local`, resources, `data` and `module` references.
    public var resolver: (any ReferenceResolver)?
    /// The functions callable by name.
    public var functions: FunctionTable
    /// The directory relative file names (`file("x")`) are resolved against: Terraform's working
    /// directory, the root module.
    public var baseDirectory: String
    /// The file being evaluated, for error messages.
    public var filePath: String

    /// Creates a context; everything is optional so tests and tools can evaluate plain expressions.
    public init(variables: [String: Value] = [:], locals: [String: Value] = [:], scope: [String: Value] = [:],
                functions: FunctionTable = .terraform, baseDirectory: String = ".", filePath: String = "<expression>",
                pathModule: String = ".", pathRoot: String = ".", pathCwd: String? = nil, workspace: String = "default",
                resolver: (any ReferenceResolver)? = nil) {
        self.variables = variables
        self.locals = locals
        self.scope = scope
        self.functions = functions
        self.baseDirectory = baseDirectory
        self.filePath = filePath
        self.pathModule = pathModule
        self.pathRoot = pathRoot
        self.pathCwd = pathCwd ?? baseDirectory
        self.workspace = workspace
        self.resolver = resolver
    }
}
