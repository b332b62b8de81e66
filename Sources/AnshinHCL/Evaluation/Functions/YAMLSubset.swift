import Foundation

/// The subset of YAML that `yamldecode` meets in Terraform configurations: block mappings and
/// sequences, plain and quoted scalars, `|` and `>` block scalars, flow sequences and mappings of
/// scalars, and comments. Anchors, tags, multi-document streams and complex keys are rejected
/// with an error rather than read wrongly. Scalars resolve with the YAML 1.2 core schema.
enum YAMLSubset {
    private struct Line {
        var indent: Int
        var text: String
        var number: Int
    }

    static func decode(_ source: String) throws(FunctionError) -> Value {
        var lines: [Line] = []
        for (offset, raw) in source.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n").enumerated() {
            let indent = raw.prefix { $0 == " " }.count
            let text = String(raw.dropFirst(indent))
            if text.hasPrefix("---") && lines.isEmpty && text.trimmingCharacters(in: .whitespaces) == "---" { continue }
            if text.hasPrefix("\t") { throw FunctionError("Invalid YAML: tabs are not allowed for indentation (line \(offset + 1))") }
            lines.append(Line(indent: indent, text: text, number: offset + 1))
        }
        var index = 0
        skipBlank(lines, &index)
        guard index < lines.count else { return .null }
        let value = try parseNode(lines, &index, indent: lines[index].indent)
        skipBlank(lines, &index)
        if index < lines.count { throw FunctionError("Invalid YAML: unexpected content at line \(lines[index].number)") }
        return value
    }

    private static func isBlank(_ line: Line) -> Bool {
        let trimmed = line.text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    private static func skipBlank(_ lines: [Line], _ index: inout Int) {
        while index < lines.count, isBlank(lines[index]) { index += 1 }
    }

    private static func parseNode(_ lines: [Line], _ index: inout Int, indent: Int) throws(FunctionError) -> Value {
        let line = lines[index]
        if line.text == "-" || line.text.hasPrefix("- ") { return try parseSequence(lines, &index, indent: indent) }
        if splitKey(line.text) != nil { return try parseMapping(lines, &index, indent: indent) }
        index += 1
        return try scalar(stripComment(line.text), line: line.number)
    }

    private static func parseSequence(_ lines: [Line], _ index: inout Int, indent: Int) throws(FunctionError) -> Value {
        var elements: [Value] = []
        while true {
            skipBlank(lines, &index)
            guard index < lines.count, lines[index].indent == indent,
                  lines[index].text == "-" || lines[index].text.hasPrefix("- ") else { break }
            let line = lines[index]
            let rest = String(line.text.dropFirst(1)).drop { $0 == " " }
            if rest.isEmpty || rest.hasPrefix("#") {
                index += 1
                skipBlank(lines, &index)
                guard index < lines.count, lines[index].indent > indent else { elements.append(.null); continue }
                elements.append(try parseNode(lines, &index, indent: lines[index].indent))
            } else {
                // "- key: value" starts a mapping indented at the text after the dash.
                let inner = indent + (line.text.count - rest.count)
                var rewritten = lines
                rewritten[index] = Line(indent: inner, text: String(rest), number: line.number)
                elements.append(try parseNode(rewritten, &index, indent: inner))
            }
        }
        return .tuple(elements)
    }

    private static func parseMapping(_ lines: [Line], _ index: inout Int, indent: Int) throws(FunctionError) -> Value {
        var members: [String: Value] = [:]
        while true {
            skipBlank(lines, &index)
            guard index < lines.count, lines[index].indent == indent, let (key, rest) = splitKey(lines[index].text) else { break }
            let line = lines[index]
            index += 1
            let value = stripComment(rest)
            if value == "|" || value == ">" || value.hasPrefix("|") || value.hasPrefix(">") {
                members[key] = .string(blockScalar(lines, &index, parent: indent, folded: value.hasPrefix(">"),
                                                   chomp: value.dropFirst().first))
            } else if value.isEmpty {
                skipBlank(lines, &index)
                if index < lines.count, lines[index].indent > indent
                    || (lines[index].indent == indent && (lines[index].text == "-" || lines[index].text.hasPrefix("- "))) {
                    members[key] = try parseNode(lines, &index, indent: lines[index].indent)
                } else {
                    members[key] = .null
                }
            } else {
                members[key] = try scalar(value, line: line.number)
            }
        }
        return .object(members)
    }

    private static func blockScalar(_ lines: [Line], _ index: inout Int, parent: Int, folded: Bool, chomp: Character?) -> String {
        var body: [String] = []
        var blockIndent: Int?
        while index < lines.count {
            let line = lines[index]
            let blank = line.text.trimmingCharacters(in: .whitespaces).isEmpty
            if !blank {
                if line.indent <= parent { break }
                if blockIndent == nil { blockIndent = line.indent }
            }
            let indent = blockIndent ?? line.indent
            body.append(blank ? "" : String(repeating: " ", count: max(0, line.indent - indent)) + line.text)
            index += 1
        }
        while body.last == "" { body.removeLast() }
        var text = folded ? body.joined(separator: " ") : body.joined(separator: "\n")
        if chomp != "-" && !body.isEmpty { text += "\n" }
        return text
    }

    /// `key: rest` when the line is a mapping entry.
    private static func splitKey(_ text: String) -> (String, String)? {
        if text.hasPrefix("\"") || text.hasPrefix("'") {
            let quote = text.first
            guard let close = text.dropFirst().firstIndex(of: quote ?? "\"") else { return nil }
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            let key = (try? scalar(String(text[...close]), line: 0))?.stringValue ?? ""
            return (key, String(after.dropFirst()).trimmingCharacters(in: .whitespaces))
        }
        guard !text.hasPrefix("[") && !text.hasPrefix("{") && !text.hasPrefix("#") else { return nil }
        var previous: Character = " "
        for (offset, character) in text.enumerated() {
            if character == "#" && previous == " " { return nil }
            if character == ":" {
                let next = text.dropFirst(offset + 1).first
                if next == nil || next == " " {
                    return (String(text.prefix(offset)).trimmingCharacters(in: .whitespaces),
                            String(text.dropFirst(offset + 1)).trimmingCharacters(in: .whitespaces))
                }
            }
            previous = character
        }
        return nil
    }

    private static func stripComment(_ text: String) -> String {
        var inSingle = false, inDouble = false
        var previous: Character = " "
        for (offset, character) in text.enumerated() {
            if character == "'" && !inDouble { inSingle.toggle() }
            if character == "\"" && !inSingle && previous != "\\" { inDouble.toggle() }
            if character == "#" && previous == " " && !inSingle && !inDouble {
                return String(text.prefix(offset)).trimmingCharacters(in: .whitespaces)
            }
            previous = character
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    static func scalar(_ text: String, line: Int) throws(FunctionError) -> Value {
        if text.hasPrefix("&") || text.hasPrefix("*") || text.hasPrefix("!") {
            throw FunctionError("Invalid YAML: anchors, aliases and tags are not supported (line \(line))")
        }
        if text.hasPrefix("\"") && text.hasSuffix("\"") && text.count >= 2 {
            return (try? EncodingFunctions.jsonDecode(text)) ?? .string(String(text.dropFirst().dropLast()))
        }
        if text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 {
            return .string(String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
        }
        if text.hasPrefix("[") && text.hasSuffix("]") {
            let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            if inner.isEmpty { return .tuple([]) }
            var elements: [Value] = []
            for part in splitFlow(inner) { elements.append(try scalar(part, line: line)) }
            return .tuple(elements)
        }
        if text.hasPrefix("{") && text.hasSuffix("}") {
            let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            var members: [String: Value] = [:]
            if inner.isEmpty { return .object([:]) }
            for part in splitFlow(inner) {
                guard let (key, value) = splitKey(part) else { throw FunctionError("Invalid YAML: bad flow mapping (line \(line))") }
                members[key] = try scalar(value, line: line)
            }
            return .object(members)
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let first = text.first, first.isNumber || first == "-" || first == "+" || first == ".",
           let number = Number(parsing: text) {
            return .number(number)
        }
        return .string(text)
    }

    private static func splitFlow(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            } else if character == ",", depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(current.trimmingCharacters(in: .whitespaces)) }
        return parts
    }
}
