import Foundation

extension Suppressions {
    /// What ``record(_:root:)`` did.
    public enum RecordOutcome: Sendable, Equatable {
        /// A new entry was added.
        case added
        /// An entry for the same fingerprint existed and was replaced; `previous` is what it said.
        case updated(previous: Suppression)
    }

    /// Appends `entry` to `.anshin/suppressions.yml` under `root`, creating the file if needed.
    public static func append(_ entry: Suppression, root: URL) throws(ConfigurationError) {
        _ = try record(entry, root: root, replacing: false)
    }

    /// Records `entry` in `.anshin/suppressions.yml` under `root`: an entry for the same
    /// fingerprint is updated in place (and any later duplicates of it removed), else the entry is
    /// appended; the file is created if needed.
    ///
    /// The file is edited as text so that comments and layout written by people survive; the
    /// result is parsed again and must hold exactly the entries expected, else nothing is written.
    @discardableResult
    public static func record(_ entry: Suppression, root: URL, replacing: Bool = true) throws(ConfigurationError) -> RecordOutcome {
        let url = root.appendingPathComponent(defaultPath)
        var text = ""
        if FileManager.default.fileExists(atPath: url.path) {
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw ConfigurationError(path: defaultPath, message: "cannot read: \(SystemErrorText.describe(error))")
            }
        }
        let existing = try parse(text, file: defaultPath).entries
        let same = replacing ? existing.indices.filter { existing[$0].sameFindings(as: entry) } : []
        let updated: String
        let outcome: RecordOutcome
        if let first = same.first {
            updated = try replace(entries: same.map { existing[$0] }, with: entry, in: text)
            outcome = .updated(previous: existing[first])
            var expected = existing
            for index in same.dropFirst().reversed() { expected.remove(at: index) }
            let reparsed = try? parse(updated, file: defaultPath).entries
            guard let reparsed, reparsed.count == expected.count, reparsed[first].fingerprint == entry.fingerprint,
                  reparsed[first].state == entry.state, reparsed[first].reason == entry.reason,
                  reparsed[first].expires == entry.expires else {
                throw ConfigurationError(path: defaultPath,
                                         message: "cannot update the entry at line \(existing[first].line) automatically: edit it by hand to read:\n\(entry.yaml())")
            }
        } else {
            var appended = text
            let hasDocument = try YAMLValue.parse(text, file: defaultPath) != nil
            if !hasDocument {
                appended += "# Triage decisions and suppressions, reviewed like code. See anshin's README.\nsuppressions:\n"
            } else if !appended.hasSuffix("\n") {
                appended += "\n"
            }
            appended += entry.yaml()
            guard (try? parse(appended, file: defaultPath).entries.count) == existing.count + 1 else {
                throw ConfigurationError(path: defaultPath,
                                         message: "cannot append an entry automatically: keep \"suppressions:\" as a block list at the end of the file, or add this entry by hand:\n\(entry.yaml())")
            }
            updated = appended
            outcome = .added
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(updated.utf8).write(to: url, options: .atomic)
        } catch {
            throw ConfigurationError(path: defaultPath, message: "cannot write: \(SystemErrorText.describe(error))")
        }
        return outcome
    }

    /// `text` with the block of the first of `entries` replaced by `entry` and the blocks of the
    /// others removed. A block runs from the line of its `-` to the line before the next line
    /// indented no deeper than that `-` (the next item, or what follows the list).
    static func replace(entries: [Suppression], with entry: Suppression, in text: String) throws(ConfigurationError) -> String {
        var lines = text.components(separatedBy: "\n")
        func block(of suppression: Suppression) throws(ConfigurationError) -> (range: Range<Int>, indent: Int) {
            var start = suppression.line - 1
            while start >= 0, start < lines.count, !lines[start].drop(while: { $0 == " " }).hasPrefix("-") { start -= 1 }
            guard start >= 0, start < lines.count else {
                throw ConfigurationError(path: defaultPath, line: suppression.line, message: "cannot find the entry's \"-\" to update it; edit it by hand")
            }
            let indent = lines[start].prefix(while: { $0 == " " }).count
            var end = start + 1
            while end < lines.count {
                let line = lines[end]
                let depth = line.prefix(while: { $0 == " " }).count
                if !line.trimmingCharacters(in: .whitespaces).isEmpty, depth <= indent { break }
                end += 1
            }
            // Blank lines at the end of a block separate it from the next: keep them.
            while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
            return (start..<end, indent)
        }
        let blocks = try entries.map { (suppression) throws(ConfigurationError) in try block(of: suppression) }
        // From the bottom up, so that earlier line numbers stay valid.
        for (index, found) in blocks.enumerated().sorted(by: { $0.element.range.lowerBound > $1.element.range.lowerBound }) {
            let replacement = index == 0
                ? entry.yaml(indent: found.indent).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                : []
            lines.replaceSubrange(found.range, with: replacement)
        }
        return lines.joined(separator: "\n")
    }
}

extension Suppression {
    /// Whether `other` names the same finding by fingerprint (one may be a prefix of the other).
    func sameFindings(as other: Suppression) -> Bool {
        guard let mine = fingerprint, let theirs = other.fingerprint, rule == nil, path == nil, resource == nil,
              environment == nil else { return false }
        return mine.hasPrefix(theirs) || theirs.hasPrefix(mine)
    }

    /// The entry as a YAML block-list item whose `-` is indented by `indent` spaces, every string
    /// double-quoted; ``summary`` lines follow the first line as comments.
    func yaml(indent: Int = 2) -> String {
        let dash = String(repeating: " ", count: indent) + "- "
        let inner = String(repeating: " ", count: indent + 2)
        var lines: [String] = []
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            lines.append("\(lines.isEmpty ? dash : inner)\(key): \(value.jsonQuoted)")
            if lines.count == 1 {
                for line in summary { lines.append(inner + "# " + line.replacingOccurrences(of: "\n", with: " ")) }
            }
        }
        add("fingerprint", fingerprint)
        add("rule", rule?.pattern)
        add("path", path?.pattern)
        add("resource", resource?.pattern)
        add("environment", environment?.pattern)
        add("state", state.rawValue)
        add("reason", reason)
        add("author", author)
        if let expires { lines.append("\(inner)expires: \(expires)") }
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
