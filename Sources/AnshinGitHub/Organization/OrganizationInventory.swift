import AnshinCore

/// A fact about the organisation: read, or not readable with this token (and why).
public enum Readable<Value: Sendable & Hashable>: Sendable, Hashable {
    case known(Value)
    /// What could not be read and what would allow it (`GET /orgs/acme/hooks: needs admin:org_hook`).
    case unreadable(String)

    public var value: Value? {
        if case .known(let value) = self { return value }
        return nil
    }
}

/// What the organisation audit knows about a GitHub organisation: its settings and each of its
/// repositories, normalised from the REST API (or from fixtures in tests). Checks read only this.
public struct OrganizationInventory: Sendable, Hashable {
    public var login: String
    public var settings: Readable<OrganizationSettings>
    public var actions: Readable<ActionsPolicy>
    public var workflowToken: Readable<WorkflowTokenPolicy>
    /// Whether SAML single sign-on is configured for the organisation.
    public var samlSSO: Readable<Bool>
    public var webhooks: Readable<[Webhook]>
    /// Logins of the organisation's owners.
    public var owners: Readable<[String]>
    /// Repositories, archived ones left out.
    public var repositories: Readable<[RepositoryFacts]>

    public init(login: String, settings: Readable<OrganizationSettings>, actions: Readable<ActionsPolicy>,
                workflowToken: Readable<WorkflowTokenPolicy>, samlSSO: Readable<Bool>, webhooks: Readable<[Webhook]>,
                owners: Readable<[String]>, repositories: Readable<[RepositoryFacts]>) {
        self.login = login
        self.settings = settings
        self.actions = actions
        self.workflowToken = workflowToken
        self.samlSSO = samlSSO
        self.webhooks = webhooks
        self.owners = owners
        self.repositories = repositories
    }

    /// Everything that could not be read, one line each.
    public var unreadable: [String] {
        var lines: [String] = []
        func add<T>(_ fact: Readable<T>) { if case .unreadable(let why) = fact { lines.append(why) } }
        add(settings)
        if let settings = settings.value, settings.twoFactorRequirementEnabled == nil || settings.defaultRepositoryPermission == nil {
            lines.append("GET /orgs/\(login): two-factor requirement and member privileges not shown: needs an owner's token (admin:org)")
        }
        add(actions); add(workflowToken); add(samlSSO); add(webhooks); add(owners); add(repositories)
        for repository in repositories.value ?? [] {
            add(repository.protection); add(repository.rules); add(repository.dependabotAlerts)
            add(repository.outsideAdmins); add(repository.directAdmins)
        }
        return lines
    }
}

/// `GET /orgs/{org}`: the settings the audit judges. Nil fields were not in the answer (GitHub
/// leaves some out for tokens that are not an owner's).
public struct OrganizationSettings: Sendable, Hashable {
    public var twoFactorRequirementEnabled: Bool?
    /// `read`, `write`, `admin` or `none`.
    public var defaultRepositoryPermission: String?
    public var membersCanCreatePublicRepositories: Bool?
    public var membersCanForkPrivateRepositories: Bool?

    public init(twoFactorRequirementEnabled: Bool?, defaultRepositoryPermission: String?,
                membersCanCreatePublicRepositories: Bool?, membersCanForkPrivateRepositories: Bool?) {
        self.twoFactorRequirementEnabled = twoFactorRequirementEnabled
        self.defaultRepositoryPermission = defaultRepositoryPermission
        self.membersCanCreatePublicRepositories = membersCanCreatePublicRepositories
        self.membersCanForkPrivateRepositories = membersCanForkPrivateRepositories
    }
}

/// `GET /orgs/{org}/actions/permissions`.
public struct ActionsPolicy: Sendable, Hashable {
    /// `all`, `none` or `selected`.
    public var enabledRepositories: String
    /// `all`, `local_only` or `selected`; nil when Actions are disabled.
    public var allowedActions: String?
}

/// `GET /orgs/{org}/actions/permissions/workflow`.
public struct WorkflowTokenPolicy: Sendable, Hashable {
    /// `read` or `write`.
    public var defaultWorkflowPermissions: String
    public var canApprovePullRequestReviews: Bool
}

/// One organisation webhook (`GET /orgs/{org}/hooks`).
public struct Webhook: Sendable, Hashable {
    public var id: Int
    /// Host of the target URL (never the whole URL: it may carry a token).
    public var host: String
    public var scheme: String
    public var active: Bool
    public var hasSecret: Bool
    /// `config.insecure_ssl == "1"`: TLS certificates are not verified.
    public var insecureSSL: Bool
}

/// What the audit knows about one repository.
public struct RepositoryFacts: Sendable, Hashable {
    public var name: String
    /// `public`, `private` or `internal`.
    public var visibility: String
    public var defaultBranch: String
    /// Classic branch protection of the default branch: nil when it has none.
    public var protection: Readable<BranchProtection?>
    /// Types of the ruleset rules that apply to the default branch (`pull_request`, `deletion`, …).
    public var rules: Readable<[String]>
    /// `security_and_analysis.secret_scanning.status`; nil when not shown to this token.
    public var secretScanning: String?
    public var secretScanningPushProtection: String?
    public var dependabotAlerts: Readable<Bool>
    /// Outside collaborators with admin permission.
    public var outsideAdmins: Readable<[String]>
    /// Collaborators given admin on the repository directly (org owners not counted).
    public var directAdmins: Readable<[String]>
}

/// The parts of a classic branch protection the checks read.
public struct BranchProtection: Sendable, Hashable {
    /// Approving reviews required; 0 when pull requests are not required.
    public var requiredApprovals: Int
    public var allowsForcePushes: Bool
    public var allowsDeletions: Bool
    public var enforceAdmins: Bool
}
