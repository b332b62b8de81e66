/// Everything a reporter needs: the findings of one run and what the run could not assess.
public struct Report: Sendable {
    /// The producing tool, recorded in JSON and SARIF.
    public var toolName: String
    public var toolVersion: String
    /// What was assessed, as the user named it (`examples/acme`).
    public var target: String
    /// When the run happened, ISO 8601; injected so that reports are reproducible in tests.
    public var generatedAt: String
    /// All findings, suppressed ones included, in report order.
    public var findings: [Finding]
    /// What the run could not assess, or other things the reader must know.
    public var notes: [Note]
    /// Findings at or above this severity make the run fail (exit code 1); nil only reports
    /// (`--fail-on none`).
    public var failOn: Severity?
    /// Whether reporters list suppressed findings (always counted in summaries).
    public var showSuppressed: Bool
    /// What the run looked at, so that a finding missing from it can be told resolved; nil
    /// when the run does not say.
    public var coverage: Coverage?
    /// The repository the assessed folder belongs to, when the target is a folder: machine
    /// reports name files from its root (SARIF's `%SRCROOT%`).
    public var sourceRoot: SourceRoot?
    /// The environments of the catalog, in its order: reports list the environments a finding
    /// holds in in this order (then any other, as met).
    public var environments: [String]
    /// Pictures of the infrastructure, one per environment, for the HTML report.
    public var diagrams: [Diagram] = []
    /// Whether the run looked at nothing it was asked to assess (no Terraform root module, no
    /// resource): such a run never passes, whatever its findings (except with `--fail-on none`,
    /// which only reports).
    public var assessedNothing = false

    /// One environment's infrastructure as a self-contained SVG document.
    public struct Diagram: Sendable, Hashable {
        public var environment: String?
        public var svg: String

        public init(environment: String?, svg: String) {
            self.environment = environment
            self.svg = svg
        }
    }

    public init(toolName: String = "anshin", toolVersion: String = Anshin.version, target: String,
                generatedAt: String, findings: [Finding], notes: [Note] = [], failOn: Severity? = .high,
                showSuppressed: Bool = false, coverage: Coverage? = nil, sourceRoot: SourceRoot? = nil,
                environments: [String] = []) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.target = target
        self.generatedAt = generatedAt
        self.findings = findings.sorted(by: Finding.reportOrder)
        self.notes = notes
        self.failOn = failOn
        self.showSuppressed = showSuppressed
        self.coverage = coverage
        self.sourceRoot = sourceRoot
        self.environments = environments
    }

    /// Findings not covered by a suppression: the ones that count.
    public var activeFindings: [Finding] { findings.filter { !$0.isSuppressed } }

    /// Findings a reporter lists: the active ones, plus suppressed ones when asked.
    public var listedFindings: [Finding] { showSuppressed ? findings : activeFindings }

    /// Number of suppressed findings.
    public var suppressedCount: Int { findings.count - activeFindings.count }

    /// Active findings at or above ``failOn``; none when the run only reports.
    public var failingFindings: [Finding] {
        guard let failOn else { return [] }
        return activeFindings.filter { $0.severity >= failOn }
    }

    /// Whether the run fails: findings at or above ``failOn``, or nothing assessed; never with
    /// `--fail-on none`.
    public var fails: Bool { !failingFindings.isEmpty || (assessedNothing && failOn != nil) }

    /// The threshold as reports print it: a severity, or `none`.
    public var failOnLabel: String { failOn?.rawValue ?? "none" }

    /// Active findings counted by severity.
    public var countsBySeverity: [Severity: Int] {
        activeFindings.reduce(into: [:]) { $0[$1.severity, default: 0] += 1 }
    }

    /// Active findings counted per pillar and severity; a finding counts once in each of its pillars.
    public var countsByPillar: [Pillar: [Severity: Int]] {
        var counts: [Pillar: [Severity: Int]] = [:]
        for finding in activeFindings {
            for pillar in Set(finding.pillars) {
                counts[pillar, default: [:]][finding.severity, default: 0] += 1
            }
        }
        return counts
    }
}

/// What one run looked at: the capabilities that ran, and the AWS accounts and GitHub
/// organisations they read. A finding of a source the run covered that is missing from it is
/// gone; one of a source it did not cover may still hold.
public struct Coverage: Codable, Sendable, Hashable {
    /// Capabilities that ran to the end (`terraform`, `secrets`, `aws`, `github`, `ribbon`, `tf-doctor`).
    public var sources: [String]
    /// AWS accounts the live audit read.
    public var accounts: [String]
    /// GitHub organisations the organisation audit read.
    public var organizations: [String]
    /// The folder of the repository the run looked at (`infra/`), when it was not the whole
    /// repository: a finding of a file outside it may still hold.
    public var folder: String?

    public init(sources: [String], accounts: [String] = [], organizations: [String] = [], folder: String? = nil) {
        self.sources = sources
        self.accounts = accounts
        self.organizations = organizations
        self.folder = folder.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Something a reader must know besides findings, most often a part that was not assessed.
public struct Note: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// A region, service or capability that could not be assessed (denied, disabled, missing input).
        case notAssessed = "not-assessed"
        /// A problem with anshin's own inputs that did not stop the run.
        case warning
        case info
    }

    public var kind: Kind
    /// The capability that wrote it (`terraform`, `aws`, `secrets`, `catalog`).
    public var source: String
    public var message: String

    public init(kind: Kind, source: String, message: String) {
        self.kind = kind
        self.source = source
        self.message = message
    }
}

extension Finding {
    /// Report order: most severe first, then by main pillar, rule, place and fingerprint.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.pillars[0] != b.pillars[0] { return a.pillars[0] < b.pillars[0] }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        let (placeA, placeB) = (a.place, b.place)
        if placeA != placeB { return placeA < placeB }
        if a.location?.line != b.location?.line { return (a.location?.line ?? 0) < (b.location?.line ?? 0) }
        return a.fingerprint < b.fingerprint
    }
}
