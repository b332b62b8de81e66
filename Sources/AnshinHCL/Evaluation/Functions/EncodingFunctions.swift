import Foundation

/// Terraform's encoding functions. `jsonencode` writes what Terraform writes (compact, keys
/// sorted, `<`, `>` and `&` escaped as Go does), so policies compare byte for byte.
enum EncodingFunctions {
    static let all: [Function] = [
        Function("base64encode", arity: 1...1) { args, _ throws(FunctionError) in
            .string(Data(try Arguments.string(args[0], "str").utf8).base64EncodedString())
        },
        Function("base64decode", arity: 1...1) { args, _ throws(FunctionError) in
            let text = try Arguments.string(args[0], "str")
            guard let data = Data(base64Encoded: text) else {
                throw FunctionError("Invalid function argument: failed to decode base64 data \(Value.quote(text))")
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw FunctionError("Invalid function argument: the result of decoding the provided string is not valid UTF-8")
            }
            return .string(decoded)
        },
        Function("jsonencode", arity: 1...1) { args, _ throws(FunctionError) in .string(try jsonEncode(args[0])) },
        Function("jsondecode", arity: 1...1) { args, _ throws(FunctionError) in try jsonDecode(try Arguments.string(args[0], "str")) },
        Function("csvdecode", arity: 1...1) { args, _ throws(FunctionError) in try csvDecode(try Arguments.string(args[0], "str")) },
        Function("urlencode", arity: 1...1) { args, _ throws(FunctionError) in
            var result = ""
            for byte in try Arguments.string(args[0], "str").utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                    result.append(Character(Unicode.Scalar(byte)))
                case UInt8(ascii: " "):
                    result.append("+")
                default:
                    result += String(format: "%%%02X", byte)
                }
            }
            return .string(result)
        },
        Function("yamldecode", arity: 1...1) { args, _ throws(FunctionError) in
            try YAMLSubset.decode(try Arguments.string(args[0], "src"))
        },
        Function("yamlencode", arity: 1...1) { _, _ throws(FunctionError) in
            throw FunctionError("yamlencode is not supported by anshin's evaluator")
        },
    ]

    /// Terraform's `jsonencode`.
    static func jsonEncode(_ value: Value) throws(FunctionError) -> String {
        var output = ""
        try encode(value, into: &output)
        return output
    }

    private static func encode(_ value: Value, into output: inout String) throws(FunctionError) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            guard number.doubleValue.isFinite else { throw FunctionError("Invalid function argument: cannot encode an infinite number as JSON") }
            output += number.description
        case .string(let text): output += jsonQuote(text)
        case .list(let elements), .tuple(let elements), .set(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                try encode(element, into: &output)
            }
            output += "]"
        case .map(let members), .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                output += jsonQuote(key) + ":"
                try encode(members[key] ?? .null, into: &output)
            }
            output += "}"
        case .unknown, .partial:
            throw FunctionError("Invalid function argument: cannot encode an unknown value")
        case .sensitive(let inner):
            try encode(inner, into: &output)
        }
    }

    /// A JSON string literal with Go's escaping rules.
    static func jsonQuote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 { output += String(format: "\\u%04x", scalar.value) } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output + "\""
    }

    /// Terraform's `jsondecode`: objects become objects and arrays tuples.
    static func jsonDecode(_ text: String) throws(FunctionError) -> Value {
        let bytes = Array(text.utf8)
        do throws(HCLError) {
            let document = try DeepStack.run(path: "<jsondecode>") { (stack) throws(HCLError) -> JSONValue in
                var parser = JSONParser(bytes: bytes, path: "<jsondecode>", stack: stack)
                return try parser.parseDocument()
            }
            return try value(of: document)
        } catch {
            throw FunctionError("Invalid function argument: \(error.message) (at \(error.range.start))")
        }
    }

    static func value(of json: JSONValue) throws(HCLError) -> Value {
        switch json.kind {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        case .number(let text):
            guard let number = Number(parsing: text) else { throw HCLError(path: "", range: json.range, message: "Invalid number \(text)") }
            return .number(number)
        case .array(let elements):
            var values: [Value] = []
            for element in elements { values.append(try value(of: element)) }
            return .tuple(values)
        case .object(let properties):
            var members: [String: Value] = [:]
            for property in properties { members[property.name] = try value(of: property.value) }
            return .object(members)
        }
    }

    /// Terraform's `csvdecode`: RFC 4180 with a header row; a list of objects of strings.
    static func csvDecode(_ text: String) throws(FunctionError) -> Value {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var fieldStarted = false
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where !fieldStarted:
                quoted = true
                fieldStarted = true
            case ",":
                row.append(field)
                field = ""
                fieldStarted = false
            case "\r" where characters.first == "\n":
                continue
            case "\n", "\r":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                fieldStarted = false
            default:
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if quoted { throw FunctionError("Invalid function argument: unterminated quoted field in CSV") }
        if fieldStarted || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        guard let header = rows.first else { return .list([]) }
        var result: [Value] = []
        for (number, fields) in rows.dropFirst().enumerated() {
            guard fields.count == header.count else {
                throw FunctionError("Invalid function argument: CSV record \(number + 2) has \(fields.count) fields; the header has \(header.count)")
            }
            result.append(.object(Dictionary(zip(header, fields.map { Value.string($0) }), uniquingKeysWith: { _, new in new })))
        }
        return .list(result)
    }
}
