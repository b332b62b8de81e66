import Foundation

/// A capability that `anshin assess` can run: the Terraform audit, the secret scan, the AWS audit.
///
/// Capabilities register with the executable; `assess` runs every one that applies to the
/// folder, so a new capability joins the main job by conforming to this protocol.
public protocol Capability: Sendable {
    /// Short name used in notes and progress (`terraform`, `secrets`, `aws`).
    var name: String { get }
    /// Whether the capability has anything to assess here (Terraform files, a git repository, credentials).
    func applies(to context: AssessmentContext) -> Bool
    /// Runs the capability. Throw ``ConfigurationError`` for mistakes in the user's inputs.
    func assess(_ context: AssessmentContext) async throws -> CapabilityResult
}

/// What every capability gets: the folder, its environment catalog and the time.
public struct AssessmentContext: Sendable {
    /// The folder being assessed.
    public var root: URL
    public var catalog: EnvironmentCatalog
    public var clock: Clock

    public init(root: URL, catalog: EnvironmentCatalog, clock: Clock) {
        self.root = root
        self.catalog = catalog
        self.clock = clock
    }
}

/// Findings and notes from one capability.
public struct CapabilityResult: Sendable {
    public var findings: [Finding]
    public var notes: [Note]
    /// What the capability looked at, counted; nil when it does not say.
    public var assessed: AssessedScope?
    /// The AWS accounts it read live, so that reports record them as covered.
    public var accounts: [String]

    public init(findings: [Finding] = [], notes: [Note] = [], assessed: AssessedScope? = nil, accounts: [String] = []) {
        self.findings = findings
        self.notes = notes
        self.assessed = assessed
        self.accounts = accounts
    }
}

/// What a capability looked at: how many things, and the same in words for the closing line of
/// a run ("6 stacks × 3 environments", "214 files, 1.2 MB", "2 accounts × 1 Region").
public struct AssessedScope: Sendable, Hashable {
    /// How many things were assessed; 0 when nothing was.
    public var count: Int
    public var summary: String

    public init(count: Int, summary: String) {
        self.count = count
        self.summary = summary
    }

    /// "1 stack" or "3 stacks".
    public static func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }

    /// Bytes for people: 1.2 MB (powers of 1000).
    public static func bytes(_ count: Int) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(count) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }
}

/// The outcome of running capabilities over a folder, suppressions applied.
public struct AssessmentResult: Sendable {
    public var findings: [Finding]
    public var notes: [Note]
    /// Names of the capabilities that ran.
    public var ran: [String]
    /// Capabilities that failed unexpectedly; the run is incomplete (exit code 3) but the others' results stand.
    public var failures: [String]
    /// What each capability that said so looked at, in run order.
    public var assessed: [(capability: String, scope: AssessedScope)] = []
    /// The AWS accounts read live.
    public var accounts: [String] = []

    /// Whether the run looked at nothing: no capability ran, or none that ran found anything to look at.
    public var assessedNothing: Bool {
        ran.isEmpty || (assessed.count == ran.count && assessed.allSatisfy { $0.scope.count == 0 })
    }

    /// One line: what was assessed, capability by capability.
    public var assessedSummary: String {
        assessed.filter { $0.scope.count > 0 }.map { "\($0.capability): \($0.scope.summary)" }.joined(separator: "; ")
    }
}

/// Runs capabilities and merges what they find.
public enum Assessment {
    /// Runs every capability that applies, in order, then applies `suppressions`.
    ///
    /// A ``ConfigurationError`` stops the run (the user must fix an input); any other error of a
    /// capability is recorded as a failure and a note, and the others still run.
    /// `pathPrefix` is the folder's path inside the project root, against which suppressions'
    /// path globs are written.
    /// `progress`, when given, shows which capability is running.
    public static func run(_ capabilities: [any Capability], context: AssessmentContext,
                           suppressions: Suppressions, pathPrefix: String = "",
                           progress: ProgressLine? = nil) async throws(ConfigurationError) -> AssessmentResult {
        var findings: [Finding] = []
        var notes: [Note] = []
        var ran: [String] = []
        var failures: [String] = []
        var assessed: [(capability: String, scope: AssessedScope)] = []
        var accounts: [String] = []
        for capability in capabilities where capability.applies(to: context) {
            progress?.show("\(capability.name): assessing" + (assessed.isEmpty ? "" : " (done: \(assessed.map(\.capability).joined(separator: ", ")))"))
            do {
                let result = try await capability.assess(context)
                findings += result.findings.map { $0.from(capability.name) }
                notes += result.notes
                ran.append(capability.name)
                if let scope = result.assessed { assessed.append((capability.name, scope)) }
                for account in result.accounts where !accounts.contains(account) { accounts.append(account) }
            } catch let error as ConfigurationError {
                throw error
            } catch {
                failures.append("\(capability.name): \(error)")
                notes.append(Note(kind: .warning, source: capability.name, message: "failed and was not completed: \(error)"))
            }
        }
        findings = suppressions.apply(to: findings, today: context.clock.today, pathPrefix: pathPrefix)
        var result = AssessmentResult(findings: findings, notes: notes, ran: ran, failures: failures,
                                      assessed: assessed, accounts: accounts)
        if result.assessedNothing && failures.isEmpty {
            result.notes.append(Note(kind: .notAssessed, source: "assess", message: ran.isEmpty
                ? "no capability applies to this folder, so nothing was assessed (no Terraform, no files, no AWS settings)"
                : "nothing was assessed: no Terraform stack, no file to scan and no AWS account was found"))
        }
        return result
    }
}
