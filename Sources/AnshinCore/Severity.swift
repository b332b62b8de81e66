/// How urgent a finding is, from `info` (worth knowing) to `critical` (act today).
///
/// Severities are ordered: `critical > high > medium > low > info`. `--fail-on` compares with it.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case info, low, medium, high, critical

    /// Most severe first: the order in which reports list findings.
    public static let descending: [Severity] = [.critical, .high, .medium, .low, .info]

    private var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    /// A CVSS-like score for tools that rank by number (GitHub code scanning's `security-severity`).
    public var score: Double {
        switch self {
        case .critical: 9.5
        case .high: 8.0
        case .medium: 5.5
        case .low: 3.0
        case .info: 0.0
        }
    }
}
