/// Escaping for text put into HTML: the one rule every page anshin writes follows.
public enum HTMLText {
    /// Text safe in element content and quoted attribute values alike (`& < > " '` escaped);
    /// controls other than tab and line breaks, which HTML does not allow, are dropped.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                switch scalar.value {
                case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: output.unicodeScalars.append(scalar)
                default: break
                }
            }
        }
        return output
    }
}
