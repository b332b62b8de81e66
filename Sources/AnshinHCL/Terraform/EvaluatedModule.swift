/// The key of one instance of a resource or module with `count` or `for_each`.
public enum InstanceKey: Sendable, Hashable, CustomStringConvertible {
    /// `[0]` under `count`.
    case int(Int)
    /// `["name"]` under `for_each`.
    case string(String)

    /// `[0]` or `["name"]`.
    public var description: String {
        switch self {
        case .int(let index): "[\(index)]"
        case .string(let key): "[\(Value.quote(key))]"
        }
    }

    /// The key as a value (`count.index` or `each.key`).
    public var value: Value {
        switch self {
        case .int(let index): .int(index)
        case .string(let key): .string(key)
        }
    }
}

/// One step of a module path: `module.name` or `module.name["key"]`.
public struct ModuleStep: Sendable, Hashable, CustomStringConvertible {
    /// The module call's name.
    public var name: String
    /// The instance key when the call has `count` or `for_each`.
    public var key: InstanceKey?

    /// Creates a step.
    public init(name: String, key: InstanceKey? = nil) {
        self.name = name
        self.key = key
    }

    /// `module.name` plus the key.
    public var description: String { "module.\(name)" + (key?.description ?? "") }
}

/// An evaluated attribute: its value and where it is written.
public struct EvaluatedAttribute: Sendable, Hashable {
    /// The value; unknown when it depends on something known only after apply, or on an error.
    public var value: Value
    /// From the attribute name to the end of its expression.
    public var range: FileRange
    /// The expression as written, so a reader can follow references (`aws_vpc.main.id`) whose
    /// values are known only after apply.
    public var expression: HCLExpression?
    /// The known structure behind an unknown ``value``: for `jsonencode(x)`, the value of `x`; for
    /// a string template of literals and interpolations, a tuple of its parts (literal text as
    /// strings, interpolated values as they are). A policy whose ARNs are known only after apply
    /// still shows its actions and effects this way. Nil when the value is wholly known or the
    /// expression is anything else.
    public var structure: Value?
    /// The value is known although a condition it depends on is not: every branch the
    /// condition could take gives this same value (`var.ha ? false : false`).
    public var decidedByEveryOutcome: Bool = false
    /// For an unknown value behind a condition that is not known, when every branch is known:
    /// the different values it may take (`var.prod ? 3 : 0` gives 3 and 0). Nil otherwise.
    public var outcomes: [Value]?
}

/// An evaluated nested block (`versioning_configuration { ... }`), dynamic ones expanded.
public struct EvaluatedBlock: Sendable, Hashable {
    /// The block type.
    public var type: String
    /// The labels (rare in resources; `provisioner "local-exec"`).
    public var labels: [String]
    /// The evaluated contents.
    public var body: EvaluatedBody
    /// The block in the source; for a block made by `dynamic`, the `content` block.
    public var range: FileRange
    /// Whether a `dynamic` block produced it.
    public var isDynamic: Bool
}

/// The evaluated contents of a resource or nested block.
public struct EvaluatedBody: Sendable, Hashable {
    /// Attributes by name.
    public var attributes: [String: EvaluatedAttribute] = [:]
    /// Nested blocks in source order (dynamic blocks expanded in place).
    public var blocks: [EvaluatedBlock] = []
    /// Block types produced by a `dynamic` block whose `for_each` is unknown: how many there will
    /// be, and what they hold, is only known after apply.
    public var unknownBlockTypes: Set<String> = []
    /// For each of ``unknownBlockTypes`` made by one `dynamic` block: the block it makes for any
    /// element, its `content` evaluated with the iterator unknown. There will be none of them, or
    /// some, each like this one (what depends on the element unknown).
    public var possibleBlocks: [String: EvaluatedBlock] = [:]

    /// The nested blocks of one type.
    public func blocks(ofType type: String) -> [EvaluatedBlock] { blocks.filter { $0.type == type } }

    /// The body as one object: attributes, plus each nested block type as a list of objects
    /// (unknown for ``unknownBlockTypes``). Attributes not set in configuration are absent.
    public var value: Value {
        var members = attributes.mapValues(\.value)
        var byType: [String: [Value]] = [:]
        for block in blocks { byType[block.type, default: []].append(block.body.value) }
        for (type, values) in byType { members[type] = .list(values) }
        for type in unknownBlockTypes { members[type] = .unknown(.list(.dynamic)) }
        return .object(members)
    }

    /// The body as other expressions see it: a partial object, so attributes not set in
    /// configuration (computed by the provider) read as unknown. An attribute set to `null` is
    /// unset too: optional and computed attributes (`default_version` of a launch template) get
    /// their value from the provider, and without the provider's schema the two cannot be told apart.
    var referenceValue: Value {
        var members = attributes.mapValues(\.value).filter { !$0.value.isNull }
        var byType: [String: [Value]] = [:]
        for block in blocks { byType[block.type, default: []].append(block.body.referenceValue) }
        for (type, values) in byType { members[type] = .list(values) }
        for type in unknownBlockTypes { members[type] = .unknownValue }
        return .partial(members)
    }
}

/// The `lifecycle` block of a resource.
public struct Lifecycle: Sendable, Hashable {
    /// `ignore_changes` entries as written (`value`, `tags["Owner"]`); empty when absent.
    public var ignoreChanges: [String] = []
    /// `ignore_changes = all`.
    public var ignoresAllChanges = false
    /// `create_before_destroy`, when set.
    public var createBeforeDestroy: Bool?
    /// `prevent_destroy`, when set.
    public var preventDestroy: Bool?
    /// `replace_triggered_by` entries as written.
    public var replaceTriggeredBy: [String] = []
    /// The block, when present.
    public var range: FileRange?
}

/// One instance of a resource or data source after `count`/`for_each` expansion.
public struct ResourceInstance: Sendable, Hashable, CustomStringConvertible {
    /// The full address, e.g. `module.assets.aws_s3_bucket.this`, `aws_iam_user.legacy_app[0]`.
    public var address: String
    /// `managed` or `data`.
    public var mode: ResourceMode
    /// The resource type.
    public var type: String
    /// The resource name.
    public var name: String
    /// The module instances containing it, outermost first; empty in the root module.
    public var modulePath: [ModuleStep]
    /// The instance key under `count` or `for_each`.
    public var key: InstanceKey?
    /// Whether `count` or `for_each` is unknown before apply: this single instance stands for
    /// however many there will be, and `count.index`/`each.*` are unknown in it.
    public var expansionUnknown: Bool
    /// The evaluated body with source ranges.
    public var body: EvaluatedBody
    /// The `resource` or `data` block.
    public var range: FileRange
    /// The `lifecycle` block.
    public var lifecycle: Lifecycle
    /// The `provider` meta-argument as written (`aws.us_east_1`), if any.
    public var provider: String?
    /// `depends_on` entries as written.
    public var dependsOn: [String]
    /// Types of the `provisioner` blocks, which are not evaluated.
    public var provisioners: [String]

    /// The attributes as one object: nested blocks are lists of objects; attributes not set in
    /// configuration are absent.
    public var attributes: Value { body.value }

    /// One attribute's value, or nil when it is not set in configuration.
    public subscript(attribute: String) -> Value? { body.attributes[attribute]?.value }

    /// Where one attribute is written, or nil when it is not set.
    public func range(of attribute: String) -> FileRange? { body.attributes[attribute]?.range }

    /// The address.
    public var description: String { address }
}

/// A module call instance and what became of it.
public struct ModuleInstance: Sendable, Hashable {
    /// How far it was evaluated.
    public enum Status: Sendable, Hashable {
        /// A local module, evaluated.
        case evaluated
        /// A registry, git or other remote source: not fetched, so its resources are missing and
        /// its outputs unknown.
        case notEvaluated(reason: String)
        /// `count`/`for_each` unknown: one placeholder instance, evaluated with unknown keys.
        case expansionUnknown
    }

    /// The module path of this instance.
    public var path: [ModuleStep]
    /// The `source` argument.
    public var source: String
    /// The module directory relative to the root module, for local sources.
    public var directory: String?
    /// What happened.
    public var status: Status
    /// The module's input variables.
    public var variables: [String: Value]
    /// Its local values.
    public var locals: [String: Value]
    /// Its outputs.
    public var outputs: [String: Value]
    /// The `module` block.
    public var range: FileRange
    /// The call's arguments as written, in the calling module's scope: what a value known only
    /// after apply was made of, for tying a resource to another across module boundaries.
    public var argumentExpressions: [String: HCLExpression] = [:]
    /// The `value` of each output as written, in this instance's scope.
    public var outputExpressions: [String: HCLExpression] = [:]

    /// `module.a.module.b["x"]`.
    public var address: String { path.map(\.description).joined(separator: ".") }
}

/// An evaluated `provider` block.
public struct ProviderConfiguration: Sendable, Hashable {
    /// The module path it belongs to.
    public var modulePath: [ModuleStep]
    /// The provider's local name.
    public var name: String
    /// The alias, if any.
    public var alias: String?
    /// The evaluated body.
    public var body: EvaluatedBody
    /// The block.
    public var range: FileRange
}

/// A root module evaluated for one set of variables (one environment).
public struct EvaluatedModule: Sendable {
    /// The root module's variable values.
    public var variables: [String: Value]
    /// The root module's local values.
    public var locals: [String: Value]
    /// The root module's outputs.
    public var outputs: [String: Value]
    /// Every resource and data source instance, of the root module and of every evaluated
    /// module, in declaration order (root first, then each module call in order).
    public var resources: [ResourceInstance]
    /// Every module call instance, nested ones included.
    public var modules: [ModuleInstance]

    /// Where an attribute of a resource is known only because every outcome of an unknown
    /// condition gives the same value (see ``EvaluatedAttribute/decidedByEveryOutcome``).
    public var decidedByEveryOutcome: [FileRange] {
        func collect(_ body: EvaluatedBody) -> [FileRange] {
            body.attributes.values.filter(\.decidedByEveryOutcome).map(\.range) + body.blocks.flatMap { collect($0.body) }
        }
        return resources.flatMap { collect($0.body) }
    }
    /// Every provider block, nested modules included.
    public var providers: [ProviderConfiguration]
    /// The root module's `terraform` settings.
    public var settings: TerraformSettings
    /// Problems met; evaluation continued past each of them.
    public var diagnostics: [Diagnostic]

    /// The instances of managed resources of one type.
    public func resources(ofType type: String) -> [ResourceInstance] {
        resources.filter { $0.mode == .managed && $0.type == type }
    }

    /// The instance with this address.
    public func resource(_ address: String) -> ResourceInstance? {
        resources.first { $0.address == address }
    }

    /// The errors among the diagnostics.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The module as it may turn out after apply, once for every combination of the outcomes
    /// that are not known but are few: each attribute with ``EvaluatedAttribute/outcomes`` set to
    /// each of them, each `dynamic` block with an unknown `for_each` making none or some of its
    /// ``EvaluatedBody/possibleBlocks``. Nil when there is no such choice, or more than `limit`
    /// combinations (then nothing is claimed about every outcome).
    public func outcomeVariants(limit: Int = 64) -> [EvaluatedModule]? {
        var choices: [(index: Int, bodies: [EvaluatedBody])] = []
        var total = 1
        for (index, resource) in resources.enumerated() where resource.mode == .managed {
            guard let bodies = resource.body.outcomeVariants(limit: limit), bodies.count > 1 else { continue }
            total *= bodies.count
            guard total <= limit else { return nil }
            choices.append((index, bodies))
        }
        guard !choices.isEmpty else { return nil }
        var variants: [EvaluatedModule] = []
        for combination in 0..<total {
            var variant = self
            var rest = combination
            for choice in choices {
                variant.resources[choice.index].body = choice.bodies[rest % choice.bodies.count]
                rest /= choice.bodies.count
            }
            variants.append(variant)
        }
        return variants
    }
}

extension EvaluatedBody {
    /// This body once for every combination of its own and its nested blocks' open outcomes (see
    /// ``EvaluatedModule/outcomeVariants(limit:)``); nil past `limit` combinations.
    func outcomeVariants(limit: Int) -> [EvaluatedBody]? {
        var variants = [self]
        func multiply(_ options: [(inout EvaluatedBody) -> Void]) -> Bool {
            guard options.count > 1 else { return true }
            guard variants.count * options.count <= limit else { return false }
            variants = variants.flatMap { body in
                options.map { apply in
                    var copy = body
                    apply(&copy)
                    return copy
                }
            }
            return true
        }
        for (name, attribute) in attributes.sorted(by: { $0.key < $1.key }) {
            guard let outcomes = attribute.outcomes, outcomes.count > 1 else { continue }
            let options = outcomes.map { value -> (inout EvaluatedBody) -> Void in
                { (body: inout EvaluatedBody) in
                    body.attributes[name]?.value = value
                    body.attributes[name]?.outcomes = nil
                }
            }
            guard multiply(options) else { return nil }
        }
        for type in unknownBlockTypes.sorted() {
            guard let block = possibleBlocks[type] else { continue }
            let none: (inout EvaluatedBody) -> Void = { body in
                body.unknownBlockTypes.remove(type)
                body.possibleBlocks[type] = nil
            }
            let some: (inout EvaluatedBody) -> Void = { body in
                body.unknownBlockTypes.remove(type)
                body.possibleBlocks[type] = nil
                body.blocks.append(block)
            }
            guard multiply([none, some]) else { return nil }
        }
        for index in blocks.indices {
            guard let nested = blocks[index].body.outcomeVariants(limit: limit), nested.count > 1 else { continue }
            let options = nested.map { inner -> (inout EvaluatedBody) -> Void in
                { (body: inout EvaluatedBody) in body.blocks[index].body = inner }
            }
            guard multiply(options) else { return nil }
        }
        return variants
    }
}
