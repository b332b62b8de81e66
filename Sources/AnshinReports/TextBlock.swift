/// A remediation text cut into prose and fenced code blocks, so each markup reporter can keep
/// snippets intact (a `<pre>` in HTML, the fence itself in Markdown) and escape only the prose.
enum TextBlock: Equatable {
    /// Lines of prose, without a trailing newline.
    case prose(String)
    /// A fenced code block: the info string's first word (`hcl`), the code without its fences.
    case code(language: String, code: String)

    /// Splits `text` at CommonMark fences (three or more backticks or tildes, up to three
    /// spaces of indentation); an unclosed fence runs to the end, as in CommonMark.
    static func split(_ text: String) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var prose: [Substring] = []
        var code: [Substring] = []
        var fence: (marker: Character, length: Int, language: String)?

        func flushProse() {
            let joined = prose.joined(separator: "\n").trimmingBlankLines()
            if !joined.isEmpty { blocks.append(.prose(joined)) }
            prose = []
        }

        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if let open = fence {
                let run = trimmed.prefix { $0 == open.marker }.count
                if indent <= 3, run >= open.length, trimmed.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) {
                    blocks.append(.code(language: open.language, code: code.joined(separator: "\n")))
                    code = []
                    fence = nil
                } else {
                    code.append(line)
                }
                continue
            }
            if indent <= 3, let marker = trimmed.first, marker == "`" || marker == "~" {
                let run = trimmed.prefix { $0 == marker }.count
                let info = trimmed.dropFirst(run).strippingEdges(of: " \t")
                // A backtick fence's info string may not contain backticks (CommonMark §4.5).
                if run >= 3, !(marker == "`" && info.contains("`")) {
                    flushProse()
                    let language = info.split(separator: " ").first.map(String.init) ?? ""
                    fence = (marker, run, language)
                    continue
                }
            }
            prose.append(line)
        }
        if let open = fence {
            blocks.append(.code(language: open.language, code: code.joined(separator: "\n")))
        } else {
            flushProse()
        }
        return blocks
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters in `set`.
    func strippingEdges(of set: String) -> String {
        let characters = Set(set)
        let start = firstIndex { !characters.contains($0) } ?? endIndex
        let end = lastIndex { !characters.contains($0) }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }

    /// The text without blank lines at its start and end.
    func trimmingBlankLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

/// Prose cut into plain text and Markdown code spans (`` `aws_s3_bucket.logs` ``), so that HTML
/// shows code as code and Markdown keeps the span instead of escaping its backticks.
enum InlineText: Equatable {
    case text(String)
    case code(String)

    /// Splits `text` at code spans (CommonMark §6.1): a run of backticks opens one, the next run
    /// of the same length closes it; a run with no closing partner is literal text. One leading
    /// and trailing space is stripped from a span that has both.
    static func split(_ text: String) -> [InlineText] {
        let characters = Array(text)
        var parts: [InlineText] = []
        var plain = ""
        var index = 0
        func run(at start: Int) -> Int {
            var end = start
            while end < characters.count, characters[end] == "`" { end += 1 }
            return end - start
        }
        while index < characters.count {
            guard characters[index] == "`" else {
                plain.append(characters[index])
                index += 1
                continue
            }
            let length = run(at: index)
            var search = index + length
            var close: Int?
            while search < characters.count {
                if characters[search] == "`" {
                    let other = run(at: search)
                    if other == length { close = search; break }
                    search += other
                } else {
                    search += 1
                }
            }
            guard let close else {
                plain += String(repeating: "`", count: length)
                index += length
                continue
            }
            if !plain.isEmpty { parts.append(.text(plain)); plain = "" }
            var code = String(characters[(index + length)..<close]).replacingLineBreaks(with: " ")
            if code.count >= 2, code.first == " ", code.last == " ", code.contains(where: { $0 != " " }) {
                code = String(code.dropFirst().dropLast())
            }
            parts.append(.code(code))
            index = close + length
        }
        if !plain.isEmpty { parts.append(.text(plain)) }
        return parts
    }
}

private extension String {
    func replacingLineBreaks(with replacement: String) -> String {
        var output = ""
        for character in self {
            if character == "\n" || character == "\r" || character == "\r\n" { output += replacement } else { output.append(character) }
        }
        return output
    }
}
