import AnshinAWS
import AnshinTesting
import Testing

@Suite("JSON values")
struct JSONTests {
    @Test("parses every kind of value, booleans apart from numbers")
    func parses() throws {
        let json = try JSON.parse(Array(#"{"s": "a\"b\u00e9", "t": true, "f": false, "zero": 0, "one": 1, "big": 1795803010845, "x": 2.5, "n": null, "a": [1, "two", {"k": []}]}"#.utf8))
        #expect(json["s"] == .string("a\"bé"))
        #expect(json["t"] == .bool(true) && json["f"] == .bool(false))
        #expect(json["zero"] == .number(0) && json["one"]?.int == 1 && json["big"]?.int == 1_795_803_010_845)
        #expect(json["x"]?.number == 2.5 && json["n"] == .null)
        #expect(json["a"]?.array?.count == 3)
        #expect(json["a"]?.array?[2]["k"] == .array([]))
    }

    @Test("encodes compactly with sorted keys, integers without a fraction, and reads back the same")
    func roundTrip() throws {
        let value: JSON = ["limit": 50, "name": "/app/é", "on": true, "ratio": 0.5, "tags": ["a", .null]]
        #expect(value.description == #"{"limit":50,"name":"/app/é","on":true,"ratio":0.5,"tags":["a",null]}"#)
        #expect(try JSON.parse(value.bytes) == value)
        #expect(value.setting("nextToken", to: "t")["nextToken"] == "t")
    }

    @Test("malformed JSON is an error, never a crash", arguments: ["", "{", "[1,", #"{"a" 1}"#, "{'a': 1}", "nul", "[1]]", #"{"a":"\u12"}"#])
    func malformed(_ text: String) {
        #expect(throws: (any Error).self) { try JSON.parse(Array(text.utf8)) }
    }

    @Test("random mutations of a valid document never crash the parser")
    func fuzz() {
        var random = SplitMix64(seed: 11)
        let original = Array(#"{"logGroups":[{"logGroupName":"/a","storedBytes":12,"flag":true,"tags":["x",null]}],"nextToken":"abc"}"#.utf8)
        let alphabet = Array(#"{}[]":,\u0-9.eE+ntf"#.utf8)
        var parsed = 0
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                if Bool.random(using: &random) {
                    bytes[position] = alphabet.randomElement(using: &random)!
                } else {
                    bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                }
            }
            if (try? JSON.parse(bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 0 && parsed < 2000)
    }
}
