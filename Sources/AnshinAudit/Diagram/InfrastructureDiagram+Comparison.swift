/// Two environments' diagrams compared: the target's diagram with each box marked as only in the
/// target, changed (sized differently, or a mark such as Multi-AZ or backups set differently), or,
/// drawn from the base, only in the base; so the smaller specs of a demo environment, or a
/// resource one environment lacks, are visible at a glance.
extension InfrastructureDiagram {
    /// `target`'s diagram marked against `base`. Resources are matched by stack and Terraform
    /// address, which are the same in every environment of one code base.
    public static func comparing(_ base: InfrastructureDiagram, with target: InfrastructureDiagram) -> InfrastructureDiagram {
        let baseName = base.environment ?? "the other environment"
        var result = target
        result.comparedWith = base.environment
        result.title = "\(target.title): compared with \(baseName)"
        var baseNodeOf: [String: Node] = [:]
        for node in base.nodes { for member in node.members { baseNodeOf[member] = node } }
        let targetKeys = Set(target.nodes.flatMap(\.members))
        for index in result.nodes.indices {
            let node = result.nodes[index]
            let matched = node.members.filter { baseNodeOf[$0] != nil }
            if matched.isEmpty {
                result.nodes[index].difference = .onlyHere
                continue
            }
            var changes: [String] = []
            if !node.isGroup, let other = baseNodeOf[node.members[0]], !other.isGroup {
                if other.size != node.size { changes.append("\(baseName): \(other.size ?? "no size")") }
                for mark in other.marks where !node.marks.contains(mark) { changes.append("\(baseName): \(mark.symbolText)") }
            }
            let added = node.members.count - matched.count
            if added > 0 { changes.append("\(added) not in \(baseName)") }
            // Resources of the base drawn in a box of the same kind here, but absent here.
            let missing = Set(matched.compactMap { baseNodeOf[$0] }).flatMap(\.members).filter { !targetKeys.contains($0) }.count
            if missing > 0 { changes.append("\(missing) more in \(baseName)") }
            if !changes.isEmpty { result.nodes[index].difference = .changed(changes) }
        }
        // Boxes of the base none of whose resources exist here, drawn from the base.
        var used = Set(result.nodes.map(\.id))
        let containers = Set(result.containers.map(\.id))
        for node in base.nodes where node.members.allSatisfy({ !targetKeys.contains($0) }) {
            var ghost = node
            ghost.findings = []
            ghost.difference = .onlyThere
            var id = "\(node.id)_\(IdentifierMaker.clean(baseName))"
            while !used.insert(id).inserted { id += "_" }
            ghost.id = id
            if node.tier == .network {
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
}
