import AnshinCore

/// What a sync will do to a repository's issues, step by step, and what it leaves alone.
public struct SyncPlan: Sendable {
    /// One write. Each is idempotent or checked before it is repeated (see ``SyncExecutor``).
    public enum Step: Sendable, Hashable {
        /// A managed label the repository lacks.
        case createLabel(GitHubLabel)
        /// A new issue for a group.
        case create(IssueDraft)
        /// An open issue whose content changed; `title` is nil when a person's title is kept.
        case update(issue: Int, title: String?, body: String, labels: [String], draft: IssueDraft)
        /// An open issue whose group is gone (`resolved`) or suppressed: comment, then close.
        case close(issue: Int, title: String, body: String, reason: IssueMarker.Closure, comment: String, group: String)
        /// A closed issue whose group is back: comment, then reopen with fresh content.
        case reopen(issue: Int, title: String?, body: String, labels: [String], comment: String, draft: IssueDraft)

        /// The issue number, for steps on an existing issue.
        public var issue: Int? {
            switch self {
            case .createLabel, .create: nil
            case .update(let issue, _, _, _, _), .close(let issue, _, _, _, _, _), .reopen(let issue, _, _, _, _, _): issue
            }
        }
    }

    /// An issue the sync could act on but leaves as it is, and why.
    public struct Kept: Sendable, Hashable {
        public var issue: Int
        public var title: String
        public var reason: String
    }

    public var steps: [Step]
    /// New issues not created because of `--max-new`; a later run creates them.
    public var deferred: [IssueDraft]
    public var kept: [Kept]
    /// Issues of active groups that are already up to date.
    public var unchanged: Int
    /// Open issues carrying a pillar label but no marker: filed by people, never touched.
    public var handFiled: Int

    public init(steps: [Step] = [], deferred: [IssueDraft] = [], kept: [Kept] = [], unchanged: Int = 0, handFiled: Int = 0) {
        self.steps = steps
        self.deferred = deferred
        self.kept = kept
        self.unchanged = unchanged
        self.handFiled = handFiled
    }

    public var labelsToCreate: [GitHubLabel] { steps.compactMap { if case .createLabel(let label) = $0 { label } else { nil } } }
    public var creates: [IssueDraft] { steps.compactMap { if case .create(let draft) = $0 { draft } else { nil } } }
    public var updates: Int { steps.filter { if case .update = $0 { true } else { false } }.count }
    public var closes: Int { steps.filter { if case .close = $0 { true } else { false } }.count }
    public var reopens: Int { steps.filter { if case .reopen = $0 { true } else { false } }.count }

    /// Whether the plan writes nothing.
    public var isEmpty: Bool { steps.isEmpty }
}
