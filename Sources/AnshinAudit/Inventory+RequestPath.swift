/// The parts of an inventory that say how a request reaches the application: the subnets
/// resources run in, load balancers' target groups, the container services and Auto Scaling
/// groups behind them, the DNS records that point at the front door, and the flows between them.
/// The checks do not read these; the infrastructure diagram draws them.

extension Inventory {
    /// Calls `body` with the reference of every resource that runs in a VPC (load balancers,
    /// databases, caches, instances, functions, subnets, target groups, services, groups), to
    /// set its ``ResourceReference/vpc`` and ``ResourceReference/subnets``.
    mutating func updateNetworkedReferences(_ body: (inout ResourceReference) -> Void) {
        for index in loadBalancers.indices { body(&loadBalancers[index].reference) }
        for index in databases.indices { body(&databases[index].reference) }
        for index in cacheClusters.indices { body(&cacheClusters[index].reference) }
        for index in instances.indices where instances[index].kind == .instance { body(&instances[index].reference) }
        for index in functions.indices { body(&functions[index].reference) }
        for index in subnets.indices { body(&subnets[index].reference) }
        for index in targetGroups.indices { body(&targetGroups[index].reference) }
        for index in containerServices.indices { body(&containerServices[index].reference) }
        for index in autoScalingGroups.indices { body(&autoScalingGroups[index].reference) }
    }
}

/// A subnet of a VPC (its ``ResourceReference/vpc`` says which).
public struct Subnet: Sendable, Hashable {
    public var reference: ResourceReference
    /// Public when it hands out public addresses on launch or its route table sends traffic to an
    /// internet gateway; private when its route table is known and does not.
    public var isPublic: Setting<Bool> = .unknown

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// A load balancer's target group (the load balancers that forward to it are ``RequestFlow``s).
public struct TargetGroup: Sendable, Hashable {
    public var reference: ResourceReference
    /// `instance`, `ip`, `lambda` or `alb`.
    public var targetType: Setting<String> = .known("instance")

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// An ECS service.
public struct ContainerService: Sendable, Hashable {
    public var reference: ResourceReference
    /// `FARGATE`, `EC2` or `EXTERNAL`; nil when a capacity provider strategy decides.
    public var launchType: Setting<String?> = .known(nil)
    public var desiredCount: Setting<Int?> = .known(nil)

    public init(reference: ResourceReference) {
        self.reference = reference
    }

    /// `Fargate × 2`, for a diagram's box.
    public var size: String? {
        let type = launchType.value.flatMap { $0 }.map { $0 == "FARGATE" ? "Fargate" : $0 }
        let count = desiredCount.value.flatMap { $0 }
        switch (type, count) {
        case (let type?, let count?): return "\(type) × \(count)"
        case (let type?, nil): return type
        case (nil, let count?): return "× \(count)"
        case (nil, nil): return nil
        }
    }
}

/// An EC2 Auto Scaling group.
public struct AutoScalingGroup: Sendable, Hashable {
    public var reference: ResourceReference
    public var minimumSize: Setting<Int?> = .known(nil)
    public var maximumSize: Setting<Int?> = .known(nil)

    public init(reference: ResourceReference) {
        self.reference = reference
    }

    /// `2–3 instances`, for a diagram's box.
    public var size: String? {
        guard let low = minimumSize.value.flatMap({ $0 }), let high = maximumSize.value.flatMap({ $0 }) else { return nil }
        return low == high ? "\(low) instance\(low == 1 ? "" : "s")" : "\(low)–\(high) instances"
    }
}

/// A Route 53 record that sends requests to a resource of the inventory (an alias).
public struct DNSRecord: Sendable, Hashable {
    public var reference: ResourceReference

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}

/// Requests go from one resource to another: a DNS record to the load balancer or distribution
/// it aliases, a distribution to its origins, a web ACL to what it protects, a load balancer to
/// its target groups, a target group to its services, groups, instances and functions.
public struct RequestFlow: Sendable, Hashable {
    public enum End: Sendable, Hashable {
        /// A resource of the same inventory, by identifier.
        case resource(String)
        /// A load balancer another stack declares, known here by name through a data source
        /// (`data "aws_lb"`); the diagram finds it among the environment's stacks.
        case loadBalancerNamed(String)
        /// The resource that answers at this DNS name (an alias target, an origin): a load
        /// balancer, a distribution or a bucket of the same inventory, once it is found.
        case domainName(String)
    }

    public var from: End
    public var to: End

    public init(from: End, to: End) {
        self.from = from
        self.to = to
    }

    public init(from: String, to: String) {
        self.init(from: .resource(from), to: .resource(to))
    }
}
