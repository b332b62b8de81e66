import AnshinCore
import AnshinReports

/// What the issue of a finding group should say: title, body (with its marker) and labels.
public struct IssueDraft: Sendable, Hashable {
    public var group: IssueGroup
    public var title: String
    /// The body without the marker.
    public var content: String
    /// Its pillars' labels, then its severity's.
    public var labels: [String]
    /// The file of its first place from the repository's top, for the marker.
    public var path: String?

    /// GitHub's limit on a title's length.
    static let titleLimit = 256

    /// `folder` is where the findings' paths start inside the repository (`infra/`; empty: its top).
    public init(group: IssueGroup, folder: String = "") {
        self.group = group
        self.path = group.origin == "code" ? group.findings[0].location.map { folder + $0.path } : nil
        var title = "\(group.title): \(group.subject)"
        if title.count > Self.titleLimit { title = String(title.prefix(Self.titleLimit - 1)) + "…" }
        self.title = title
        self.labels = group.pillars.map(IssueLabels.name) + [IssueLabels.name(group.severity)]
        let footer = """
        ---
        <sub>Filed by anshin, which updates this issue while the finding holds and closes it when it is gone. \
        Edit the title and labels freely; the hidden marker above keeps them linked. To waive the finding, \
        run `anshin triage FINGERPRINT --state false-positive --reason "…"` (or another state) and commit `.anshin/`.</sub>
        """
        self.content = MarkdownReporter().renderGroup(group.findings) + "\n" + footer + "\n"
    }

    /// The digest of what this draft writes (title, content and labels), to tell whether an
    /// issue is up to date.
    public var contentDigest: String {
        IssueMarker.digest([title, content, labels.joined(separator: ",")].joined(separator: "\u{1F}"), length: 16)
    }

    /// The marker of this draft. `titleDigest` is the digest of the title anshin last wrote,
    /// when it keeps a title a person edited (default: this draft's title).
    public func marker(closed: IssueMarker.Closure? = nil, titleDigest: String? = nil) -> IssueMarker {
        IssueMarker(group: group.key, origin: group.origin, source: group.source, path: path,
                    titleDigest: titleDigest ?? IssueMarker.digest(title, length: 8), contentDigest: contentDigest, closed: closed)
    }

    /// The whole body: the marker, then the content.
    public func body(closed: IssueMarker.Closure? = nil, titleDigest: String? = nil) -> String {
        marker(closed: closed, titleDigest: titleDigest).rendered + "\n" + content
    }
}
