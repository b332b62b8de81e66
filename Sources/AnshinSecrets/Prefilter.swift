/// Turns a rule's expression into its Vectorscan prefilter form.
///
/// Vectorscan unrolls bounded repeats, so `[A-Za-z0-9]{100,2000}` makes a large, slow database. A prefilter only has to match
/// a superset of what confirmation accepts, so every repeat whose bounds exceed ``limit`` is
/// relaxed: `{a,b}` becomes `{min(a, limit),}`. Confirmation still applies the exact bounds.
enum Prefilter {
    /// The largest bound kept as written.
    static let limit = 64

    /// `expression` with its large bounded repeats relaxed. It works on UTF-8 bytes: every byte
    /// it looks for is ASCII, and any other byte is copied as it is.
    static func relax(_ expression: String, limit: Int = Prefilter.limit) -> String {
        let bytes = Array(expression.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var index = 0
        var inClass = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < bytes.count {
                out.append(byte)
                out.append(bytes[index + 1])
                index += 2
                continue
            }
            if inClass {
                if byte == UInt8(ascii: "]") { inClass = false }
                out.append(byte)
                index += 1
                continue
            }
            if byte == UInt8(ascii: "[") {
                inClass = true
                out.append(byte)
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "^") {
                    out.append(UInt8(ascii: "^"))
                    index += 1
                }
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "]") {
                    out.append(UInt8(ascii: "]"))
                    index += 1
                }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "{"), let (lower, upper, end) = quantifier(bytes, from: index) {
                if lower > limit || (upper ?? 0) > limit {
                    out += Array("{\(min(lower, limit)),}".utf8)
                } else {
                    out += bytes[index...end]
                }
                index = end + 1
                continue
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `{a}`, `{a,}` or `{a,b}` at `start`: the bounds and the index of the closing brace.
    private static func quantifier(_ bytes: [UInt8], from start: Int) -> (Int, Int?, Int)? {
        func number(from index: inout Int) -> Int? {
            let first = index
            var value = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                // A bound too large to hold is no quantifier Vectorscan would accept either.
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                value = times + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index > first ? value : nil
        }
        var index = start + 1
        guard let lower = number(from: &index), index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "}") { return (lower, lower, index) }
        guard bytes[index] == UInt8(ascii: ",") else { return nil }
        index += 1
        let upper = number(from: &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return nil }
        return (lower, upper, index)
    }
}
