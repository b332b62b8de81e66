/// How sure a finding is that it is what it says: a token with its own checksum is `high`, a
/// password judged by its key and shape may be `medium` or `low`.
///
/// Ordered `high > medium > low`; `--min-confidence` compares with it.
public enum Confidence: String, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case low, medium, high

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    /// One step less sure, never below `low`.
    public var lowered: Confidence {
        switch self {
        case .high: .medium
        case .medium, .low: .low
        }
    }
}
