/// A position in a source file.
///
/// `offset` counts UTF-8 bytes from the start of the file (0-based). `line` and `column` are
/// 1-based; columns count Unicode scalars (a tab or an emoji is one column), the convention of
/// most editors and of SARIF's `unicodeCodePoints` column kind.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Byte offset from the start of the file, 0-based.
    public var offset: Int
    /// Line number, 1-based.
    public var line: Int
    /// Column in Unicode scalars, 1-based.
    public var column: Int

    /// Creates a location from its three coordinates.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The first byte of a file.
    public static let start = SourceLocation(offset: 0, line: 1, column: 1)

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.offset < rhs.offset
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// A half-open span of source text: `start` is the first byte, `end` the byte just after the last.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The first position covered.
    public var start: SourceLocation
    /// The position just past the last byte covered.
    public var end: SourceLocation

    /// Creates a range between two locations.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// An empty range at one location.
    public init(at location: SourceLocation) {
        self.init(start: location, end: location)
    }

    /// The smallest range covering both `self` and `other`.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// The byte offsets covered, for slicing the source.
    public var byteRange: Range<Int> { start.offset..<max(start.offset, end.offset) }

    /// `line:column-line:column`.
    public var description: String { "\(start)-\(end)" }
}
