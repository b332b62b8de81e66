/// The variable assignments of a direnv `.envrc` (a shell script): `export NAME=value` and
/// `NAME=value` with the value bare, in single quotes or in double quotes, possibly over several
/// lines inside quotes.
///
/// Only values the file spells out literally are read. A value the shell would compute (`$VAR`,
/// `$(pass show …)`, backticks) is reported as skipped rather than guessed; so is a line that
/// does more than one assignment. Lines that are not assignments (`source_env`, `dotenv`,
/// comments) are ignored.
public struct EnvrcFile: Sendable, Equatable {
    /// One literal assignment.
    public struct Assignment: Sendable, Equatable {
        public var name: String
        public var value: String
        /// The 1-based lines it spans (several for a quoted value with line breaks).
        public var lines: ClosedRange<Int>
    }

    /// An assignment whose value could not be read literally.
    public struct Skipped: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var reason: String
    }

    public var assignments: [Assignment]
    public var skipped: [Skipped]

    /// Parses the text of an `.envrc`. Never fails: what cannot be read is skipped or ignored.
    public static func parse(_ text: String) -> EnvrcFile {
        var parser = Parser(Array(text.unicodeScalars))
        return parser.parse()
    }

    private struct Parser {
        let characters: [Unicode.Scalar]
        var index = 0
        var line = 1
        var assignments: [Assignment] = []
        var skipped: [Skipped] = []

        init(_ characters: [Unicode.Scalar]) {
            self.characters = characters
        }

        var current: Unicode.Scalar? { index < characters.count ? characters[index] : nil }

        mutating func advance() {
            if current == "\n" { line += 1 }
            index += 1
        }

        mutating func skipBlanks() {
            while let character = current, character == " " || character == "\t" { advance() }
        }

        mutating func skipRestOfLine() {
            while let character = current, character != "\n" { advance() }
            if current == "\n" { advance() }
        }

        static func isNameStart(_ character: Unicode.Scalar) -> Bool {
            character == "_" || (character.isASCII && character.properties.isAlphabetic)
        }

        static func isNameCharacter(_ character: Unicode.Scalar) -> Bool {
            isNameStart(character) || (character.value >= 0x30 && character.value <= 0x39)
        }

        mutating func word() -> String {
            var result = ""
            while let character = current, Self.isNameCharacter(character) {
                result.unicodeScalars.append(character)
                advance()
            }
            return result
        }

        mutating func parse() -> EnvrcFile {
            while current != nil {
                skipBlanks()
                guard let character = current else { break }
                if character == "\n" { advance(); continue }
                if character == "#" || !Self.isNameStart(character) { skipRestOfLine(); continue }
                let start = index, startLine = line
                var name = word()
                if name == "export", current == " " || current == "\t" {
                    skipBlanks()
                    guard let next = current, Self.isNameStart(next) else { skipRestOfLine(); continue }
                    name = word()
                }
                guard current == "=" else {
                    index = start
                    line = startLine
                    skipRestOfLine()
                    continue
                }
                advance()
                assignment(name: name, line: startLine)
            }
            return EnvrcFile(assignments: assignments, skipped: skipped)
        }

        /// Reads the value after `NAME=` up to the end of its line.
        mutating func assignment(name: String, line startLine: Int) {
            var value = ""
            var computed = false
            var unterminated = false
            loop: while let character = current {
                switch character {
                case " ", "\t", "\n", ";", "&", "|":
                    break loop
                case "'":
                    advance()
                    while let inner = current, inner != "'" { value.unicodeScalars.append(inner); advance() }
                    if current == nil { unterminated = true; break loop }
                    advance()
                case "\"":
                    advance()
                    while let inner = current, inner != "\"" {
                        if inner == "\\" {
                            advance()
                            guard let escaped = current else { break }
                            if escaped == "\n" { advance(); continue }
                            if !["\\", "\"", "$", "`"].contains(escaped) { value.unicodeScalars.append("\\") }
                            value.unicodeScalars.append(escaped)
                            advance()
                            continue
                        }
                        if inner == "$" || inner == "`" { computed = true }
                        value.unicodeScalars.append(inner)
                        advance()
                    }
                    if current == nil { unterminated = true; break loop }
                    advance()
                case "\\":
                    advance()
                    guard let escaped = current else { break loop }
                    if escaped != "\n" { value.unicodeScalars.append(escaped) }
                    advance()
                case "$", "`", "(", ")", "<", ">":
                    computed = true
                    value.unicodeScalars.append(character)
                    advance()
                default:
                    value.unicodeScalars.append(character)
                    advance()
                }
            }
            let endLine = line
            skipBlanks()
            var rest = false
            if let next = current, next != "\n", next != "#" { rest = true }
            skipRestOfLine()
            if unterminated {
                skipped.append(Skipped(name: name, line: startLine, reason: "its quote is never closed"))
            } else if computed {
                skipped.append(Skipped(name: name, line: startLine, reason: "the shell computes its value"))
            } else if rest {
                skipped.append(Skipped(name: name, line: startLine, reason: "its line does more than this assignment"))
            } else {
                assignments.append(Assignment(name: name, value: value, lines: startLine...max(startLine, endLine)))
            }
        }
    }
}
