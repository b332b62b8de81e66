import Foundation

/// Where GitHub's REST API lives: `https://api.github.com`, or a GitHub Enterprise Server's
/// `https://HOST/api/v3`.
public struct GitHubAPI: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// Prefix of every path (`/api/v3` on Enterprise Server), without a trailing slash.
    public var pathPrefix: String

    /// github.com's API.
    public static let dotcom = GitHubAPI(scheme: "https", host: "api.github.com", port: nil, pathPrefix: "")

    public init(scheme: String, host: String, port: Int?, pathPrefix: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
    }

    /// Reads an API base URL (`https://github.example.com/api/v3`). A bare Enterprise host
    /// (`https://github.example.com`) gets `/api/v3`, and `https://github.com` means the public API,
    /// so both the web address and the API address work.
    public init(parsing text: String) throws(GitHubError) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = components.host?.lowercased(), !host.isEmpty,
              components.query == nil else {
            throw GitHubError(kind: .configuration, message: "\"\(text)\" is not an API base URL (like https://api.github.com or https://github.example.com/api/v3)")
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        if host == "github.com" || host == "www.github.com" {
            self = .dotcom
            return
        }
        if path.isEmpty && host != "api.github.com" && !host.hasPrefix("127.") && host != "localhost" {
            path = "/api/v3"
        }
        let port = components.port == (scheme == "https" ? 443 : 80) ? nil : components.port
        self.init(scheme: scheme, host: host, port: port, pathPrefix: path)
    }

    /// The API's own address, for messages.
    public var description: String {
        "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(pathPrefix)"
    }

    /// The host people sign in to: `github.com` for the public API, else the Enterprise host
    /// (what `gh auth token --hostname` expects).
    public var webHost: String { host == "api.github.com" ? "github.com" : host }

    /// Whether `url` (a `Link` header's target) points at this API, so the token may go there.
    func owns(_ url: URL) -> Bool {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return false }
        let port = components.port == (scheme == "https" ? 443 : 80) ? nil : components.port
        return components.scheme?.lowercased() == scheme && components.host?.lowercased() == host && port == self.port
            && components.percentEncodedPath.hasPrefix(pathPrefix)
    }
}

/// A repository, `OWNER/NAME`.
public struct GitHubRepository: Sendable, Hashable, CustomStringConvertible {
    public var owner: String
    public var name: String

    public init(owner: String, name: String) {
        self.owner = owner
        self.name = name
    }

    /// Reads `OWNER/NAME`; GitHub allows letters, digits, `-`, `_` and `.` in both.
    public init(parsing text: String) throws(GitHubError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let allowed = { (part: String) in
            !part.isEmpty && part != "." && part != ".."
                && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
        guard parts.count == 2, allowed(parts[0]), allowed(parts[1]) else {
            throw GitHubError(kind: .configuration, message: "\"\(text)\" is not a repository (OWNER/NAME)")
        }
        self.init(owner: parts[0], name: parts[1])
    }

    public var description: String { "\(owner)/\(name)" }

    /// `/repos/OWNER/NAME`.
    var path: String { "/repos/\(owner)/\(name)" }
}
