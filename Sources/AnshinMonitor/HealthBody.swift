import Foundation

/// A health endpoint's answer in the `application/health+json` shape: an overall `status`
/// (`pass`, `warn`, `fail`) and per-component `checks`, each a list of observations with their
/// own status and `output`.
///
/// Common spellings of the same idea (`ok`/`up`, `error`/`down`) are read as pass and fail, so
/// Spring Boot's and similar bodies work too.
public struct HealthBody: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pass, warn, fail

        init?(word: String) {
            switch word.lowercased() {
            case "pass", "ok", "up", "healthy": self = .pass
            case "warn", "degraded": self = .warn
            case "fail", "error", "down", "unhealthy", "critical": self = .fail
            default: return nil
            }
        }
    }

    public struct Component: Sendable, Hashable {
        public var name: String
        public var status: Status
        public var output: String?
    }

    public var status: Status
    /// Components in name order, each with its worst observation.
    public var components: [Component]

    /// Reads `body`; nil when it is not JSON with a recognisable `status`.
    public static func parse(_ body: [UInt8]) -> HealthBody? {
        guard let document = JSONValue.parse(body), let word = document["status"]?.stringValue,
              let status = Status(word: word) else { return nil }
        var components: [Component] = []
        if case .object(let checks)? = document["checks"] ?? document["components"] {
            for (name, value) in checks.sorted(by: { $0.key < $1.key }) {
                var observations = [value]
                if case .array(let items) = value { observations = items }
                var worst: Component?
                for observation in observations {
                    guard let word = observation["status"]?.stringValue, let itemStatus = Status(word: word) else { continue }
                    let output = observation["output"]?.stringValue ?? observation["details"].flatMap(Self.summary)
                    if worst == nil || itemStatus.rank > worst!.status.rank {
                        worst = Component(name: name, status: itemStatus, output: output)
                    }
                }
                if let worst { components.append(worst) }
            }
        }
        return HealthBody(status: status, components: components)
    }

    private static func summary(_ value: JSONValue) -> String? {
        if case .string(let text) = value { return text }
        if let error = value["error"]?.stringValue { return error }
        return nil
    }

    /// Components that fail, then those that warn.
    public var troubled: [Component] {
        components.filter { $0.status == .fail } + components.filter { $0.status == .warn }
    }

    /// One line for people: `fail: database (fail: connection refused), cache (warn)`.
    public var summary: String {
        let parts = troubled.map { component in
            "\(component.name) (\(component.status.rawValue)\(component.output.map { ": \($0)" } ?? ""))"
        }
        return parts.isEmpty ? status.rawValue : "\(status.rawValue): " + parts.joined(separator: ", ")
    }
}

extension HealthBody.Status {
    var rank: Int {
        switch self {
        case .pass: 0
        case .warn: 1
        case .fail: 2
        }
    }
}
