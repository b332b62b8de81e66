import AnshinAWS
import AnshinCore

/// Where a check judges: what one evaluation of it looks at.
public enum CheckScope: String, Sendable, Hashable, CaseIterable {
    /// Each resource on its own (a bucket, a database): every stack of an environment is
    /// checked apart.
    case resource
    /// The account as a whole (a trail anywhere, the password policy): judged once per
    /// environment over all its stacks, or once per account live.
    case account
    /// An account setting that holds per Region (EBS encryption by default, a Config
    /// recorder): judged live once in each audited Region.
    case region
    /// The Organization and the account's place in it.
    case organization
}

/// Where a check's facts can come from.
public enum CheckSource: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Terraform code evaluated for an environment.
    case terraform
    /// A live account, through the AWS APIs.
    case live

    public static func < (lhs: CheckSource, rhs: CheckSource) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a check is, independent of what it finds: the metadata every finding of it carries.
public struct CheckMetadata: Sendable, Hashable {
    /// Kebab-case id, stable, never reused (`s3-bucket-versioning`).
    public var id: String
    public var title: String
    /// What it detects and why that matters, for `anshin explain`.
    public var rationale: String
    public var severity: Severity
    public var pillars: [Pillar]
    /// `SecurityHub:S3.14`, `CIS:2.1.1`, documentation URLs.
    public var references: [String]
    /// What to do, with a provider-v4+ Terraform snippet where one fits.
    public var remediation: String
    /// What one evaluation looks at.
    public var scope: CheckScope
    /// Where its facts can come from: a check about MFA devices or the root user has only live ones.
    public var sources: Set<CheckSource>
    /// For a check that finds something missing (no trail): the service whose resources must
    /// all be listed live before their absence means anything.
    public var absenceNeedsListing: AWSService?
    /// Whether ``Check/evaluate(_:)`` finds it in an inventory; false for what the audit raises
    /// while reading its sources (a Terraform module it cannot read).
    public var readsInventory: Bool
    /// The address the remediation's Terraform snippet is written for, when it stands for other
    /// resource types too (`aws_instance.app` for the IMDSv2 block that launch templates share);
    /// nil lets the snippet's resource of the finding's type be found (``RemediationTailoring``).
    public var snippetSubject: String?

    public init(id: String, title: String, rationale: String = "", severity: Severity, pillars: [Pillar], references: [String],
                remediation: String, scope: CheckScope = .resource, sources: Set<CheckSource> = [.terraform, .live],
                absenceNeedsListing: AWSService? = nil, readsInventory: Bool = true, snippetSubject: String? = nil) {
        self.id = id
        self.title = title
        self.rationale = rationale
        self.severity = severity
        self.pillars = pillars
        self.references = references
        self.remediation = remediation
        self.scope = scope
        self.sources = sources
        self.absenceNeedsListing = absenceNeedsListing
        self.readsInventory = readsInventory
        self.snippetSubject = snippetSubject
    }

    /// The check as `anshin rules` lists it.
    public var description: RuleDescription {
        RuleDescription(id: id, title: title, rationale: rationale, severity: severity, pillars: pillars,
                        sources: [CheckSource.terraform, .live].filter(sources.contains).map(\.rawValue), scope: scope.rawValue,
                        references: references, remediation: remediation)
    }

    /// A finding of this check about `reference`, pointing at `location` (the line to change) when
    /// given, else at the resource's block. `fingerprintKey` tells apart findings of one check
    /// about parts of one resource (the two access keys of a user). The remediation's Terraform
    /// snippet is written for the resource itself when it is a Terraform resource.
    public func finding(_ reference: ResourceReference, _ message: String, at location: Location? = nil,
                        severity: Severity? = nil, evidence: String? = nil, fingerprintKey: [String] = []) -> Finding {
        Finding(ruleID: id, title: title, message: message, severity: severity ?? self.severity, pillars: pillars,
                resource: reference.resource, location: location ?? reference.location, evidence: evidence,
                remediation: RemediationTailoring.tailor(remediation, to: reference, subject: snippetSubject),
                references: references, fingerprintKey: fingerprintKey)
    }
}

/// One audit check: metadata and a pure evaluation of an ``Inventory``.
///
/// A check reports only what is known: a setting that is ``Setting/unknown`` never yields a finding.
public protocol Check: Sendable {
    var metadata: CheckMetadata { get }
    func evaluate(_ inventory: Inventory) -> [Finding]
}

extension Inventory {
    /// How a finding names where a resource lives: "in prd" for Terraform, "in account 1111…" live.
    func scope(_ reference: ResourceReference) -> String {
        switch source {
        case .terraform:
            return environment.map { "in the \($0) environment" } ?? "in this configuration"
        case .aws:
            return "in account \(reference.account ?? "?")" + (reference.region.map { " (\($0))" } ?? "")
        }
    }

    /// A resource's name for messages: its own name when known, else its identifier.
    func label(_ reference: ResourceReference) -> String {
        if source == .terraform {
            if let name = reference.name { return "\(reference.identifier) (\(name))" }
            return reference.identifier
        }
        return reference.name ?? reference.identifier
    }
}
