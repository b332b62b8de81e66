import Foundation

extension Suppressions {
    /// Appends `entry` to `.anshin/suppressions.yml` under `root`, creating the file if needed.
    ///
    /// The file is edited as text so that comments and layout written by people survive; the
    /// result is parsed again and must hold exactly one more entry, else nothing is written.
    public static func append(_ entry: Suppression, root: URL) throws(ConfigurationError) {
        let url = root.appendingPathComponent(defaultPath)
        var text = ""
        if FileManager.default.fileExists(atPath: url.path) {
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw ConfigurationError(path: defaultPath, message: "cannot read: \(error.localizedDescription)")
            }
        }
        let before = try parse(text, file: defaultPath).entries.count
        var updated = text
        let hasDocument = try YAMLValue.parse(text, file: defaultPath) != nil
        if !hasDocument {
            updated += "# Triage decisions and suppressions, reviewed like code. See anshin's README.\nsuppressions:\n"
        } else if !updated.hasSuffix("\n") {
            updated += "\n"
        }
        updated += entry.yaml
        guard (try? parse(updated, file: defaultPath).entries.count) == before + 1 else {
            throw ConfigurationError(path: defaultPath,
                                     message: "cannot append an entry automatically: keep \"suppressions:\" as a block list at the end of the file, or add this entry by hand:\n\(entry.yaml)")
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(updated.utf8).write(to: url, options: .atomic)
        } catch {
            throw ConfigurationError(path: defaultPath, message: "cannot write: \(error.localizedDescription)")
        }
    }
}

extension Suppression {
    /// The entry as a YAML block-list item, every string double-quoted.
    var yaml: String {
        var lines: [String] = []
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            lines.append("\(lines.isEmpty ? "  - " : "    ")\(key): \(value.yamlQuoted)")
        }
        add("fingerprint", fingerprint)
        add("rule", rule?.pattern)
        add("path", path?.pattern)
        add("resource", resource?.pattern)
        add("environment", environment?.pattern)
        add("state", state.rawValue)
        add("reason", reason)
        add("author", author)
        if let expires { lines.append("    expires: \(expires)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// A double-quoted YAML scalar (JSON escaping is valid YAML).
    var yamlQuoted: String {
        var out = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
