/// The bytes of one log line, without its line ending. Valid only while the buffer it points
/// into is alive (the length of one `parse` call).
public typealias LineBytes = UnsafeBufferPointer<UInt8>

/// A field of a line, as offsets into it; `start == end` is an empty or absent field.
public struct Span: Sendable, Equatable, Hashable {
    public var start: Int32
    public var end: Int32

    @inlinable public init(_ start: Int, _ end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    public static let empty = Span(0, 0)

    @inlinable public var isEmpty: Bool { end <= start }
    @inlinable public var count: Int { Int(end - start) }

    /// The bytes of this span in `line`.
    @inlinable public func bytes(in line: LineBytes) -> LineBytes {
        guard end > start, let base = line.baseAddress else { return LineBytes(start: nil, count: 0) }
        return LineBytes(start: base + Int(start), count: Int(end - start))
    }

    /// The span as text (invalid UTF-8 replaced): for reports and tests, not for the hot path.
    public func string(in line: LineBytes) -> String {
        String(decoding: bytes(in: line), as: UTF8.self)
    }
}

/// Byte constants and small parsers shared by the formats.
enum ASCII {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, quote: UInt8 = 0x22, backslash: UInt8 = 0x5C
    static let newline: UInt8 = 0x0A, cr: UInt8 = 0x0D, colon: UInt8 = 0x3A, slash: UInt8 = 0x2F
    static let question: UInt8 = 0x3F, dash: UInt8 = 0x2D, dot: UInt8 = 0x2E, zero: UInt8 = 0x30
    static let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D, hash: UInt8 = 0x23
    static let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D, comma: UInt8 = 0x2C, plus: UInt8 = 0x2B

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always) static func isHex(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6
    }

    @inline(__always) static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Parses an unsigned decimal integer filling the whole span; nil when empty or not digits.
    @inline(__always)
    func parseInt(_ span: Span) -> Int64? {
        var index = Int(span.start)
        let end = Int(span.end)
        guard index < end, end - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < end {
            let digit = self[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
            index += 1
        }
        return value
    }

    /// Parses a decimal number of seconds (`0.001`, `12`, `3.5`) into microseconds; `-1` and `-` are nil.
    @inline(__always)
    func parseSecondsAsMicros(_ span: Span) -> Int64? {
        var index = Int(span.start)
        let end = Int(span.end)
        guard index < end, end - index <= 24 else { return nil }
        var whole: Int64 = 0
        var sawDigit = false
        while index < end {
            let digit = self[index] &- 0x30
            if digit >= 10 { break }
            whole = whole &* 10 &+ Int64(digit)
            sawDigit = true
            index += 1
        }
        var micros = whole &* 1_000_000
        if index < end {
            guard self[index] == ASCII.dot else { return nil }
            index += 1
            var scale: Int64 = 100_000
            while index < end {
                let digit = self[index] &- 0x30
                guard digit < 10 else { return nil }
                micros &+= Int64(digit) &* scale
                scale /= 10
                sawDigit = true
                index += 1
            }
        }
        return sawDigit ? micros : nil
    }

    /// Whether the span's bytes equal `literal`.
    @inline(__always)
    func equals(_ span: Span, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard Int(span.end - span.start) == count, let base = baseAddress else { return false }
        return memcmp(base + Int(span.start), literal.utf8Start, count) == 0
    }

    /// The end (exclusive) of the line's content: before a trailing carriage return.
    @inline(__always)
    var contentEnd: Int {
        var end = count
        while end > 0 && self[end - 1] == ASCII.cr { end -= 1 }
        return end
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
