import Foundation

/// Record types a DNS monitor asks for.
public enum DNSRecordType: String, Sendable, Hashable, CaseIterable {
    case a = "A", ns = "NS", cname = "CNAME", mx = "MX", txt = "TXT", aaaa = "AAAA", srv = "SRV"

    public var code: UInt16 {
        switch self {
        case .a: 1
        case .ns: 2
        case .cname: 5
        case .mx: 15
        case .txt: 16
        case .aaaa: 28
        case .srv: 33
        }
    }

    public init?(name: String) { self.init(rawValue: name.uppercased()) }
    init?(code: UInt16) { self.init(rawValue: Self.allCases.first { $0.code == code }?.rawValue ?? "") }
}

/// The few parts of the DNS wire format (RFC 1035) a monitor needs: one question out, the answer
/// section back, names decompressed and records written as text.
public enum DNSMessage {
    public struct Response: Sendable, Hashable {
        public var id: UInt16
        public var responseCode: String
        public var answers: [String]
        public var truncated: Bool
    }

    public struct MalformedMessage: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A query for `name` of type `type`, recursion desired.
    public static func query(id: UInt16, name: String, type: DNSRecordType) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(contentsOf: id.bigEndianBytes)
        bytes.append(contentsOf: [0x01, 0x00])           // standard query, recursion desired
        bytes.append(contentsOf: [0, 1, 0, 0, 0, 0, 0, 0]) // one question
        bytes.append(contentsOf: encode(name: name))
        bytes.append(contentsOf: type.code.bigEndianBytes)
        bytes.append(contentsOf: [0, 1])                 // class IN
        return bytes
    }

    /// A name as labels (`example.com` → 7example3com0).
    public static func encode(name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for label in name.split(separator: ".") {
            let utf8 = Array(label.utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        bytes.append(0)
        return bytes
    }

    static let codes = [0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"]

    /// Reads a response; answers of types anshin does not know are written as `TYPE<n>`.
    public static func parse(_ bytes: [UInt8]) throws(MalformedMessage) -> Response {
        var reader = Reader(bytes: bytes)
        let id = try reader.u16()
        let flags = try reader.u16()
        guard flags & 0x8000 != 0 else { throw MalformedMessage(description: "not a response") }
        let questions = try reader.u16()
        let answerCount = try reader.u16()
        _ = try reader.u16()
        _ = try reader.u16()
        for _ in 0..<questions {
            _ = try reader.name()
            try reader.skip(4)
        }
        var answers: [String] = []
        for _ in 0..<answerCount {
            _ = try reader.name()
            let type = try reader.u16()
            _ = try reader.u16()
            try reader.skip(4)
            let length = Int(try reader.u16())
            let end = reader.offset + length
            guard end <= bytes.count else { throw MalformedMessage(description: "a record runs past the end of the message") }
            answers.append(try record(type: type, length: length, reader: &reader))
            reader.offset = end
        }
        let code = Int(flags & 0x000F)
        return Response(id: id, responseCode: codes[code] ?? "RCODE\(code)", answers: answers, truncated: flags & 0x0200 != 0)
    }

    private static func record(type: UInt16, length: Int, reader: inout Reader) throws(MalformedMessage) -> String {
        switch DNSRecordType(code: type) {
        case .a?:
            guard length == 4 else { throw MalformedMessage(description: "an A record of \(length) bytes") }
            return try (0..<4).map { _ throws(MalformedMessage) in String(try reader.u8()) }.joined(separator: ".")
        case .aaaa?:
            guard length == 16 else { throw MalformedMessage(description: "an AAAA record of \(length) bytes") }
            var groups: [UInt16] = []
            for _ in 0..<8 { groups.append(try reader.u16()) }
            return formatIPv6(groups)
        case .ns?, .cname?:
            return try reader.name()
        case .mx?:
            let preference = try reader.u16()
            return "\(preference) \(try reader.name())"
        case .srv?:
            let priority = try reader.u16(), weight = try reader.u16(), port = try reader.u16()
            return "\(priority) \(weight) \(port) \(try reader.name())"
        case .txt?:
            var parts: [String] = []
            var remaining = length
            while remaining > 0 {
                let size = Int(try reader.u8())
                parts.append(String(decoding: try reader.take(size), as: UTF8.self))
                remaining -= size + 1
            }
            return parts.joined()
        case nil:
            return "TYPE\(type)"
        }
    }

    /// RFC 5952 text: lower case, the longest run of zero groups as `::`.
    static func formatIPv6(_ groups: [UInt16]) -> String {
        var bestStart = -1, bestLength = 0, start = -1
        for index in 0...groups.count {
            if index < groups.count, groups[index] == 0 {
                if start < 0 { start = index }
            } else if start >= 0 {
                if index - start > bestLength, index - start >= 2 { bestStart = start; bestLength = index - start }
                start = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        return hex[..<bestStart].joined(separator: ":") + "::" + hex[(bestStart + bestLength)...].joined(separator: ":")
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func u8() throws(MalformedMessage) -> UInt8 {
            guard offset < bytes.count else { throw MalformedMessage(description: "the message ends early") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u16() throws(MalformedMessage) -> UInt16 {
            UInt16(try u8()) << 8 | UInt16(try u8())
        }

        mutating func skip(_ count: Int) throws(MalformedMessage) {
            guard offset + count <= bytes.count else { throw MalformedMessage(description: "the message ends early") }
            offset += count
        }

        mutating func take(_ count: Int) throws(MalformedMessage) -> ArraySlice<UInt8> {
            guard offset + count <= bytes.count else { throw MalformedMessage(description: "the message ends early") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        /// A name, following compression pointers (at most 32, so a loop cannot hang).
        mutating func name() throws(MalformedMessage) -> String {
            var labels: [String] = []
            var position = offset
            var jumped = false
            var jumps = 0
            while true {
                guard position < bytes.count else { throw MalformedMessage(description: "a name runs past the end") }
                let length = Int(bytes[position])
                if length & 0xC0 == 0xC0 {
                    guard position + 1 < bytes.count else { throw MalformedMessage(description: "a name runs past the end") }
                    let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                    if !jumped { offset = position + 2 }
                    jumped = true
                    jumps += 1
                    guard jumps <= 32, target < bytes.count else { throw MalformedMessage(description: "a name's pointers loop") }
                    position = target
                    continue
                }
                if length == 0 {
                    if !jumped { offset = position + 1 }
                    break
                }
                guard position + 1 + length <= bytes.count else { throw MalformedMessage(description: "a name runs past the end") }
                labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self))
                position += 1 + length
            }
            return labels.joined(separator: ".") + "."
        }
    }
}

extension UInt16 {
    var bigEndianBytes: [UInt8] { [UInt8(self >> 8), UInt8(self & 0xFF)] }
}
