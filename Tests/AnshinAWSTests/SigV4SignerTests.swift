import AnshinAWS
import AnshinHTTP
import Foundation
import Testing

@Suite("SigV4 signer")
struct SigV4SignerTests {
    static let secret = ExampleKeys.suiteSecret
    static let date = Date(timeIntervalSince1970: 1_440_938_160) // 20150830T123600Z

    func signer(service: String = "service", token: String? = nil) -> SigV4Signer {
        SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: token),
                    region: "us-east-1", service: service)
    }

    @Test("the description of credentials names the key id and redacts the secret and token")
    func credentialsRedacted() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: "token-value")
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials)] {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("token-value"))
        }
        var dumped = ""
        dump(signer(token: "token-value"), to: &dumped)
        for text in ["\(signer(token: "token-value"))", dumped] {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("token-value"))
        }
    }

    @Test("expiry")
    func expiry() {
        let credentials = AWSCredentials(accessKeyID: "a", secretAccessKey: "b", expiration: Self.date)
        #expect(credentials.isExpired(at: Self.date))
        #expect(!credentials.isExpired(at: Self.date.addingTimeInterval(-1)))
        #expect(!AWSCredentials(accessKeyID: "a", secretAccessKey: "b").isExpired(at: .distantFuture))
    }

    @Test("timestamps are UTC", arguments: [
        (0.0, "19700101T000000Z"), (1_440_938_160, "20150830T123600Z"), (951_782_400, "20000229T000000Z"),
        (4_102_444_799, "20991231T235959Z"),
    ])
    func timestamps(seconds: Double, expected: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(SigV4.timestamp(date) == expected)
        #expect(SigV4.dateStamp(date) == String(expected.prefix(8)))
        #expect(SigV4.date(fromTimestamp: expected) == date)
    }

    @Test("RFC 3986 encoding keeps only unreserved characters")
    func encoding() {
        #expect(PercentEncoding.encode("aZ09-._~") == "aZ09-._~")
        #expect(PercentEncoding.encode("a b+c*d/é") == "a%20b%2Bc%2Ad%2F%C3%A9")
        #expect(PercentEncoding.encode("a/b c", encodeSlash: false) == "a/b%20c")
        #expect(PercentEncoding.decode("a%20b%2fc%zz%") == "a b/c%zz%")
    }

    @Test("canonical URIs", arguments: [
        // path, double-encoded and normalised (most services), single-encoded and kept (S3)
        ("/", "/", "/"),
        ("", "/", "/"),
        ("/documents and settings/", "/documents%20and%20settings/", "/documents%20and%20settings/"),
        ("/documents%20and%20settings/", "/documents%2520and%2520settings/", "/documents%20and%20settings/"),
        ("/a/./b/../c//d/", "/a/c/d/", "/a/./b/../c//d/"),
        ("/photos/2024/a+b.jpg", "/photos/2024/a%2Bb.jpg", "/photos/2024/a%2Bb.jpg"),
        ("/../..", "/", "/../.."),
    ])
    func canonicalURIs(path: String, standard: String, s3: String) {
        #expect(SigV4.canonicalURI(path: path, doubleEncode: true, normalize: true) == standard)
        #expect(SigV4.canonicalURI(path: path, doubleEncode: false, normalize: false) == s3)
    }

    @Test("canonical query: encoded, then sorted by name and value")
    func canonicalQuery() {
        let query = [(name: "b", value: "2"), (name: "a", value: "z"), (name: "a", value: "y"), (name: "c d", value: "e=f"),
                     (name: "B", value: "")]
        #expect(SigV4.canonicalQuery(query) == "B=&a=y&a=z&b=2&c%20d=e%3Df")
    }

    @Test("header values are trimmed and inner whitespace collapsed")
    func headerValues() {
        #expect(SigV4.canonicalHeaderValue("  a   b\t c \n  d  ") == "a b c d")
        #expect(SigV4.canonicalHeaderValue("") == "")
    }

    @Test("signing adds Host when missing, and signing again replaces the signature")
    func resigning() {
        var request = HTTPRequest(method: "GET", url: URL(string: "https://iam.amazonaws.com:8443/?Action=ListUsers&Version=2010-05-08")!,
                                       headers: [(name: "User-Agent", value: "anshin")])
        let first = signer().sign(&request, date: Self.date)
        #expect(request.headerValues("Host") == ["iam.amazonaws.com:8443"])
        #expect(first.signedHeaders == "host;x-amz-date")
        let second = signer().sign(&request, date: Self.date.addingTimeInterval(60))
        #expect(request.headerValues("Authorization") == [second.authorization])
        #expect(request.headerValues("X-Amz-Date") == ["20150830T123700Z"])
        #expect(first.signature != second.signature)
        #expect(request.headers.count == 4)
    }

    @Test("session tokens are sent and signed")
    func sessionToken() {
        var request = HTTPRequest(method: "POST", host: "sts.amazonaws.com", body: .bytes(Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)))
        let signature = signer(service: "sts", token: "session-token").sign(&request, date: Self.date)
        #expect(request.headerValues("X-Amz-Security-Token") == ["session-token"])
        #expect(signature.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(!signature.canonicalRequest.contains(Self.secret))
    }

    @Test("S3 sends x-amz-content-sha256, UNSIGNED-PAYLOAD when asked")
    func unsignedPayload() {
        var request = HTTPRequest(method: "PUT", host: "bucket.s3.amazonaws.com", path: "/key", body: .unsigned)
        let signature = signer(service: "s3").sign(&request, date: Self.date)
        #expect(request.headerValues("x-amz-content-sha256") == ["UNSIGNED-PAYLOAD"])
        #expect(signature.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))

        var hashed = HTTPRequest(method: "PUT", host: "bucket.s3.amazonaws.com", path: "/key",
                                      body: .precomputedHash("44CE7DD67C959E0D3524FFAC1771DFBBA87D2B6B4B4E99E42034A8B803F8B072"))
        signer(service: "s3").sign(&hashed, date: Self.date)
        #expect(hashed.headerValues("x-amz-content-sha256") == ["44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"])
    }

    @Test("presigned lifetimes are 1 second to 7 days")
    func presignLimits() throws {
        var request = HTTPRequest(method: "GET", host: "bucket.s3.amazonaws.com", path: "/key", body: .unsigned)
        #expect(throws: SigV4Error.invalidExpiry(seconds: 0)) { try signer(service: "s3").presign(&request, date: Self.date, expiresIn: 0) }
        #expect(throws: SigV4Error.invalidExpiry(seconds: 604_801)) {
            try signer(service: "s3").presign(&request, date: Self.date, expiresIn: 604_801)
        }
        let url = try #require(try signer(service: "s3", token: "a/b+c").presignedURL(request, date: Self.date, expiresIn: 604_800))
        #expect(url.absoluteString.contains("X-Amz-Security-Token=a%2Fb%2Bc&X-Amz-Signature="))
        // Presigning twice keeps one set of parameters.
        try signer(service: "s3").presign(&request, date: Self.date, expiresIn: 60)
        try signer(service: "s3").presign(&request, date: Self.date, expiresIn: 60)
        #expect(request.query.filter { $0.name == "X-Amz-Signature" }.count == 1)
    }

    @Test("URLs split into parts and back")
    func urlParts() throws {
        let url = try #require(URL(string: "http://localhost:5000/bucket/a%20b?list-type=2&prefix=x%2By&acl"))
        let parts = HTTPRequest(method: "GET", url: url)
        #expect(parts.scheme == "http")
        #expect(parts.port == 5000)
        #expect(parts.path == "/bucket/a%20b")
        #expect(parts.query.map(\.name) == ["list-type", "prefix", "acl"])
        #expect(parts.query[1].value == "x+y")
        #expect(parts.url?.absoluteString == "http://localhost:5000/bucket/a%20b?list-type=2&prefix=x%2By&acl=")
        #expect(HTTPRequest(method: "GET", url: URL(string: "https://example.com:443")!).hostHeader == "example.com")
    }
}
