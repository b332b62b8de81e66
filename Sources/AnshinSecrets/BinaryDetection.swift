/// Tells binary content from text, so callers can skip images, archives and compiled objects.
public enum BinaryDetection {
    /// How many leading bytes are examined.
    public static let sampleSize = 8 * 1024

    /// Whether `bytes` look binary: a NUL byte in the first 8 KiB, or more than 10% of those
    /// bytes being control characters other than tab, newline, form feed, carriage return and
    /// escape. Bytes of 0x80 and above count as text (UTF-8 and legacy encodings).
    public static func isBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = min(bytes.count, sampleSize)
        guard count > 0 else { return false }
        var control = 0
        for index in 0..<count {
            let byte = bytes[index]
            if byte == 0 { return true }
            if byte < 0x20 {
                switch byte {
                case 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1B: break
                default: control += 1
                }
            } else if byte == 0x7F {
                control += 1
            }
        }
        return control * 10 > count
    }

    /// Whether `bytes` look binary.
    public static func isBinary(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isBinary($0) }
    }
}
