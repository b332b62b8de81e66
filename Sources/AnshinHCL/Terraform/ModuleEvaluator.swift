import Foundation

/// Evaluates a Terraform root module for one environment: variables, locals, resources and data
/// sources with `count`/`for_each` expanded, dynamic blocks, local child modules, outputs.
///
/// Evaluation is lazy and memoised, like Terraform's graph walk without the graph: a local, a
/// resource or a module call is evaluated the first time something refers to it, so order of
/// declaration does not matter, and a cycle among locals is reported with the locals named.
/// Resource and data source attributes that are not set in configuration are unknown (they
/// exist only after apply); see ``AttributeAliases`` for the few that equal a configured
/// argument. An error in one expression becomes a ``Diagnostic`` and an unknown value; the rest
/// of the configuration is still evaluated.
public enum ModuleEvaluator {
    /// Settings that are not variable values.
    public struct Options: Sendable {
        /// `terraform.workspace`.
        public var workspace: String
        /// Computed attributes known from configured arguments.
        public var attributeAliases: AttributeAliases
        /// Deepest module nesting evaluated (guards against a module calling itself).
        public var maximumModuleDepth: Int
        /// Remote modules that `terraform init` downloaded, evaluated from their copies.
        public var installedModules: InstalledModules

        /// Creates options.
        public init(workspace: String = "default", attributeAliases: AttributeAliases = .aws, maximumModuleDepth: Int = 16,
                    installedModules: InstalledModules = InstalledModules()) {
            self.workspace = workspace
            self.attributeAliases = attributeAliases
            self.maximumModuleDepth = maximumModuleDepth
            self.installedModules = installedModules
        }
    }

    /// Loads the root module in `directory` and evaluates it.
    ///
    /// Throws only when a file of the root module cannot be read or parsed; every later problem
    /// is a diagnostic of the result.
    public static func evaluate(directory: String, inputs: VariableInputs = VariableInputs(),
                                options: Options = Options()) throws(HCLError) -> EvaluatedModule {
        let module = try TerraformModule.load(directory: directory)
        return evaluate(module: module, inputs: inputs, options: options)
    }

    /// Evaluates a loaded root module with the given variable inputs.
    public static func evaluate(module: TerraformModule, inputs: VariableInputs = VariableInputs(),
                                options: Options = Options()) -> EvaluatedModule {
        let root = URL(fileURLWithPath: module.directory).standardizedFileURL.path
        let session = Session(rootDirectory: root, options: options)
        var diagnostics: [Diagnostic] = []
        let sources = inputs.collect(directory: module.directory, declarations: module.variables, diagnostics: &diagnostics)
        session.diagnostics += diagnostics
        var provided: [String: ProvidedValue] = [:]
        for (name, source) in sources { provided[name] = .root(source) }
        let instance = InstanceEvaluator(session: session, module: module, path: [], displayPath: "", provided: provided)
        instance.run()
        var result = EvaluatedModule(variables: instance.variables, locals: instance.localValues, outputs: instance.outputs,
                                     resources: [], modules: [], providers: [], settings: module.settings, diagnostics: [])
        instance.collect(into: &result)
        result.diagnostics = session.diagnostics
        return result
    }
}

/// A variable value handed to a module instance: from the root's inputs, or from a module call.
enum ProvidedValue {
    case root(VariableInputs.Source)
    case argument(Value, FileRange)
}

/// State shared by every module instance of one evaluation.
final class Session {
    let rootDirectory: String
    let options: ModuleEvaluator.Options
    var diagnostics: [Diagnostic] = []
    private var modules: [String: Result<TerraformModule, HCLError>] = [:]
    private var reported: Set<Diagnostic> = []

    init(rootDirectory: String, options: ModuleEvaluator.Options) {
        self.rootDirectory = rootDirectory
        self.options = options
    }

    func report(_ diagnostic: Diagnostic) {
        if reported.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }

    /// The path of `directory` relative to the root module.
    func displayPath(of directory: String) -> String {
        let target = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: rootDirectory).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        return parts.joined(separator: "/")
    }

    func load(directory: String) -> Result<TerraformModule, HCLError> {
        if let cached = modules[directory] { return cached }
        let result: Result<TerraformModule, HCLError>
        do throws(HCLError) {
            result = .success(try TerraformModule.load(directory: directory, displayPath: displayPath(of: directory)))
        } catch {
            result = .failure(error)
        }
        modules[directory] = result
        return result
    }
}

/// Evaluates one module instance; resolves its references lazily.
final class InstanceEvaluator: ReferenceResolver {
    private enum State<T> {
        case evaluating
        case done(T)
    }

    private struct ResourceResult {
        var instances: [ResourceInstance]
        var value: Value
    }

    private struct ModuleCallResult {
        var children: [(InstanceEvaluator?, ModuleInstance)]
        var value: Value
    }

    let session: Session
    let module: TerraformModule
    let path: [ModuleStep]
    let displayPath: String
    private(set) var variables: [String: Value] = [:]
    private(set) var outputs: [String: Value] = [:]
    private var providers: [ProviderConfiguration] = []

    private let localDeclarations: [String: LocalDeclaration]
    private var localStates: [String: State<Value>] = [:]
    private var localStack: [String] = []
    private var pendingCycle: String?
    private var resourceStates: [String: State<ResourceResult>] = [:]
    private var moduleStates: [String: State<ModuleCallResult>] = [:]
    /// The resources (`aws_s3_bucket.logs`) and module calls (`module.vpc`) being evaluated, outermost first.
    private var evaluationStack: [String] = []

    init(session: Session, module: TerraformModule, path: [ModuleStep], displayPath: String,
         provided: [String: ProvidedValue]) {
        self.session = session
        self.module = module
        self.path = path
        self.displayPath = displayPath
        var locals: [String: LocalDeclaration] = [:]
        for local in module.locals { locals[local.name] = local }
        localDeclarations = locals
        variables = resolveVariables(provided)
    }

    /// The local values evaluated so far (all of them after ``run()``).
    var localValues: [String: Value] {
        localStates.compactMapValues { if case .done(let value) = $0 { value } else { nil } }
    }

    private var addressPrefix: String { path.map { $0.description + "." }.joined() }

    // MARK: Contexts

    func context(file: String, countIndex: Value? = nil, each: (key: Value, value: Value)? = nil) -> EvaluationContext {
        var context = EvaluationContext(variables: variables, baseDirectory: session.rootDirectory, filePath: file,
                                        pathModule: displayPath.isEmpty ? "." : displayPath, pathRoot: ".",
                                        pathCwd: session.rootDirectory, workspace: session.options.workspace, resolver: self)
        context.countIndex = countIndex
        context.each = each
        return context
    }

    private func evaluate(_ expression: HCLExpression, _ evaluator: Evaluator) -> Value {
        do throws(EvaluationError) {
            return try evaluator.evaluate(expression)
        } catch {
            session.report(Diagnostic(error))
            return .unknownValue
        }
    }

    /// Every value `expression` can take when it is a conditional (nested ones included) whose
    /// condition is unknown and whose branches are known; nil when any branch is unknown or the
    /// expression is not a conditional.
    func outcomes(of expression: HCLExpression, _ evaluator: Evaluator, depth: Int = 0) -> [Value]? {
        guard depth < 8 else { return nil }
        switch expression {
        case .parenthesized(let inner):
            return outcomes(of: inner.expression, evaluator, depth: depth + 1)
        case .conditional(let conditional):
            guard let condition = try? evaluator.evaluate(conditional.condition) else { return nil }
            if case .bool(let taken) = condition.deepUnmarked {
                return outcomes(of: taken ? conditional.trueResult : conditional.falseResult, evaluator, depth: depth + 1)
            }
            guard !condition.isKnown, let whenTrue = outcomes(of: conditional.trueResult, evaluator, depth: depth + 1),
                  let whenFalse = outcomes(of: conditional.falseResult, evaluator, depth: depth + 1) else { return nil }
            return whenTrue + whenFalse
        default:
            guard depth > 0, let value = try? evaluator.evaluate(expression), value.isWhollyKnown else { return nil }
            return [value]
        }
    }

    // MARK: Variables

    private func resolveVariables(_ provided: [String: ProvidedValue]) -> [String: Value] {
        var result: [String: Value] = [:]
        for declaration in module.variables {
            let value = variableValue(declaration, provided[declaration.name])
            result[declaration.name] = value.marked(declaration.isSensitive)
        }
        return result
    }

    private func variableValue(_ declaration: VariableDeclaration, _ provided: ProvidedValue?) -> Value {
        let constant = Evaluator(context: EvaluationContext(baseDirectory: session.rootDirectory, filePath: declaration.range.path))
        var value: Value?
        var range = declaration.range
        switch provided {
        case .root(let source):
            if let sourceRange = source.range { range = sourceRange }
            switch source.kind {
            case .value(let given):
                value = given
            case .expression(let expression, let file):
                value = evaluate(expression, Evaluator(context: EvaluationContext(baseDirectory: session.rootDirectory, filePath: file)))
            case .raw(let text, let origin):
                switch declaration.type {
                case .list, .set, .map, .tuple, .object:
                    do throws(HCLError) {
                        let expression = try HCLFile.parseExpression(text, path: "<value for var.\(declaration.name)>")
                        value = evaluate(expression, constant)
                    } catch {
                        session.report(Diagnostic(.error, "Invalid value for variable \"\(declaration.name)\" from \(origin): \(error.message)", at: nil))
                        value = .unknown(declaration.type)
                    }
                default:
                    value = .string(text)
                }
            }
        case .argument(let given, let argumentRange):
            value = given
            range = argumentRange
        case nil:
            value = nil
        }
        if value?.isNull == true && !declaration.isNullable { value = nil }
        if value == nil {
            guard let defaultExpression = declaration.defaultExpression else {
                session.report(Diagnostic(.warning, "No value for required variable \"\(declaration.name)\": it has no default and no value was given, so it is unknown", at: declaration.range))
                return .unknown(declaration.type)
            }
            value = evaluate(defaultExpression, constant)
        }
        do throws(ConversionError) {
            return try (value ?? .null).converted(to: declaration.type)
        } catch {
            session.report(Diagnostic(.error, "Invalid value for variable \"\(declaration.name)\": \(error.message)", at: range))
            return .unknown(declaration.type)
        }
    }

    // MARK: References

    func resolve(_ reference: Reference, at range: SourceRange, in file: String) throws(EvaluationError) -> Value? {
        switch reference {
        case .local(let name):
            guard localDeclarations[name] != nil else { return nil }
            return try local(name, referencedAt: FileRange(path: file, range: range))
        case .resource(let type, let name):
            guard let declaration = module.resources.first(where: { $0.mode == .managed && $0.type == type && $0.name == name }) else { return nil }
            return resource(declaration, referencedAt: FileRange(path: file, range: range)).value
        case .data(let type, let name):
            guard let declaration = module.resources.first(where: { $0.mode == .data && $0.type == type && $0.name == name }) else { return nil }
            return resource(declaration, referencedAt: FileRange(path: file, range: range)).value
        case .module(let name):
            guard let call = module.moduleCalls.first(where: { $0.name == name }) else { return nil }
            return moduleCall(call, referencedAt: FileRange(path: file, range: range)).value
        }
    }

    private func local(_ name: String, referencedAt reference: FileRange?) throws(EvaluationError) -> Value {
        switch localStates[name] {
        case .done(let value):
            return value
        case .evaluating:
            let start = localStack.firstIndex(of: name) ?? 0
            let chain = (localStack[start...] + [name]).map { "local.\($0)" }.joined(separator: " → ")
            pendingCycle = name
            let range = reference ?? localDeclarations[name]?.range ?? FileRange(path: "", range: SourceRange(at: .start))
            throw EvaluationError(path: range.path, range: range.range, message: "Cycle in local values: \(chain)", isStatic: true)
        case nil:
            guard let declaration = localDeclarations[name] else { return .unknownValue }
            localStates[name] = .evaluating
            localStack.append(name)
            defer { localStack.removeLast() }
            var value: Value
            do throws(EvaluationError) {
                value = try Evaluator(context: context(file: declaration.range.path)).evaluate(declaration.expression)
            } catch {
                value = .unknownValue
                if let start = pendingCycle, start != name {
                    localStates[name] = .done(value)
                    throw error
                }
                pendingCycle = nil
                session.report(Diagnostic(error))
            }
            localStates[name] = .done(value)
            return value
        }
    }

    // MARK: Resources

    private func resource(_ declaration: ResourceDeclaration, referencedAt reference: FileRange?) -> ResourceResult {
        switch resourceStates[declaration.address] {
        case .done(let result):
            return result
        case .evaluating:
            if !reentersThroughModule(declaration.address) {
                session.report(Diagnostic(.error, "Cycle: \(addressPrefix)\(declaration.address) refers to itself through the references of its own arguments", at: reference))
            }
            return ResourceResult(instances: [], value: .unknownValue)
        case nil:
            resourceStates[declaration.address] = .evaluating
            evaluationStack.append(declaration.address)
            defer { evaluationStack.removeLast() }
            let result = evaluateResource(declaration)
            resourceStates[declaration.address] = .done(result)
            return result
        }
    }

    /// Whether the evaluation that reached `address` again passed through a module call since
    /// `address` started: then the dependency may be on one module output that does not depend on
    /// `address` at all (see ``moduleCall(_:referencedAt:)``), which is valid Terraform.
    private func reentersThroughModule(_ address: String) -> Bool {
        guard let start = evaluationStack.lastIndex(of: address) else { return false }
        return evaluationStack[start...].contains { $0.hasPrefix("module.") }
    }

    /// The instances `count` or `for_each` asks for; nil when unknown.
    private enum Expansion {
        case single
        case keys([(key: InstanceKey, each: (key: Value, value: Value)?)])
        case unknown(isCount: Bool)
    }

    private func expansion(of body: Body, file: String, what: String) -> Expansion {
        let evaluator = Evaluator(context: context(file: file))
        if let countAttribute = body.attribute("count") {
            let value = evaluate(countAttribute.expression, evaluator).unmarked
            let range = FileRange(path: file, range: countAttribute.expression.range)
            if !value.isKnown { return .unknown(isCount: true) }
            guard !value.isNull, let number = try? value.converted(to: .number).numberValue, let count = number.intValue, count >= 0 else {
                session.report(Diagnostic(.error, "Invalid count argument for \(what): a whole number of zero or more is required, not \(value.description)", at: range))
                return .unknown(isCount: true)
            }
            return .keys((0..<count).map { (key: InstanceKey.int($0), each: nil) })
        }
        if let forEachAttribute = body.attribute("for_each") {
            let value = evaluate(forEachAttribute.expression, evaluator).unmarked
            let range = FileRange(path: file, range: forEachAttribute.expression.range)
            switch value {
            case .unknown, .partial:
                return .unknown(isCount: false)
            case .map(let members), .object(let members):
                return .keys(members.keys.sorted().map { (key: .string($0), each: (key: .string($0), value: members[$0] ?? .null)) })
            case .set(let elements):
                var keys: [(key: InstanceKey, each: (key: Value, value: Value)?)] = []
                for element in elements {
                    guard let text = element.unmarked.stringValue else {
                        session.report(Diagnostic(.error, "Invalid for_each argument for \(what): a set of strings is required, and this set holds \(element.typeName) values", at: range))
                        return .unknown(isCount: false)
                    }
                    keys.append((key: .string(text), each: (key: .string(text), value: .string(text))))
                }
                return .keys(keys)
            default:
                session.report(Diagnostic(.error, "Invalid for_each argument for \(what): it must be a map, or set of strings, and you have provided a value of type \(value.isNull ? "null" : value.typeName)", at: range))
                return .unknown(isCount: false)
            }
        }
        return .single
    }

    private static let resourceMetaArguments: Set<String> = ["count", "for_each", "provider", "depends_on"]
    private static let resourceMetaBlocks: Set<String> = ["lifecycle", "provisioner", "connection"]

    private func evaluateResource(_ declaration: ResourceDeclaration) -> ResourceResult {
        let file = declaration.range.path
        let address = addressPrefix + declaration.address
        let lifecycle = Self.lifecycle(of: declaration.body, file: file)
        let provider = declaration.body.attribute("provider").flatMap { Self.traversalText($0.expression) }
        let dependsOn = Self.traversalList(declaration.body.attribute("depends_on")?.expression)
        let provisioners = declaration.body.blocks(ofType: "provisioner").compactMap { $0.labels.first?.value }

        func instance(key: InstanceKey?, countIndex: Value?, each: (key: Value, value: Value)?, unknown: Bool) -> ResourceInstance {
            let evaluator = Evaluator(context: context(file: file, countIndex: countIndex, each: each))
            let body = evaluateBody(declaration.body, evaluator, file: file, skippingAttributes: Self.resourceMetaArguments,
                                    skippingBlocks: Self.resourceMetaBlocks)
            return ResourceInstance(address: address + (key?.description ?? ""), mode: declaration.mode, type: declaration.type,
                                    name: declaration.name, modulePath: path, key: key, expansionUnknown: unknown, body: body,
                                    range: declaration.range, lifecycle: lifecycle, provider: provider, dependsOn: dependsOn,
                                    provisioners: provisioners)
        }
        func referenceValue(_ instance: ResourceInstance) -> Value {
            guard case .partial(var members) = instance.body.referenceValue else { return .unknownValue }
            session.options.attributeAliases.apply(to: &members, type: declaration.type)
            return .partial(members)
        }

        switch expansion(of: declaration.body, file: file, what: address) {
        case .single:
            let single = instance(key: nil, countIndex: nil, each: nil, unknown: false)
            return ResourceResult(instances: [single], value: referenceValue(single))
        case .unknown(let isCount):
            let placeholder = instance(key: nil, countIndex: isCount ? .unknown(.number) : nil,
                                       each: isCount ? nil : (key: .unknown(.string), value: .unknownValue), unknown: true)
            return ResourceResult(instances: [placeholder], value: .unknownValue)
        case .keys(let keys):
            var instances: [ResourceInstance] = []
            var byKey: [String: Value] = [:]
            var byIndex: [Value] = []
            for (key, each) in keys {
                let made = instance(key: key, countIndex: each == nil ? key.value : nil, each: each, unknown: false)
                instances.append(made)
                switch key {
                case .int: byIndex.append(referenceValue(made))
                case .string(let name): byKey[name] = referenceValue(made)
                }
            }
            let usesCount = declaration.body.attribute("count") != nil
            return ResourceResult(instances: instances, value: usesCount ? .tuple(byIndex) : .object(byKey))
        }
    }

    /// Evaluates a body: attributes, nested blocks, dynamic blocks expanded at any depth.
    func evaluateBody(_ body: Body, _ evaluator: Evaluator, file: String, skippingAttributes: Set<String> = [],
                      skippingBlocks: Set<String> = []) -> EvaluatedBody {
        var result = EvaluatedBody()
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                if skippingAttributes.contains(attribute.name) { continue }
                var value = evaluate(attribute.expression, evaluator)
                var decided = false
                var open: [Value]?
                if !value.isWhollyKnown, let outcomes = outcomes(of: attribute.expression, evaluator), let first = outcomes.first {
                    if outcomes.allSatisfy({ $0 == first }) {
                        value = first
                        decided = true
                    } else {
                        var distinct: [Value] = []
                        for outcome in outcomes where !distinct.contains(outcome) { distinct.append(outcome) }
                        open = distinct
                    }
                }
                result.attributes[attribute.name] = EvaluatedAttribute(
                    value: value, range: FileRange(path: file, range: attribute.range), expression: attribute.expression,
                    structure: value.isWhollyKnown ? nil : structure(of: attribute.expression, evaluator),
                    decidedByEveryOutcome: decided, outcomes: open)
            case .block(let block):
                if skippingBlocks.contains(block.type) { continue }
                if block.type == "dynamic" {
                    expandDynamic(block, evaluator, file: file, into: &result)
                    continue
                }
                result.blocks.append(EvaluatedBlock(type: block.type, labels: block.labelValues,
                                                    body: evaluateBody(block.body, evaluator, file: file),
                                                    range: FileRange(path: file, range: block.range), isDynamic: false))
            }
        }
        return result
    }

    /// What an unknown attribute value was built from (see ``EvaluatedAttribute/structure``).
    /// Errors were reported when the whole expression was evaluated, so they are not reported again.
    private func structure(of expression: HCLExpression, _ evaluator: Evaluator) -> Value? {
        switch expression {
        case .functionCall(let call) where call.name == "jsonencode" && call.arguments.count == 1 && !call.expandsFinalArgument:
            return try? evaluator.evaluate(call.arguments[0])
        case .template(let template) where template.unwrappedInterpolation == nil:
            var parts: [Value] = []
            for part in template.parts {
                switch part {
                case .literal(let literal): parts.append(.string(literal.value))
                case .interpolation(let interpolation): parts.append((try? evaluator.evaluate(interpolation.expression)) ?? .unknownValue)
                case .ifDirective, .forDirective: return nil
                }
            }
            return .tuple(parts)
        default:
            return nil
        }
    }

    private func expandDynamic(_ block: Block, _ evaluator: Evaluator, file: String, into result: inout EvaluatedBody) {
        guard let type = block.labels.first?.value else { return }
        let range = FileRange(path: file, range: block.range)
        guard let forEach = block.body.attribute("for_each") else {
            session.report(Diagnostic(.error, "Missing required argument: a dynamic \"\(type)\" block needs a for_each argument", at: range))
            result.unknownBlockTypes.insert(type)
            return
        }
        guard let content = block.body.blocks(ofType: "content").first else {
            session.report(Diagnostic(.error, "Missing content block: a dynamic \"\(type)\" block needs a content block", at: range))
            result.unknownBlockTypes.insert(type)
            return
        }
        var iterator = type
        if let iteratorAttribute = block.body.attribute("iterator") {
            if case .variable(let variable) = iteratorAttribute.expression {
                iterator = variable.name
            } else if let text = iteratorAttribute.expression.literalString {
                iterator = text
            }
        }
        let collection = evaluate(forEach.expression, evaluator).unmarked
        let pairs: [(Value, Value)]
        switch collection {
        case .unknown, .partial:
            // Two dynamic blocks of one type could mix; only a lone one says what each block holds.
            if result.unknownBlockTypes.insert(type).inserted && !result.blocks.contains(where: { $0.type == type }) {
                let inner = evaluator.with(scope: [iterator: .object(["key": .unknownValue, "value": .unknownValue])])
                result.possibleBlocks[type] = EvaluatedBlock(type: type, labels: [], body: evaluateBody(content.body, inner, file: file),
                                                             range: FileRange(path: file, range: content.range), isDynamic: true)
            } else {
                result.possibleBlocks[type] = nil
            }
            return
        case .list(let items), .tuple(let items):
            pairs = items.enumerated().map { (Value.int($0.offset), $0.element) }
        case .set(let items):
            pairs = items.map { ($0, $0) }
        case .map(let members), .object(let members):
            pairs = members.keys.sorted().map { (Value.string($0), members[$0] ?? .null) }
        default:
            session.report(Diagnostic(.error, "Invalid dynamic for_each value: a collection is required, not \(collection.isNull ? "null" : collection.typeName)",
                                      at: FileRange(path: file, range: forEach.expression.range)))
            result.unknownBlockTypes.insert(type)
            return
        }
        for (key, value) in pairs {
            let inner = evaluator.with(scope: [iterator: .object(["key": key, "value": value])])
            var labels: [String] = []
            if let labelsAttribute = block.body.attribute("labels") {
                labels = (evaluate(labelsAttribute.expression, inner).elements ?? []).compactMap { $0.unmarked.stringValue }
            }
            result.blocks.append(EvaluatedBlock(type: type, labels: labels, body: evaluateBody(content.body, inner, file: file),
                                                range: FileRange(path: file, range: content.range), isDynamic: true))
        }
    }

    // MARK: Meta-arguments

    static func traversalText(_ expression: HCLExpression) -> String? {
        if let traversal = expression.staticTraversal { return traversal.description }
        return expression.literalString
    }

    static func traversalList(_ expression: HCLExpression?) -> [String] {
        guard case .tuple(let tuple) = expression else { return [] }
        return tuple.elements.compactMap(traversalText)
    }

    static func lifecycle(of body: Body, file: String) -> Lifecycle {
        var lifecycle = Lifecycle()
        guard let block = body.blocks(ofType: "lifecycle").first else { return lifecycle }
        lifecycle.range = FileRange(path: file, range: block.range)
        if let ignore = block.body.attribute("ignore_changes")?.expression {
            if traversalText(ignore) == "all" {
                lifecycle.ignoresAllChanges = true
            } else {
                lifecycle.ignoreChanges = traversalList(ignore)
            }
        }
        let constant = Evaluator(context: EvaluationContext(filePath: file))
        if let expression = block.body.attribute("create_before_destroy")?.expression {
            lifecycle.createBeforeDestroy = (try? constant.evaluate(expression))?.boolValue
        }
        if let expression = block.body.attribute("prevent_destroy")?.expression {
            lifecycle.preventDestroy = (try? constant.evaluate(expression))?.boolValue
        }
        lifecycle.replaceTriggeredBy = traversalList(block.body.attribute("replace_triggered_by")?.expression)
        return lifecycle
    }

    // MARK: Module calls

    private static let moduleMetaArguments: Set<String> = ["source", "version", "count", "for_each", "providers", "depends_on"]

    private func moduleCall(_ call: ModuleCall, referencedAt reference: FileRange?) -> ModuleCallResult {
        switch moduleStates[call.name] {
        case .done(let result):
            return result
        case .evaluating:
            // Terraform orders a module's inputs and outputs one by one, so module A may read an
            // output of B while B reads another output of A. Evaluating a call as a whole cannot
            // see that, so the outputs read from inside their own call are unknown, not an error.
            return ModuleCallResult(children: [], value: .unknownValue)
        case nil:
            moduleStates[call.name] = .evaluating
            evaluationStack.append("module.\(call.name)")
            defer { evaluationStack.removeLast() }
            let result = evaluateModuleCall(call)
            moduleStates[call.name] = .done(result)
            return result
        }
    }

    private func evaluateModuleCall(_ call: ModuleCall) -> ModuleCallResult {
        let file = call.range.path
        let address = addressPrefix + "module." + call.name
        var loaded: TerraformModule?
        var notEvaluated: String?
        var childDirectory: String?
        let installed = call.isLocal ? nil : session.options.installedModules.directory(callPath: path.map(\.name), name: call.name)
        if !call.isLocal && installed == nil {
            notEvaluated = "its source \"\(call.source)\" is not in this tree and terraform init has not downloaded it here"
        } else if path.count >= session.options.maximumModuleDepth {
            notEvaluated = "modules nest deeper than \(session.options.maximumModuleDepth) levels"
        } else {
            let directory = installed
                ?? URL(fileURLWithPath: module.directory).appendingPathComponent(call.source).standardizedFileURL.path
            childDirectory = session.displayPath(of: directory)
            switch session.load(directory: directory) {
            case .success(let child): loaded = child
            case .failure(let error):
                session.report(Diagnostic(error))
                notEvaluated = "the module could not be loaded: \(error.description)"
            }
        }

        func instance(key: InstanceKey?, countIndex: Value?, each: (key: Value, value: Value)?, unknown: Bool) -> (InstanceEvaluator?, ModuleInstance) {
            let step = ModuleStep(name: call.name, key: key)
            let evaluator = Evaluator(context: context(file: file, countIndex: countIndex, each: each))
            var arguments: [String: ProvidedValue] = [:]
            for attribute in call.body.attributes where !Self.moduleMetaArguments.contains(attribute.name) {
                arguments[attribute.name] = .argument(evaluate(attribute.expression, evaluator), FileRange(path: file, range: attribute.range))
            }
            guard let child = loaded else {
                let record = ModuleInstance(path: path + [step], source: call.source, directory: childDirectory,
                                            status: .notEvaluated(reason: notEvaluated ?? "not evaluated"), variables: [:],
                                            locals: [:], outputs: [:], range: call.range)
                return (nil, record)
            }
            let declared = Set(child.variables.map(\.name))
            for attribute in call.body.attributes where !Self.moduleMetaArguments.contains(attribute.name) && !declared.contains(attribute.name) {
                session.report(Diagnostic(.error, "Unsupported argument: module \"\(call.name)\" has no variable named \"\(attribute.name)\"",
                                          at: FileRange(path: file, range: attribute.nameRange)))
            }
            let childEvaluator = InstanceEvaluator(session: session, module: child, path: path + [step],
                                                   displayPath: childDirectory ?? child.displayPath, provided: arguments)
            childEvaluator.run()
            var record = ModuleInstance(path: path + [step], source: call.source, directory: childDirectory,
                                        status: unknown ? .expansionUnknown : .evaluated, variables: childEvaluator.variables,
                                        locals: childEvaluator.localValues, outputs: childEvaluator.outputs, range: call.range)
            for attribute in call.body.attributes where !Self.moduleMetaArguments.contains(attribute.name) {
                record.argumentExpressions[attribute.name] = attribute.expression
            }
            for output in child.outputs { record.outputExpressions[output.name] = output.expression }
            return (childEvaluator, record)
        }
        func outputsValue(_ made: (InstanceEvaluator?, ModuleInstance)) -> Value {
            guard let child = made.0 else { return .unknownValue }
            return .object(child.outputs)
        }

        switch expansion(of: call.body, file: file, what: address) {
        case .single:
            let made = instance(key: nil, countIndex: nil, each: nil, unknown: false)
            return ModuleCallResult(children: [made], value: outputsValue(made))
        case .unknown(let isCount):
            let made = instance(key: nil, countIndex: isCount ? .unknown(.number) : nil,
                                each: isCount ? nil : (key: .unknown(.string), value: .unknownValue), unknown: true)
            return ModuleCallResult(children: [made], value: .unknownValue)
        case .keys(let keys):
            var children: [(InstanceEvaluator?, ModuleInstance)] = []
            var byIndex: [Value] = []
            var byKey: [String: Value] = [:]
            for (key, each) in keys {
                let made = instance(key: key, countIndex: each == nil ? key.value : nil, each: each, unknown: false)
                children.append(made)
                switch key {
                case .int: byIndex.append(outputsValue(made))
                case .string(let name): byKey[name] = outputsValue(made)
                }
            }
            let usesCount = call.body.attribute("count") != nil
            return ModuleCallResult(children: children, value: usesCount ? .tuple(byIndex) : .object(byKey))
        }
    }

    // MARK: Whole module

    /// Evaluates everything the module declares.
    func run() {
        for local in module.locals {
            do throws(EvaluationError) {
                _ = try self.local(local.name, referencedAt: nil)
            } catch {
                session.report(Diagnostic(error))
            }
        }
        for declaration in module.resources { _ = resource(declaration, referencedAt: nil) }
        for call in module.moduleCalls { _ = moduleCall(call, referencedAt: nil) }
        for output in module.outputs {
            guard let expression = output.expression else {
                session.report(Diagnostic(.error, "Missing required argument: output \"\(output.name)\" needs a value", at: output.range))
                outputs[output.name] = .unknownValue
                continue
            }
            outputs[output.name] = evaluate(expression, Evaluator(context: context(file: output.range.path))).marked(output.isSensitive)
        }
        for provider in module.providers {
            let body = evaluateBody(provider.body, Evaluator(context: context(file: provider.range.path)), file: provider.range.path)
            providers.append(ProviderConfiguration(modulePath: path, name: provider.name, alias: provider.alias, body: body,
                                                   range: provider.range))
        }
    }

    /// Appends this instance's resources, module instances and providers, then its children's.
    func collect(into result: inout EvaluatedModule) {
        for declaration in module.resources {
            if case .done(let resource) = resourceStates[declaration.address] { result.resources += resource.instances }
        }
        result.providers += providers
        for call in module.moduleCalls {
            guard case .done(let callResult) = moduleStates[call.name] else { continue }
            for (child, record) in callResult.children {
                result.modules.append(record)
                child?.collect(into: &result)
            }
        }
    }
}
