import AnshinAWS
import AnshinCore
import AnshinHTTP
import Foundation

/// The request path of a Region as its APIs describe it: subnets (public when they map public
/// addresses or their route table, explicit or the VPC's main one, routes to an internet
/// gateway), target groups with the load balancers that forward to them and the instances and
/// functions registered in them, ECS services and Auto Scaling groups with their target groups.
/// Read for the diagram; the checks do not use them.
extension LiveReader {
    func subnets(_ regional: AWSClient) async throws(AWSError) -> [Subnet] {
        let listed = try await regional.queryPages(service: .ec2, action: "DescribeSubnets", inputToken: "NextToken", outputToken: "nextToken")
            .collect().flatMap { $0.all("subnetSet/item") }
        let tables = try await regional.queryPages(service: .ec2, action: "DescribeRouteTables", inputToken: "NextToken",
                                                   outputToken: "nextToken").collect().flatMap { $0.all("routeTableSet/item") }
        var tableOfSubnet: [String: Bool] = [:]
        var mainTableOfVPC: [String: Bool] = [:]
        for table in tables {
            let toInternet = table.all("routeSet/item").contains { $0.value("gatewayId")?.hasPrefix("igw-") == true }
            for association in table.all("associationSet/item") {
                if let subnet = association.value("subnetId") { tableOfSubnet[subnet] = toInternet }
                if association.value("main") == "true", let vpc = table.value("vpcId") { mainTableOfVPC[vpc] = toInternet }
            }
        }
        return listed.compactMap { item in
            guard let id = item.value("subnetId") else { return nil }
            let name = item.all("tagSet/item").first { $0.value("key") == "Name" }?.value("value")
            var subnet = Subnet(reference: reference("AWS::EC2::Subnet", id, name: name, arn: item.value("subnetArn"), region: regional.region))
            subnet.reference.vpc = item.value("vpcId")
            if item.value("mapPublicIpOnLaunch") == "true" {
                subnet.isPublic = .known(true)
            } else if let routed = tableOfSubnet[id] ?? subnet.reference.vpc.flatMap({ mainTableOfVPC[$0] }) {
                subnet.isPublic = .known(routed)
            }
            return subnet
        }
    }

    /// Target groups, and the flows into them (from their load balancers) and out of them (to
    /// the instances, functions and load balancers registered in them).
    func targetGroups(_ regional: AWSClient) async throws(AWSError) -> (groups: [TargetGroup], flows: [RequestFlow]) {
        let listed = try await regional.queryPages(service: .elasticLoadBalancingV2, action: "DescribeTargetGroups", outputToken: "NextMarker")
            .collect().flatMap { $0.all("TargetGroups/member") }
        let read = await concurrentMap(listed, limit: perResourceConcurrency) { item -> (TargetGroup, [RequestFlow]) in
            let arn = item.value("TargetGroupArn") ?? "?"
            var group = TargetGroup(reference: reference("AWS::ElasticLoadBalancingV2::TargetGroup", arn, name: item.value("TargetGroupName"),
                                                         arn: arn, region: regional.region))
            group.reference.vpc = item.value("VpcId")
            group.targetType = .known(item.value("TargetType") ?? "instance")
            var flows = item.all("LoadBalancerArns/member").map(\.text).map { RequestFlow(from: $0, to: arn) }
            let targets = await optional(.elasticLoadBalancingV2, region: regional.region, missing: [], fallback: []) {
                () async throws(AWSError) -> [String] in
                try await regional.query(service: .elasticLoadBalancingV2, action: "DescribeTargetHealth", parameters: ["TargetGroupArn": arn])
                    .all("TargetHealthDescriptions/member").compactMap { $0.value("Target/Id") }
            }
            flows += targets.map { RequestFlow(from: arn, to: $0) }
            return (group, flows)
        }
        return (read.map(\.0), read.flatMap(\.1))
    }

    /// ECS services of every cluster, and their target groups' flows into them.
    func containerServices(_ regional: AWSClient) async throws(AWSError) -> (services: [ContainerService], flows: [RequestFlow]) {
        let clusters = try await regional.jsonPages(service: .ecs, operation: "ListClusters", inputToken: "nextToken", outputToken: "nextToken")
            .collect().flatMap { $0["clusterArns"]?.array ?? [] }.compactMap(\.string)
        var services: [ContainerService] = []
        var flows: [RequestFlow] = []
        for cluster in clusters {
            let arns = try await regional.jsonPages(service: .ecs, operation: "ListServices", body: ["cluster": .string(cluster)],
                                                    inputToken: "nextToken", outputToken: "nextToken")
                .collect().flatMap { $0["serviceArns"]?.array ?? [] }.compactMap(\.string)
            // DescribeServices takes at most ten services per call.
            for start in stride(from: 0, to: arns.count, by: 10) {
                let batch = Array(arns[start..<min(start + 10, arns.count)])
                let described = try await regional.json(service: .ecs, operation: "DescribeServices",
                                                         body: ["cluster": .string(cluster), "services": .array(batch.map(JSON.string))])
                for item in described["services"]?.array ?? [] {
                    guard let arn = item["serviceArn"]?.string else { continue }
                    var service = ContainerService(reference: reference("AWS::ECS::Service", arn, name: item["serviceName"]?.string, arn: arn,
                                                                        region: regional.region))
                    service.launchType = .known(item["launchType"]?.string)
                    service.desiredCount = .known(item["desiredCount"]?.int)
                    service.reference.subnets = (item["networkConfiguration"]?["awsvpcConfiguration"]?["subnets"]?.array ?? []).compactMap(\.string)
                    for balancer in item["loadBalancers"]?.array ?? [] {
                        if let group = balancer["targetGroupArn"]?.string { flows.append(RequestFlow(from: group, to: arn)) }
                    }
                    services.append(service)
                }
            }
        }
        return (services, flows)
    }

    /// Auto Scaling groups, and their target groups' flows into them.
    func autoScalingGroups(_ regional: AWSClient) async throws(AWSError) -> (groups: [AutoScalingGroup], flows: [RequestFlow]) {
        let listed = try await regional.queryPages(service: .autoScaling, action: "DescribeAutoScalingGroups", inputToken: "NextToken",
                                                   outputToken: "NextToken").collect().flatMap { $0.all("AutoScalingGroups/member") }
        var flows: [RequestFlow] = []
        let groups = listed.compactMap { item -> AutoScalingGroup? in
            guard let name = item.value("AutoScalingGroupName") else { return nil }
            let arn = item.value("AutoScalingGroupARN") ?? name
            var group = AutoScalingGroup(reference: reference("AWS::AutoScaling::AutoScalingGroup", arn, name: name, arn: arn, region: regional.region))
            group.minimumSize = .known(item.value("MinSize").flatMap { Int($0) })
            group.maximumSize = .known(item.value("MaxSize").flatMap { Int($0) })
            group.reference.subnets = (item.value("VPCZoneIdentifier") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            flows += item.all("TargetGroupARNs/member").map(\.text).map { RequestFlow(from: $0, to: arn) }
            return group
        }
        return (groups, flows)
    }
}

extension LiveReader {
    /// Route 53 alias records (global: read once), each with a flow to the name it aliases.
    /// Records that alias nothing (addresses, text, mail) are not part of the request path.
    func dnsRecords() async throws(AWSError) -> (records: [DNSRecord], flows: [RequestFlow]) {
        let zones = try await client.restXMLPages(service: .route53, operation: "ListHostedZones", path: "/2013-04-01/hostedzone",
                                                  inputToken: "marker", outputToken: "NextMarker", truncatedFlag: "IsTruncated")
            .collect().flatMap { $0.all("HostedZones/HostedZone") }
        var records: [DNSRecord] = []
        var flows: [RequestFlow] = []
        for zone in zones {
            guard let zoneID = zone.value("Id")?.split(separator: "/").last.map(String.init) else { continue }
            // Pages continue from a name and type, not one token.
            var next: (name: String, type: String)?
            repeat {
                var query: [(name: String, value: String)] = [("maxitems", "300")]
                if let next { query += [("name", next.name), ("type", next.type)] }
                let page = try await client.restXML(service: .route53, operation: "ListResourceRecordSets",
                                                    path: "/2013-04-01/hostedzone/\(PercentEncoding.encode(zoneID))/rrset", query: query)
                for set in page.all("ResourceRecordSets/ResourceRecordSet") {
                    guard let name = set.value("Name"), let type = set.value("Type"), let target = set.value("AliasTarget/DNSName") else { continue }
                    let shown = name.hasSuffix(".") ? String(name.dropLast()) : name
                    let identifier = "\(zoneID)/\(shown)/\(type)" + (set.value("SetIdentifier").map { "/\($0)" } ?? "")
                    records.append(DNSRecord(reference: reference("AWS::Route53::RecordSet", identifier, name: shown, region: nil)))
                    flows.append(RequestFlow(from: .resource(identifier), to: .domainName(target)))
                }
                if page.value("IsTruncated") == "true", let name = page.value("NextRecordName"), let type = page.value("NextRecordType") {
                    next = (name, type)
                } else {
                    next = nil
                }
            } while next != nil
        }
        return (records, flows)
    }
}

extension Inventory {
    /// Resources that know their subnets but not their VPC take the VPC of those subnets; a
    /// flow to a function registered by ARN goes to the function, which is known by name.
    ///
    /// Flows to a DNS name go to the load balancer, distribution or bucket that answers at it,
    /// and are dropped when none of the inventory does (a name outside the account).
    mutating func resolveRequestPath() {
        var functionOfARN: [String: String] = [:]
        for function in functions { if let arn = function.reference.arn { functionOfARN[arn] = function.reference.identifier } }
        var answering: [String: String] = [:]
        for balancer in loadBalancers { if let name = balancer.dnsName { answering[Self.domain(name)] = balancer.reference.identifier } }
        for distribution in distributions { if let name = distribution.reference.name { answering[Self.domain(name)] = distribution.reference.identifier } }
        let buckets = Set(s3Buckets.map(\.reference.identifier))
        requestFlows = requestFlows.compactMap { flow in
            var flow = flow
            if case .resource(let target) = flow.to, let name = functionOfARN[target] { flow.to = .resource(name) }
            if case .domainName(let name) = flow.to {
                let domain = Self.domain(name)
                if let found = answering[domain] {
                    flow.to = .resource(found)
                } else if domain.contains(".s3") && domain.hasSuffix(".amazonaws.com"), buckets.contains(S3Bucket.name(fromLocation: domain)) {
                    flow.to = .resource(S3Bucket.name(fromLocation: domain))
                } else {
                    return nil
                }
            }
            return flow
        }
        var vpcOfSubnet: [String: String] = [:]
        for subnet in subnets { if let vpc = subnet.reference.vpc { vpcOfSubnet[subnet.reference.identifier] = vpc } }
        updateNetworkedReferences { reference in
            guard reference.vpc == nil else { return }
            let vpcs = Set(reference.subnets.compactMap { vpcOfSubnet[$0] })
            if vpcs.count == 1 { reference.vpc = vpcs.first }
        }
    }

    /// A DNS name as aliases and origins write it: lowercased, without the final dot or the
    /// `dualstack.` an alias to a load balancer carries.
    static func domain(_ name: String) -> String {
        var result = name.lowercased()
        if result.hasSuffix(".") { result.removeLast() }
        if result.hasPrefix("dualstack.") { result.removeFirst("dualstack.".count) }
        return result
    }
}
