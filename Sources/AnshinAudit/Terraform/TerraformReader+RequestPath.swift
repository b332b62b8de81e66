import AnshinHCL

/// The request path as Terraform code declares it, read from the references it makes: a
/// listener ties a load balancer to target groups, a service or Auto Scaling group names its
/// target groups, a record aliases a load balancer, a distribution names its origins. Nothing is
/// guessed from names: a reference that reaches no resource of the stack draws no flow.
extension TerraformReader {
    static let balancerTypes: Set<String> = ["aws_lb", "aws_alb", "aws_elb"]
    static let targetGroupTypes: Set<String> = ["aws_lb_target_group", "aws_alb_target_group"]

    func subnets() -> [Subnet] {
        // Which route tables send traffic to an internet gateway: inline routes or aws_route.
        func routesToInternet(_ body: EvaluatedBody, in instance: ResourceInstance) -> Bool {
            if referenced(by: body.attributes["gateway_id"], from: instance, types: ["aws_internet_gateway"]).isEmpty == false { return true }
            return body.string("gateway_id")?.hasPrefix("igw-") == true
        }
        var publicTables: Set<String> = []
        for table in resources("aws_route_table") where table.body.blocks(ofType: "route").contains(where: { routesToInternet($0.body, in: table) }) {
            publicTables.insert(table.address)
        }
        for route in resources("aws_route") where routesToInternet(route.body, in: route) {
            for table in referenced(by: route.attribute("route_table_id"), from: route, types: ["aws_route_table"]) {
                publicTables.insert(table.address)
            }
        }
        var tableOfSubnet: [String: String] = [:]
        for association in resources("aws_route_table_association") {
            guard let table = referenced(by: association.attribute("route_table_id"), from: association, types: ["aws_route_table"]).first
            else { continue }
            for subnet in referenced(by: association.attribute("subnet_id"), from: association, types: ["aws_subnet"]) {
                tableOfSubnet[subnet.address] = table.address
            }
        }
        return resources("aws_subnet").map { instance in
            var reference = reference(instance)
            reference.name = instance.body.value("tags").flatMap { Self.tag("Name", in: $0) }
            var subnet = Subnet(reference: reference)
            if instance.body.bool("map_public_ip_on_launch", default: false).isTrue {
                subnet.isPublic = .known(true)
            } else if let table = tableOfSubnet[instance.address] {
                subnet.isPublic = .known(publicTables.contains(table))
            }
            return subnet
        }
    }

    func targetGroups() -> [TargetGroup] {
        resources("aws_alb_target_group", "aws_lb_target_group").map { instance in
            var group = TargetGroup(reference: reference(instance, nameAttribute: "name"))
            group.targetType = instance.body.value("target_type").map { TerraformValue.string($0).map(Setting.known) ?? .unknown }
                ?? .known("instance")
            return group
        }
    }

    func containerServices() -> [ContainerService] {
        resources("aws_ecs_service").map { instance in
            var service = ContainerService(reference: reference(instance, nameAttribute: "name"))
            service.launchType = instance.body.optionalString("launch_type")
            service.desiredCount = TerraformValue.int(instance.body.value("desired_count"))
            return service
        }
    }

    func autoScalingGroups() -> [AutoScalingGroup] {
        resources("aws_autoscaling_group").map { instance in
            var group = AutoScalingGroup(reference: reference(instance, nameAttribute: "name"))
            group.minimumSize = TerraformValue.int(instance.body.value("min_size"))
            group.maximumSize = TerraformValue.int(instance.body.value("max_size"))
            return group
        }
    }

    /// Route 53 alias records: the front door of the request path. Records that alias nothing
    /// (addresses, certificate validation, mail) are left out, as the live reader leaves them.
    func dnsRecords() -> [DNSRecord] {
        resources("aws_route53_record").filter { !$0.body.blocks(ofType: "alias").isEmpty }.map { instance in
            DNSRecord(reference: reference(instance, nameAttribute: "name"))
        }
    }

    /// Who sends requests to whom, between resources of this stack.
    func requestFlows() -> [RequestFlow] {
        var flows: [RequestFlow] = []
        func add(_ from: RequestFlow.End, _ to: RequestFlow.End) {
            let flow = RequestFlow(from: from, to: to)
            if !flows.contains(flow) { flows.append(flow) }
        }
        func add(_ from: ResourceInstance, _ to: ResourceInstance) { add(.resource(identifier(from)), .resource(identifier(to))) }
        // Every target group an action forwards to, however the action is written.
        func forwardedGroups(_ body: EvaluatedBody, from instance: ResourceInstance) -> [ResourceInstance] {
            var groups: [ResourceInstance] = []
            for block in body.blocks {
                groups += referenced(by: block.body.attributes["target_group_arn"], from: instance, types: Self.targetGroupTypes)
                groups += referenced(by: block.body.attributes["arn"], from: instance, types: Self.targetGroupTypes)
                groups += forwardedGroups(block.body, from: instance)
            }
            return groups
        }
        let listeners = resources("aws_lb_listener", "aws_alb_listener")
        for listener in listeners {
            for balancer in referencedEvery(listener.attribute("load_balancer_arn"), from: listener, types: Self.balancerTypes) {
                for group in forwardedGroups(listener.body, from: listener) { add(balancer, group) }
            }
        }
        for rule in resources("aws_lb_listener_rule", "aws_alb_listener_rule") {
            for listener in referenced(by: rule.attribute("listener_arn"), from: rule, types: ["aws_lb_listener", "aws_alb_listener"]) {
                for balancer in referencedEvery(listener.attribute("load_balancer_arn"), from: listener, types: Self.balancerTypes) {
                    for group in forwardedGroups(rule.body, from: rule) { add(balancer, group) }
                }
            }
            // A rule on another stack's listener, found through data sources.
            if let name = balancerName(readBy: rule.attribute("listener_arn"), from: rule) {
                for group in forwardedGroups(rule.body, from: rule) { add(.loadBalancerNamed(name), .resource(identifier(group))) }
            }
        }
        for attachment in resources("aws_lb_target_group_attachment", "aws_alb_target_group_attachment") {
            let targets = referenced(by: attachment.attribute("target_id"), from: attachment,
                                     types: ["aws_instance", "aws_lambda_function", "aws_lb", "aws_alb"])
            for group in referenced(by: attachment.attribute("target_group_arn"), from: attachment, types: Self.targetGroupTypes) {
                for target in targets { add(group, target) }
            }
        }
        for service in resources("aws_ecs_service") {
            for block in service.body.blocks(ofType: "load_balancer") {
                for group in referenced(by: block.body.attributes["target_group_arn"], from: service, types: Self.targetGroupTypes) {
                    add(group, service)
                }
                for balancer in referenced(by: block.body.attributes["elb_name"], from: service, types: ["aws_elb"]) { add(balancer, service) }
            }
        }
        for group in resources("aws_autoscaling_group") {
            for target in referencedEvery(group.attribute("target_group_arns"), from: group, types: Self.targetGroupTypes) { add(target, group) }
            for balancer in referencedEvery(group.attribute("load_balancers"), from: group, types: ["aws_elb"]) { add(balancer, group) }
        }
        for attachment in resources("aws_autoscaling_attachment") {
            let groups = referenced(by: attachment.attribute("autoscaling_group_name"), from: attachment, types: ["aws_autoscaling_group"])
            let targets = referenced(by: attachment.attribute("lb_target_group_arn"), from: attachment, types: Self.targetGroupTypes)
                + referenced(by: attachment.attribute("elb"), from: attachment, types: ["aws_elb"])
            for target in targets { for group in groups { add(target, group) } }
        }
        for record in resources("aws_route53_record") {
            for alias in record.body.blocks(ofType: "alias") {
                for target in referenced(by: alias.body.attributes["name"], from: record,
                                         types: Self.balancerTypes.union(["aws_cloudfront_distribution"])) {
                    add(record, target)
                }
                if let name = balancerName(readBy: alias.body.attributes["name"], from: record) {
                    add(.resource(identifier(record)), .loadBalancerNamed(name))
                }
            }
        }
        for distribution in resources("aws_cloudfront_distribution") {
            for acl in referenced(by: distribution.attribute("web_acl_id"), from: distribution, types: ["aws_wafv2_web_acl"]) {
                add(distribution, acl)
            }
            for origin in distribution.body.blocks(ofType: "origin") {
                for target in referenced(by: origin.body.attributes["domain_name"], from: distribution,
                                         types: Self.balancerTypes.union(["aws_s3_bucket", "aws_lambda_function_url"])) {
                    add(distribution, target)
                }
            }
        }
        for association in resources("aws_wafv2_web_acl_association") {
            let targets = referenced(by: association.attribute("resource_arn"), from: association, types: Self.balancerTypes)
            for acl in referenced(by: association.attribute("web_acl_arn"), from: association, types: ["aws_wafv2_web_acl"]) {
                for target in targets { add(acl, target) }
            }
        }
        return flows
    }

    /// The name of the load balancer an attribute reads through data sources: `data.aws_lb.x.arn`
    /// with a known `name`, or `data.aws_lb_listener.y.arn` whose `load_balancer_arn` is such a one.
    private func balancerName(readBy attribute: EvaluatedAttribute?, from instance: ResourceInstance) -> String? {
        guard let expression = attribute?.expression else { return nil }
        let prefix = instance.modulePath.map { $0.description + "." }.joined()
        for traversal in expression.references where traversal.root == "data" {
            guard traversal.steps.count >= 2, case .attribute(let type) = traversal.steps[0], case .attribute(let name) = traversal.steps[1],
                  let source = data[prefix + "data.\(type).\(name)"] else { continue }
            switch type {
            case "aws_lb", "aws_alb":
                if let known = source.body.string("name") { return known }
            case "aws_lb_listener", "aws_alb_listener":
                if let known = balancerName(readBy: source.attribute("load_balancer_arn"), from: source) { return known }
            default: continue
            }
        }
        return nil
    }

    /// The subnets each networked resource runs in, written as references to `aws_subnet`
    /// (directly, or through a database or cache subnet group).
    func placeInSubnets(_ inventory: inout Inventory) {
        inventory.updateNetworkedReferences { reference in
            guard reference.kind != "aws_subnet", let instance = byAddress[address(of: reference.identifier)] else { return }
            reference.subnets = subnets(of: instance).map(identifier)
        }
    }

    /// The subnets `instance` names, through subnet groups; every instance of a splat.
    private func subnets(of instance: ResourceInstance) -> [ResourceInstance] {
        var result: [ResourceInstance] = []
        func visit(_ body: EvaluatedBody, of owner: ResourceInstance, depth: Int) {
            for name in body.attributes.keys.sorted() {
                for found in referencedEvery(body.attributes[name], from: owner,
                                             types: ["aws_subnet", "aws_db_subnet_group", "aws_elasticache_subnet_group"]) {
                    if found.type == "aws_subnet" {
                        if !result.contains(where: { $0.address == found.address }) { result.append(found) }
                    } else if depth == 0 {
                        visit(found.body, of: found, depth: 1)
                    }
                }
            }
            for block in body.blocks { visit(block.body, of: owner, depth: depth) }
        }
        visit(instance.body, of: instance, depth: 0)
        return result
    }

    /// Like ``referenced(by:from:types:)``, but a splat or unindexed reference to a resource with
    /// several instances (`aws_subnet.private[*].id`) means all of them.
    func referencedEvery(_ attribute: EvaluatedAttribute?, from instance: ResourceInstance, types: Set<String>) -> [ResourceInstance] {
        guard let expression = attribute?.expression else { return [] }
        var result = referenced(in: expression, from: instance, types: types)
        let prefix = instance.modulePath.map { $0.description + "." }.joined()
        for traversal in expression.references where types.contains(traversal.root) {
            guard case .attribute(let name)? = traversal.steps.first else { continue }
            // `aws_subnet.private[0]` names one instance; the plain reference above found it.
            if let next = traversal.steps.dropFirst().first, case .attribute = next {} else if traversal.steps.count > 1 { continue }
            let base = prefix + traversal.root + "." + name + "["
            for found in byAddress.values where found.address.hasPrefix(base) && !result.contains(where: { $0.address == found.address }) {
                result.append(found)
            }
        }
        return result.sorted { $0.address < $1.address }
    }

    /// The value of tag `key` in a `tags` map, when known.
    static func tag(_ key: String, in tags: Value) -> String? {
        switch tags.deepUnmarked {
        case .object(let members), .map(let members): members[key].flatMap(TerraformValue.string)
        default: nil
        }
    }
}
