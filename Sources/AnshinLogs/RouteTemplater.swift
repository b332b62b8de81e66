import Foundation
import Yams

/// Turns a request into its route: `GET /users/123/orders/9f1c…` → `GET /users/{id}/orders/{id}`.
///
/// A path segment becomes `{id}` when it is a number, a UUID, a hex hash (16+ hex digits with a
/// digit), a long token (20+ URL-safe characters mixing letters and digits) or mostly digits
/// (6+ characters, half or more digits: dates, versioned ids). Explicit patterns (`/files/{name}`,
/// or the paths of an OpenAPI document) then name the route when one matches the templated path,
/// segment by segment; `{…}` in a pattern matches any segment, `*` one segment, `**` the rest.
public struct RouteTemplater: Sendable {
    /// Patterns, each as segments, tried in order.
    let patterns: [Pattern]

    struct Pattern: Sendable {
        var text: String
        var method: String?
        var segments: [PatternSegment]
    }

    enum PatternSegment: Sendable, Equatable {
        case literal(String)
        case parameter
        case rest
    }

    public init(patterns: [String] = []) throws(LogConfigurationError) {
        var compiled: [Pattern] = []
        for raw in patterns {
            var text = raw.trimmingCharacters(in: .whitespaces)
            var method: String?
            if let space = text.firstIndex(of: " ") {
                method = text[..<space].uppercased()
                text = text[text.index(after: space)...].trimmingCharacters(in: .whitespaces)
            }
            guard text.hasPrefix("/") else {
                throw LogConfigurationError("route pattern \(raw) must start with / (optionally after a method: GET /users/{id})")
            }
            let segments = RouteTemplater.segments(of: text).map { segment -> PatternSegment in
                if segment == "**" { return .rest }
                if segment == "*" || (segment.hasPrefix("{") && segment.hasSuffix("}")) { return .parameter }
                return .literal(segment)
            }
            compiled.append(Pattern(text: RouteTemplater.normalised(text), method: method, segments: segments))
        }
        self.patterns = compiled
    }

    /// The paths of an OpenAPI 3 (or Swagger 2) document, JSON or YAML, as route patterns; Swagger's
    /// `basePath` and the path of OpenAPI's first server URL are put in front.
    public static func openAPIPatterns(document text: String, file: String) throws(LogConfigurationError) -> [String] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw LogConfigurationError("\(file): not a readable OpenAPI document: \(error)")
        }
        guard let root, let mapping = root.mapping, let paths = mapping["paths"]?.mapping else {
            throw LogConfigurationError("\(file): not an OpenAPI document (no `paths` object)")
        }
        var prefix = ""
        if let base = mapping["basePath"]?.string {
            prefix = base
        } else if let server = mapping["servers"]?.sequence?.first?.mapping?["url"]?.string,
                  let url = URL(string: server), !url.path.isEmpty {
            prefix = url.path
        } else if let server = mapping["servers"]?.sequence?.first?.mapping?["url"]?.string, server.hasPrefix("/") {
            prefix = server
        }
        if prefix.hasSuffix("/") { prefix.removeLast() }
        var result: [String] = []
        for key in paths.keys {
            if let path = key.string, path.hasPrefix("/") { result.append(prefix + path) }
        }
        guard !result.isEmpty else { throw LogConfigurationError("\(file): the OpenAPI document has no paths") }
        return result
    }

    static func segments(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    static func normalised(_ path: String) -> String {
        var text = path
        while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// Classifies a segment: true when it is an identifier rather than a route word.
    @inline(__always)
    static func isIdentifier(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length > 0 else { return false }
        var digits = 0, hex = 0, letters = 0, tokenChars = 0, dashes = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            if ASCII.isDigit(byte) { digits += 1; hex += 1; tokenChars += 1 }
            else if ASCII.isAlpha(byte) {
                letters += 1
                tokenChars += 1
                if ASCII.isHex(byte) { hex += 1 }
            } else if byte == ASCII.dash {
                dashes += 1
                tokenChars += 1
            } else if byte == 0x5F || byte == 0x3D || byte == ASCII.dot || byte == 0x7E {
                tokenChars += 1
            }
            index += 1
        }
        if digits == length { return true }
        if length == 36 && dashes == 4 && hex == 32
            && bytes[start + 8] == ASCII.dash && bytes[start + 13] == ASCII.dash
            && bytes[start + 18] == ASCII.dash && bytes[start + 23] == ASCII.dash { return true }
        if length >= 16 && hex == length && digits > 0 { return true }
        if length >= 20 && tokenChars == length && digits > 0 && letters > 0 { return true }
        if length >= 6 && digits * 2 >= length { return true }
        return false
    }

    /// Writes `METHOD /templated/path` into `output` (cleared first), at most `limit` bytes.
    @inline(__always)
    public static func template(_ line: LineBytes, method: Span, path: Span, into output: inout [UInt8], limit: Int = 200) {
        output.removeAll(keepingCapacity: true)
        if method.isEmpty || method.count > 16 {
            output.append(ASCII.dash)
        } else {
            var index = Int(method.start)
            while index < Int(method.end) { output.append(line[index]); index += 1 }
        }
        output.append(ASCII.space)
        let pathStart = Int(path.start), pathEnd = Int(path.end)
        var index = pathStart
        if index >= pathEnd || line[index] != ASCII.slash {
            if index >= pathEnd { output.append(ASCII.slash); return }
        }
        let base = output.count
        while index < pathEnd {
            if line[index] == ASCII.slash {
                // Collapse repeated slashes.
                if output.last != ASCII.slash || output.count == base { output.append(ASCII.slash) }
                index += 1
                continue
            }
            let start = index
            while index < pathEnd && line[index] != ASCII.slash { index += 1 }
            if output.count == base { output.append(ASCII.slash) }
            if isIdentifier(line, start, index) {
                output.append(contentsOf: [ASCII.openBrace, 0x69, 0x64, ASCII.closeBrace])  // {id}
            } else {
                var cursor = start
                while cursor < index { output.append(line[cursor]); cursor += 1 }
            }
            if output.count - base >= limit { break }
        }
        if output.count - base > 1 && output.last == ASCII.slash { output.removeLast() }
        if output.count == base { output.append(ASCII.slash) }
    }

    /// The pattern naming a templated route (`GET /users/{id}`), as `GET /users/{userId}`; nil when
    /// no pattern matches.
    public func match(route: String) -> String? {
        guard !patterns.isEmpty else { return nil }
        let method: String, path: String
        if let space = route.firstIndex(of: " ") {
            method = String(route[..<space])
            path = String(route[route.index(after: space)...])
        } else {
            method = "-"
            path = route
        }
        let segments = RouteTemplater.segments(of: path)
        for pattern in patterns {
            if let required = pattern.method, required != method { continue }
            if RouteTemplater.matches(pattern.segments, segments) { return "\(method) \(pattern.text)" }
        }
        return nil
    }

    static func matches(_ pattern: [PatternSegment], _ segments: [String]) -> Bool {
        var index = 0
        for (position, part) in pattern.enumerated() {
            switch part {
            case .rest:
                return position == pattern.count - 1
            case .parameter:
                guard index < segments.count else { return false }
            case .literal(let literal):
                guard index < segments.count, segments[index] == literal else { return false }
            }
            index += 1
        }
        return index == segments.count
    }
}
