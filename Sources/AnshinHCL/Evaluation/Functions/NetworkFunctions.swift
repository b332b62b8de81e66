/// Terraform's IP network functions, for IPv4 and IPv6, computed on address bytes.
enum NetworkFunctions {
    static let all: [Function] = [
        Function("cidrhost", arity: 2...2) { args, _ throws(FunctionError) in
            let network = try IPNetwork(try Arguments.string(args[0], "prefix"))
            let hostBits = network.bitCount - network.prefixLength
            var number = try Arguments.int(args[1], "hostnum")
            if number < 0 {
                guard hostBits < 63 else { throw FunctionError("Invalid function argument: negative host numbers are not supported for such large prefixes") }
                number += 1 << hostBits
                guard number >= 0 else { throw FunctionError("Invalid function argument: prefix of \(network.prefixLength) does not accommodate a host numbered \(number - (1 << hostBits))") }
            }
            guard hostBits >= 63 || number < (1 << hostBits) else {
                throw FunctionError("Invalid function argument: prefix of \(network.prefixLength) does not accommodate a host numbered \(number)")
            }
            var address = network.address
            IPNetwork.write(number, bits: hostBits, at: network.prefixLength, into: &address)
            return .string(IPNetwork.format(address))
        },
        Function("cidrnetmask", arity: 1...1) { args, _ throws(FunctionError) in
            let network = try IPNetwork(try Arguments.string(args[0], "prefix"))
            guard network.bitCount == 32 else { throw FunctionError("Invalid function argument: only IPv4 networks have a netmask") }
            var mask = [UInt8](repeating: 0, count: 4)
            for bit in 0..<network.prefixLength { mask[bit / 8] |= 0x80 >> UInt8(bit % 8) }
            return .string(IPNetwork.format(mask))
        },
        Function("cidrsubnet", arity: 3...3) { args, _ throws(FunctionError) in
            let network = try IPNetwork(try Arguments.string(args[0], "prefix"))
            let newBits = try Arguments.int(args[1], "newbits"), number = try Arguments.int(args[2], "netnum")
            return .string(try network.subnet(newBits: newBits, number: number).description)
        },
        Function("cidrsubnets", arity: 1...Int.max) { args, _ throws(FunctionError) in
            let network = try IPNetwork(try Arguments.string(args[0], "prefix"))
            var results: [Value] = []
            var next = network.address
            var exhausted = false
            for arg in args.dropFirst() {
                let newBits = try Arguments.int(arg, "newbits")
                let length = network.prefixLength + newBits
                guard newBits >= 1, length <= network.bitCount else {
                    throw FunctionError("Invalid function argument: would extend prefix to \(length) bits, which is too long for an IPv\(network.bitCount == 32 ? 4 : 6) address")
                }
                if exhausted { throw FunctionError("Invalid function argument: not enough remaining address space for a subnet with a prefix of \(length) bits") }
                // Align to the subnet size, then check it is still inside the base network.
                if IPNetwork.hasBits(next, from: length) {
                    IPNetwork.clear(&next, from: length)
                    guard IPNetwork.increment(&next, atBit: length - 1) else { throw FunctionError("Invalid function argument: not enough remaining address space for a subnet with a prefix of \(length) bits") }
                }
                guard IPNetwork.samePrefix(next, network.address, length: network.prefixLength) else {
                    throw FunctionError("Invalid function argument: not enough remaining address space for a subnet with a prefix of \(length) bits after \(results.last?.stringValue ?? network.description)")
                }
                results.append(.string(IPNetwork(address: next, prefixLength: length).description))
                exhausted = !IPNetwork.increment(&next, atBit: length - 1)
            }
            return .list(results)
        },
    ]
}

/// An IP network: the address with host bits cleared, and its prefix length.
struct IPNetwork: CustomStringConvertible {
    var address: [UInt8]
    var prefixLength: Int
    var bitCount: Int { address.count * 8 }

    init(address: [UInt8], prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    init(_ text: String) throws(FunctionError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), let bytes = IPNetwork.parse(String(parts[0])),
              (0...(bytes.count * 8)).contains(length) else {
            throw FunctionError("Invalid value for \"prefix\" parameter: invalid CIDR expression: invalid CIDR address: \(text)")
        }
        var masked = bytes
        IPNetwork.clear(&masked, from: length)
        address = masked
        prefixLength = length
    }

    var description: String { "\(IPNetwork.format(address))/\(prefixLength)" }

    func subnet(newBits: Int, number: Int) throws(FunctionError) -> IPNetwork {
        let length = prefixLength + newBits
        guard newBits >= 0, length <= bitCount else {
            throw FunctionError("Invalid function argument: insufficient address space to extend prefix of \(prefixLength) by \(newBits)")
        }
        guard number >= 0, newBits >= 63 || number < (1 << newBits) else {
            throw FunctionError("Invalid function argument: prefix extension of \(newBits) does not accommodate a subnet numbered \(number)")
        }
        var result = address
        IPNetwork.write(number, bits: newBits, at: prefixLength, into: &result)
        return IPNetwork(address: result, prefixLength: length)
    }

    /// Writes the low `bits` bits of `number` at bit positions `start ..< start + bits`.
    static func write(_ number: Int, bits: Int, at start: Int, into address: inout [UInt8]) {
        for offset in 0..<bits {
            let shift = bits - 1 - offset
            let bit = shift < 63 ? (number >> shift) & 1 : 0
            let position = start + offset
            let mask = UInt8(0x80) >> UInt8(position % 8)
            if bit == 1 { address[position / 8] |= mask } else { address[position / 8] &= ~mask }
        }
    }

    static func clear(_ address: inout [UInt8], from start: Int) {
        for position in start..<(address.count * 8) { address[position / 8] &= ~(UInt8(0x80) >> UInt8(position % 8)) }
    }

    static func hasBits(_ address: [UInt8], from start: Int) -> Bool {
        (start..<(address.count * 8)).contains { position in
            let mask: UInt8 = 0x80 >> UInt8(position % 8)
            return address[position / 8] & mask != 0
        }
    }

    static func samePrefix(_ a: [UInt8], _ b: [UInt8], length: Int) -> Bool {
        (0..<length).allSatisfy { position in
            let mask: UInt8 = 0x80 >> UInt8(position % 8)
            return (a[position / 8] ^ b[position / 8]) & mask == 0
        }
    }

    /// Adds one at bit position `bit` (0 is the most significant); false on overflow.
    static func increment(_ address: inout [UInt8], atBit bit: Int) -> Bool {
        var position = bit
        while position >= 0 {
            let mask = UInt8(0x80) >> UInt8(position % 8)
            if address[position / 8] & mask == 0 {
                address[position / 8] |= mask
                return true
            }
            address[position / 8] &= ~mask
            position -= 1
        }
        return false
    }

    static func parse(_ text: String) -> [UInt8]? {
        if !text.contains(":") {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var bytes: [UInt8] = []
            for part in parts {
                guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
                bytes.append(value)
            }
            return bytes
        }
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        var seenGap = false
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groupsOf(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parse(String(piece)) {
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groupsOf(halves[0]) else { return nil }
        groups = head
        if halves.count == 2 {
            seenGap = true
            guard let rest = groupsOf(halves[1]) else { return nil }
            tail = rest
        }
        if seenGap {
            guard groups.count + tail.count < 8 else { return nil }
            groups += [UInt16](repeating: 0, count: 8 - groups.count - tail.count) + tail
        }
        guard groups.count == 8 else { return nil }
        return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Dotted decimal for IPv4; RFC 5952 text for IPv6 (as Go prints it).
    static func format(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]) }
        var bestStart = -1, bestLength = 0, index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8, groups[end] == 0 { end += 1 }
                if end - index > bestLength && end - index >= 2 { bestStart = index; bestLength = end - index }
                index = end
            } else {
                index += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestStart < 0 { return hex.joined(separator: ":") }
        return hex[..<bestStart].joined(separator: ":") + "::" + hex[(bestStart + bestLength)...].joined(separator: ":")
    }
}
