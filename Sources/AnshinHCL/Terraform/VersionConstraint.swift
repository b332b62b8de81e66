import Foundation

/// A version as Terraform, OpenTofu and their version files write it: `1.5.7`, `v1.6.0-beta2`,
/// `1.0` (missing segments are zero), with optional pre-release and build metadata.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Major, minor and patch (more segments are kept and compared too).
    public var segments: [Int]
    /// How many segments the text named, before padding: `~> 1.2` and `~> 1.2.0` differ.
    public var specified: Int
    /// The pre-release part after `-` (`beta2`), nil for a release.
    public var prerelease: String?

    public init(segments: [Int], specified: Int? = nil, prerelease: String? = nil) {
        var padded = segments
        while padded.count < 3 { padded.append(0) }
        self.segments = padded
        self.specified = specified ?? segments.count
        self.prerelease = prerelease
    }

    /// Parses `1.2.3`, `v1.2`, `1.6.0-rc1+build`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.first == "v" { body = body.dropFirst() }
        if let plus = body.firstIndex(of: "+") { body = body[..<plus] }
        var prerelease: String?
        if let dash = body.firstIndex(of: "-") {
            prerelease = String(body[body.index(after: dash)...])
            body = body[..<dash]
            guard let prerelease, !prerelease.isEmpty,
                  prerelease.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { return nil }
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 4 else { return nil }
        var segments: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, part.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(part) else { return nil }
            segments.append(number)
        }
        self.init(segments: segments, specified: segments.count, prerelease: prerelease)
    }

    public var description: String {
        segments.prefix(max(3, specified)).map(String.init).joined(separator: ".") + (prerelease.map { "-\($0)" } ?? "")
    }

    /// Whether both name the same release segments (`1.2` and `1.2.0` do).
    func sameSegments(_ other: SemanticVersion) -> Bool {
        let count = max(segments.count, other.segments.count)
        return (0..<count).allSatisfy { segment(at: $0) == other.segment(at: $0) }
    }

    func segment(at index: Int) -> Int { index < segments.count ? segments[index] : 0 }

    /// Semantic Versioning precedence: segments, then a pre-release before its release, then
    /// pre-release identifiers (numeric ones numerically and before alphanumeric ones).
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        let count = max(lhs.segments.count, rhs.segments.count)
        for index in 0..<count where lhs.segment(at: index) != rhs.segment(at: index) {
            return lhs.segment(at: index) < rhs.segment(at: index)
        }
        switch (lhs.prerelease, rhs.prerelease) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case let (left?, right?):
            let a = left.split(separator: "."), b = right.split(separator: ".")
            for (x, y) in zip(a, b) where x != y {
                switch (Int(x), Int(y)) {
                case let (p?, q?): return p < q
                case (_?, nil): return true
                case (nil, _?): return false
                default: return x < y
                }
            }
            return a.count < b.count
        }
    }

    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.sameSegments(rhs) && lhs.prerelease == rhs.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        var trimmed = segments
        while trimmed.count > 3, trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(trimmed)
        hasher.combine(prerelease)
    }
}

/// A Terraform version constraint (`required_version`): comma-separated conditions that must all
/// hold, each an operator (`=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`; none means `=`) and a version.
///
/// The rules are those of the library Terraform uses for `required_version`: `~> 1.2` allows 1.2
/// and later 1.x, `~> 1.2.3` allows later 1.2.x; a pre-release version satisfies only conditions
/// that name a pre-release of the same release.
public struct VersionConstraint: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equal = "=", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
        case pessimistic = "~>"
    }

    public struct Condition: Sendable, Hashable, CustomStringConvertible {
        public var operation: Operator
        public var version: SemanticVersion

        public var description: String { "\(operation.rawValue) \(version)" }

        /// Whether `candidate` meets the condition.
        public func isSatisfied(by candidate: SemanticVersion) -> Bool {
            guard prereleaseAllows(candidate) else { return false }
            switch operation {
            case .equal: return candidate == version
            case .notEqual: return candidate != version
            case .greater: return candidate > version
            case .greaterOrEqual: return candidate >= version
            case .less: return candidate < version
            case .lessOrEqual: return candidate <= version
            case .pessimistic:
                if version.prerelease != nil && candidate.prerelease == nil { return false }
                if candidate < version { return false }
                for index in 0..<max(0, version.specified - 1) where candidate.segment(at: index) != version.segment(at: index) {
                    return false
                }
                return candidate.segment(at: version.specified - 1) >= version.segment(at: version.specified - 1)
            }
        }

        private func prereleaseAllows(_ candidate: SemanticVersion) -> Bool {
            switch (version.prerelease, candidate.prerelease) {
            case (_?, _?): return version.sameSegments(candidate)
            case (nil, _?): return false
            default: return true
            }
        }
    }

    public var conditions: [Condition]
    /// The constraint as written.
    public var text: String

    /// Parses a constraint; the error says which part is not understood.
    public init(_ text: String) throws(VersionConstraintError) {
        self.text = text
        var conditions: [Condition] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            var rest = Substring(part.trimmingCharacters(in: .whitespaces))
            guard !rest.isEmpty else { throw VersionConstraintError(text: text, part: String(part)) }
            var operation = Operator.equal
            for candidate in [Operator.pessimistic, .greaterOrEqual, .lessOrEqual, .notEqual, .greater, .less, .equal]
            where rest.hasPrefix(candidate.rawValue) {
                operation = candidate
                rest = rest.dropFirst(candidate.rawValue.count)
                break
            }
            guard let version = SemanticVersion(rest.trimmingCharacters(in: .whitespaces)) else {
                throw VersionConstraintError(text: text, part: String(part).trimmingCharacters(in: .whitespaces))
            }
            conditions.append(Condition(operation: operation, version: version))
        }
        self.conditions = conditions
    }

    /// Whether `version` meets every condition.
    public func isSatisfied(by version: SemanticVersion) -> Bool {
        conditions.allSatisfy { $0.isSatisfied(by: version) }
    }

    public var description: String { text }
}

/// A version constraint that cannot be read.
public struct VersionConstraintError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var part: String

    public var description: String { "\"\(part)\" in the version constraint \"\(text)\" is not an operator and a version like \">= 1.5.0\"" }
}
