/// A pillar of the AWS Well-Architected Framework; every finding carries one or more.
///
/// Raw values are the short labels used for GitHub issue labels and in reports.
public enum Pillar: String, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case security, reliability, opex, performance, cost, sustainability

    /// The framework's own name of the pillar.
    public var title: String {
        switch self {
        case .opex: "Operational Excellence"
        case .security: "Security"
        case .reliability: "Reliability"
        case .performance: "Performance Efficiency"
        case .cost: "Cost Optimization"
        case .sustainability: "Sustainability"
        }
    }

    /// Report order: security first, then reliability, as a first SRE prioritises.
    public static let reportOrder: [Pillar] = [.security, .reliability, .opex, .performance, .cost, .sustainability]

    private var rank: Int { Pillar.reportOrder.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Pillar, rhs: Pillar) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }
}
