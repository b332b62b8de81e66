/// Which properties of a JSON body are blocks, and how many labels each block type has.
///
/// The HCL JSON syntax cannot tell `"tags": {...}` (an attribute) from `"lifecycle": {...}` (a
/// block) by itself; HCL leaves that to the application's schema. Properties not named here are
/// attributes.
public struct BodySchema: Sendable, Hashable {
    /// Block types by name.
    public var blocks: [String: BlockSchema]

    /// Creates a schema.
    public init(blocks: [String: BlockSchema] = [:]) {
        self.blocks = blocks
    }

    /// A schema with no block types: every property is an attribute (e.g. `.tfvars.json`).
    public static let attributesOnly = BodySchema()
}

/// One block type of a ``BodySchema``.
public struct BlockSchema: Sendable, Hashable {
    /// The number of labels, e.g. 2 for `resource "type" "name"`.
    public var labels: Int
    /// The schema of the block's body.
    public var body: BodySchema

    /// Creates a block schema.
    public init(labels: Int, body: BodySchema = BodySchema()) {
        self.labels = labels
        self.body = body
    }
}

extension BodySchema {
    /// Terraform's configuration-level blocks and the meta-blocks inside resources; provider
    /// specific nested blocks are not known here and read as attributes.
    public static let terraform: BodySchema = {
        let conditions = ["precondition": BlockSchema(labels: 0), "postcondition": BlockSchema(labels: 0)]
        let lifecycle = BlockSchema(labels: 0, body: BodySchema(blocks: conditions))
        let connection = BlockSchema(labels: 0)
        let dynamic = BlockSchema(labels: 1, body: BodySchema(blocks: ["content": BlockSchema(labels: 0)]))
        let resourceBody = BodySchema(blocks: [
            "lifecycle": lifecycle,
            "connection": connection,
            "provisioner": BlockSchema(labels: 1, body: BodySchema(blocks: ["connection": connection])),
            "dynamic": dynamic,
        ])
        let resource = BlockSchema(labels: 2, body: resourceBody)
        return BodySchema(blocks: [
            "resource": resource,
            "data": resource,
            "ephemeral": resource,
            "module": BlockSchema(labels: 1),
            "provider": BlockSchema(labels: 1, body: BodySchema(blocks: ["assume_role": BlockSchema(labels: 0),
                                                                         "default_tags": BlockSchema(labels: 0)])),
            "variable": BlockSchema(labels: 1, body: BodySchema(blocks: ["validation": BlockSchema(labels: 0)])),
            "output": BlockSchema(labels: 1, body: BodySchema(blocks: ["precondition": BlockSchema(labels: 0)])),
            "locals": BlockSchema(labels: 0),
            "terraform": BlockSchema(labels: 0, body: BodySchema(blocks: [
                "required_providers": BlockSchema(labels: 0),
                "backend": BlockSchema(labels: 1),
                "cloud": BlockSchema(labels: 0, body: BodySchema(blocks: ["workspaces": BlockSchema(labels: 0)])),
            ])),
            "moved": BlockSchema(labels: 0),
            "import": BlockSchema(labels: 0),
            "removed": BlockSchema(labels: 0, body: BodySchema(blocks: ["lifecycle": lifecycle])),
            "check": BlockSchema(labels: 1, body: BodySchema(blocks: ["data": resource, "assert": BlockSchema(labels: 0)])),
        ])
    }()
}

/// A body in the HCL JSON syntax: a JSON object (or an array of objects, merged in order) whose
/// properties become attributes or blocks depending on how they are asked for.
public struct JSONBody: Sendable, Hashable {
    /// The path of the file, for errors.
    public var path: String
    /// The object, or array of objects, holding the body.
    public var value: JSONValue

    /// Wraps a JSON value as a body, checking that it is an object or an array of objects.
    public init(value: JSONValue, path: String) throws(HCLError) {
        self.path = path
        self.value = value
        _ = try objects()
    }

    private func error(_ message: String, _ range: SourceRange) -> HCLError {
        HCLError(path: path, range: range, message: message)
    }

    private func objects() throws(HCLError) -> [[JSONProperty]] {
        switch value.kind {
        case .object(let properties):
            return [properties]
        case .array(let elements):
            var result: [[JSONProperty]] = []
            for element in elements {
                guard case .object(let properties) = element.kind else {
                    throw error("Invalid body: expected a JSON object, found \(element.kindName)", element.range)
                }
                result.append(properties)
            }
            return result
        default:
            throw error("Invalid body: expected a JSON object, found \(value.kindName)", value.range)
        }
    }

    /// All properties in order; `"//"` comment properties included.
    public var properties: [JSONProperty] {
        ((try? objects()) ?? []).flatMap { $0 }
    }

    /// Interprets one property as an attribute, if present.
    public func attribute(_ name: String) throws(HCLError) -> Attribute? {
        for property in properties where property.name == name {
            return try DeepStack.run(path: path) { (stack) throws(HCLError) -> Attribute in try JSONBody.attribute(property, path: path, stack: stack) }
        }
        return nil
    }

    /// Interprets every property except `"//"` comments as an attribute.
    public func attributes() throws(HCLError) -> [Attribute] {
        try DeepStack.run(path: path) { (stack) throws(HCLError) -> [Attribute] in
            var result: [Attribute] = []
            for property in properties where property.name != "//" {
                result.append(try JSONBody.attribute(property, path: path, stack: stack))
            }
            return result
        }
    }

    /// Interprets every property named `type` as blocks with `labels` labels: each label is one
    /// level of object nesting, and an array of objects may stand for an object at any level.
    public func blocks(ofType type: String, labels: Int) throws(HCLError) -> [JSONBlock] {
        var result: [JSONBlock] = []
        for property in properties where property.name == type {
            try collectBlocks(property, value: property.value, labels: [], remaining: labels, into: &result)
        }
        return result
    }

    private func collectBlocks(_ property: JSONProperty, value: JSONValue, labels: [Label], remaining: Int,
                               into result: inout [JSONBlock]) throws(HCLError) {
        switch value.kind {
        case .array(let elements):
            for element in elements {
                guard case .object = element.kind else {
                    throw error("Invalid '\(property.name)' block: expected a JSON object, found \(element.kindName)",
                                element.range)
                }
                try collectBlocks(property, value: element, labels: labels, remaining: remaining, into: &result)
            }
        case .object(let members):
            if remaining == 0 {
                let body = try JSONBody(value: value, path: path)
                result.append(JSONBlock(type: property.name, typeRange: property.key.range, labels: labels, body: body,
                                        range: property.key.range.union(value.range)))
                return
            }
            for member in members where member.name != "//" {
                let label = Label(value: member.name, isQuoted: true, range: member.key.range)
                try collectBlocks(property, value: member.value, labels: labels + [label], remaining: remaining - 1,
                                  into: &result)
            }
        default:
            let what = remaining == 0 ? "the block body" : "the block labels"
            throw error("Invalid '\(property.name)' block: expected a JSON object for \(what), found \(value.kindName)",
                        value.range)
        }
    }

    /// Converts the whole body to the native AST shape: properties named in `schema` become blocks
    /// (recursively with their own schema), `"//"` comments are dropped, the rest are attributes.
    public func body(schema: BodySchema) throws(HCLError) -> Body {
        try DeepStack.run(path: path) { (stack) throws(HCLError) -> Body in try convert(schema: schema, stack: stack) }
    }

    func convert(schema: BodySchema, stack: StackGuard) throws(HCLError) -> Body {
        if !stack.hasRoom { throw HCLError.stackExhausted }
        var items: [Body.Item] = []
        var seen: [String: SourceRange] = [:]
        var handledBlockTypes: Set<String> = []
        for property in properties where property.name != "//" {
            let name = property.name
            if let blockSchema = schema.blocks[name] {
                // Blocks of one type are collected once, in order, at the first property naming them.
                guard handledBlockTypes.insert(name).inserted else { continue }
                for block in try blocks(ofType: name, labels: blockSchema.labels) {
                    items.append(.block(try block.convert(schema: blockSchema.body, stack: stack)))
                }
                continue
            }
            if let previous = seen[name] {
                throw error("Attribute redefined: '\(name)' was already set at \(previous.start)", property.key.range)
            }
            seen[name] = property.key.range
            items.append(.attribute(try JSONBody.attribute(property, path: path, stack: stack)))
        }
        return Body(items: items, range: value.range)
    }

    static func attribute(_ property: JSONProperty, path: String, stack: StackGuard) throws(HCLError) -> Attribute {
        let expression = try convert(property.value, path: path, stack: stack)
        return Attribute(name: property.name, nameRange: property.key.range, expression: expression,
                         range: property.range)
    }

    /// Maps a JSON value to an expression: strings are templates, arrays tuples, objects object
    /// constructors with template keys (HCL JSON spec: "HCLExpression Evaluation").
    public static func expression(_ value: JSONValue, path: String) throws(HCLError) -> HCLExpression {
        try DeepStack.run(path: path) { (stack) throws(HCLError) -> HCLExpression in try convert(value, path: path, stack: stack) }
    }

    static func convert(_ value: JSONValue, path: String, stack: StackGuard) throws(HCLError) -> HCLExpression {
        if !stack.hasRoom { throw HCLError.stackExhausted }
        switch value.kind {
        case .string(let text):
            let bytes = Array(text.utf8)
            let lexer = Lexer(bytes: bytes, mode: .template, map: value.positions)
            var parser = Parser(lexer: lexer, source: bytes, path: path, map: value.positions, stack: stack)
            var template = try parser.parseStandaloneTemplate()
            template.range = value.range
            return .template(template)
        case .number(let text):
            return .literal(Literal(.number(text), range: value.range))
        case .bool(let flag):
            return .literal(Literal(.bool(flag), range: value.range))
        case .null:
            return .literal(Literal(.null, range: value.range))
        case .array(let elements):
            var converted: [HCLExpression] = []
            for element in elements { converted.append(try convert(element, path: path, stack: stack)) }
            return .tuple(Tuple(elements: converted, range: value.range))
        case .object(let properties):
            var items: [ObjectItem] = []
            for property in properties {
                let key = try convert(property.key, path: path, stack: stack)
                let item = try convert(property.value, path: path, stack: stack)
                items.append(ObjectItem(key: key, value: item, range: property.range))
            }
            return .object(ObjectConstructor(items: items, range: value.range))
        }
    }
}

/// A block read from the JSON syntax; its body stays JSON until asked for.
public struct JSONBlock: Sendable, Hashable {
    /// The block type (the property name).
    public var type: String
    /// The source of the property name.
    public var typeRange: SourceRange
    /// The labels, from the nested property names.
    public var labels: [Label]
    /// The block's body.
    public var body: JSONBody
    /// From the type property name to the end of the body object.
    public var range: SourceRange

    /// Converts to a native-shaped block with the given body schema.
    public func nativeBlock(schema: BodySchema) throws(HCLError) -> Block {
        try DeepStack.run(path: body.path) { (stack) throws(HCLError) -> Block in try convert(schema: schema, stack: stack) }
    }

    func convert(schema: BodySchema, stack: StackGuard) throws(HCLError) -> Block {
        let converted = try body.convert(schema: schema, stack: stack)
        let bodyRange = body.value.range
        let open = SourceRange(start: bodyRange.start, end: SourceLocation(offset: bodyRange.start.offset + 1,
                                                                           line: bodyRange.start.line,
                                                                           column: bodyRange.start.column + 1))
        let close = SourceRange(start: SourceLocation(offset: bodyRange.end.offset - 1, line: bodyRange.end.line,
                                                      column: max(1, bodyRange.end.column - 1)),
                                end: bodyRange.end)
        return Block(type: type, typeRange: typeRange, labels: labels, body: converted, openBraceRange: open,
                     closeBraceRange: close, range: range)
    }
}

extension HCLFile {
    /// Parses a file in the HCL JSON syntax and maps it to the native AST with `schema`.
    public static func parseJSON(bytes: [UInt8], path: String, schema: BodySchema = .terraform)
        throws(HCLError) -> HCLFile {
        try checkEncoding(bytes, path: path)
        return try DeepStack.run(path: path) { (stack) throws(HCLError) -> HCLFile in
            var parser = JSONParser(bytes: bytes, path: path, stack: stack)
            let value = try parser.parseDocument()
            let jsonBody = try JSONBody(value: value, path: path)
            let body = try jsonBody.convert(schema: schema, stack: stack)
            return HCLFile(path: path, syntax: .json, body: body, comments: [], jsonBody: jsonBody)
        }
    }

    /// Parses JSON-syntax text.
    public static func parseJSON(_ source: String, path: String, schema: BodySchema = .terraform)
        throws(HCLError) -> HCLFile {
        try parseJSON(bytes: Array(source.utf8), path: path, schema: schema)
    }
}
