import AnshinCore
import AnshinHCL
import Foundation

/// # The Terraform half of the inventory
///
/// Terraform code evaluated for one environment (``EvaluatedModule``) becomes the same
/// ``Inventory`` the live audit fills from the AWS APIs, so every check reads one model.
///
/// Design choices:
/// - An argument that is absent means what the AWS provider (or AWS) does by default; each
///   default relied on is a documented fact, cited beside the line that uses it.
/// - An argument whose value is known only after apply is ``Setting/unknown``, so checks stay
///   silent rather than guess. The same holds when a configuration resource (a v4+
///   `aws_s3_bucket_versioning`) cannot be tied to its bucket: the setting of every bucket it
///   might belong to becomes unknown.
/// - Resources whose `count`/`for_each` is unknown may not exist: they are left out, and what
///   they would configure becomes unknown.
/// - Both AWS provider styles are read: v3 inline blocks on `aws_s3_bucket` and the v4+ split
///   resources linked to their bucket by reference or by literal name.

/// What the Terraform inventory needs besides the evaluated module.
public struct TerraformSource: Sendable {
    /// The catalog environment, if any.
    public var environment: String?
    public var production: Bool
    /// The environment's AWS account from the catalog, when known.
    public var account: String?
    /// The environment's first region from the catalog, when known.
    public var region: String?
    /// The root module's directory relative to the audited folder (`.` for the folder itself).
    public var directory: String
    /// Settings from the environment's `.tfbackend` file, merged over the `backend` block.
    public var backendConfig: [String: String]
    /// The `.tfbackend` file, relative to the audited folder.
    public var backendFile: String?
    /// The parsed files of the root module, to locate the `terraform` block and provider entries.
    public var files: [HCLFile]
    /// The folder of the Terragrunt unit that runs the module, when one does: resources are
    /// named `<unit>:<address>`, since several units may run one module in one environment.
    public var unit: String?

    public init(environment: String? = nil, production: Bool = false, account: String? = nil, region: String? = nil,
                directory: String = ".", backendConfig: [String: String] = [:], backendFile: String? = nil,
                files: [HCLFile] = [], unit: String? = nil) {
        self.unit = unit
        self.environment = environment
        self.production = production
        self.account = account
        self.region = region
        self.directory = directory
        self.backendConfig = backendConfig
        self.backendFile = backendFile
        self.files = files
    }
}

extension Inventory {
    /// Builds the inventory of a root module evaluated for one environment.
    public init(terraform module: EvaluatedModule, source: TerraformSource) {
        self.init(source: .terraform, environment: source.environment, production: source.production)
        account = source.account
        region = source.region
        let reader = TerraformReader(module: module, source: source)
        reader.fill(&self)
    }
}

/// Reads one evaluated module into an inventory: shared lookups and value conversions; each
/// service's mapping lives in its own `Inventory+Terraform<Service>.swift` extension.
struct TerraformReader {
    let module: EvaluatedModule
    let source: TerraformSource
    /// Managed resources that surely exist (expansion known), by type.
    let byType: [String: [ResourceInstance]]
    /// Managed resources whose `count`/`for_each` is unknown, by type.
    let uncertainByType: [String: [ResourceInstance]]
    /// Data sources by address.
    let data: [String: ResourceInstance]
    /// Every managed resource instance by address.
    let byAddress: [String: ResourceInstance]
    /// Every evaluated module instance by address (`module.a.module.b["x"]`).
    let modulesByAddress: [String: ModuleInstance]

    init(module: EvaluatedModule, source: TerraformSource) {
        self.module = module
        self.source = source
        var byType: [String: [ResourceInstance]] = [:]
        var uncertain: [String: [ResourceInstance]] = [:]
        var data: [String: ResourceInstance] = [:]
        var byAddress: [String: ResourceInstance] = [:]
        for instance in module.resources {
            if instance.mode == .data {
                data[instance.address] = instance
                continue
            }
            if instance.expansionUnknown {
                uncertain[instance.type, default: []].append(instance)
            } else {
                byType[instance.type, default: []].append(instance)
                byAddress[instance.address] = instance
            }
        }
        self.byType = byType
        uncertainByType = uncertain
        self.data = data
        self.byAddress = byAddress
        modulesByAddress = Dictionary(module.modules.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func fill(_ inventory: inout Inventory) {
        inventory.terraform = terraformSettings()
        var buckets = s3Buckets()
        markBucketUses(&buckets)
        inventory.s3Buckets = buckets
        fillAccountSettings(&inventory)
        fillAccountFacts(&inventory)
        inventory.iamUsers = iamUsers()
        inventory.iamPolicies = iamPolicies()
        inventory.policyAttachments = policyAttachments()
        inventory.trails = trails()
        inventory.configRecorders = configRecorders()
        inventory.vpcs = vpcs()
        inventory.loadBalancers = loadBalancers()
        inventory.listeners = listeners()
        inventory.distributions = distributions()
        inventory.webACLs = webACLs()
        inventory.databases = databases()
        inventory.cacheClusters = cacheClusters()
        inventory.instances = instances()
        inventory.logGroups = logGroups()
        inventory.parameters = parameters()
        inventory.kmsKeys = kmsKeys()
        inventory.containerRepositories = containerRepositories()
        inventory.ebsVolumes = ebsVolumes()
        inventory.managedSecrets = managedSecrets()
        inventory.securityGroupIngress = securityGroupIngress()
        inventory.defaultSecurityGroups = defaultSecurityGroups()
        inventory.functions = functions()
        inventory.taskDefinitions = taskDefinitions()
        inventory.subnets = subnets()
        inventory.targetGroups = targetGroups()
        inventory.containerServices = containerServices()
        inventory.autoScalingGroups = autoScalingGroups()
        inventory.dnsRecords = dnsRecords()
        inventory.requestFlows = requestFlows()
        placeInVPCs(&inventory)
        placeInSubnets(&inventory)
    }

    /// Instances of the given types that surely exist.
    func resources(_ types: String...) -> [ResourceInstance] {
        types.flatMap { byType[$0] ?? [] }
    }

    /// Instances of the given types whose existence is unknown.
    func uncertain(_ types: String...) -> [ResourceInstance] {
        types.flatMap { uncertainByType[$0] ?? [] }
    }

    // MARK: Locations

    /// A location relative to the audited folder, from a path relative to the root module.
    func location(_ range: FileRange) -> Location {
        Location(path: TerraformWorkspace.join(source.directory, range.path), line: range.range.start.line,
                 column: range.range.start.column, endLine: range.range.end.line)
    }


    /// Where a resource is declared.
    func location(_ instance: ResourceInstance) -> Location { location(instance.range) }

    /// Where an attribute is written, or the resource block when it is not.
    func location(of attribute: String, in instance: ResourceInstance) -> Location {
        instance.range(of: attribute).map(location) ?? location(instance)
    }

    /// The reference of a resource for findings; `nameAttribute` holds its own name.
    /// The identifier of a resource in the inventory: its address, after its Terragrunt unit.
    func identifier(_ instance: ResourceInstance) -> String {
        source.unit.map { "\($0):\(instance.address)" } ?? instance.address
    }

    func reference(_ instance: ResourceInstance, nameAttribute: String? = nil) -> ResourceReference {
        let name = nameAttribute.flatMap { instance.body.string($0) }
        return ResourceReference(kind: instance.type, identifier: identifier(instance), name: name, account: source.account,
                                 region: source.region, environment: source.environment, location: location(instance))
    }

    // MARK: References between resources

    /// Which of `owners` a configuration resource's `attribute` names.
    enum OwnerLink: Equatable {
        /// The owner at this index of `owners`.
        case owner(Int)
        /// One of these owners, which share the name it gives.
        case oneOf([Int])
        /// Any of them, or none: the value is known only after apply, or the name it gives may
        /// be that of an owner whose name is unknown.
        case unknown
        /// A resource this configuration does not declare.
        case elsewhere
    }

    /// Links a configuration resource (`aws_s3_bucket_versioning`) to its owner (`aws_s3_bucket`)
    /// the way Terraform does: by the reference written in `attribute` first; by the name it
    /// holds only when it references none of them, and then only when exactly one owner has
    /// that name and no owner's name is unknown. `names` are the owners' names, nil where unknown;
    /// `defaultName` is the name an absent attribute means; `normalise` turns the attribute's
    /// text into a name (an ARN into a bucket name).
    func link(_ config: ResourceInstance, attribute name: String, owners: [ResourceInstance], names: [String?], types: Set<String>,
              defaultName: String? = nil, normalise: (String) -> String = { $0 }) -> OwnerLink {
        let attribute = config.attribute(name)
        if let target = referenced(by: attribute, from: config, types: types).first {
            if let index = owners.firstIndex(where: { $0.address == target.address }) { return .owner(index) }
        }
        let text: String
        if let present = attribute?.value.present {
            guard let known = TerraformValue.string(present) else { return .unknown }
            text = known
        } else {
            guard let defaultName else { return .elsewhere }
            text = defaultName
        }
        let wanted = normalise(text)
        let matching = names.indices.filter { names[$0] == wanted }
        if names.contains(nil) { return .unknown }
        if matching.count == 1 { return .owner(matching[0]) }
        return matching.isEmpty ? .elsewhere : .oneOf(matching)
    }

    /// The managed resources of `types` that an attribute refers to (`aws_s3_bucket.logs.id`), in
    /// the referring instance's module. A reference without a constant index to a resource with
    /// several instances resolves to the instance with the referrer's own key, if any.
    func referenced(by attribute: EvaluatedAttribute?, from instance: ResourceInstance, types: Set<String>) -> [ResourceInstance] {
        guard let expression = attribute?.expression else { return [] }
        return referenced(in: expression, from: instance, types: types)
    }

    func referenced(in expression: HCLExpression, from instance: ResourceInstance, types: Set<String>) -> [ResourceInstance] {
        referenced(in: expression, modulePath: instance.modulePath, ownKey: instance.key, types: types, depth: 0)
    }

    /// How many module boundaries (inputs and outputs) a reference is followed through.
    static let maximumReferenceDepth = 8

    /// The resources `expression`, written in the module at `modulePath`, refers to; through
    /// `var.x` to what the module's caller passed, and through `module.m.out` to what the
    /// output is made of, so a log bucket passed from one module instance to another is found.
    private func referenced(in expression: HCLExpression, modulePath: [ModuleStep], ownKey: InstanceKey?, types: Set<String>,
                            depth: Int) -> [ResourceInstance] {
        let prefix = modulePath.map { $0.description + "." }.joined()
        var result: [ResourceInstance] = []
        for traversal in expression.references {
            guard case .attribute(let name)? = traversal.steps.first else { continue }
            if depth < Self.maximumReferenceDepth, traversal.root == "var" || traversal.root == "module" {
                result += referencedAcrossModules(traversal, name: name, modulePath: modulePath, ownKey: ownKey, types: types, depth: depth)
                continue
            }
            guard types.contains(traversal.root) else { continue }
            let base = prefix + traversal.root + "." + name
            var key: String?
            if traversal.steps.count > 1 {
                switch traversal.steps[1] {
                case .numberIndex(let number): key = "[\(number)]"
                case .stringIndex(let text): key = "[\"\(text)\"]"
                case .attribute: key = nil
                }
            }
            if let key, let target = byAddress[base + key] {
                result.append(target)
            } else if let target = byAddress[base] {
                result.append(target)
            } else if let own = ownKey, let target = byAddress[base + own.description] {
                result.append(target)
            } else {
                let all = byAddress.values.filter { $0.address.hasPrefix(base + "[") }
                if all.count == 1 { result += all }
            }
        }
        return result
    }

    /// `var.name…` in a module instance: the caller's argument (the one member named next, when
    /// the argument is an object written out); `module.name[key].output`: the output's value
    /// expression in that instance.
    private func referencedAcrossModules(_ traversal: Traversal, name: String, modulePath: [ModuleStep], ownKey: InstanceKey?,
                                         types: Set<String>, depth: Int) -> [ResourceInstance] {
        if traversal.root == "var" {
            guard let call = modulePath.last, let instance = modulesByAddress[modulePath.map(\.description).joined(separator: ".")],
                  var argument = instance.argumentExpressions[name] else { return [] }
            if traversal.steps.count > 1, case .object(let object) = argument {
                let member: String? = switch traversal.steps[1] {
                case .attribute(let key), .stringIndex(let key): key
                case .numberIndex: nil
                }
                if let member, let item = object.items.first(where: { $0.literalKey == member }) { argument = item.value }
            }
            return referenced(in: argument, modulePath: Array(modulePath.dropLast()), ownKey: call.key, types: types, depth: depth + 1)
        }
        // module.name.output, or module.name[key].output
        var steps = traversal.steps.dropFirst()
        var key: String?
        switch steps.first {
        case .numberIndex(let number)?: key = "[\(number)]"; steps = steps.dropFirst()
        case .stringIndex(let text)?: key = "[\"\(text)\"]"; steps = steps.dropFirst()
        default: break
        }
        guard case .attribute(let output)? = steps.first else { return [] }
        let base = modulePath.map(\.description).joined(separator: ".")
        let address = (base.isEmpty ? "" : base + ".") + "module." + name
        let candidates: [ModuleInstance]
        if let key, let instance = modulesByAddress[address + key] {
            candidates = [instance]
        } else if let instance = modulesByAddress[address] {
            candidates = [instance]
        } else {
            let all = modulesByAddress.values.filter { $0.address.hasPrefix(address + "[") }
            candidates = all.count == 1 ? all : []
        }
        return candidates.flatMap { instance -> [ResourceInstance] in
            guard let expression = instance.outputExpressions[output] else { return [] }
            return referenced(in: expression, modulePath: instance.path, ownKey: nil, types: types, depth: depth + 1)
        }
    }

    /// Whether an attribute may name a managed resource of `types` that it could not be tied to:
    /// its value is known only after apply, and it refers to no such resource and no data source.
    func mayReferToUntied(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance, types: Set<String>) -> Bool {
        guard let attribute, let value = attribute.value.present, !value.isWhollyKnown else { return false }
        guard referenced(by: attribute, from: instance, types: types).isEmpty else { return false }
        return !(attribute.expression?.references.contains { $0.root == "data" } ?? false)
    }

    /// An address without its final instance key: `module.a.aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`.
    static func baseAddress(_ address: String) -> String {
        guard address.hasSuffix("]"), let open = address.lastIndex(of: "[") else { return address }
        return String(address[..<open])
    }
}

// MARK: - Reading values

extension Value {
    /// The value without sensitivity marks, nil when null (Terraform treats null as unset).
    var present: Value? {
        let plain = deepUnmarked
        return plain.isNull ? nil : plain
    }
}

extension EvaluatedBody {
    /// An attribute's value without marks; nil when not set or null.
    func value(_ name: String) -> Value? { attributes[name]?.value.present }

    /// A known string attribute (numbers and bools as Terraform converts them).
    func string(_ name: String) -> String? {
        guard let value = value(name) else { return nil }
        return TerraformValue.string(value)
    }

    /// A boolean argument: `fallback` when not set (the provider's default), unknown when known only after apply.
    func bool(_ name: String, default fallback: Bool) -> Setting<Bool> {
        TerraformValue.bool(value(name), default: fallback)
    }

    /// A string argument: `.known(nil)` when not set.
    func optionalString(_ name: String) -> Setting<String?> {
        guard let value = value(name) else { return .known(nil) }
        guard let text = TerraformValue.string(value) else { return .unknown }
        return .known(text)
    }

    /// The nested blocks of one type, unknown when a dynamic block with an unknown for_each makes them.
    func blockSetting(_ type: String) -> Setting<[EvaluatedBlock]> {
        unknownBlockTypes.contains(type) ? .unknown : .known(blocks(ofType: type))
    }
}

extension ResourceInstance {
    /// An attribute with its expression and structure.
    func attribute(_ name: String) -> EvaluatedAttribute? { body.attributes[name] }
}

/// Conversions from Terraform values, as Terraform converts arguments to their schema types.
enum TerraformValue {
    static func string(_ value: Value) -> String? {
        value.primitiveString
    }

    static func bool(_ value: Value?, default fallback: Bool) -> Setting<Bool> {
        guard let value = value?.present else { return .known(fallback) }
        switch value {
        case .bool(let flag): return .known(flag)
        case .string("true"): return .known(true)
        case .string("false"): return .known(false)
        default: return .unknown
        }
    }

    static func int(_ value: Value?) -> Setting<Int?> {
        guard let value = value?.present else { return .known(nil) }
        if let number = value.numberValue { return .known(Int(number.doubleValue)) }
        if let text = value.stringValue, let number = Int(text) { return .known(number) }
        return .unknown
    }

    /// A whole number of days; unknown when known only after apply.
    static func days(_ value: Value) -> Setting<Int> {
        if case .known(let days?) = int(value) { return .known(days) }
        return .unknown
    }

    /// A list of strings; unknown when the list or any element is.
    static func strings(_ value: Value?) -> Setting<[String]>? {
        guard let value = value?.present else { return nil }
        if let text = string(value) { return .known([text]) }
        guard let elements = value.elements else { return .unknown }
        var result: [String] = []
        for element in elements {
            guard let text = string(element) else { return .unknown }
            result.append(text)
        }
        return .known(result)
    }
}
