/// An XML element as AWS's query, EC2 and REST-XML protocols return it: name, attributes, child
/// elements and the text directly inside it.
///
/// AWS responses are small, namespace-default documents without DTDs, so this reader is a small
/// iterative parser over UTF-8 bytes rather than libxml2: no native dependency, no recursion to
/// overflow on hostile nesting, and no entity expansion beyond the five predefined entities and
/// character references; documents nested deeper than ``maximumDepth`` are refused, since the
/// tree (and its destruction) is recursive. Names keep their prefix; lookups match either the full name or the part
/// after the colon, so `child("Owner")` finds `<s3:Owner>` too.
public struct XML: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var attributes: [String: String]
    public var children: [XML]
    /// The character data directly inside this element (entities decoded, CDATA included);
    /// whitespace-only text between child elements is dropped.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XML] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The name without its namespace prefix.
    public var localName: String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// The first child called `name`.
    public func child(_ name: String) -> XML? {
        children.first { $0.matches(name) }
    }

    /// Every child called `name`, in order.
    public func children(_ name: String) -> [XML] {
        children.filter { $0.matches(name) }
    }

    /// The first child called `name`, for chained lookups: `response["Owner"]?["ID"]`.
    public subscript(_ name: String) -> XML? { child(name) }

    /// The element at a `/`-separated path of child names below this one (`"Owner/ID"`).
    public func element(_ path: String) -> XML? {
        var current: XML? = self
        for step in path.split(separator: "/") { current = current?.child(String(step)) }
        return current
    }

    /// The text of the element at `path`, `nil` when there is no such element.
    public func value(_ path: String) -> String? {
        element(path)?.text
    }

    /// Every element reached by `path`, where each step may match several children:
    /// `all("Users/member")` lists the members of the first `Users` element (and of any other).
    public func all(_ path: String) -> [XML] {
        var current = [self]
        for step in path.split(separator: "/") { current = current.flatMap { $0.children(String(step)) } }
        return current
    }

    private func matches(_ wanted: String) -> Bool {
        name == wanted || localName == wanted
    }

    /// A compact rendering for test failures and debugging.
    public var description: String {
        let inner = children.map(\.description).joined() + XML.escape(text)
        return "<\(name)>\(inner)</\(name)>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The deepest nesting accepted; AWS responses stay under 20 levels.
    public static let maximumDepth = 512

    // MARK: Parsing

    /// Parses a document and returns its root element.
    public static func parse(_ text: String) throws(XMLError) -> XML {
        try parse(Array(text.utf8))
    }

    /// Parses a document (UTF-8) and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws(XMLError) -> XML {
        var parser = XMLParserState(bytes: bytes)
        return try parser.document()
    }
}

/// Why a document is not well-formed XML, with the byte offset where reading stopped.
public struct XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let message: String

    public var description: String { "malformed XML at byte \(offset): \(message)" }
}

/// The parser's cursor and open-element stack.
private struct XMLParserState {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    func fail(_ message: String) -> XMLError { XMLError(offset: index, message: message) }

    func starts(with literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        return index + utf8.count <= bytes.count && bytes[index..<index + utf8.count].elementsEqual(utf8)
    }

    /// Moves past the next occurrence of `terminator`.
    mutating func skip(past terminator: String, what: String) throws(XMLError) {
        let utf8 = Array(terminator.utf8)
        while index + utf8.count <= bytes.count {
            if bytes[index..<index + utf8.count].elementsEqual(utf8) {
                index += utf8.count
                return
            }
            index += 1
        }
        throw fail("unterminated \(what)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
    }

    func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    func isNameByte(_ byte: UInt8) -> Bool {
        !isWhitespace(byte) && byte != UInt8(ascii: "/") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "=")
            && byte != UInt8(ascii: "<") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
    }

    mutating func name() throws(XMLError) -> String {
        let start = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index > start else { throw fail("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Skips the prolog, comments, processing instructions and a DOCTYPE without internal subset.
    mutating func skipMisc() throws(XMLError) {
        while true {
            skipWhitespace()
            if starts(with: "<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if starts(with: "<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts(with: "<!DOCTYPE") {
                // Entity declarations are never expanded; a document that declares any is refused.
                let start = index
                try skip(past: ">", what: "DOCTYPE")
                if bytes[start..<index].contains(UInt8(ascii: "[")) { throw fail("DOCTYPE with an internal subset is not supported") }
            } else {
                return
            }
        }
    }

    mutating func document() throws(XMLError) -> XML {
        try skipMisc()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw fail("expected the root element") }
        let root = try element()
        try skipMisc()
        guard index == bytes.count else { throw fail("content after the root element") }
        return root
    }

    /// Reads one element starting at `<`, iteratively: the stack holds the open elements.
    mutating func element() throws(XMLError) -> XML {
        var stack: [(element: XML, text: [UInt8])] = []
        var textBuffer: [UInt8] = []
        while true {
            if index >= bytes.count { throw fail("unexpected end of document inside <\(stack.last?.element.name ?? "")>") }
            let byte = bytes[index]
            if byte != UInt8(ascii: "<") {
                if stack.isEmpty { throw fail("text outside the root element") }
                if byte == UInt8(ascii: "&") {
                    textBuffer += try entity()
                } else {
                    textBuffer.append(byte)
                    index += 1
                }
                continue
            }
            if starts(with: "<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>", what: "CDATA section")
                textBuffer += bytes[start..<index - 3]
            } else if starts(with: "<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if starts(with: "</") {
                index += 2
                let closing = try name()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("expected > after </\(closing)") }
                index += 1
                guard var open = stack.popLast() else { throw fail("unexpected closing tag </\(closing)>") }
                guard open.element.name == closing else { throw fail("</\(closing)> closes <\(open.element.name)>") }
                open.text += textBuffer
                textBuffer = []
                open.element.text = Self.text(open.text, hasChildren: !open.element.children.isEmpty)
                if stack.isEmpty { return open.element }
                stack[stack.count - 1].element.children.append(open.element)
            } else {
                index += 1
                let elementName = try name()
                var attributes: [String: String] = [:]
                while true {
                    skipWhitespace()
                    guard index < bytes.count else { throw fail("unterminated start tag <\(elementName)") }
                    if bytes[index] == UInt8(ascii: ">") || starts(with: "/>") { break }
                    let attribute = try name()
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw fail("expected = after attribute \(attribute)") }
                    index += 1
                    skipWhitespace()
                    attributes[attribute] = try attributeValue()
                }
                if !stack.isEmpty {
                    stack[stack.count - 1].text += textBuffer
                }
                textBuffer = []
                if starts(with: "/>") {
                    index += 2
                    let empty = XML(name: elementName, attributes: attributes)
                    if stack.isEmpty { return empty }
                    stack[stack.count - 1].element.children.append(empty)
                } else {
                    index += 1
                    guard stack.count < XML.maximumDepth else { throw fail("elements nested deeper than \(XML.maximumDepth) levels") }
                    stack.append((XML(name: elementName, attributes: attributes), []))
                }
            }
        }
    }

    static func text(_ bytes: [UInt8], hasChildren: Bool) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        if hasChildren && text.allSatisfy(\.isWhitespace) { return "" }
        return text
    }

    mutating func attributeValue() throws(XMLError) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw fail("expected a quoted attribute value")
        }
        let quote = bytes[index]
        index += 1
        var value: [UInt8] = []
        while index < bytes.count, bytes[index] != quote {
            if bytes[index] == UInt8(ascii: "<") { throw fail("< in an attribute value") }
            if bytes[index] == UInt8(ascii: "&") {
                value += try entity()
            } else {
                value.append(bytes[index])
                index += 1
            }
        }
        guard index < bytes.count else { throw fail("unterminated attribute value") }
        index += 1
        return String(decoding: value, as: UTF8.self)
    }

    /// Decodes `&name;` or `&#N;` / `&#xH;` at the cursor.
    mutating func entity() throws(XMLError) -> [UInt8] {
        let start = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), index - start < 12 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else {
            index = start
            throw fail("unterminated entity reference")
        }
        let body = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        index += 1
        switch body {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            var scalarValue: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                scalarValue = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#") {
                scalarValue = UInt32(body.dropFirst(), radix: 10)
            }
            guard let scalarValue, let scalar = Unicode.Scalar(scalarValue) else {
                index = start
                throw fail("unknown entity &\(body);")
            }
            return Array(String(Character(scalar)).utf8)
        }
    }
}
