/// Chrome's extension versions: one to four dot-separated integers from 0 to 65535, compared
/// component by component; a later build must carry a greater version or browsers ignore it.
enum ExtensionVersion {
    /// The version of a first build.
    static let first = "1.0.0"

    static func components(_ version: String) -> [Int]? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        let numbers = parts.map { part -> Int? in
            guard !part.isEmpty, part.count <= 5, part.allSatisfy(\.isASCIIDigit), part == "0" || part.first != "0" else { return nil }
            return Int(part).flatMap { $0 <= 65535 ? $0 : nil }
        }
        return numbers.contains(nil) ? nil : numbers.compactMap { $0 }
    }

    static func isValid(_ version: String) -> Bool { components(version) != nil }

    /// The next version: the last component plus one, carrying into the one before it past 65535.
    /// nil for an invalid version, or when every component is at 65535.
    static func next(after version: String) -> String? {
        guard var parts = components(version) else { return nil }
        var index = parts.count - 1
        while index >= 0 {
            if parts[index] < 65535 {
                parts[index] += 1
                return parts.map(String.init).joined(separator: ".")
            }
            parts[index] = 0
            index -= 1
        }
        return nil
    }

    /// Whether `a` is a later version than `b`, as Chrome compares them (missing components are 0).
    static func isGreater(_ a: String, than b: String) -> Bool {
        guard let left = components(a), let right = components(b) else { return false }
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : 0, r = index < right.count ? right[index] : 0
            if l != r { return l > r }
        }
        return false
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
