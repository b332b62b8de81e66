/// `host:port` pairs, IPv6 addresses in brackets.
public enum HostPort {
    public static func parse(_ text: String, defaultPort: Int?) -> (host: String, port: Int)? {
        var host = Substring(text)
        var port: Int? = defaultPort
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if rest.hasPrefix(":") { port = Int(rest.dropFirst()) } else if !rest.isEmpty { return nil }
        } else if let colon = host.lastIndex(of: ":") {
            guard host.firstIndex(of: ":") == colon else { return nil }
            port = Int(host[host.index(after: colon)...])
            if port == nil { return nil }
            host = host[..<colon]
        }
        guard !host.isEmpty, let port, (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }

    public static func format(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
