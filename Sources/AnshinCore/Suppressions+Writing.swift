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
            lines.append("\(lines.isEmpty ? "  - " : "    ")\(key): \(value.jsonQuoted)")
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
    /// The string as a JSON string literal: what RFC 8259 §7 requires escaped (quote, backslash,
    /// controls) plus U+2028 and U+2029, which JavaScript before ES2019 does not accept raw. Also a
    /// valid YAML double-quoted scalar.
    public var jsonQuoted: String {
        var out = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
