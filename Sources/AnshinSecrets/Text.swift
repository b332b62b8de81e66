import Foundation

/// Byte-level helpers for the confirmation stage; all bounded, none allocate per byte scanned.
enum Text {
    static let newline = UInt8(ascii: "\n")

    /// The start of the line holding `offset`, not looking further back than `limit`.
    static func lineStart(before offset: Int, in bytes: UnsafeRawBufferPointer, limit: Int) -> Int {
        var index = min(offset, bytes.count)
        while index > limit {
            if bytes[index - 1] == newline { return index }
            index -= 1
        }
        return index
    }

    /// The end (the newline's offset) of the line holding `offset`, not looking past `limit`.
    static func lineEnd(from offset: Int, in bytes: UnsafeRawBufferPointer, limit: Int) -> Int {
        let upper = min(limit, bytes.count)
        guard offset < upper, let base = bytes.baseAddress else { return max(min(offset, bytes.count), 0) }
        guard let found = memchr(base + offset, Int32(newline), upper - offset) else { return upper }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The offset just after the first separator (whitespace, quote, `,` `;` `=` `:`) at or
    /// after `offset`, before `limit`.
    static func nextSeparator(from offset: Int, in bytes: UnsafeRawBufferPointer, limit: Int) -> Int? {
        var index = offset
        while index < limit {
            switch bytes[index] {
            case 0x09, 0x0A, 0x0D, 0x20, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ","),
                 UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"):
                return index + 1
            default:
                index += 1
            }
        }
        return nil
    }

    /// The offset of the first occurrence of `needle` within `range`.
    static func find(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer, range: Range<Int>) -> Int? {
        guard let first = needle.first, let base = bytes.baseAddress, range.count >= needle.count else { return nil }
        var index = range.lowerBound
        let last = range.upperBound - needle.count
        while index <= last {
            guard let hit = memchr(base + index, Int32(first), last - index + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, needle, needle.count) == 0 { return at }
            index = at + 1
        }
        return nil
    }

    /// Whether the line holding `offset` contains `needle` (looking at most 4 KiB either side).
    static func lineContains(_ needle: [UInt8], at offset: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        let start = lineStart(before: offset, in: bytes, limit: max(0, offset - 4096))
        let end = lineEnd(from: offset, in: bytes, limit: min(bytes.count, offset + 4096))
        return find(needle, in: bytes, range: start..<end) != nil
    }

    /// The lines from `count` before `range` to `count` after it, at most `limit` bytes each way.
    static func lines(around range: Range<Int>, count: Int, in bytes: UnsafeRawBufferPointer, limit: Int) -> Range<Int> {
        var start = range.lowerBound
        let floor = max(0, range.lowerBound - limit)
        for _ in 0...count {
            start = lineStart(before: start, in: bytes, limit: floor)
            if start <= floor { break }
            start -= 1
        }
        start = lineStart(before: start, in: bytes, limit: floor)
        var end = range.upperBound
        let ceiling = min(bytes.count, range.upperBound + limit)
        for _ in 0...count {
            end = lineEnd(from: end, in: bytes, limit: ceiling)
            if end >= ceiling { break }
            end += 1
        }
        return start..<min(end, ceiling)
    }

    /// How many newlines `range` holds.
    static func newlines(in range: Range<Int>, bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let next = lineEnd(from: index, in: bytes, limit: range.upperBound)
            if next >= range.upperBound { break }
            count += 1
            index = next + 1
        }
        return count
    }

    /// The 1-based column, in Unicode scalars, of `offset` on the line starting at `lineStart`.
    static func column(of offset: Int, lineStart: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var column = 1
        for index in lineStart..<max(lineStart, offset) where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// The bytes of `range` as a string with one Unicode scalar per byte (ISO 8859-1), so that
    /// UTF-16 offsets in the string are byte offsets in the window, whatever the bytes are.
    static func latin1(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count * 2) { buffer in
            var out = 0
            for index in range {
                let byte = bytes[index]
                if byte < 0x80 {
                    buffer[out] = byte
                    out += 1
                } else {
                    buffer[out] = 0xC0 | (byte >> 6)
                    buffer[out + 1] = 0x80 | (byte & 0x3F)
                    out += 2
                }
            }
            return out
        }
    }

    /// The base64 characters of `bytes`, skipping backslash escapes (`\\n` in a JSON string).
    static func base64Characters(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var escaped = false
        for byte in bytes {
            if escaped {
                escaped = false
                continue
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                continue
            }
            if isBase64(byte) { result.append(byte) }
        }
        return result
    }

    /// The base64 characters between an armour's header line (`-----BEGIN … KEY-----`) and its
    /// footer (`-----END`), or of the whole value when it has no armour.
    static func armouredBody(_ value: ArraySlice<UInt8>) -> [UInt8] {
        let dashes = Array("-----".utf8)
        let bytes = Array(value)
        guard let first = bytes.firstRange(of: dashes),
              let second = bytes[first.upperBound...].firstRange(of: dashes) else { return base64Characters(bytes) }
        let rest = bytes[second.upperBound...]
        let end = rest.firstRange(of: Array("-----END".utf8))?.lowerBound ?? rest.endIndex
        return base64Characters(bytes[second.upperBound..<end])
    }

    /// Whether `byte` belongs to the base64 alphabet (standard or URL-safe) or is padding.
    static func isBase64(_ byte: UInt8) -> Bool {
        Placeholder.isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

/// Line and column of offsets visited in increasing order; newlines are counted with `memchr`
/// hops, once, up to the last offset asked for.
struct LineCounter {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private(set) var line = 1
    private(set) var lineStart = 0
    private var columnOffset = 0
    private var column = 1

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The 1-based line and column (in Unicode scalars) of `target`.
    mutating func position(of target: Int) -> (line: Int, column: Int) {
        if target < offset { self = LineCounter(bytes: bytes) }
        guard let base = bytes.baseAddress else { return (1, 1) }
        var index = offset
        while index < target, let found = memchr(base + index, Int32(Text.newline), target - index) {
            let at = base.distance(to: UnsafeRawPointer(found))
            line += 1
            lineStart = at + 1
            index = at + 1
        }
        offset = target
        if columnOffset < lineStart {
            columnOffset = lineStart
            column = 1
        }
        while columnOffset < target {
            if bytes[columnOffset] & 0xC0 != 0x80 { column += 1 }
            columnOffset += 1
        }
        return (line, column)
    }
}
