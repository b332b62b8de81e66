import AnshinCore

/// "Across environments": each finding once, with the environments it holds in and those where
/// the same root module does not have it (`audit terraform --all-envs`).
public enum SpreadTable {
    /// The table, or nothing when there are no findings.
    public static func render(_ spreads: [FindingSpread]) -> String {
        guard !spreads.isEmpty else { return "" }
        let width = spreads.map { $0.ruleID.count }.max() ?? 0
        var lines = ["ACROSS ENVIRONMENTS"]
        for spread in spreads {
            let place = spread.directory == "." ? spread.identifier : "\(spread.directory)/ \(spread.identifier)"
            lines.append("  " + spread.ruleID.padding(toLength: width + 2, withPad: " ", startingAt: 0) + place + ": " + spread.summary)
        }
        return lines.joined(separator: "\n")
    }
}
