import AnshinAWS
import AnshinHTTP
import Foundation
import Testing

/// One case of AWS's SigV4 test suite, read from `Fixtures/sigv4/<name>/`.
struct SigV4SuiteCase: CustomTestStringConvertible, Sendable {
    /// The suite's fixed settings (`context.json`, without the secret, which is injected here,
    /// and without the session token, which is in `session-token.txt` when the case has one).
    struct Context: Decodable, Sendable {
        struct Credentials: Decodable, Sendable {
            let access_key_id: String
        }
        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sigv4")

    static let all: [SigV4SuiteCase] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map(SigV4SuiteCase.init(name:))
    }()

    let name: String
    var testDescription: String { name }

    func file(_ name: String) throws -> String {
        try String(contentsOf: Self.directory.appendingPathComponent(self.name).appendingPathComponent(name), encoding: .utf8)
    }

    func context() throws -> Context {
        try JSONDecoder().decode(Context.self, from: Data(file("context.json").utf8))
    }

    func signer() throws -> SigV4Signer {
        let context = try context()
        let credentials = AWSCredentials(accessKeyID: context.credentials.access_key_id,
                                         secretAccessKey: ExampleKeys.suiteSecret,
                                         sessionToken: try? file("session-token.txt").trimmingCharacters(in: .newlines))
        let options = SigV4Signer.Options(doubleEncodePath: true, normalizePath: context.normalize,
                                          addContentSHA256Header: context.sign_body,
                                          omitSessionTokenFromSignature: context.omit_session_token ?? false)
        return SigV4Signer(credentials: credentials, region: context.region, service: context.service, options: options)
    }

    func date() throws -> Date {
        try #require(ISO8601DateFormatter().date(from: context().timestamp))
    }
}

/// A raw HTTP/1.1 request as the suite writes it: the target may hold spaces and raw UTF-8,
/// header lines that start with whitespace continue the previous header.
struct RawRequest {
    let parts: HTTPRequest

    init(_ text: String) throws {
        let (head, body) = text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) }
            ?? (text, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        let requestLine = try #require(lines.first)
        let firstSpace = try #require(requestLine.firstIndex(of: " "))
        let lastSpace = try #require(requestLine.lastIndex(of: " "))
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((name: last.name, value: last.value + "\n" + line))
                continue
            }
            let colon = try #require(line.firstIndex(of: ":"))
            headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
        let path: String
        let query: String?
        if let questionMark = target.firstIndex(of: "?") {
            path = String(target[..<questionMark])
            query = String(target[target.index(after: questionMark)...])
        } else {
            path = target
            query = nil
        }
        let host = headers.first { $0.name.lowercased() == "host" }?.value ?? ""
        parts = HTTPRequest(method: method, host: host, path: path, query: HTTPRequest.decodeQuery(query),
                                 headers: headers, body: .bytes(Array(body.utf8)))
    }
}

/// Sorted lower-cased header names with their values, to compare header sets whatever their order.
func headerSet(_ headers: [(name: String, value: String)]) -> [String] {
    headers.map { "\($0.name.lowercased()):\($0.value)" }.sorted()
}

@Suite("AWS SigV4 test suite")
struct SigV4TestSuiteTests {
    @Test("the fixtures hold the whole suite")
    func suiteIsPresent() {
        #expect(SigV4SuiteCase.all.count == 38)
    }

    @Test("signs in the Authorization header", arguments: SigV4SuiteCase.all)
    func headerSigning(_ suiteCase: SigV4SuiteCase) throws {
        var request = try RawRequest(suiteCase.file("request.txt")).parts
        let signature = try suiteCase.signer().sign(&request, date: suiteCase.date())

        #expect(signature.canonicalRequest == (try suiteCase.file("header-canonical-request.txt")))
        #expect(signature.stringToSign == (try suiteCase.file("header-string-to-sign.txt")))
        #expect(signature.signature == (try suiteCase.file("header-signature.txt")).trimmingCharacters(in: .whitespacesAndNewlines))

        let expected = try RawRequest(suiteCase.file("header-signed-request.txt")).parts
        #expect(request.headerValues("Authorization") == expected.headerValues("Authorization"))
        #expect(headerSet(request.headers) == headerSet(expected.headers))
    }

    @Test("presigns in the query string", arguments: SigV4SuiteCase.all)
    func querySigning(_ suiteCase: SigV4SuiteCase) throws {
        var request = try RawRequest(suiteCase.file("request.txt")).parts
        let context = try suiteCase.context()
        let signature = try suiteCase.signer().presign(&request, date: suiteCase.date(), expiresIn: context.expiration_in_seconds)

        #expect(signature.canonicalRequest == (try suiteCase.file("query-canonical-request.txt")))
        #expect(signature.stringToSign == (try suiteCase.file("query-string-to-sign.txt")))
        #expect(signature.signature == (try suiteCase.file("query-signature.txt")).trimmingCharacters(in: .whitespacesAndNewlines))

        let expected = try RawRequest(suiteCase.file("query-signed-request.txt")).parts
        #expect(request.path == expected.path)
        #expect(request.query.map { "\($0.name)=\($0.value)" }.sorted() == expected.query.map { "\($0.name)=\($0.value)" }.sorted())
        #expect(headerSet(request.headers) == headerSet(expected.headers))
    }
}
