import AnshinCore
import Foundation

// MARK: - The account and its Organization

/// The AWS Organization an account belongs to, as far as the account can see it.
///
/// A member account sees only the Organization's id and management account; the accounts list
/// and the log-archive account are known from the management account (or a delegated
/// administrator), or from Terraform that declares them.
public struct Organization: Sendable, Hashable {
    /// The Organization (`o-…` live, `aws_organizations_organization.x` in Terraform).
    public var reference: ResourceReference
    /// The management account's id, when known.
    public var managementAccount: Setting<String>
    /// Whether the audited account is the management account. Terraform that declares
    /// `aws_organizations_organization` runs in it by definition.
    public var isManagementAccount: Setting<Bool>
    /// The Organization's accounts, when they can be listed.
    public var accounts: Setting<[OrganizationAccount]> = .unknown
    /// The account that keeps the Organization's logs apart from everyone who could erase them
    /// (Control Tower's centralized logging account, or the owner of the organization trail's
    /// bucket); `.known(nil)` when logs stay in the management or a workload account.
    public var logArchiveAccount: Setting<String?> = .unknown

    public init(reference: ResourceReference, managementAccount: Setting<String>, isManagementAccount: Setting<Bool>) {
        self.reference = reference
        self.managementAccount = managementAccount
        self.isManagementAccount = isManagementAccount
    }
}

extension Organization {
    /// The log-archive account as the management account's own reading shows it: an account
    /// named as Control Tower names it ("Log Archive"), else whoever holds the bucket an
    /// organization trail delivers to when the management account does not; `.known(nil)` when
    /// the organization trails deliver to the management account's own buckets, or there is none.
    ///
    /// Only for the management account, with its accounts, trails and buckets all listed.
    static func logArchive(accounts: [OrganizationAccount], management: String, trails: [Trail],
                           ownBuckets: Set<String>) -> Setting<String?> {
        let named = accounts.first { account in
            guard let name = account.name.value, account.id.value != management else { return false }
            let letters = name.lowercased().filter { $0.isLetter }
            return letters.contains("logarchive") || letters.contains("logsarchive")
        }
        if let id = named?.id.value { return .known(id) }
        let delivered = trails.filter { $0.organizationTrail == .known(true) }.compactMap(\.bucket)
        if let elsewhere = delivered.first(where: { !ownBuckets.contains($0) }) {
            return .known("the account that holds bucket \(elsewhere)")
        }
        return .known(nil)
    }
}

/// One account of an Organization.
public struct OrganizationAccount: Sendable, Hashable {
    public var reference: ResourceReference
    /// The account id; known only after apply for accounts Terraform creates.
    public var id: Setting<String>
    public var name: Setting<String>

    public init(reference: ResourceReference, id: Setting<String>, name: Setting<String>) {
        self.reference = reference
        self.id = id
        self.name = name
    }
}
