import AnshinHTTP
import AnshinTesting
@testable import AnshinGitHub
import Foundation
import Testing

@Suite struct GitHubClientTests {
    @Test func linkHeadersGiveTheNextPage() {
        let header = #"<https://api.github.com/repositories/1/issues?page=2&per_page=100>; rel="next", <https://api.github.com/repositories/1/issues?page=5&per_page=100>; rel="last""#
        #expect(LinkHeader.target(header, relation: "next")?.absoluteString == "https://api.github.com/repositories/1/issues?page=2&per_page=100")
        #expect(LinkHeader.target(header, relation: "last")?.absoluteString.hasSuffix("page=5&per_page=100") == true)
        #expect(LinkHeader.target(header, relation: "prev") == nil)
        #expect(LinkHeader.target(#"<https://x.example/a>; rel="prev next""#, relation: "next") != nil)
        #expect(LinkHeader.target(nil, relation: "next") == nil)
    }

    @Test func malformedLinkHeadersNeverCrash() {
        var random = SplitMix64(seed: 8288)
        let alphabet = Array("<>;,=\" relnext https://a/b?c=d")
        for _ in 0..<2000 {
            let text = String((0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            _ = LinkHeader.target(text, relation: "next")
        }
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func primaryRateLimitWaitsUntilTheReset() {
        let response = HTTPResponse(status: 403, headers: [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1800000030")],
                                    body: Array(#"{"message":"API rate limit exceeded"}"#.utf8))
        #expect(GitHubResponseVerdict.of(response, now: Self.now) == .rateLimited(delay: .seconds(31), resetsAt: Self.now.addingTimeInterval(31)))
    }

    @Test func secondaryRateLimitFollowsRetryAfterElseWaitsAMinuteAndDoubles() {
        let withHeader = HTTPResponse(status: 403, headers: [("Retry-After", "7")], body: Array(#"{"message":"secondary rate limit"}"#.utf8))
        #expect(GitHubResponseVerdict.of(withHeader, now: Self.now) == .rateLimited(delay: .seconds(7), resetsAt: Self.now.addingTimeInterval(7)))
        let bare = HTTPResponse(status: 403, body: Array(#"{"message":"You have exceeded a secondary rate limit."}"#.utf8))
        #expect(GitHubResponseVerdict.of(bare, now: Self.now) == .rateLimited(delay: .seconds(60), resetsAt: Self.now.addingTimeInterval(60)))
        #expect(GitHubResponseVerdict.of(bare, now: Self.now, limitedBefore: 2) == .rateLimited(delay: .seconds(240), resetsAt: Self.now.addingTimeInterval(240)))
        #expect(GitHubResponseVerdict.of(HTTPResponse(status: 429), now: Self.now) == .rateLimited(delay: .seconds(60), resetsAt: Self.now.addingTimeInterval(60)))
    }

    @Test func aPermissionDenialIsNotARateLimit() {
        let denied = HTTPResponse(status: 403, headers: [("x-ratelimit-remaining", "4990")],
                                  body: Array(#"{"message":"Resource not accessible by integration"}"#.utf8))
        #expect(GitHubResponseVerdict.of(denied, now: Self.now) == .failure)
        #expect(GitHubResponseVerdict.of(HTTPResponse(status: 502), now: Self.now) == .transient)
        #expect(GitHubResponseVerdict.of(HTTPResponse(status: 204), now: Self.now) == .success)
    }

    @Test(arguments: [
        ("https://api.github.com", "https://api.github.com"),
        ("https://github.com", "https://api.github.com"),
        ("https://github.example.com", "https://github.example.com/api/v3"),
        ("https://github.example.com/api/v3/", "https://github.example.com/api/v3"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ])
    func apiBaseURLs(_ text: String, _ expected: String) throws {
        #expect(try GitHubAPI(parsing: text).description == expected)
    }

    @Test(arguments: ["", "api.github.com", "ftp://x", "https://", "https://x.example/?a=b"])
    func badAPIBaseURLsAreErrors(_ text: String) {
        #expect(throws: GitHubError.self) { try GitHubAPI(parsing: text) }
    }

    @Test(arguments: ["acme", "acme/", "/app", "acme/app/x", "ac me/app", "acme/..", "a/b c"])
    func badRepositoriesAreErrors(_ text: String) {
        #expect(throws: GitHubError.self) { try GitHubRepository(parsing: text) }
    }

    @Test func tokensComeFromTheEnvironmentThenTheGitHubCLI() {
        let dotcom = GitHubAPI.dotcom
        #expect(GitHubToken.resolve(api: dotcom, environment: ["GH_TOKEN": "b", "GITHUB_TOKEN": "a"], askGH: { _ in "c" })?.source == "GITHUB_TOKEN")
        #expect(GitHubToken.resolve(api: dotcom, environment: ["GH_TOKEN": " b\n"], askGH: { _ in "c" })?.token == "b")
        var asked: String?
        #expect(GitHubToken.resolve(api: try! GitHubAPI(parsing: "https://ghe.example"), environment: [:], askGH: { asked = $0; return "c\n" })?.token == "c")
        #expect(asked == "ghe.example")
        #expect(GitHubToken.resolve(api: try! GitHubAPI(parsing: "https://ghe.example"), environment: ["GH_ENTERPRISE_TOKEN": "e", "GITHUB_TOKEN": "a"])?.token == "e")
        #expect(GitHubToken.resolve(api: dotcom, environment: ["GITHUB_TOKEN": ""], askGH: { _ in nil }) == nil)
    }

    @Test func theGitHubCLIIsAskedThroughSubprocess() throws {
        // A stand-in `gh` on PATH proves the real child-process path: arguments and output.
        let folder = try TemporaryDirectory()
        let script = try folder.write("gh", "#!/bin/sh\n[ \"$1 $2 $3 $4\" = \"auth token --hostname ghe.example\" ] && echo gho_fromcli && exit 0\nexit 1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        // Executing a file just written can fail with ETXTBSY while a child forked by a concurrent
        // test still holds the write descriptor; a few tries ride that out.
        var answer: String?
        for _ in 0..<5 where answer == nil {
            answer = GitHubToken.ghAuthToken(host: "ghe.example", searchPath: folder.path)
        }
        #expect(answer == "gho_fromcli\n")
        #expect(GitHubToken.ghAuthToken(host: "github.com", searchPath: folder.path) == nil, "not logged in there")
        #expect(GitHubToken.ghAuthToken(host: "ghe.example", searchPath: folder.path + "/missing") == nil)
    }
}
