import AnshinCore

/// Escaping for HTML and XML output, the one place where report text meets markup.
enum XMLEscaping {
    /// Text safe in HTML element content and quoted attribute values alike: `& < > " '`.
    static func html(_ text: String) -> String { HTMLText.escape(text) }

    /// Character data for an XML 1.0 element: `& < >` escaped, illegal characters dropped.
    static func text(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            // Escaped so that "]]>" can never appear in character data (XML 1.0 §2.4).
            case ">": output += "&gt;"
            case "\r": output += "&#13;"
            default:
                if isXMLCharacter(scalar) { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    /// A double-quoted XML 1.0 attribute value: markup characters escaped, and tab and line
    /// breaks written as references so that attribute-value normalisation (§3.3.3) keeps them.
    static func attribute(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t": output += "&#9;"
            case "\n": output += "&#10;"
            case "\r": output += "&#13;"
            default:
                if isXMLCharacter(scalar) { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    /// XML 1.0 `Char` (§2.2): tab, line feed, carriage return, and U+0020 upward except
    /// surrogates (which a Swift string cannot hold), U+FFFE and U+FFFF.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
