import AnshinCore
import Foundation

/// # The infrastructure diagram
///
/// The picture an SRE draws by hand to explain a stack, drawn from the ``Inventory`` instead:
/// the account and its Region as outer boxes, each VPC as a container with its public and private
/// subnets inside and the resources that run in them, the rest of the Region in bands by tier
/// (edge, load balancing, compute, data, logging, identity), the request path (DNS record →
/// distribution → web ACL → load balancer → target group → service, group, instance or function)
/// as solid edges, data stores with small marks for their encryption, Multi-AZ and backup state,
/// the log flows the inventory knows as dashed edges, and a severity badge on every resource with
/// a finding.
///
/// Design choices:
/// - The model is pure: built from inventories and findings, rendered to text (DOT, Mermaid) by
///   pure functions; only the SVG layout runs a program (Graphviz, ``GraphvizLayout``).
/// - Nothing is guessed: a resource is drawn in a VPC only when the inventory knows its VPC, in
///   the public or private subnets only when all the subnets it names are known to be one kind,
///   and an edge only where the inventory knows who sends requests or writes logs to what.
/// - Readable on real stacks: ``groupingThreshold`` or more resources of one kind and role in one
///   place become one box (`12 × aws_s3_bucket`), which names its first members.
/// - Every resource of the inventory is drawn exactly once (a VPC as its container's header), so
///   a test can count them; ids derive from the Terraform addresses, so the output is stable.
public struct InfrastructureDiagram: Sendable, Hashable {
    /// Where a box sits.
    public enum Place: Sendable, Hashable {
        /// Global resources of the account (IAM, CloudFront).
        case account
        /// Regional resources outside any VPC.
        case region
        /// Inside the VPC container of this id.
        case vpc(String)
        /// Inside the container of a VPC's public or private subnets, of this id.
        case subnets(String)
    }

    /// The bands resources are arranged in, in request order.
    public enum Tier: String, Sendable, Hashable, CaseIterable, Comparable {
        case network, edge, loadBalancing, compute, data, logging, identity

        public var title: String {
            switch self {
            case .network: "Network"
            case .edge: "Edge"
            case .loadBalancing: "Load balancing"
            case .compute: "Compute"
            case .data: "Data"
            case .logging: "Logging and audit"
            case .identity: "Identity and configuration"
            }
        }

        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
    }

    /// A small mark on a box: a setting that matters for a data store or a log.
    public struct Mark: Sendable, Hashable {
        public enum State: String, Sendable, Hashable { case good, bad, unknown }
        public var text: String
        public var state: State

        public init(_ text: String, _ state: State) {
            self.text = text
            self.state = state
        }

        /// The mark as drawn: ✓, ✗ or ? before the text.
        public var symbolText: String {
            switch state {
            case .good: "✓ \(text)"
            case .bad: "✗ \(text)"
            case .unknown: "? \(text)"
            }
        }
    }

    /// A finding shown on a box.
    public struct FindingMark: Sendable, Hashable {
        public var ruleID: String
        public var title: String
        public var severity: Severity
        /// The resource the finding is about.
        public var identifier: String?
        public var fingerprint: String

        public init(_ finding: Finding) {
            ruleID = finding.ruleID
            title = finding.summary
            severity = finding.severity
            identifier = finding.resource?.identifier
            fingerprint = finding.fingerprint
        }
    }

    /// One box: a resource, or a group of resources of one kind and role in one place.
    public struct Node: Sendable, Hashable {
        /// Stable id (DOT node id, SVG element id, HTML anchor).
        public var id: String
        /// The Terraform resource type or AWS type.
        public var kind: String
        /// What the resources are for, when it distinguishes them (`log bucket`, `Terraform state`).
        public var role: String?
        public var place: Place
        public var tier: Tier
        /// The resources drawn in this box, as `directory:identifier` (`.:aws_s3_bucket.logs`).
        public var members: [String]
        /// Their names (the resource's own name, else its Terraform name), in member order.
        public var names: [String]
        /// Their own names where known (a bucket's name, a database's identifier, a live
        /// resource's name or id), in member order; nil where only the Terraform address names
        /// it. What a comparison of Terraform with the live account matches on.
        public var resourceNames: [String?] = []
        /// Marks of a single resource; a group has none.
        public var marks: [Mark]
        public var findings: [FindingMark]
        /// The size of a single resource (`db.r6g.large`, `cache.t3.medium`, `m5.large`), when known.
        public var size: String?
        /// How the box compares with another environment's diagram (``comparing(_:with:)``).
        public var difference: Difference?

        public var count: Int { members.count }
        public var isGroup: Bool { members.count > 1 }
        /// The worst severity among the findings, nil when there is none.
        public var severity: Severity? { findings.map(\.severity).max() }

        /// The box's title: the name, or `12 × aws_s3_bucket`.
        public var title: String { isGroup ? "\(count) × \(kind)" : names[0] }

        /// The line under the title: the kind and role of a resource; a group's role and first names.
        public var subtitle: String {
            if isGroup {
                let shown = names.prefix(3).joined(separator: ", ")
                let more = names.count > 3 ? ", +\(names.count - 3)" : ""
                return (role.map { "\($0): " } ?? "") + shown + more
            }
            return kind + (role.map { " · \($0)" } ?? "") + (size.map { " · \($0)" } ?? "")
        }
    }

    /// A VPC drawn as a container (its header node is the ``Node`` with the same id), or the
    /// public or private subnets of a VPC, drawn inside it.
    public struct Container: Sendable, Hashable {
        public var id: String
        public var label: String
        /// The VPC container a subnets container sits in; nil for a VPC.
        public var parent: String?
    }

    /// A flow between boxes.
    public struct Edge: Sendable, Hashable {
        /// `requests`: the request path (solid); `logs`: who delivers logs where (dashed).
        public enum Kind: String, Sendable, Hashable { case requests, logs }
        public var from: String
        public var to: String
        public var kind: Kind
        public var label: String
    }

    /// How a box differs from the compared environment's.
    public enum Difference: Sendable, Hashable {
        /// Its resources exist only in this environment.
        case onlyHere
        /// Drawn from the compared environment, which alone has these resources.
        case onlyThere
        /// In both, with these differences, each as the compared environment has it.
        case changed([String])
    }

    public var title: String
    public var environment: String?
    /// The environment this diagram is compared with, when it is a comparison.
    public var comparedWith: String?
    /// What this diagram stands for in a comparison, when not its environment (`Terraform`).
    public var side: String?
    public var account: String?
    public var region: String?
    public var containers: [Container]
    /// In drawing order: by place, tier, kind, role and name.
    public var nodes: [Node]
    public var edges: [Edge]
    /// Findings about no drawn resource (the account's settings, a file), for the HTML page.
    public var otherFindings: [FindingMark]

    /// The number of inventory resources drawn (a group counts its members).
    public var resourceCount: Int { nodes.reduce(0) { $0 + $1.count } }

    /// From this many resources of one kind and role in one place, they are drawn as one box.
    public static let groupingThreshold = 3

    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
}

// MARK: - Building

extension InfrastructureDiagram {
    /// One inventory to draw, with the root module it came from (`.` for a single stack or a live account).
    public struct Source: Sendable {
        public var directory: String
        public var inventory: Inventory

        public init(directory: String = ".", inventory: Inventory) {
            self.directory = directory
            self.inventory = inventory
        }
    }

    /// Draws the inventories of one environment (the stacks of one account) with their findings.
    ///
    /// - Parameters:
    ///   - findings: the findings to show as badges; suppressed ones are left out.
    ///   - directoryOf: the root module a finding came from, so a finding lands on the resource of
    ///     its own stack when two stacks use the same address; nil means `.`.
    public init(title: String, sources: [Source], findings: [Finding] = [], directoryOf: (Finding) -> String? = { _ in nil }) {
        self.title = title
        let first = sources.first?.inventory
        environment = first?.environment
        account = sources.lazy.compactMap(\.inventory.account).first
        // A live account's inventory spans Regions; its resources say which they were read in.
        region = sources.lazy.compactMap(\.inventory.region).first ?? {
            let regions = Set(sources.flatMap(\.inventory.regionalReferences).compactMap(\.region)).sorted()
            return regions.isEmpty ? nil : regions.joined(separator: ", ")
        }()
        var items: [Item] = []
        var vpcKeys: [String: String] = [:]
        var flows: [(RequestFlow, String)] = []
        for source in sources {
            flows += source.inventory.requestFlows.map { ($0, source.directory) }
            let collected = Self.items(source.inventory, directory: source.directory)
            for item in collected where item.isVPC {
                vpcKeys[item.key] = item.key
            }
            items += collected
        }
        // A resource whose VPC is not drawn (another stack's, or a data source) stays in the Region.
        for index in items.indices {
            if case .vpc(let key) = items[index].place, vpcKeys[key] == nil {
                items[index].place = .region
                items[index].side = nil
            }
        }
        var byKey: [String: [FindingMark]] = [:]
        var other: [FindingMark] = []
        let drawn = Set(items.map(\.key))
        for finding in findings where !finding.isSuppressed {
            let mark = FindingMark(finding)
            if let identifier = finding.resource?.identifier {
                let key = Self.key(directoryOf(finding) ?? ".", identifier)
                if drawn.contains(key) {
                    byKey[key, default: []].append(mark)
                    continue
                }
            }
            other.append(mark)
        }
        otherFindings = other

        // Group by place, tier, kind and role; the VPC itself always stays its own box.
        struct GroupKey: Hashable { var place: Place; var side: Bool?; var tier: Tier; var kind: String; var role: String? }
        var groups: [GroupKey: [Item]] = [:]
        for item in items {
            groups[GroupKey(place: item.place, side: item.side, tier: item.tier, kind: item.kind, role: item.role), default: []].append(item)
        }
        var sideOfNode: [String: Bool] = [:]
        var vpcNodes: Set<String> = []
        var ids = IdentifierMaker()
        var nodes: [Node] = []
        var nodeOfKey: [String: String] = [:]
        let order = groups.keys.sorted {
            (Self.placeOrder($0.place), $0.tier.rank, $0.kind, $0.role ?? "") < (Self.placeOrder($1.place), $1.tier.rank, $1.kind, $1.role ?? "")
        }
        for group in order {
            let members = groups[group]!
            let sorted = members.sorted { ($0.name, $0.key) < ($1.name, $1.key) }
            if sorted.count >= Self.groupingThreshold && !sorted[0].isVPC {
                let placeName: String
                switch group.place {
                case .account: placeName = "account"
                case .region: placeName = "region"
                case .vpc(let key), .subnets(let key): placeName = key
                }
                let id = ids.make("group \(placeName) \(group.side.map { $0 ? "public" : "private" } ?? "") \(group.kind) \(group.role ?? "")")
                sideOfNode[id] = group.side
                nodes.append(Node(id: id, kind: group.kind, role: group.role, place: group.place, tier: group.tier,
                                  members: sorted.map(\.key), names: sorted.map(\.name), resourceNames: sorted.map(\.ownName), marks: [],
                                  findings: sorted.flatMap { byKey[$0.key] ?? [] }))
                for item in sorted { nodeOfKey[item.key] = id }
            } else {
                for item in sorted {
                    let id = ids.make(item.key)
                    nodes.append(Node(id: id, kind: item.kind, role: item.role, place: item.place, tier: item.tier,
                                      members: [item.key], names: [item.name], resourceNames: [item.ownName], marks: item.marks,
                                      findings: byKey[item.key] ?? [], size: item.size))
                    nodeOfKey[item.key] = id
                    sideOfNode[id] = item.side
                    if item.isVPC { vpcNodes.insert(id) }
                }
            }
        }
        nodes.sort { lhs, rhs in
            (Self.placeOrder(lhs.place), lhs.tier.rank, lhs.kind, lhs.role ?? "", lhs.title, lhs.id)
                < (Self.placeOrder(rhs.place), rhs.tier.rank, rhs.kind, rhs.role ?? "", rhs.title, rhs.id)
        }
        // VPC containers take the ids of their header nodes; resources placed in them point there,
        // or into the VPC's public or private subnets container when all their subnets are one kind.
        var containers: [Container] = []
        var subnetContainers: [Container] = []
        for index in nodes.indices {
            if case .vpc(let key) = nodes[index].place, let id = nodeOfKey[key] {
                nodes[index].place = .vpc(id)
                if let side = sideOfNode[nodes[index].id] {
                    let container = Container(id: "\(id)_\(side ? "public" : "private")", label: side ? "Public subnets" : "Private subnets",
                                              parent: id)
                    if !subnetContainers.contains(container) { subnetContainers.append(container) }
                    nodes[index].place = .subnets(container.id)
                }
            }
            if vpcNodes.contains(nodes[index].id) {
                containers.append(Container(id: nodes[index].id, label: "VPC \(nodes[index].names[0])"))
                nodes[index].place = .vpc(nodes[index].id)
            }
        }
        // In the VPCs' order, public before private, as requests reach them.
        let vpcOrder = Dictionary(uniqueKeysWithValues: containers.enumerated().map { ($1.id, $0) })
        self.containers = containers + subnetContainers.sorted {
            (vpcOrder[$0.parent ?? ""] ?? 0, $1.label) < (vpcOrder[$1.parent ?? ""] ?? 0, $0.label)
        }
        self.nodes = nodes

        var edges: [Edge] = []
        var seen = Set<String>()
        // A load balancer named by another stack is the drawn one of that name, when only one has it.
        var balancersNamed: [String: [String]] = [:]
        for item in items where Self.balancerKinds.contains(item.kind) { balancersNamed[item.name, default: []].append(item.key) }
        func key(_ end: RequestFlow.End, _ directory: String) -> String? {
            switch end {
            case .resource(let identifier): Self.key(directory, identifier)
            case .loadBalancerNamed(let name): balancersNamed[name].flatMap { $0.count == 1 ? $0[0] : nil }
            case .domainName: nil
            }
        }
        for (flow, directory) in flows {
            guard let from = key(flow.from, directory).flatMap({ nodeOfKey[$0] }), let to = key(flow.to, directory).flatMap({ nodeOfKey[$0] }),
                  from != to, seen.insert("\(from)>\(to)").inserted else { continue }
            edges.append(Edge(from: from, to: to, kind: .requests, label: ""))
        }
        for item in items {
            for source in item.logSources {
                guard let from = nodeOfKey[source], let to = nodeOfKey[item.key], from != to,
                      seen.insert("\(from)>\(to)").inserted else { continue }
                edges.append(Edge(from: from, to: to, kind: .logs, label: "logs"))
            }
        }
        self.edges = edges.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    static let balancerKinds: Set<String> = ["aws_lb", "aws_alb", "aws_elb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
                                             "AWS::ElasticLoadBalancing::LoadBalancer"]

    static func placeOrder(_ place: Place) -> String {
        switch place {
        case .account: "0"
        case .region: "1"
        case .vpc(let id), .subnets(let id): "2" + id
        }
    }

    static func key(_ directory: String, _ identifier: String) -> String { "\(directory):\(identifier)" }

    /// A resource of an inventory, before grouping.
    struct Item {
        var key: String
        var kind: String
        var name: String
        /// The resource's own name (``Node/resourceNames``).
        var ownName: String?
        var role: String?
        var tier: Tier
        var place: Place
        /// In a VPC: whether all its subnets are public (true) or all private (false).
        var side: Bool?
        var isVPC = false
        var marks: [Mark] = []
        var size: String?
        /// Keys of the resources that deliver logs into this one.
        var logSources: [String] = []
    }

    /// The drawable resources of one inventory. Every list of the inventory that holds resources
    /// appears here; `Inventory.resourceCount` counts the same ones.
    static func items(_ inventory: Inventory, directory: String) -> [Item] {
        func key(_ identifier: String) -> String { Self.key(directory, identifier) }
        var publicSubnet: [String: Bool] = [:]
        for subnet in inventory.subnets { if let known = subnet.isPublic.value { publicSubnet[subnet.reference.identifier] = known } }
        func item(_ reference: ResourceReference, _ tier: Tier, role: String? = nil, place: Place? = nil, marks: [Mark] = []) -> Item {
            let resolved = place ?? reference.vpc.map { .vpc(key($0)) } ?? .region
            var side: Bool?
            if case .vpc = resolved {
                let sides = Set(reference.subnets.map { publicSubnet[$0] })
                if sides.count == 1, let only = sides.first { side = only }
            }
            // A live resource's identifier is its name or id; Terraform's is an address.
            let own = reference.name ?? (inventory.source == .aws ? reference.identifier : nil)
            return Item(key: key(reference.identifier), kind: reference.kind, name: displayName(reference), ownName: own, role: role,
                        tier: tier, place: resolved, side: side, marks: marks)
        }
        var items: [Item] = []
        for vpc in inventory.vpcs {
            var entry = item(vpc.reference, .network, place: .region, marks: [flag(vpc.flowLogs, "flow logs", "no flow logs")])
            entry.isVPC = true
            items.append(entry)
        }
        for subnet in inventory.subnets {
            var entry = item(subnet.reference, .network)
            if case .vpc = entry.place { entry.side = subnet.isPublic.value }
            items.append(entry)
        }
        for record in inventory.dnsRecords { items.append(item(record.reference, .edge, place: .account)) }
        for group in inventory.targetGroups { items.append(item(group.reference, .loadBalancing, role: "target group")) }
        for service in inventory.containerServices {
            var entry = item(service.reference, .compute)
            entry.size = service.size
            items.append(entry)
        }
        for group in inventory.autoScalingGroups {
            var entry = item(group.reference, .compute)
            entry.size = group.size
            items.append(entry)
        }
        for distribution in inventory.distributions {
            items.append(item(distribution.reference, .edge, place: .account, marks: [flag(distribution.logging, "access logs", "no access logs")]))
        }
        for acl in inventory.webACLs {
            items.append(item(acl.reference, .edge, marks: [flag(acl.logging, "logging", "no logging")]))
        }
        for balancer in inventory.loadBalancers {
            items.append(item(balancer.reference, .loadBalancing, role: balancer.internal.isTrue ? "internal" : nil,
                              marks: [flag(balancer.accessLogs, "access logs", "no access logs")]))
        }
        for instance in inventory.instances {
            let role: String? = switch instance.kind {
            case .instance: nil
            case .launchTemplate: "launch template"
            case .launchConfiguration: "launch configuration"
            }
            var entry = item(instance.reference, .compute, role: role)
            entry.size = instance.instanceType.value ?? nil
            items.append(entry)
        }
        for function in inventory.functions {
            var entry = item(function.reference, .compute)
            entry.size = function.runtime.value ?? nil
            items.append(entry)
        }
        for database in inventory.databases {
            var marks = [flag(database.storageEncrypted, "encrypted", "not encrypted")]
            if !database.inCluster {
                marks.append(flag(database.multiAZ, "Multi-AZ", "single-AZ"))
                switch database.backupRetentionDays {
                case .known(let days): marks.append(days > 0 ? Mark("backups \(days) d", .good) : Mark("no backups", .bad))
                case .unknown: marks.append(Mark("backups", .unknown))
                }
            }
            var entry = item(database.reference, .data, role: database.inCluster ? "cluster member" : nil, marks: marks)
            entry.size = database.instanceClass.value ?? nil
            items.append(entry)
        }
        for cache in inventory.cacheClusters {
            var entry = item(cache.reference, .data, marks: [flag(cache.atRestEncryption, "encrypted at rest", "not encrypted at rest"),
                                                             flag(cache.transitEncryption, "TLS", "no TLS")])
            entry.size = cache.nodeType.value ?? nil
            items.append(entry)
        }
        for bucket in inventory.s3Buckets {
            let role: String? = bucket.holdsTerraformState ? "Terraform state"
                : bucket.isLogTarget ? "log bucket" : bucket.holdsBuildArtifacts ? "build artifacts" : nil
            var marks: [Mark] = []
            switch bucket.encryption {
            case .known(let encryption?):
                marks.append(encryption.algorithm.value.map { Mark("encrypted (\($0))", .good) } ?? Mark("encrypted", .unknown))
            case .known(nil): marks.append(Mark("encrypted (S3 default)", .good))
            case .unknown: marks.append(Mark("encryption", .unknown))
            }
            switch bucket.versioning {
            case .known(let status): marks.append(status == .enabled ? Mark("versioned", .good) : Mark("not versioned", .bad))
            case .unknown: marks.append(Mark("versioning", .unknown))
            }
            var entry = item(bucket.reference, bucket.isLogTarget ? .logging : .data, role: role, marks: marks)
            entry.logSources = bucket.logSources.map(key)
            items.append(entry)
        }
        for trail in inventory.trails {
            items.append(item(trail.reference, .logging, marks: [flag(trail.multiRegion, "all Regions", "one Region"),
                                                                 flag(trail.cloudWatchLogs, "to CloudWatch Logs", "not in CloudWatch Logs")]))
        }
        for recorder in inventory.configRecorders { items.append(item(recorder.reference, .logging)) }
        for group in inventory.logGroups {
            let mark: Mark = switch group.retentionDays {
            case .known(let days?): Mark("kept \(days) d", .good)
            case .known(nil): Mark("kept forever", .bad)
            case .unknown: Mark("retention", .unknown)
            }
            items.append(item(group.reference, .logging, marks: [mark]))
        }
        for user in inventory.iamUsers { items.append(item(user.reference, .identity, place: .account)) }
        for policy in inventory.iamPolicies { items.append(item(policy.reference, .identity, place: .account)) }
        for parameter in inventory.parameters { items.append(item(parameter.reference, .identity)) }

        // Trails name their bucket: deliver into every drawn bucket of that name.
        for trail in inventory.trails {
            guard let bucket = trail.bucket else { continue }
            for index in items.indices where items[index].kind == "aws_s3_bucket" || items[index].kind == "AWS::S3::Bucket" {
                let named = inventory.s3Buckets.first { key($0.reference.identifier) == items[index].key }?.reference.name
                if named == S3Bucket.name(fromLocation: bucket), !items[index].logSources.contains(key(trail.reference.identifier)) {
                    items[index].logSources.append(key(trail.reference.identifier))
                }
            }
        }
        return items
    }

    static func flag(_ setting: Setting<Bool>, _ on: String, _ off: String) -> Mark {
        switch setting {
        case .known(true): Mark(on, .good)
        case .known(false): Mark(off, .bad)
        case .unknown: Mark(on, .unknown)
        }
    }

    /// The resource's own name, else its Terraform name (`aws_s3_bucket.logs` → `logs`, with its key).
    static func displayName(_ reference: ResourceReference) -> String {
        if let name = reference.name, !name.isEmpty { return name }
        var identifier = Substring(reference.identifier)
        if let colon = identifier.lastIndex(of: ":"), !identifier[colon...].contains("[") { identifier = identifier[identifier.index(after: colon)...] }
        if identifier.hasPrefix(reference.kind + ".") { return String(identifier.dropFirst(reference.kind.count + 1)) }
        return String(identifier)
    }
}

extension Inventory {
    /// The references of the regional resources a diagram draws in the Region box.
    var regionalReferences: [ResourceReference] {
        vpcs.map(\.reference) + subnets.map(\.reference) + loadBalancers.map(\.reference) + targetGroups.map(\.reference)
            + databases.map(\.reference) + cacheClusters.map(\.reference) + instances.map(\.reference)
            + containerServices.map(\.reference) + autoScalingGroups.map(\.reference) + functions.map(\.reference)
            + logGroups.map(\.reference) + trails.map(\.reference) + parameters.map(\.reference) + webACLs.map(\.reference)
    }

    /// The resources a diagram draws: every one the inventory lists (IAM users, policies, buckets,
    /// trails, recorders, VPCs, load balancers, distributions, web ACLs, databases, caches,
    /// instances and launch templates, log groups, parameters, functions, subnets, target groups,
    /// container services, Auto Scaling groups, DNS records).
    public var resourceCount: Int {
        s3Buckets.count + iamUsers.count + iamPolicies.count + trails.count + configRecorders.count + vpcs.count
            + loadBalancers.count + distributions.count + webACLs.count + databases.count + cacheClusters.count
            + instances.count + logGroups.count + parameters.count + functions.count
            + subnets.count + targetGroups.count + containerServices.count + autoScalingGroups.count + dnsRecords.count
    }
}

/// Readable, unique ids for DOT, SVG and HTML: letters, digits and `_`.
struct IdentifierMaker {
    private var used: Set<String> = []

    /// `text` as an id: letters and digits, runs of anything else as one `_`, never starting with a digit.
    static func clean(_ text: String) -> String {
        var base = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        while base.contains("__") { base = base.replacingOccurrences(of: "__", with: "_") }
        base = String(base.drop { $0 == "_" })
        while base.hasSuffix("_") { base.removeLast() }
        if base.isEmpty || base.first!.isNumber { base = "r_" + base }
        return base
    }

    mutating func make(_ text: String) -> String {
        let base = Self.clean(text)
        var id = base
        var counter = 2
        while !used.insert(id).inserted {
            id = "\(base)_\(counter)"
            counter += 1
        }
        return id
    }
}
