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

    public init(findings: [Finding] = [], notes: [Note] = []) {
        self.findings = findings
        self.notes = notes
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
}

/// Runs capabilities and merges what they find.
public enum Assessment {
    /// Runs every capability that applies, in order, then applies `suppressions`.
    ///
    /// A ``ConfigurationError`` stops the run (the user must fix an input); any other error of a
    /// capability is recorded as a failure and a note, and the others still run.
    /// `pathPrefix` is the folder's path inside the project root, against which suppressions'
    /// path globs are written.
    public static func run(_ capabilities: [any Capability], context: AssessmentContext,
                           suppressions: Suppressions, pathPrefix: String = "") async throws(ConfigurationError) -> AssessmentResult {
        var findings: [Finding] = []
        var notes: [Note] = []
        var ran: [String] = []
        var failures: [String] = []
        for capability in capabilities where capability.applies(to: context) {
            do {
                let result = try await capability.assess(context)
                findings += result.findings.map { $0.from(capability.name) }
                notes += result.notes
                ran.append(capability.name)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                failures.append("\(capability.name): \(error)")
                notes.append(Note(kind: .warning, source: capability.name, message: "failed and was not completed: \(error)"))
            }
        }
        if ran.isEmpty && failures.isEmpty {
            notes.append(Note(kind: .info, source: "assess",
                              message: "no capability applies to this folder, so nothing was assessed"))
        }
        findings = suppressions.apply(to: findings, today: context.clock.today, pathPrefix: pathPrefix)
        return AssessmentResult(findings: findings, notes: notes, ran: ran, failures: failures)
    }
}
