import AnshinHCL

/// Which VPC each networked resource runs in, read from the references Terraform code makes:
/// a load balancer names its subnets and security groups, a database its subnet group, whose
/// subnets name their VPC. Used to draw resources inside their VPC; nothing is guessed: a
/// resource whose references reach no VPC, or more than one, stays unplaced.
extension TerraformReader {
    /// The resource types a reference is followed through on the way to a VPC.
    static let networkTypes: Set<String> = [
        "aws_vpc", "aws_subnet", "aws_security_group", "aws_db_subnet_group", "aws_elasticache_subnet_group",
        "aws_network_interface",
    ]

    /// How many references are followed from a resource to its VPC (load balancer → subnet → VPC
    /// is two; database → subnet group → subnet → VPC is three).
    static let maximumPlacementDepth = 4

    func placeInVPCs(_ inventory: inout Inventory) {
        inventory.updateNetworkedReferences { reference in
            guard let instance = byAddress[address(of: reference.identifier)] else { return }
            reference.vpc = vpc(of: instance).map(identifier)
        }
    }

    /// The address inside the module of an inventory identifier (without the Terragrunt unit).
    func address(of identifier: String) -> String {
        guard let unit = source.unit, identifier.hasPrefix(unit + ":") else { return identifier }
        return String(identifier.dropFirst(unit.count + 1))
    }

    /// The one VPC `instance` is tied to, breadth first through network resources.
    func vpc(of instance: ResourceInstance) -> ResourceInstance? {
        var frontier = [instance]
        var seen: Set<String> = [instance.address]
        for _ in 0..<Self.maximumPlacementDepth {
            var next: [ResourceInstance] = []
            for current in frontier {
                for found in networkReferences(of: current) where seen.insert(found.address).inserted {
                    next.append(found)
                }
            }
            let vpcs = Set(next.filter { $0.type == "aws_vpc" }.map(\.address))
            if vpcs.count == 1 { return next.first { $0.type == "aws_vpc" } }
            if vpcs.count > 1 { return nil }
            if next.isEmpty { return nil }
            frontier = next.filter { $0.type != "aws_vpc" }
        }
        return nil
    }

    /// The network resources any attribute of `instance` (nested blocks included) refers to.
    private func networkReferences(of instance: ResourceInstance) -> [ResourceInstance] {
        var result: [ResourceInstance] = []
        func visit(_ body: EvaluatedBody) {
            for name in body.attributes.keys.sorted() {
                result += referencedEvery(body.attributes[name], from: instance, types: Self.networkTypes)
            }
            for block in body.blocks { visit(block.body) }
        }
        visit(instance.body)
        return result
    }
}
