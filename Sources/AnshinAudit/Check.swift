import AnshinCore

/// What a check is, independent of what it finds: the metadata every finding of it carries.
public struct CheckMetadata: Sendable, Hashable {
    /// Kebab-case id, stable, never reused (`s3-bucket-versioning`).
    public var id: String
    public var title: String
    public var severity: Severity
    public var pillars: [Pillar]
    /// `SecurityHub:S3.14`, `CIS:2.1.1`, documentation URLs.
    public var references: [String]
    /// What to do, with a provider-v4+ Terraform snippet where one fits.
    public var remediation: String

    public init(id: String, title: String, severity: Severity, pillars: [Pillar], references: [String], remediation: String) {
        self.id = id
        self.title = title
        self.severity = severity
        self.pillars = pillars
        self.references = references
        self.remediation = remediation
    }

    /// A finding of this check about `reference`, pointing at `location` (the line to change) when
    /// given, else at the resource's block. `fingerprintKey` tells apart findings of one check
    /// about parts of one resource (the two access keys of a user).
    public func finding(_ reference: ResourceReference, _ message: String, at location: Location? = nil,
                        severity: Severity? = nil, evidence: String? = nil, fingerprintKey: [String] = []) -> Finding {
        Finding(ruleID: id, title: title, message: message, severity: severity ?? self.severity, pillars: pillars,
                resource: reference.resource, location: location ?? reference.location, evidence: evidence,
                remediation: remediation, references: references, fingerprintKey: fingerprintKey)
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
