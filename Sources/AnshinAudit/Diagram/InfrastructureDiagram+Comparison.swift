/// Two diagrams compared: the target's diagram with each box marked as only in the target,
/// changed (sized differently, or a mark such as Multi-AZ or backups set differently), or, drawn
/// from the base, only in the base; so the smaller specs of a demo environment, a resource one
/// environment lacks, or what the live account has that its Terraform does not, are visible at a
/// glance.
extension InfrastructureDiagram {
    /// How resources of the two diagrams are paired.
    public enum Matching: Sendable, Hashable {
        /// By stack and Terraform address, which are the same in every environment of one code base.
        case address
        /// By kind and the resource's own name (a bucket's name, a database's identifier): for
        /// Terraform against the live account. A resource whose name Terraform knows only after
        /// apply is paired with nothing and marked neither way.
        case name
    }

    /// `target`'s diagram marked against `base`.
    ///
    /// - Parameters:
    ///   - baseName: what the base is called in the marks (default: its environment).
    ///   - targetName: what the target is called (default: its environment).
    public static func comparing(_ base: InfrastructureDiagram, with target: InfrastructureDiagram, matching: Matching = .address,
                                 baseName: String? = nil, targetName: String? = nil) -> InfrastructureDiagram {
        let baseName = baseName ?? base.environment ?? "the other environment"
        func identities(_ node: Node) -> [String?] {
            switch matching {
            case .address:
                return node.members
            case .name:
                let family = Self.family(node.kind)
                return node.members.indices.map { index in
                    guard index < node.resourceNames.count, let name = node.resourceNames[index] else { return nil }
                    return "\(family)|\(name)"
                }
            }
        }
        var result = target
        result.comparedWith = baseName
        result.side = targetName ?? target.side
        result.title = "\(target.title): compared with \(baseName)"
        var baseNodeOf: [String: Node] = [:]
        for node in base.nodes { for identity in identities(node) { if let identity { baseNodeOf[identity] = node } } }
        let targetIdentities = Set(target.nodes.flatMap(identities).compactMap { $0 })
        for index in result.nodes.indices {
            let node = result.nodes[index]
            let known = identities(node).compactMap { $0 }
            let matched = known.filter { baseNodeOf[$0] != nil }
            if matched.isEmpty {
                if !known.isEmpty { result.nodes[index].difference = .onlyHere }
                continue
            }
            var changes: [String] = []
            if !node.isGroup, let other = baseNodeOf[known[0]], !other.isGroup {
                if other.size != node.size { changes.append("\(baseName): \(other.size ?? "no size")") }
                for mark in other.marks where !node.marks.contains(mark) { changes.append("\(baseName): \(mark.symbolText)") }
            }
            let added = known.count - matched.count
            if added > 0 { changes.append("\(added) not in \(baseName)") }
            // Resources of the base drawn in a box of the same kind here, but absent here.
            let missing = Set(matched.compactMap { baseNodeOf[$0] }).flatMap(identities).compactMap { $0 }
                .filter { !targetIdentities.contains($0) }.count
            if missing > 0 { changes.append("\(missing) more in \(baseName)") }
            if !changes.isEmpty { result.nodes[index].difference = .changed(changes) }
        }
        // Boxes of the base none of whose resources exist here, drawn from the base.
        var used = Set(result.nodes.map(\.id))
        let containers = Set(result.containers.map(\.id))
        for node in base.nodes {
            let own = identities(node)
            guard own.allSatisfy({ $0.map { !targetIdentities.contains($0) } ?? false }) else { continue }
            var ghost = node
            ghost.findings = []
            ghost.difference = .onlyThere
            var id = "\(node.id)_\(IdentifierMaker.clean(baseName))"
            while !used.insert(id).inserted { id += "_" }
            ghost.id = id
            if node.tier == .network, case .vpc(let container) = node.place, container == node.id {
                // A VPC only the base has is drawn as a box of its own in the Region.
                ghost.place = .region
            } else if case .vpc(let container) = node.place, !containers.contains(container) {
                ghost.place = .region
            } else if case .subnets(let container) = node.place, !containers.contains(container) {
                // The target lacks that VPC or its subnets of this kind: in the VPC if it has it.
                let parent = base.containers.first { $0.id == container }?.parent
                ghost.place = parent.flatMap { containers.contains($0) ? .vpc($0) : nil } ?? .region
            }
            result.nodes.append(ghost)
        }
        return result
    }

    /// The kind of resource, the same for its Terraform type and its AWS type: `aws_db_instance`
    /// and `AWS::RDS::DBInstance` are both `AWS::RDS::DBInstance`. A kind not in the table is its own.
    static func family(_ kind: String) -> String {
        Self.families[kind] ?? kind
    }

    static let families: [String: String] = [
        "aws_s3_bucket": "AWS::S3::Bucket",
        "aws_iam_user": "AWS::IAM::User",
        "aws_iam_policy": "AWS::IAM::ManagedPolicy",
        "aws_cloudtrail": "AWS::CloudTrail::Trail",
        "aws_config_configuration_recorder": "AWS::Config::ConfigurationRecorder",
        "aws_vpc": "AWS::EC2::VPC",
        "aws_subnet": "AWS::EC2::Subnet",
        "aws_instance": "AWS::EC2::Instance",
        "aws_launch_template": "AWS::EC2::LaunchTemplate",
        "aws_lb": "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "aws_alb": "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "aws_elb": "AWS::ElasticLoadBalancing::LoadBalancer",
        "aws_lb_target_group": "AWS::ElasticLoadBalancingV2::TargetGroup",
        "aws_alb_target_group": "AWS::ElasticLoadBalancingV2::TargetGroup",
        "aws_ecs_service": "AWS::ECS::Service",
        "aws_autoscaling_group": "AWS::AutoScaling::AutoScalingGroup",
        "aws_cloudfront_distribution": "AWS::CloudFront::Distribution",
        "aws_wafv2_web_acl": "AWS::WAFv2::WebACL",
        "aws_db_instance": "AWS::RDS::DBInstance",
        "aws_rds_cluster": "AWS::RDS::DBCluster",
        "aws_elasticache_cluster": "AWS::ElastiCache::CacheCluster",
        "aws_elasticache_replication_group": "AWS::ElastiCache::ReplicationGroup",
        "aws_cloudwatch_log_group": "AWS::Logs::LogGroup",
        "aws_ssm_parameter": "AWS::SSM::Parameter",
        "aws_lambda_function": "AWS::Lambda::Function",
    ]
}
