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

// MARK: - Credentials

/// The root user: what the IAM account summary and the `<root_account>` row of the credential
/// report say about it (live only: Terraform cannot manage the root user).
public struct RootUser: Sendable, Hashable {
    /// An MFA device is enabled (`AccountMFAEnabled`).
    public var mfaEnabled: Setting<Bool> = .unknown
    /// The enabled MFA device is a hardware device: no virtual MFA device is assigned to root.
    public var hardwareMFA: Setting<Bool> = .unknown
    /// Root has access keys (`AccountAccessKeysPresent`).
    public var accessKeysPresent: Setting<Bool> = .unknown
    /// Root has a password (`AccountPasswordPresent`); false when the Organization manages root
    /// access centrally and removed it.
    public var passwordPresent: Setting<Bool> = .unknown
    /// The last sign-in with the password; `.known(nil)` when never (or before IAM tracked it).
    public var passwordLastUsed: Setting<Date?> = .unknown
    /// The most recent use of either access key; `.known(nil)` when never or without keys.
    public var accessKeyLastUsed: Setting<Date?> = .unknown

    public init() {}

    /// The most recent known use of any root credential; nil when none was ever used, unknown
    /// when either use is unknown.
    public var lastUsed: Setting<Date?> {
        guard case .known(let password) = passwordLastUsed, case .known(let key) = accessKeyLastUsed else { return .unknown }
        return .known([password, key].compactMap { $0 }.max())
    }

    /// Whether root can sign in or call APIs at all: false only when it has neither a password
    /// nor access keys.
    public var hasCredentials: Setting<Bool> {
        if passwordPresent.isTrue || accessKeysPresent.isTrue { return .known(true) }
        if passwordPresent.isFalse && accessKeysPresent.isFalse { return .known(false) }
        return .unknown
    }
}

/// One IAM user's row of the credential report (`GenerateCredentialReport`): when each
/// credential was created, changed and last used.
public struct CredentialReportEntry: Sendable, Hashable {
    /// `access_key_1_*` or `access_key_2_*`.
    public struct KeySlot: Sendable, Hashable {
        /// 1 or 2, as the report numbers them.
        public var number: Int
        public var active: Bool
        /// When the key was created or last rotated.
        public var lastRotated: Date?
        /// nil when the key was never used.
        public var lastUsed: Date?

        public init(number: Int, active: Bool, lastRotated: Date?, lastUsed: Date?) {
            self.number = number
            self.active = active
            self.lastRotated = lastRotated
            self.lastUsed = lastUsed
        }
    }

    public var userCreated: Date
    public var passwordEnabled: Bool
    /// nil when the password was never used (the report's `no_information` or `N/A`).
    public var passwordLastUsed: Date?
    public var passwordLastChanged: Date?
    public var accessKeys: [KeySlot]

    public init(userCreated: Date, passwordEnabled: Bool, passwordLastUsed: Date? = nil, passwordLastChanged: Date? = nil,
                accessKeys: [KeySlot] = []) {
        self.userCreated = userCreated
        self.passwordEnabled = passwordEnabled
        self.passwordLastUsed = passwordLastUsed
        self.passwordLastChanged = passwordLastChanged
        self.accessKeys = accessKeys
    }
}

/// The IAM account password policy (`GetAccountPasswordPolicy`, `aws_iam_account_password_policy`).
public struct PasswordPolicy: Sendable, Hashable {
    public var minimumLength: Setting<Int>
    public var requireUppercase: Setting<Bool>
    public var requireLowercase: Setting<Bool>
    public var requireNumbers: Setting<Bool>
    public var requireSymbols: Setting<Bool>
    /// How many previous passwords cannot be reused; `.known(nil)` when reuse is allowed.
    public var reusePrevention: Setting<Int?>
    /// Days before a password expires; `.known(nil)` when passwords never expire.
    public var maximumAge: Setting<Int?>

    public init(minimumLength: Setting<Int>, requireUppercase: Setting<Bool>, requireLowercase: Setting<Bool>,
                requireNumbers: Setting<Bool>, requireSymbols: Setting<Bool>, reusePrevention: Setting<Int?>,
                maximumAge: Setting<Int?> = .known(nil)) {
        self.minimumLength = minimumLength
        self.requireUppercase = requireUppercase
        self.requireLowercase = requireLowercase
        self.requireNumbers = requireNumbers
        self.requireSymbols = requireSymbols
        self.reusePrevention = reusePrevention
        self.maximumAge = maximumAge
    }
}

// MARK: - Regional security services

/// A security service switched on per Region: Security Hub, or a GuardDuty detector.
public struct RegionalService: Sendable, Hashable {
    /// The hub or detector (Terraform resource or live ARN), or the account in a Region without one.
    public var reference: ResourceReference
    public var enabled: Setting<Bool>
    /// Where settings are written. Keys read by the checks: `enable`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference, enabled: Setting<Bool>) {
        self.reference = reference
        self.enabled = enabled
    }
}

extension Clock {
    /// Whole days from `date` to now (negative for a date in the future).
    func days(since date: Date) -> Int {
        Int((now.timeIntervalSince(date) / 86_400).rounded(.down))
    }
}
