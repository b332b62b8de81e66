import AnshinCore

/// The Organization's management account runs workloads.
public struct ManagementAccountWorkloads: Check {
    /// Lambda functions Control Tower and its StackSets put in the management account.
    static let governanceFunctionPrefixes = ["aws-controltower-", "StackSet-AWSControlTower"]
    /// How many workloads a message names before summarising the rest.
    static let named = 5

    public let metadata = CheckMetadata(
        id: "management-account-workloads",
        title: "Organization management account runs workloads",
        rationale: """
        The Organization's management account runs workloads.

        Service control policies never apply to the management account, and whoever controls it controls \
        every account of the Organization. Workloads there put the keys to everything next to an \
        application's attack surface. What counts as a workload: instances, databases, caches, load \
        balancers and Lambda functions (except those Control Tower deploys there itself); buckets, log \
        groups and default VPCs do not, since billing, CloudTrail and Identity Center need some.
        """,
        severity: .medium,
        pillars: [.security, .opex],
        references: ["https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html#bp_mgmt-acct_avoid-workloads",
                     "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html"],
        remediation: """
        Move the workloads to member accounts (one per environment), where service control \
        policies apply and a compromise stays inside one account. Keep only Organizations, \
        billing, IAM Identity Center and the organization trail in the management account, and \
        give almost nobody access to it.
        """,
        scope: .organization
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] {
        guard case .known(let organization?) = inventory.organization, organization.isManagementAccount.isTrue else { return [] }
        let workloads = Self.workloads(inventory)
        guard !workloads.isEmpty else { return [] }
        var names = workloads.prefix(Self.named).map { inventory.label($0) }
        if workloads.count > Self.named { names.append("\(workloads.count - Self.named) more") }
        let count = "\(workloads.count) workload\(workloads.count == 1 ? "" : "s")"
        let message = switch inventory.source {
        case .terraform:
            "The configuration that manages Organization \(inventory.label(organization.reference)) \(inventory.scope(organization.reference)) also declares \(count): \(names.spokenList)"
        case .aws:
            "Management account \(inventory.account ?? "?") runs \(count)" + (inventory.region.map { " in \($0)" } ?? "") + ": \(names.spokenList)"
        }
        return [metadata.finding(organization.reference, message)]
    }

    /// The workload resources of the inventory, in a stable order.
    static func workloads(_ inventory: Inventory) -> [ResourceReference] {
        let functions = inventory.functions.filter { function in
            let name = function.reference.name ?? function.reference.identifier
            return !governanceFunctionPrefixes.contains { name.hasPrefix($0) }
        }
        return inventory.instances.filter { $0.kind == .instance }.map(\.reference)
            + inventory.databases.map(\.reference)
            + inventory.cacheClusters.map(\.reference)
            + inventory.loadBalancers.map(\.reference)
            + functions.map(\.reference)
    }
}
