import AnshinCore

/// What an organisation check is, independent of what it finds: the metadata each finding of it
/// carries (the same shape as the infrastructure audit's checks).
public struct OrganizationCheckMetadata: Sendable, Hashable {
    /// Kebab-case id, stable, never reused (`github-org-2fa-required`).
    public var id: String
    public var title: String
    /// What it detects and why that matters, for `anshin explain`.
    public var rationale: String
    public var severity: Severity
    public var pillars: [Pillar]
    /// `CIS-SSC:1.3.5` (CIS Software Supply Chain Security Guide, the CIS benchmark for GitHub), documentation URLs.
    public var references: [String]
    public var remediation: String
    /// Whether it judges each repository (else the organisation as a whole).
    public var perRepository: Bool

    public init(id: String, title: String, rationale: String = "", severity: Severity, pillars: [Pillar], references: [String],
                remediation: String, perRepository: Bool = false) {
        self.id = id
        self.title = title
        self.rationale = rationale
        self.severity = severity
        self.pillars = pillars
        self.references = references
        self.remediation = remediation
        self.perRepository = perRepository
    }

    /// The check as `anshin rules` lists it.
    public var description: RuleDescription {
        RuleDescription(id: id, title: title, rationale: rationale, severity: severity, pillars: pillars, sources: ["github"],
                        scope: perRepository ? "repository" : "organization", references: references, remediation: remediation)
    }

    /// A finding about the organisation.
    public func finding(organization: String, _ message: String, evidence: String? = nil, fingerprintKey: [String] = []) -> Finding {
        Finding(ruleID: id, title: title, message: message, severity: severity, pillars: pillars,
                resource: Resource(kind: "github_organization", identifier: organization), evidence: evidence,
                remediation: remediation, references: references, fingerprintKey: fingerprintKey)
    }

    /// A finding about one repository of the organisation.
    public func finding(organization: String, repository: String, _ message: String, evidence: String? = nil) -> Finding {
        Finding(ruleID: id, title: title, message: message, severity: severity, pillars: pillars,
                resource: Resource(kind: "github_repository", identifier: "\(organization)/\(repository)"), evidence: evidence,
                remediation: remediation, references: references)
    }
}

/// One organisation check: metadata and a pure evaluation of an ``OrganizationInventory``.
/// A fact that could not be read never yields a finding (the audit reports it as a note).
public protocol OrganizationCheck: Sendable {
    var metadata: OrganizationCheckMetadata { get }
    func evaluate(_ inventory: OrganizationInventory) -> [Finding]
}

/// Every organisation check, in report order.
public enum OrganizationCheckCatalog {
    public static let all: [any OrganizationCheck] = [
        TwoFactorRequired(), DefaultRepositoryPermission(), PublicRepositoryCreation(), PrivateRepositoryForking(),
        SAMLSingleSignOn(), ActionsAllowedActions(), WorkflowTokenPermissions(), WorkflowsApprovePullRequests(),
        WebhookSecurity(), OutsideCollaboratorAdmins(), OwnerCount(),
        DefaultBranchProtection(), SecretScanning(), DependabotAlerts(), RepositoryAdmins(),
    ]

    /// Every check as `anshin rules` lists them.
    public static var rules: [RuleDescription] { all.map(\.metadata.description) }
}
