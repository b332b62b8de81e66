import AnshinCore
import AnshinHTTP

/// The hidden line at the top of an issue body that ties the issue to its finding group:
/// `<!-- anshin:issue v1 group=… origin=… source=… path=… title=… content=… -->` (`source` and
/// `path` since reports record what they covered; issues filed before have neither).
///
/// It is how the sync finds its issues again, whatever people did to the title or labels, and
/// what it remembers between runs: the digest of the title it last wrote (so a title a person
/// edited is kept), the digest of the content it last wrote (so an unchanged issue is not
/// touched), where the group came from (so a run that did not look there closes nothing), and
/// whether anshin closed the issue itself.
public struct IssueMarker: Sendable, Hashable {
    public enum Closure: String, Sendable, Hashable {
        /// The finding is gone.
        case resolved
        /// The finding is suppressed or triaged.
        case suppressed
    }

    /// The finding group's key: 32 hex digits.
    public var group: String
    /// Where the group's findings come from: `code`, `live:ACCOUNT`, `github:ORG`.
    public var origin: String
    /// The capability the group's findings come from (`terraform`, `secrets`, …); nil on
    /// issues filed before it was recorded.
    public var source: String?
    /// The file of the group's first place, from the repository's top (percent-encoded), so that
    /// a run over one folder closes only issues of files inside it; nil for findings of no file
    /// and on issues filed before it was recorded.
    public var path: String?
    /// The first 8 hex digits of the SHA-256 of the title anshin last wrote.
    public var titleDigest: String
    /// The first 16 hex digits of the SHA-256 of the title, body and labels anshin last wrote.
    public var contentDigest: String
    /// Set when anshin closed the issue.
    public var closed: Closure?

    public init(group: String, origin: String, source: String? = nil, path: String? = nil, titleDigest: String,
                contentDigest: String, closed: Closure? = nil) {
        self.group = group
        self.origin = IssueMarker.token(origin)
        self.source = source.map(IssueMarker.token)
        self.path = path.flatMap { $0.isEmpty ? nil : PercentEncoding.encode($0, encodeSlash: false) }
        self.titleDigest = titleDigest
        self.contentDigest = contentDigest
        self.closed = closed
    }

    static let prefix = "<!-- anshin:issue "

    /// The marker as an HTML comment (invisible when GitHub renders the body).
    public var rendered: String {
        var text = "\(Self.prefix)v1 group=\(group) origin=\(origin)"
        if let source { text += " source=\(source)" }
        if let path { text += " path=\(path)" }
        text += " title=\(titleDigest) content=\(contentDigest)"
        if let closed { text += " closed=\(closed.rawValue)" }
        return text + " -->"
    }

    /// The first well-formed marker in `body`, or nil. Anything malformed is ignored, never trusted.
    public static func find(in body: String) -> IssueMarker? {
        var rest = Substring(body)
        while let start = rest.range(of: prefix) {
            let after = rest[start.upperBound...]
            guard let end = after.range(of: "-->") else { return nil }
            if let marker = parse(after[..<end.lowerBound]) { return marker }
            rest = after[end.upperBound...]
        }
        return nil
    }

    private static func parse(_ text: Substring) -> IssueMarker? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.first == "v1" else { return nil }
        var fields: [String: String] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else { return nil }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        guard let group = fields["group"], group.count == 32, isHex(group),
              let origin = fields["origin"], !origin.isEmpty,
              let title = fields["title"], title.count == 8, isHex(title),
              let content = fields["content"], content.count == 16, isHex(content) else { return nil }
        var closed: Closure?
        if let value = fields["closed"] {
            guard let closure = Closure(rawValue: value) else { return nil }
            closed = closure
        }
        let source = fields["source"].flatMap { $0.isEmpty ? nil : $0 }
        var marker = IssueMarker(group: group, origin: origin, source: source, titleDigest: title, contentDigest: content, closed: closed)
        marker.path = fields["path"].flatMap { $0.isEmpty ? nil : $0 }
        return marker
    }

    /// ``path`` as the file name it encodes.
    public var file: String? {
        path.map { PercentEncoding.decode($0) }
    }

    static func isHex(_ text: String) -> Bool {
        text.allSatisfy { $0.isASCII && $0.isHexDigit && !$0.isUppercase }
    }

    /// `text` as one marker word: no spaces, no comment delimiters.
    static func token(_ text: String) -> String {
        let cleaned = String(text.map { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "=" ? "_" : $0 })
            .replacingOccurrences(of: "--", with: "_")
        return cleaned.isEmpty ? "unknown" : cleaned
    }

    /// The first `length` hex digits of the SHA-256 of `text`.
    static func digest(_ text: String, length: Int) -> String {
        String(Fingerprint.sha256(Array(text.utf8)).prefix(length))
    }

    /// The same issue with its body's marker replaced by `marker` (added at the top when absent).
    static func replacing(in body: String, with marker: IssueMarker) -> String {
        guard let start = body.range(of: prefix), let end = body[start.upperBound...].range(of: "-->") else {
            return marker.rendered + "\n" + body
        }
        return body.replacingCharacters(in: start.lowerBound..<end.upperBound, with: marker.rendered)
    }
}

/// The hidden line of a comment the sync posts when it closes or reopens an issue, so that a run
/// repeating the step after a failure does not post it twice.
public enum IssueEvent: String, Sendable, Hashable {
    case closed, reopened

    func marker(group: String) -> String { "<!-- anshin:event \(rawValue) group=\(group) -->" }

    /// The last sync event among `comments` (oldest first) for `group`.
    static func last(in comments: [GitHubComment], group: String) -> IssueEvent? {
        for comment in comments.reversed() {
            guard let body = comment.body else { continue }
            for event in [IssueEvent.closed, .reopened] where body.contains(event.marker(group: group)) {
                return event
            }
        }
        return nil
    }
}
