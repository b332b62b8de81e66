import AnshinCore

/// AnshinHCL: a dependency-free parser for HCL2, the configuration language of Terraform.
///
/// It reads both concrete syntaxes into one source-faithful AST:
///
/// - **Native syntax** (`.tf`, `.tfvars`, `.hcl`): ``HCLFile/parse(bytes:path:)`` lexes UTF-8 bytes
///   with a context stack (templates nest inside expressions nest inside templates), then a
///   recursive-descent parser with precedence climbing builds ``Body``, ``Attribute``, ``Block``
///   and ``HCLExpression`` values following hashicorp/hcl's `hclsyntax/spec.md`.
/// - **JSON syntax** (`.tf.json`, `.tfvars.json`): ``HCLFile/parseJSON(bytes:path:schema:)`` parses
///   JSON with positions, then maps it to the same AST. JSON cannot tell a nested block from an
///   object-valued attribute, so HCL resolves that with the consumer's schema; here a
///   ``BodySchema`` names the block types (``BodySchema/terraform`` for Terraform), and
///   ``JSONBody`` keeps the raw document for re-interpretation. JSON strings are templates, so
///   `"${var.x}"` parses to the same expression as in native syntax.
///
/// Design choices: every node is a `Sendable` value with an exact ``SourceRange`` (byte offset,
/// line, and column in Unicode scalars); escapes, strip markers and `<<-` indentation are resolved
/// at parse time so literals hold final text, while ``Template/unwrappedInterpolation`` and
/// ``ObjectItem/literalKey`` keep HCL's evaluation rules visible; ``HCLExpression/references``
/// lists what an expression refers to (`aws_s3_bucket.logs.arn`) for analyses that do not
/// evaluate. Parsing stops at the first error, reported as an ``HCLError`` whose description is
/// `path:line:column: message`. Malformed input never traps: there are no force unwraps on
/// input-derived data, and nesting deeper than ``maximumNestingDepth`` levels is an error rather
/// than a stack overflow (deep input moves to a large-stack thread; see `DeepStack`).
///
/// Evaluation is built on top of the AST: ``Evaluator`` turns expressions into ``Value``s with
/// Terraform's functions and unknown values, and ``ModuleEvaluator`` evaluates a whole module for
/// one environment. Not covered: error recovery after the first syntax error, and round-trip
/// formatting (whitespace and comment placement are not kept in the AST).
public struct HCLFile: Sendable, Hashable {
    /// Which concrete syntax a file was written in.
    public enum Syntax: Sendable, Hashable {
        /// HCL native syntax (`.tf`, `.tfvars`, `.hcl`).
        case native
        /// HCL JSON syntax (`.tf.json`, `.tfvars.json`).
        case json
    }

    /// The path given to the parser.
    public var path: String
    /// The syntax the file was parsed from.
    public var syntax: Syntax
    /// The file's top-level body.
    public var body: Body
    /// Comments in source order (native syntax only; JSON has none).
    public var comments: [Comment]
    /// The raw JSON body, for interpreting it with another schema (JSON syntax only).
    public var jsonBody: JSONBody?

    /// Creates a file value.
    public init(path: String, syntax: Syntax, body: Body, comments: [Comment], jsonBody: JSONBody? = nil) {
        self.path = path
        self.syntax = syntax
        self.body = body
        self.comments = comments
        self.jsonBody = jsonBody
    }

    /// Deepest nesting of blocks, expressions, templates or JSON values accepted; deeper input is
    /// an error, which keeps recursion far from the limits of a thread's stack.
    public static let maximumNestingDepth = 512

    /// Parses a native-syntax file.
    public static func parse(bytes: [UInt8], path: String) throws(HCLError) -> HCLFile {
        try checkEncoding(bytes, path: path)
        return try DeepStack.run(path: path) { (stack) throws(HCLError) -> HCLFile in
            let lexer = Lexer(bytes: bytes, mode: .native)
            var parser = Parser(lexer: lexer, source: bytes, path: path, stack: stack)
            let body = try parser.parseFile()
            return HCLFile(path: path, syntax: .native, body: body, comments: lexer.comments)
        }
    }

    /// Parses native-syntax source text.
    public static func parse(_ source: String, path: String) throws(HCLError) -> HCLFile {
        try parse(bytes: Array(source.utf8), path: path)
    }

    /// Parses one native-syntax expression, e.g. a `-var` value or a string that Terraform reads
    /// as an expression (`depends_on` entries in JSON files).
    public static func parseExpression(bytes: [UInt8], path: String) throws(HCLError) -> HCLExpression {
        try checkEncoding(bytes, path: path)
        return try DeepStack.run(path: path) { (stack) throws(HCLError) -> HCLExpression in
            var parser = Parser(lexer: Lexer(bytes: bytes, mode: .native), source: bytes, path: path, stack: stack)
            return try parser.parseStandaloneExpression()
        }
    }

    /// Parses one native-syntax expression from text.
    public static func parseExpression(_ source: String, path: String) throws(HCLError) -> HCLExpression {
        try parseExpression(bytes: Array(source.utf8), path: path)
    }

    /// Parses a standalone template, as read by Terraform's `templatefile` function.
    public static func parseTemplate(bytes: [UInt8], path: String) throws(HCLError) -> Template {
        try checkEncoding(bytes, path: path)
        return try DeepStack.run(path: path) { (stack) throws(HCLError) -> Template in
            var parser = Parser(lexer: Lexer(bytes: bytes, mode: .template), source: bytes, path: path, stack: stack)
            return try parser.parseStandaloneTemplate()
        }
    }

    /// Parses a standalone template from text.
    public static func parseTemplate(_ source: String, path: String) throws(HCLError) -> Template {
        try parseTemplate(bytes: Array(source.utf8), path: path)
    }

    static func checkEncoding(_ bytes: [UInt8], path: String) throws(HCLError) {
        if GitCrypt.isEncrypted(bytes) {
            var error = HCLError(path: path, range: SourceRange(at: SourceLocation(offset: 0, line: 1, column: 1)),
                                 message: "Not read: \(GitCrypt.advice)")
            error.isEncrypted = true
            throw error
        }
        guard let offset = UTF8Check.firstInvalidOffset(bytes) else { return }
        let location = UTF8Check.location(of: offset, in: bytes)
        throw HCLError(path: path, range: SourceRange(at: location), message: "Invalid UTF-8: the file must be UTF-8 encoded")
    }
}
