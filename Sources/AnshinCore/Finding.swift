/// One problem found by one rule in one place: the unit every capability produces and every
/// reporter, suppression and integration consumes.
///
/// A finding points at a ``Resource`` (an AWS resource or a Terraform address), a source
/// ``Location`` (file and line, commit for history), or both. Its ``fingerprint`` is computed
/// from what identifies the problem, never from line numbers, so triage survives edits.
public struct Finding: Codable, Sendable, Hashable {
    /// Stable kebab-case identifier of the rule (`s3-bucket-versioning`); never reused.
    public var ruleID: String
    /// What the rule detects, the same for every finding of the rule.
    public var title: String
    /// What is wrong in this instance, when it says more than the title.
    public var message: String?
    public var severity: Severity
    /// One or more Well-Architected pillars, the first being the main one.
    public var pillars: [Pillar]
    public var resource: Resource?
    public var location: Location?
    /// What was seen, always redacted: never a full secret.
    public var evidence: String?
    /// What to do about it; may hold a Terraform snippet.
    public var remediation: String
    /// Security Hub control ids (`SecurityHub:S3.14`), CIS ids, documentation URLs.
    public var references: [String]
    /// Hex digest identifying this problem across runs.
    public var fingerprint: String
    /// Set when a suppression or triage entry covers this finding.
    public var suppression: AppliedSuppression?
    /// How sure the rule is (secret findings: a format with a checksum is `high`, a password
    /// judged by its key and shape may be lower); `nil` for rules that are not guesses.
    public var confidence: Confidence?
    /// Why the finding has its confidence, for a person ("name `db_password`, 14 characters,
    /// mixed classes").
    public var reason: String?
    /// Every other place the same problem was found (one secret pasted in several files).
    public var otherLocations: [Location]?
    /// The capability that produced it (`terraform`, `secrets`, `aws`, `github`, …), set by the
    /// run; a later run's coverage is judged by it (`anshin issues sync --from`).
    public var source: String?

    /// Creates a finding; the fingerprint is derived from the rule, the resource, the location's
    /// file (not its line) and `fingerprintKey`, unless one is given.
    ///
    /// - Parameter fingerprintKey: what else tells two findings of the same rule in the same file
    ///   apart (a secret's digest, a normalised line); it must not change when lines move.
    public init(
        ruleID: String,
        title: String,
        message: String? = nil,
        severity: Severity,
        pillars: [Pillar],
        resource: Resource? = nil,
        location: Location? = nil,
        evidence: String? = nil,
        remediation: String,
        references: [String] = [],
        fingerprintKey: [String] = [],
        fingerprint: String? = nil,
        confidence: Confidence? = nil,
        reason: String? = nil,
        otherLocations: [Location]? = nil
    ) {
        precondition(!pillars.isEmpty, "a finding needs at least one pillar")
        self.ruleID = ruleID
        self.title = title
        self.message = message
        self.severity = severity
        self.pillars = pillars
        self.resource = resource
        self.location = location
        self.evidence = evidence
        self.remediation = remediation
        self.references = references
        self.fingerprint = fingerprint ?? Fingerprint.make(
            ruleID: ruleID,
            components: Finding.identity(resource: resource, location: location) + fingerprintKey
        )
        self.suppression = nil
        self.confidence = confidence
        self.reason = reason
        self.otherLocations = otherLocations
    }

    /// The parts of a resource and location that identify a finding without depending on lines.
    static func identity(resource: Resource?, location: Location?) -> [String] {
        var parts: [String] = []
        if let resource {
            parts += ["kind=\(resource.kind)", "id=\(resource.identifier)"]
            if let account = resource.account { parts.append("account=\(account)") }
            if let region = resource.region { parts.append("region=\(region)") }
            if let environment = resource.environment { parts.append("env=\(environment)") }
        }
        if let path = location?.path { parts.append("path=\(path)") }
        return parts
    }

    /// True when a suppression covers the finding and has not expired.
    public var isSuppressed: Bool { suppression != nil }

    /// The message if there is one, else the title.
    public var summary: String { message ?? title }

    /// A short name for where the finding is: `path:line` or the resource identifier.
    public var place: String {
        if let location {
            var text = location.path
            if let line = location.line { text += ":\(line)" }
            if let commit = location.commit { text += " @ \(commit.prefix(12))" }
            if let resource, !location.path.isEmpty, resource.identifier != location.path {
                text = "\(resource.identifier) (\(text))"
            }
            return text
        }
        if let resource {
            var text = resource.identifier
            var scope: [String] = []
            if let account = resource.account { scope.append(account) }
            if let region = resource.region { scope.append(region) }
            if !scope.isEmpty { text += " [\(scope.joined(separator: "/"))]" }
            return text
        }
        return ""
    }
}

/// What a finding is about: a Terraform address for code, a resource id or ARN for live AWS.
public struct Resource: Codable, Sendable, Hashable {
    /// The resource type, e.g. `aws_s3_bucket`.
    public var kind: String
    /// The Terraform address (`aws_s3_bucket.logs`) or the live resource id.
    public var identifier: String
    public var arn: String?
    public var account: String?
    public var region: String?
    /// The catalog environment (`prd`) the resource belongs to.
    public var environment: String?

    public init(kind: String, identifier: String, arn: String? = nil, account: String? = nil,
                region: String? = nil, environment: String? = nil) {
        self.kind = kind
        self.identifier = identifier
        self.arn = arn
        self.account = account
        self.region = region
        self.environment = environment
    }
}

/// Where in the source a finding is; `path` is relative to the scanned folder.
public struct Location: Codable, Sendable, Hashable {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var endLine: Int?
    public var endColumn: Int?
    /// For findings in git history: the commit that introduced it, its author and date (ISO 8601).
    public var commit: String?
    public var author: String?
    public var date: String?

    public init(path: String, line: Int? = nil, column: Int? = nil, endLine: Int? = nil, endColumn: Int? = nil,
                commit: String? = nil, author: String? = nil, date: String? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.commit = commit
        self.author = author
        self.date = date
    }
}

extension Finding {
    /// The finding with `source` set where the producer left it empty.
    public func from(_ source: String) -> Finding {
        var copy = self
        if copy.source == nil { copy.source = source }
        return copy
    }
}
