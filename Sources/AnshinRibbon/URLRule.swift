import Foundation

/// Which pages one of an environment's `urls` covers: a scheme, a host (and optionally its
/// subdomains), a port and a path prefix.
///
/// `https://app.acme.example` covers every page of that host on the default port;
/// `https://*.stg.acme.example` covers `stg.acme.example` and every host under it;
/// `http://localhost:3000/admin` covers `/admin` and what lies below it (not `/administrator`),
/// on port 3000 only. Queries and fragments do not narrow anything.
public struct URLRule: Sendable, Hashable {
    /// `http` or `https`.
    public var scheme: String
    /// Lower case, without the `*.` of a wildcard.
    public var host: String
    /// Whether hosts under ``host`` are covered too (written `*.host`).
    public var includesSubdomains: Bool
    /// nil for the scheme's default port.
    public var port: Int?
    /// `/` for the whole site, else a prefix without a trailing slash (`/admin`).
    public var pathPrefix: String

    public init(scheme: String, host: String, includesSubdomains: Bool = false, port: Int? = nil, pathPrefix: String = "/") {
        self.scheme = scheme
        self.host = host
        self.includesSubdomains = includesSubdomains
        self.port = port
        self.pathPrefix = pathPrefix
    }

    /// Reads one entry of an environment's `urls`.
    public init(parsing text: String) throws(URLRuleError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), var host = components.host?.lowercased(), !host.isEmpty else {
            throw URLRuleError(url: text, problem: "not an http(s) URL with a host")
        }
        var subdomains = false
        if host.hasPrefix("*.") {
            subdomains = true
            host.removeFirst(2)
        }
        guard !host.isEmpty, !host.contains("*") else {
            throw URLRuleError(url: text, problem: "a wildcard may only open the host name, as in https://*.example.com")
        }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }),
              !host.hasPrefix("."), !host.hasSuffix("."), !host.contains("..") else {
            throw URLRuleError(url: text, problem: "the host \"\(host)\" is not a plain host name (letters, digits, dots and hyphens; write internationalised names in their xn-- form)")
        }
        let defaultPort = scheme == "https" ? 443 : 80
        if let port = components.port, !(1...65535).contains(port) {
            throw URLRuleError(url: text, problem: "port \(port) is out of range")
        }
        var path = components.percentEncodedPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/" }
        guard !path.contains("*") else {
            throw URLRuleError(url: text, problem: "a path is a prefix already; leave out the *")
        }
        self.init(scheme: scheme, host: host, includesSubdomains: subdomains,
                  port: components.port == defaultPort ? nil : components.port, pathPrefix: path)
    }

    /// The browser match pattern that injects the ribbon's scripts: scheme and host only.
    ///
    /// Ports and paths are checked by the script instead: Firefox's match patterns cannot name a
    /// port, and a single-page app can move from an uncovered path to a covered one without
    /// loading a page, so the script must already be there to notice.
    public var matchPattern: String {
        "\(scheme)://\(includesSubdomains ? "*." : "")\(host)/*"
    }

    /// The rule as the user would write it, normalised (`https://*.acme.example:8443/admin`).
    public var description: String {
        "\(scheme)://\(includesSubdomains ? "*." : "")\(host)\(port.map { ":\($0)" } ?? "")\(pathPrefix == "/" ? "" : pathPrefix)"
    }

    /// Whether the page at `url` is covered.
    public func matches(_ url: URL) -> Bool {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              components.scheme?.lowercased() == scheme, let pageHost = components.host?.lowercased() else { return false }
        let hostMatches = pageHost == host || (includesSubdomains && pageHost.hasSuffix("." + host))
        let defaultPort = scheme == "https" ? 443 : 80
        let pagePort = components.port == defaultPort ? nil : components.port
        guard hostMatches, pagePort == port else { return false }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return pathPrefix == "/" || path == pathPrefix || path.hasPrefix(pathPrefix + "/")
    }

    /// How precisely the rule names its pages, to pick between environments that cover the same
    /// page: an exact host beats a wildcard, then a longer host, then a longer path.
    public var specificity: [Int] {
        [includesSubdomains ? 0 : 1, host.count, pathPrefix == "/" ? 0 : pathPrefix.count]
    }
}

/// A URL of the catalog that cannot become a ribbon rule.
public struct URLRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var url: String
    public var problem: String
    public var description: String { "\"\(url)\": \(problem)" }
}
