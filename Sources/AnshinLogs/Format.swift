import Foundation

/// Number formatting shared by the reports.
public enum Format {
    public static func bytes(_ value: Double) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB"]
        var v = value
        var unit = 0
        while v >= 1000 && unit < units.count - 1 { v /= 1000; unit += 1 }
        return unit == 0 ? "\(Int(v)) B" : String(format: v >= 100 ? "%.0f %@" : "%.1f %@", v, units[unit])
    }

    public static func percent(_ share: Double) -> String {
        String(format: share < 0.1 && share > 0 ? "%.2f%%" : "%.1f%%", share * 100)
    }

    public static func dollars(_ value: Double) -> String {
        String(format: value >= 100 ? "$%.0f" : "$%.2f", value)
    }

    public static func millis(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value >= 10_000 { return String(format: "%.1f s", value / 1000) }
        if value >= 100 { return String(format: "%.0f ms", value) }
        if value >= 10 { return String(format: "%.1f ms", value) }
        return String(format: "%.2f ms", value)
    }

    public static func count(_ value: UInt64) -> String {
        if value >= 10_000_000 { return String(format: "%.1fM", Double(value) / 1e6) }
        if value >= 100_000 { return String(format: "%.0fk", Double(value) / 1e3) }
        return String(value)
    }

    public static func duration(_ seconds: Double) -> String {
        if seconds >= 2 * 86400 { return String(format: "%.1f days", seconds / 86400) }
        if seconds >= 2 * 3600 { return String(format: "%.1f hours", seconds / 3600) }
        return String(format: "%.0f minutes", seconds / 60)
    }
}
