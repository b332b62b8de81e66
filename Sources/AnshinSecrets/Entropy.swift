import Foundation

/// Shannon entropy: how unpredictable a value's characters are, the classic signal that a string
/// is a random key rather than a word.
public enum Entropy {
    /// Bits per character (per byte) of `bytes`: 0 for `aaaa`, 2 for `abcd`, about 5.95 at most
    /// for long base62 strings, 4 at most for hex.
    public static func shannon(_ bytes: some Collection<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for byte in bytes { counts[Int(byte)] += 1 }
            let total = Double(bytes.count)
            var bits = 0.0
            for count in counts where count > 0 {
                let p = Double(count) / total
                bits -= p * log2(p)
            }
            return bits
        }
    }

    /// Shannon entropy of a string's UTF-8 bytes.
    public static func shannon(_ text: String) -> Double { shannon(Array(text.utf8)) }
}
