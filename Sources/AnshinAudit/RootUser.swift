import AnshinCore
import Foundation

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
