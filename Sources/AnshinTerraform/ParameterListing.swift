import AnshinCore
import Foundation

/// What `anshin params list` and `anshin params diff` print: names, types, versions, redacted
/// values, and which parameters still hold the placeholder.
public enum ParameterListing {
    /// The parameters of `environment` as a table; values are redacted and placeholders marked
    /// with the command that sets them.
    public static func table(_ parameters: [ParameterStore.Parameter], environment: String, paths: ParameterPath) -> String {
        let prefix = paths.prefix(environment: environment)
        guard !parameters.isEmpty else { return "No parameters below \(prefix)\n" }
        let rows = parameters.map { parameter -> [String] in
            let name = paths.name(of: parameter.path, environment: environment) ?? parameter.path
            let value = parameter.isPlaceholder
                ? "\(ParameterStore.placeholder) (placeholder: anshin params set \(environment) \(name))"
                : Redaction.redact(parameter.value)
            return [name, parameter.type, "\(parameter.version)", parameter.lastModified ?? "", value]
        }
        let placeholders = parameters.filter(\.isPlaceholder).count
        var text = "\(prefix): \(parameters.count) parameter\(parameters.count == 1 ? "" : "s")"
        text += placeholders == 0 ? "\n" : ", \(placeholders) still \"\(ParameterStore.placeholder)\"\n"
        text += Self.render([["NAME", "TYPE", "VERSION", "MODIFIED", "VALUE"]] + rows)
        return text
    }

    /// The parameters as JSON lines of name, path, type, version, modified and placeholder;
    /// never values.
    public static func json(_ parameters: [ParameterStore.Parameter], environment: String, paths: ParameterPath) -> String {
        var lines: [String] = []
        for parameter in parameters {
            let name = paths.name(of: parameter.path, environment: environment) ?? parameter.path
            let object: [String: Any] = ["name": name, "path": parameter.path, "type": parameter.type, "version": parameter.version,
                                         "modified": parameter.lastModified ?? NSNull(), "placeholder": parameter.isPlaceholder]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                lines.append(String(decoding: data, as: UTF8.self))
            }
        }
        return "[" + lines.joined(separator: ",\n ") + "]\n"
    }

    /// One name of a comparison: whether each environment has it, and whether it holds the placeholder.
    public struct Difference: Sendable, Equatable {
        public enum State: Sendable, Equatable {
            case missing, placeholder, set
        }

        public var name: String
        public var left: State
        public var right: State
    }

    /// Names that one environment lacks, or where one holds the placeholder and the other a value.
    public static func differences(_ left: [ParameterStore.Parameter], _ right: [ParameterStore.Parameter],
                                   leftEnvironment: String, rightEnvironment: String, paths: ParameterPath) -> [Difference] {
        func states(_ parameters: [ParameterStore.Parameter], _ environment: String) -> [String: Difference.State] {
            var result: [String: Difference.State] = [:]
            for parameter in parameters {
                guard let name = paths.name(of: parameter.path, environment: environment) else { continue }
                result[name] = parameter.isPlaceholder ? .placeholder : .set
            }
            return result
        }
        let a = states(left, leftEnvironment), b = states(right, rightEnvironment)
        return Set(a.keys).union(b.keys).sorted().compactMap { name in
            let x = a[name] ?? .missing, y = b[name] ?? .missing
            return x == y ? nil : Difference(name: name, left: x, right: y)
        }
    }

    /// The differences side by side.
    public static func render(_ differences: [Difference], left: String, right: String) -> String {
        guard !differences.isEmpty else { return "\(left) and \(right) have the same parameter names, none only a placeholder in one\n" }
        func show(_ state: Difference.State) -> String {
            switch state {
            case .missing: "missing"
            case .placeholder: "\"\(ParameterStore.placeholder)\""
            case .set: "set"
            }
        }
        let rows = differences.map { [$0.name, show($0.left), show($0.right)] }
        let missing = differences.filter { $0.left == .missing || $0.right == .missing }.count
        return render([["NAME", left, right]] + rows)
            + "\(missing) name\(missing == 1 ? "" : "s") in only one environment, \(differences.count - missing) placeholder\(differences.count - missing == 1 ? "" : "s") in only one\n"
    }

    /// Rows as left-aligned columns two spaces apart.
    static func render(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
