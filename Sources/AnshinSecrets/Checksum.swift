/// Checksums embedded in token formats: a token whose checksum is wrong is a typo, a truncation or
/// a made-up example, never a live credential.
public enum Checksum: Sendable, Hashable {
    /// A CRC-32 of the random part, in six base62 digits at the end (GitHub `ghp_`, `gho_`,
    /// `ghu_`, `ghs_`, `ghr_` and npm `npm_` tokens); `prefixLength` characters precede the
    /// random part.
    case crc32Base62(prefixLength: Int)

    /// Whether `token` carries the right checksum.
    public func validates(_ token: [UInt8]) -> Bool {
        switch self {
        case .crc32Base62(let prefixLength):
            guard token.count > prefixLength + 6 else { return false }
            let body = token[prefixLength..<(token.count - 6)]
            return Base62.encode(CRC32.checksum(body), width: 6) == Array(token.suffix(6))
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib computes it.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// Base62 with digits, then upper case, then lower case (`0-9A-Za-z`), most significant first.
public enum Base62 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `value` in base62, left-padded with `0` to `width` digits.
    public static func encode(_ value: UInt32, width: Int) -> [UInt8] {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(alphabet[Int(rest % 62)])
            rest /= 62
        } while rest > 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        return digits.reversed()
    }
}
