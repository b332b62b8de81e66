import AnshinCore
import AnshinTesting
@testable import AnshinGitHub
import Testing

@Suite struct IssueMarkerTests {
    let marker = IssueMarker(group: String(repeating: "ab", count: 16), origin: "live:111111111111",
                             titleDigest: "0123abcd", contentDigest: "0123456789abcdef")

    @Test func roundTripsInsideABody() {
        let body = "Some words\n\(marker.rendered)\nmore"
        #expect(IssueMarker.find(in: body) == marker)
        var closed = marker
        closed.closed = .suppressed
        let replaced = IssueMarker.replacing(in: body, with: closed)
        #expect(IssueMarker.find(in: replaced) == closed)
        #expect(replaced.hasPrefix("Some words\n") && replaced.hasSuffix("\nmore"))
    }

    /// The source is kept when known; a marker written before it was recorded reads without one.
    @Test func theSourceRoundTripsAndIsOptional() {
        let withSource = IssueMarker(group: marker.group, origin: "code", source: "secrets", titleDigest: "0123abcd", contentDigest: "0123456789abcdef")
        #expect(withSource.rendered.contains(" origin=code source=secrets title="))
        #expect(IssueMarker.find(in: withSource.rendered)?.source == "secrets")
        let older = "<!-- anshin:issue v1 group=\(marker.group) origin=code title=0123abcd content=0123456789abcdef -->"
        #expect(IssueMarker.find(in: older)?.source == nil)
        #expect(IssueMarker.find(in: older)?.origin == "code")
    }

    @Test(arguments: [
        "<!-- anshin:issue v2 group=abababababababababababababababab origin=code title=0123abcd content=0123456789abcdef -->",
        "<!-- anshin:issue v1 group=ABABABABABABABABABABABABABABABAB origin=code title=0123abcd content=0123456789abcdef -->",
        "<!-- anshin:issue v1 group=abab origin=code title=0123abcd content=0123456789abcdef -->",
        "<!-- anshin:issue v1 group=abababababababababababababababab title=0123abcd content=0123456789abcdef -->",
        "<!-- anshin:issue v1 group=abababababababababababababababab origin=code title=0123abcd content=0123456789abcdef closed=maybe -->",
        "<!-- anshin:issue v1 group=abababababababababababababababab origin=code title=0123abcd content=0123456789abcdef",
        "anshin:issue v1 group=abababababababababababababababab origin=code title=0123abcd content=0123456789abcdef -->",
    ])
    func malformedMarkersAreIgnored(_ body: String) {
        #expect(IssueMarker.find(in: body) == nil)
    }

    @Test func aMalformedMarkerBeforeAGoodOneDoesNotHideIt() {
        let body = "<!-- anshin:issue v1 junk -->\n" + marker.rendered
        #expect(IssueMarker.find(in: body) == marker)
    }

    /// Property: random text, and random mutations of a real marker, never crash the parser, and
    /// whatever it accepts renders back to the same marker.
    @Test func randomInputNeverCrashesAndWhatParsesRoundTrips() {
        var random = SplitMix64(seed: 15)
        let alphabet = Array("<!-> anshin:issue v1 group= origin= title= content= closed= resolved abcdef0123456789\n\"")
        for _ in 0..<3000 {
            var text = Array(marker.rendered)
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let index = Int.random(in: 0..<text.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: text.remove(at: index)
                case 1: text.insert(alphabet.randomElement(using: &random)!, at: index)
                default: text[index] = alphabet.randomElement(using: &random)!
                }
            }
            let body = String(text)
            if let parsed = IssueMarker.find(in: body) {
                #expect(IssueMarker.find(in: parsed.rendered) == parsed)
            }
        }
    }

    @Test func originsNeverBreakTheMarker() {
        let odd = IssueMarker(group: marker.group, origin: "live:a b-->c=d", titleDigest: "0123abcd", contentDigest: "0123456789abcdef")
        #expect(!odd.origin.contains(" ") && !odd.origin.contains("-->"))
        #expect(IssueMarker.find(in: odd.rendered) == odd)
    }

    @Test func eventCommentsAreFoundByTheLastOne() {
        let comments = [GitHubComment(id: 1, body: "x " + IssueEvent.closed.marker(group: "g")),
                        GitHubComment(id: 2, body: "y " + IssueEvent.reopened.marker(group: "g")),
                        GitHubComment(id: 3, body: "a person's note")]
        #expect(IssueEvent.last(in: comments, group: "g") == .reopened)
        #expect(IssueEvent.last(in: Array(comments.prefix(1)), group: "g") == .closed)
        #expect(IssueEvent.last(in: comments, group: "other") == nil)
    }
}
