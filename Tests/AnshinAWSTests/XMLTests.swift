import AnshinAWS
import AnshinTesting
import Testing

@Suite("XML reader")
struct XMLTests {
    static let listUsers = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <ListUsersResult>
            <IsTruncated>true</IsTruncated>
            <Marker>abc&amp;def</Marker>
            <Users>
              <member><UserName>ana</UserName><Arn>arn:aws:iam::123456789012:user/ana</Arn></member>
              <member><UserName>ken &lt;ops&gt;</UserName><Path><![CDATA[/a<b>/]]></Path></member>
            </Users>
          </ListUsersResult>
          <!-- a comment -->
          <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
        </ListUsersResponse>
        """

    @Test("elements, paths, entities and CDATA")
    func reads() throws {
        let root = try XML.parse(Self.listUsers)
        #expect(root.name == "ListUsersResponse")
        #expect(root.attributes["xmlns"] == "https://iam.amazonaws.com/doc/2010-05-08/")
        let result = try #require(root["ListUsersResult"])
        #expect(result.value("IsTruncated") == "true")
        #expect(result.value("Marker") == "abc&def")
        #expect(result.all("Users/member").map { $0.value("UserName") } == ["ana", "ken <ops>"])
        #expect(result.element("Users")?.children("member").last?.value("Path") == "/a<b>/")
        #expect(root.value("ResponseMetadata/RequestId") == "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
        #expect(result.text == "", "whitespace between child elements is not text")
        #expect(root.value("Missing/Path") == nil)
    }

    @Test("prefixed names match by local name; self-closing elements; character references")
    func prefixesAndReferences() throws {
        let root = try XML.parse("<a:Root xmlns:a='x'><a:Owner id=\"1\"/><V>&#65;&#x42;&apos;&quot;</V></a:Root>")
        #expect(root.localName == "Root")
        #expect(root.child("Owner")?.attributes["id"] == "1")
        #expect(root.value("V") == "AB'\"")
    }

    @Test("malformed documents are errors with an offset, never a crash", arguments: [
        "", "text", "<a>", "<a></b>", "<a><b></a>", "</a>", "<a>&unknown;</a>", "<a>&#xZZ;</a>", "<a x=1></a>",
        "<a x='1></a>", "<a></a><b></b>", "<a></a>trailing", "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "<a><!-- open</a>",
        "<a><![CDATA[open</a>", "<a>&amp</a>", "<", "<a", "<a b", "<a b=", "<?xml",
    ])
    func malformed(_ text: String) {
        #expect(throws: XMLError.self) { try XML.parse(text) }
    }

    @Test("random mutations of a valid document never crash the reader")
    func fuzz() {
        var random = SplitMix64(seed: 5)
        let original = Array(Self.listUsers.utf8)
        let alphabet = Array("<>/&;='\"![]-?x ".utf8)
        var parsed = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                }
            }
            if (try? XML.parse(bytes)) != nil { parsed += 1 }
        }
        // Some mutations land in text and still parse; most break the document.
        #expect(parsed > 0 && parsed < 3000)
    }

    @Test("nesting is bounded: the deepest accepted document parses, one level more is refused")
    func nesting() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "<a>", count: depth) + "x" + String(repeating: "</a>", count: depth)
        }
        var element = try XML.parse(nested(XML.maximumDepth))
        var levels = 1
        while let child = element.children.first {
            element = child
            levels += 1
        }
        #expect(levels == XML.maximumDepth)
        #expect(element.text == "x")
        #expect(throws: XMLError.self) { try XML.parse(nested(XML.maximumDepth + 1)) }
        #expect(throws: XMLError.self) { try XML.parse(nested(1_000_000)) }
    }
}
