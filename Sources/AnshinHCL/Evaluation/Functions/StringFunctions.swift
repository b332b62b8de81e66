import Foundation

/// Terraform's string functions. Lengths and offsets count grapheme clusters, as Terraform does
/// for NFC-normalised text; regular expressions use RE2 syntax mapped onto ICU (`(?P<name>`
/// becomes `(?<name>`), which agree on the constructs configurations use.
enum StringFunctions {
    static let all: [Function] = [
        Function("chomp", arity: 1...1) { args, _ throws(FunctionError) in
            var text = try Arguments.string(args[0], "str")
            while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
            return .string(text)
        },
        Function("format", arity: 1...Int.max) { args, _ throws(FunctionError) in
            .string(try Formatter.format(try Arguments.string(args[0], "format"), Array(args.dropFirst())))
        },
        Function("formatlist", arity: 1...Int.max, unknown: .shallow) { args, _ throws(FunctionError) in
            try formatlist(args)
        },
        Function("indent", arity: 2...2) { args, _ throws(FunctionError) in
            let spaces = String(repeating: " ", count: max(0, try Arguments.int(args[0], "spaces")))
            let lines = try Arguments.string(args[1], "str").components(separatedBy: "\n")
            return .string(([lines[0]] + lines.dropFirst().map { spaces + $0 }).joined(separator: "\n"))
        },
        Function("join", arity: 2...Int.max) { args, _ throws(FunctionError) in
            let separator = try Arguments.string(args[0], "separator")
            var parts: [String] = []
            for list in args.dropFirst() {
                for element in try Arguments.sequence(list, "lists") {
                    if element.isNull { throw Arguments.invalid("lists", "element must not be null") }
                    parts.append(try Arguments.string(element, "lists"))
                }
            }
            return .string(parts.joined(separator: separator))
        },
        Function("lower", arity: 1...1) { args, _ throws(FunctionError) in .string(try Arguments.string(args[0], "str").lowercased()) },
        Function("upper", arity: 1...1) { args, _ throws(FunctionError) in .string(try Arguments.string(args[0], "str").uppercased()) },
        Function("regex", arity: 2...2) { args, _ throws(FunctionError) in
            let regex = try Regex2(try Arguments.string(args[0], "pattern"))
            let text = try Arguments.string(args[1], "string")
            guard let match = regex.matches(in: text).first else {
                throw FunctionError("Invalid function argument: pattern did not match any part of the given string")
            }
            return match
        },
        Function("regexall", arity: 2...2) { args, _ throws(FunctionError) in
            let regex = try Regex2(try Arguments.string(args[0], "pattern"))
            return .list(regex.matches(in: try Arguments.string(args[1], "string")))
        },
        Function("replace", arity: 3...3) { args, _ throws(FunctionError) in
            let text = try Arguments.string(args[0], "str"), search = try Arguments.string(args[1], "substr")
            let replacement = try Arguments.string(args[2], "replace")
            if search.count > 1, search.hasPrefix("/"), search.hasSuffix("/") {
                let regex = try Regex2(String(search.dropFirst().dropLast()))
                return .string(regex.replace(in: text, with: replacement))
            }
            if search.isEmpty { return .string(text) }
            return .string(text.replacingOccurrences(of: search, with: replacement))
        },
        Function("split", arity: 2...2) { args, _ throws(FunctionError) in
            let separator = try Arguments.string(args[0], "separator"), text = try Arguments.string(args[1], "str")
            if separator.isEmpty { return .list(text.map { .string(String($0)) }) }
            return .list(text.components(separatedBy: separator).map { .string($0) })
        },
        Function("strrev", arity: 1...1) { args, _ throws(FunctionError) in .string(String(try Arguments.string(args[0], "str").reversed())) },
        Function("substr", arity: 3...3) { args, _ throws(FunctionError) in
            let characters = Array(try Arguments.string(args[0], "str"))
            var offset = try Arguments.int(args[1], "offset")
            var length = try Arguments.int(args[2], "length")
            if offset < 0 { offset += characters.count }
            guard offset >= 0, offset <= characters.count else { throw Arguments.invalid("offset", "offset out of range") }
            if length < 0 || offset + length > characters.count { length = characters.count - offset }
            return .string(String(characters[offset..<(offset + length)]))
        },
        Function("title", arity: 1...1) { args, _ throws(FunctionError) in
            var result = ""
            var atWordStart = true
            for character in try Arguments.string(args[0], "str") {
                result += atWordStart ? character.uppercased() : String(character)
                atWordStart = !(character.isLetter || character.isNumber || character == "_" || character == "'")
            }
            return .string(result)
        },
        Function("trim", arity: 2...2) { args, _ throws(FunctionError) in
            let cutset = Set(try Arguments.string(args[1], "cutset"))
            let text = try Arguments.string(args[0], "str")
            let trimmed = text.drop { cutset.contains($0) }
            return .string(String(trimmed.reversed().drop { cutset.contains($0) }.reversed()))
        },
        Function("trimprefix", arity: 2...2) { args, _ throws(FunctionError) in
            let text = try Arguments.string(args[0], "str"), prefix = try Arguments.string(args[1], "prefix")
            return .string(text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text)
        },
        Function("trimsuffix", arity: 2...2) { args, _ throws(FunctionError) in
            let text = try Arguments.string(args[0], "str"), suffix = try Arguments.string(args[1], "suffix")
            return .string(text.hasSuffix(suffix) ? String(text.dropLast(suffix.count)) : text)
        },
        Function("trimspace", arity: 1...1) { args, _ throws(FunctionError) in
            .string(try Arguments.string(args[0], "str").trimmingCharacters(in: .whitespacesAndNewlines))
        },
        Function("startswith", arity: 2...2) { args, _ throws(FunctionError) in
            .bool(try Arguments.string(args[0], "str").hasPrefix(try Arguments.string(args[1], "prefix")))
        },
        Function("endswith", arity: 2...2) { args, _ throws(FunctionError) in
            .bool(try Arguments.string(args[0], "str").hasSuffix(try Arguments.string(args[1], "suffix")))
        },
        Function("strcontains", arity: 2...2) { args, _ throws(FunctionError) in
            let text = try Arguments.string(args[0], "str"), part = try Arguments.string(args[1], "substr")
            return .bool(part.isEmpty || text.contains(part))
        },
    ]

    /// `formatlist(spec, values...)`: lists are iterated in step, other values repeat.
    static func formatlist(_ args: [Value]) throws(FunctionError) -> Value {
        let spec = args[0]
        guard spec.isWhollyKnown else { return .unknownValue }
        let format = try Arguments.string(spec, "format")
        var length: Int?
        for arg in args.dropFirst() {
            guard let elements = arg.unmarked.sequenceElements else { continue }
            if let known = length, known != elements.count {
                throw FunctionError("Invalid function argument: all lists must have the same length (\(known) and \(elements.count))")
            }
            length = elements.count
        }
        var results: [Value] = []
        for index in 0..<(length ?? 1) {
            var row: [Value] = []
            for arg in args.dropFirst() { row.append(arg.unmarked.sequenceElements?[index] ?? arg) }
            if row.contains(where: { !$0.isWhollyKnown }) {
                results.append(.unknown(.string))
                continue
            }
            results.append(.string(try Formatter.format(format, row)))
        }
        return .list(results)
    }
}

/// A regular expression in RE2 syntax, evaluated with `NSRegularExpression`.
struct Regex2 {
    let expression: NSRegularExpression
    let groupNames: [String?]

    init(_ pattern: String) throws(FunctionError) {
        let translated = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        do {
            expression = try NSRegularExpression(pattern: translated)
        } catch {
            throw Arguments.invalid("pattern", "invalid regular expression \(Value.quote(pattern))")
        }
        var names: [String?] = []
        let scalars = Array(translated)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\\" {
                index += 2
                continue
            }
            if scalars[index] == "(" {
                if index + 1 < scalars.count, scalars[index + 1] == "?" {
                    if index + 2 < scalars.count, scalars[index + 2] == "<",
                       index + 3 < scalars.count, scalars[index + 3] != "=", scalars[index + 3] != "!" {
                        var name = ""
                        var cursor = index + 3
                        while cursor < scalars.count, scalars[cursor] != ">" {
                            name.append(scalars[cursor])
                            cursor += 1
                        }
                        names.append(name)
                    }
                } else {
                    names.append(nil)
                }
            }
            index += 1
        }
        groupNames = names
        if names.contains(where: { $0 == nil }) && names.contains(where: { $0 != nil }) {
            throw Arguments.invalid("pattern", "named and unnamed capture groups cannot be mixed")
        }
    }

    /// Each match as Terraform's `regex` returns it: a string, a list of groups or an object.
    func matches(in text: String) -> [Value] {
        let source = text as NSString
        return expression.matches(in: text, range: NSRange(location: 0, length: source.length)).map { match in
            func group(_ index: Int) -> Value {
                let range = match.range(at: index)
                return range.location == NSNotFound ? .null : .string(source.substring(with: range))
            }
            if groupNames.isEmpty { return group(0) }
            if groupNames.allSatisfy({ $0 == nil }) { return .list((1...groupNames.count).map(group)) }
            var members: [String: Value] = [:]
            for (offset, name) in groupNames.enumerated() { if let name { members[name] = group(offset + 1) } }
            return .object(members)
        }
    }

    /// Replaces every match; `$1` and `${1}` refer to groups, as in Go.
    func replace(in text: String, with template: String) -> String {
        var icuTemplate = ""
        var characters = Array(template)[...]
        while let character = characters.popFirst() {
            if character == "$", characters.first == "{" {
                let name = characters.dropFirst().prefix { $0 != "}" }
                if name.allSatisfy(\.isNumber), !name.isEmpty {
                    icuTemplate += "$" + String(name)
                    characters = characters.dropFirst(name.count + 2)
                    continue
                }
            }
            if character == "\\" { icuTemplate += "\\\\" } else { icuTemplate.append(character) }
        }
        let source = text as NSString
        return expression.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: source.length),
                                                   withTemplate: icuTemplate)
    }
}

/// Terraform's `format` verbs (Go's fmt subset that cty implements): `%v %#v %t %d %b %o %x %X
/// %e %E %f %g %G %s %q %%`, with flags `- + # 0 space`, width, precision and `%[n]` indexes.
enum Formatter {
    static func format(_ spec: String, _ args: [Value]) throws(FunctionError) -> String {
        var output = ""
        var characters = Array(spec)[...]
        var argIndex = 0
        while let character = characters.popFirst() {
            guard character == "%" else {
                output.append(character)
                continue
            }
            if characters.first == "%" {
                characters.removeFirst()
                output.append("%")
                continue
            }
            var flags = Set<Character>()
            while let flag = characters.first, "-+# 0".contains(flag) {
                flags.insert(flag)
                characters.removeFirst()
            }
            if characters.first == "[" {
                let digits = characters.dropFirst().prefix { $0.isNumber }
                guard let position = Int(String(digits)), characters.dropFirst(digits.count + 1).first == "]" else {
                    throw FunctionError("Error in format string: invalid argument index")
                }
                argIndex = position - 1
                characters = characters.dropFirst(digits.count + 2)
            }
            let widthDigits = characters.prefix { $0.isNumber }
            characters = characters.dropFirst(widthDigits.count)
            let width = Int(String(widthDigits))
            var precision: Int?
            if characters.first == "." {
                characters.removeFirst()
                let digits = characters.prefix { $0.isNumber }
                characters = characters.dropFirst(digits.count)
                precision = Int(String(digits)) ?? 0
            }
            guard let verb = characters.popFirst() else { throw FunctionError("Error in format string: unterminated format verb") }
            guard argIndex < args.count else {
                throw FunctionError("Error in format string: not enough arguments for %\(verb) at \(argIndex + 1)")
            }
            let arg = args[argIndex]
            argIndex += 1
            let text = try formatOne(arg, verb: verb, flags: flags, precision: precision, position: argIndex)
            output += pad(text, width: width, flags: flags, numeric: "dboxXeEfgG".contains(verb))
        }
        if argIndex < args.count && !spec.contains("%[") {
            throw FunctionError("Error in format string: too many arguments; no verbs for \(args.count - argIndex) extra")
        }
        return output
    }

    private static func pad(_ text: String, width: Int?, flags: Set<Character>, numeric: Bool) -> String {
        guard let width, text.count < width else { return text }
        let fill = width - text.count
        if flags.contains("-") { return text + String(repeating: " ", count: fill) }
        if flags.contains("0") && numeric {
            var body = text
            var sign = ""
            if let first = body.first, first == "-" || first == "+" || first == " " {
                sign = String(first)
                body.removeFirst()
            }
            return sign + String(repeating: "0", count: fill) + body
        }
        return String(repeating: " ", count: fill) + text
    }

    private static func formatOne(_ arg: Value, verb: Character, flags: Set<Character>, precision: Int?,
                                  position: Int) throws(FunctionError) -> String {
        func fail(_ message: String) -> FunctionError {
            FunctionError("Error in format string: unsupported value for \"%\(verb)\" at \(position): \(message)")
        }
        if arg.isNull {
            if verb == "v" { return "null" }
            throw fail("null value cannot be formatted")
        }
        switch verb {
        case "v":
            if flags.contains("#") { return try EncodingFunctions.jsonEncode(arg) }
            switch arg {
            case .string(let text): return text
            case .number, .bool: return (try? arg.converted(to: .string).stringValue) ?? ""
            default: return try EncodingFunctions.jsonEncode(arg)
            }
        case "t":
            guard let flag = try? arg.converted(to: .bool).boolValue else { throw fail("bool required") }
            return flag ? "true" : "false"
        case "s", "q":
            guard let text = try? arg.converted(to: .string).stringValue else { throw fail("string required") }
            var result = text
            if let precision { result = String(result.prefix(precision)) }
            return verb == "q" ? try EncodingFunctions.jsonEncode(.string(result)) : result
        case "d", "b", "o", "x", "X":
            if verb == "x" || verb == "X", case .string(let text) = arg, Number(parsing: text) == nil {
                let hex = text.utf8.map { String(format: "%02x", $0) }.joined()
                return verb == "X" ? hex.uppercased() : hex
            }
            guard let number = try? arg.converted(to: .number).numberValue else { throw fail("number required") }
            guard let integer = number.intValue else { throw fail("value has a fractional part") }
            let radix = verb == "d" ? 10 : verb == "b" ? 2 : verb == "o" ? 8 : 16
            var digits = String(integer.magnitude, radix: radix, uppercase: verb == "X")
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            if flags.contains("#") {
                switch verb {
                case "x": digits = "0x" + digits
                case "X": digits = "0X" + digits
                case "o": digits = "0" + digits
                case "b": digits = "0b" + digits
                default: break
                }
            }
            let sign = integer < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : ""
            return sign + digits
        case "e", "E", "f", "g", "G":
            guard let number = try? arg.converted(to: .number).numberValue else { throw fail("number required") }
            var cFormat = "%"
            if flags.contains("+") { cFormat += "+" }
            if flags.contains(" ") { cFormat += " " }
            if flags.contains("#") { cFormat += "#" }
            if let precision { cFormat += ".\(precision)" }
            if verb == "g" || verb == "G", precision == nil {
                // Go's %g is the shortest representation that round-trips.
                let text = number.description
                return flags.contains("+") && number >= Number(0) ? "+" + text : text
            }
            cFormat += String(verb)
            return String(format: cFormat, number.doubleValue)
        default:
            throw FunctionError("Error in format string: unsupported format verb %\(verb)")
        }
    }
}
