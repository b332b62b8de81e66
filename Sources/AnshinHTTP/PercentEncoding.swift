/// RFC 3986 percent-encoding, as URLs, form bodies and request signatures need it.
public enum PercentEncoding {
    /// Percent-encodes every byte of `text`'s UTF-8 except the RFC 3986 unreserved characters
    /// (`A-Z a-z 0-9 - . _ ~`), with upper-case hex; `/` is kept when `encodeSlash` is false.
    public static func encode(_ text: String, encodeSlash: Bool = true) -> String {
        encode(bytes: Array(text.utf8), encodeSlash: encodeSlash)
    }

    /// ``encode(_:encodeSlash:)`` of raw bytes.
    public static func encode(bytes: [UInt8], encodeSlash: Bool = true) -> String {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        for byte in bytes {
            if isUnreserved(byte) || (byte == UInt8(ascii: "/") && !encodeSlash) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigitsUpper[Int(byte >> 4)])
                output.append(hexDigitsUpper[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is, and `+` stays
    /// a plus.
    public static func decode(_ text: String) -> String {
        String(decoding: decodedBytes(text), as: UTF8.self)
    }

    /// ``decode(_:)`` as bytes, for text that may not be UTF-8 once decoded.
    public static func decodedBytes(_ text: String) -> [UInt8] {
        decodedBytes(Array(text.utf8))
    }

    /// ``decode(_:)`` of bytes that may not be UTF-8 (a value a scanner matched).
    public static func decodedBytes(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    private static let hexDigitsUpper = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
