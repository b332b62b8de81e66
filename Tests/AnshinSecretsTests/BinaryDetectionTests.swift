@testable import AnshinSecrets
import AnshinTesting
import Testing

@Suite struct BinaryDetectionTests {
    /// The rule spelled out byte by byte: a NUL in the sample, or more than 10% of the sample
    /// being control characters other than backspace, tab, newline, form feed, carriage return
    /// and escape (DEL counts as control).
    static func reference(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(BinaryDetection.sampleSize)
        guard !sample.isEmpty else { return false }
        if sample.contains(0) { return true }
        let control = sample.filter { ($0 < 0x20 && ![0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains($0)) || $0 == 0x7F }.count
        return control * 10 > sample.count
    }

    @Test func agreesWithTheByteByByteRuleOnRandomContent() {
        var random = SplitMix64(seed: 11)
        var binary = 0
        for _ in 0..<2_000 {
            let length = Int(random.next() % 9_000)
            // Text with a varying share of control characters, around the 10% threshold.
            let share = random.next() % 25
            let bytes = (0..<length).map { _ -> UInt8 in
                if random.next() % 100 < share { return UInt8(1 + random.next() % 0x1F) }
                if random.next() % 500 == 0 { return 0x7F }
                return UInt8(0x20 + random.next() % 0xDF)
            }
            let expected = Self.reference(bytes)
            if expected { binary += 1 }
            #expect(BinaryDetection.isBinary(bytes) == expected, "length \(length), control share \(share)%")
        }
        #expect(binary > 100 && binary < 1_900, "the samples fall on both sides of the threshold")
    }

    @Test func aNulAnywhereInTheSampleButNotAfterIt() {
        for position in [0, 15, 16, 17, 4_095, 8_191] {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8_192)
            bytes[position] = 0
            #expect(BinaryDetection.isBinary(bytes), "NUL at \(position)")
        }
        var late = [UInt8](repeating: UInt8(ascii: "a"), count: 9_000)
        late[8_192] = 0
        #expect(!BinaryDetection.isBinary(late))
    }
}
