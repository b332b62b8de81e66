import Foundation

/// The HTTP proxies the environment names, read the way curl and the AWS SDKs read them:
/// `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones (either case), and `NO_PROXY`, a
/// comma-separated list of hosts that go direct: `*` for all, a host, or a domain (`.corp` or
/// `corp`) that covers its subdomains; a `:port` suffix on an entry is ignored.
public struct ProxySettings: Sendable, Equatable {
    /// A proxy server; `credentials` are `user:password` from the URL, sent as basic auth and
    /// never printed.
    public struct Server: Sendable, Equatable, Hashable, CustomStringConvertible, CustomReflectable {
        public let host: String
        public let port: Int
        public let credentials: String?

        public var description: String { "\(credentials == nil ? "" : "[redacted]@")\(host):\(port)" }
        public var customMirror: Mirror {
            Mirror(self, children: ["host": host, "port": port, "credentials": credentials == nil ? "nil" : "[redacted]"])
        }
    }

    public let https: Server?
    public let http: Server?
    public let noProxy: [String]

    public init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            let found = environment[name] ?? environment[name.lowercased()]
            return found?.isEmpty == false ? found : nil
        }
        https = value("HTTPS_PROXY").flatMap(Self.server)
        http = value("HTTP_PROXY").flatMap(Self.server)
        noProxy = (value("NO_PROXY") ?? "").split(separator: ",").map {
            var entry = $0.trimmingCharacters(in: .whitespaces).lowercased()
            if let colon = entry.lastIndex(of: ":"), !entry.contains("]"), entry.filter({ $0 == ":" }).count == 1 {
                entry = String(entry[..<colon])
            }
            return entry
        }.filter { !$0.isEmpty }
    }

    /// The proxy a request to `scheme://host` goes through, `nil` to go direct.
    public func proxy(scheme: String, host: String) -> Server? {
        guard let server = scheme.lowercased() == "https" ? https : http else { return nil }
        let host = host.lowercased()
        for entry in noProxy {
            if entry == "*" || host == entry { return nil }
            let domain = entry.hasPrefix(".") ? entry : "." + entry
            if host.hasSuffix(domain) { return nil }
        }
        return server
    }

    /// `http://user:pass@host:port` (the scheme may be omitted); `nil` when there is no host.
    static func server(_ text: String) -> Server? {
        let url = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return nil }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        let credentials = components.user.map { user in
            PercentEncoding.decode(user) + ":" + PercentEncoding.decode(components.password ?? "")
        }
        return Server(host: host, port: port, credentials: credentials)
    }
}
