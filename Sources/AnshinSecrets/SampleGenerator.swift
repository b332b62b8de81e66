/// Builds sample secrets at run time from a seeded generator, so that rule samples and tests never
/// sit in the repository as literals a secret scanner would flag.
///
/// The generator is deterministic: the same seed (a rule id) gives the same tokens on every run
/// and every platform (SplitMix64).
public final class SampleGenerator {
    private var state: UInt64

    public static let digits = "0123456789"
    public static let lowerHex = "0123456789abcdef"
    public static let upperHex = "0123456789ABCDEF"
    public static let lower = "abcdefghijklmnopqrstuvwxyz"
    public static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    public static let alphanumeric = digits + upper + lower
    public static let base64 = alphanumeric + "+/"
    public static let base64URL = alphanumeric + "-_"
    public static let base32 = upper + "234567"

    /// Creates a generator whose sequence depends only on `seed`.
    public init(seed: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = hash
    }

    /// The next 64 random bits.
    public func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly random integer in `0..<bound`.
    public func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// `count` characters drawn from `alphabet`, guaranteed to contain a digit and a letter when
    /// the alphabet has both (so shape checks on samples are never flaky).
    public func string(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        let hasDigit = characters.contains(where: \.isNumber)
        let hasLetter = characters.contains(where: \.isLetter)
        while true {
            let result = String((0..<count).map { _ in characters[int(characters.count)] })
            let bytes = Array(result.utf8)
            let fine = (!hasDigit || count < 4 || result.contains(where: \.isNumber))
                && (!hasLetter || count < 4 || result.contains(where: \.isLetter))
                && !Placeholder.isPlaceholder(bytes)
            if fine { return result }
        }
    }

    /// Random letters and digits.
    public func alnum(_ count: Int) -> String { string(count, from: Self.alphanumeric) }
    /// Random lower-case hex digits.
    public func hex(_ count: Int) -> String { string(count, from: Self.lowerHex) }
    /// Random upper-case hex digits.
    public func upperHex(_ count: Int) -> String { string(count, from: Self.upperHex) }
    /// Random decimal digits.
    public func digits(_ count: Int) -> String { string(count, from: Self.digits) }
    /// Random base64 characters (standard alphabet, no padding).
    public func base64(_ count: Int) -> String { string(count, from: Self.base64) }
    /// Random base64url characters.
    public func base64URL(_ count: Int) -> String { string(count, from: Self.base64URL) }
    /// Random lower-case letters and digits.
    public func lowerAlnum(_ count: Int) -> String { string(count, from: Self.digits + Self.lower) }
    /// Random upper-case letters and digits.
    public func upperAlnum(_ count: Int) -> String { string(count, from: Self.digits + Self.upper) }
    /// A random UUID in lower case.
    public func uuid() -> String { "\(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12))" }

    /// A token in the CRC-32 base62 format of GitHub and npm: `prefix`, 30 random base62
    /// characters, then their checksum.
    public func crc32Token(prefix: String) -> String {
        let body = alnum(30)
        let checksum = Base62.encode(CRC32.checksum(Array(body.utf8)), width: 6)
        return prefix + body + String(decoding: checksum, as: UTF8.self)
    }

    /// A correctly formed string that is not random: the shape of a token filled with one letter.
    public func repeated(_ character: Character, _ count: Int) -> String {
        String(repeating: character, count: count)
    }

    /// The standard base64 encoding of `bytes`, with padding.
    public static func base64Encode(_ bytes: [UInt8], url: Bool = false) -> String {
        let table = Array((upper + lower + digits + (url ? "-_" : "+/")).utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let a = UInt32(bytes[index])
            let b = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let c = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = (a << 16) | (b << 8) | c
            out.append(table[Int((triple >> 18) & 63)])
            out.append(table[Int((triple >> 12) & 63)])
            if index + 1 < bytes.count { out.append(table[Int((triple >> 6) & 63)]) } else if !url { out.append(61) }
            if index + 2 < bytes.count { out.append(table[Int(triple & 63)]) } else if !url { out.append(61) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The base64 (or base64url, unpadded) encoding of a string's UTF-8 bytes.
    public static func base64Encode(_ text: String, url: Bool = false) -> String {
        base64Encode(Array(text.utf8), url: url)
    }
}
