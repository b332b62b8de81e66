#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells binary content from text, so callers can skip images, archives and compiled objects.
public enum BinaryDetection {
    /// How many leading bytes are examined.
    public static let sampleSize = 8 * 1024

    /// Whether `bytes` look binary: a NUL byte in the first 8 KiB, or more than 10% of those
    /// bytes being control characters other than tab, newline, form feed, carriage return and
    /// escape. Bytes of 0x80 and above count as text (UTF-8 and legacy encodings).
    public static func isBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = min(bytes.count, sampleSize)
        guard count > 0, let base = bytes.baseAddress else { return false }
        if memchr(base, 0, count) != nil { return true }
        // Every file is sampled, so the count is one table lookup a byte, without branches: a
        // branch per byte cost as much as the prefilter's whole scan of a source tree.
        var control = 0
        controlTable.withUnsafeBufferPointer { table in
            let sample = base.assumingMemoryBound(to: UInt8.self)
            for index in 0..<count { control &+= Int(table[Int(sample[index])]) }
        }
        return control * 10 > count
    }

    /// 1 for each byte ``isControl`` counts, 0 for the others.
    static let controlTable: [UInt8] = (0...255).map { isControl(UInt8($0)) ? 1 : 0 }

    /// A control character that text does not use (tab, newline, form feed, carriage return,
    /// backspace and escape do appear in text).
    static func isControl(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1B: return false
        case ..<0x20, 0x7F: return true
        default: return false
        }
    }

    /// Whether `bytes` look binary.
    public static func isBinary(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isBinary($0) }
    }
}
