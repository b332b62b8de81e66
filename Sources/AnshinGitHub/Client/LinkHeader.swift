import Foundation

/// RFC 8288 `Link` headers as GitHub sends them for pagination:
/// `<https://api.github.com/…&page=2>; rel="next", <…&page=5>; rel="last"`.
public enum LinkHeader {
    /// The target of the link whose `rel` includes `relation`, or nil.
    public static func target(_ header: String?, relation: String) -> URL? {
        guard let header else { return nil }
        var rest = Substring(header)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return nil }
            let target = rest[rest.index(after: open)..<close]
            // Parameters run to the next link: a comma outside quotes followed by `<`.
            var parameters = ""
            var index = rest.index(after: close)
            var quoted = false
            while index < rest.endIndex {
                let character = rest[index]
                if character == "\"" { quoted.toggle() }
                if character == "," && !quoted { break }
                parameters.append(character)
                index = rest.index(after: index)
            }
            if relations(in: parameters).contains(relation.lowercased()), let url = URL(string: String(target)) {
                return url
            }
            rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
        }
        return nil
    }

    /// The relation types of `rel="a b"` or `rel=a` in a link's parameters, lowercased.
    private static func relations(in parameters: String) -> [String] {
        for parameter in parameters.split(separator: ";") {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "rel" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.lowercased().split(separator: " ").map(String.init)
        }
        return []
    }
}
