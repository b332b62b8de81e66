import AnshinCore

/// Decides what a sync does: findings and the repository's issues and labels in, a ``SyncPlan``
/// out. Pure: no network, no clock, so each decision is tested call by call.
///
/// The rules:
/// - Existing issues are matched to groups by the marker in their body, never by title, so a
///   person may retitle or relabel an issue without the sync filing it again. Issues without a
///   marker (filed by people) are never touched.
/// - An active group without an issue gets one (most severe first, at most `maxNew` per run); an
///   open issue whose content changed is updated; a closed issue whose group is back is reopened,
///   unless a person closed it as not planned.
/// - An open issue whose group is gone is closed as completed, and one whose group is suppressed
///   is closed as not planned, each with a comment saying why. A group is only "gone" when the
///   run looked where it comes from (``SyncOptions/assessedOrigins``).
/// - Content anshin writes is compared by digest; a title a person changed is kept, and the
///   pillar and severity labels are rewritten only when the content changes, other labels never.
public struct SyncPlanner: Sendable {
    public var options: SyncOptions

    public init(options: SyncOptions = SyncOptions()) {
        self.options = options
    }

    public func plan(findings: [Finding], issues: [GitHubIssue], labels: [GitHubLabel]) -> SyncPlan {
        plan(groups: IssueGroup.groups(findings), issues: issues, labels: labels)
    }

    public func plan(groups: [IssueGroup], issues: [GitHubIssue], labels: [GitHubLabel]) -> SyncPlan {
        var plan = SyncPlan()
        let existingLabels = Set(labels.map { $0.name.lowercased() })
        for label in IssueLabels.all where !existingLabels.contains(label.name.lowercased()) {
            plan.steps.append(.createLabel(label))
        }

        // The sync's issues by group; with several for one group, the open one (else the oldest) counts.
        var byGroup: [String: GitHubIssue] = [:]
        for issue in issues.filter({ !$0.isPullRequest }).sorted(by: { $0.number < $1.number }) {
            guard let marker = issue.marker else {
                if issue.isOpen, issue.labelNames.contains(where: { IssueLabels.pillar($0) != nil }) { plan.handFiled += 1 }
                continue
            }
            if let current = byGroup[marker.group] {
                let (kept, other) = !current.isOpen && issue.isOpen ? (issue, current) : (current, issue)
                byGroup[marker.group] = kept
                plan.kept.append(.init(issue: other.number, title: other.title,
                                       reason: "the same finding group as #\(kept.number); close one of them by hand"))
            } else {
                byGroup[marker.group] = issue
            }
        }

        var creates: [IssueDraft] = []
        var seen: Set<String> = []
        for group in groups {
            seen.insert(group.key)
            let draft = IssueDraft(group: group, folder: options.folder ?? "")
            guard let issue = byGroup[group.key], let marker = issue.marker else {
                if !group.isSuppressed { creates.append(draft) }
                continue
            }
            if group.isSuppressed {
                if issue.isOpen { plan.steps.append(close(issue, marker: marker, reason: .suppressed, group: group)) }
                continue
            }
            if issue.isOpen {
                if marker.contentDigest == draft.contentDigest && marker.closed == nil {
                    plan.unchanged += 1
                } else {
                    let (title, body, labels) = refresh(issue, marker: marker, draft: draft)
                    plan.steps.append(.update(issue: issue.number, title: title, body: body, labels: labels, draft: draft))
                }
            } else if marker.closed == nil && issue.stateReason == "not_planned" {
                plan.kept.append(.init(issue: issue.number, title: issue.title,
                                       reason: "closed by hand as not planned while the finding still holds; suppress it with `anshin triage` to record why"))
            } else {
                let (title, body, labels) = refresh(issue, marker: marker, draft: draft)
                let comment = "anshin finds this again, so it is reopened: the finding came back after it was closed.\n\n"
                    + IssueEvent.reopened.marker(group: group.key)
                plan.steps.append(.reopen(issue: issue.number, title: title, body: body, labels: labels, comment: comment, draft: draft))
            }
        }

        for (key, issue) in byGroup.sorted(by: { $0.value.number < $1.value.number }) where !seen.contains(key) && issue.isOpen {
            guard let marker = issue.marker else { continue }
            if marker.closed != nil {
                plan.kept.append(.init(issue: issue.number, title: issue.title, reason: "reopened by hand after anshin closed it"))
                continue
            }
            if let assessed = options.assessedOrigins, !assessed.contains(marker.origin) {
                plan.kept.append(.init(issue: issue.number, title: issue.title,
                                       reason: "this run did not assess \(Self.describe(origin: marker.origin)), so the finding may still hold"))
                continue
            }
            if let folder = options.folder, marker.origin == "code", !(marker.file?.hasPrefix(folder) ?? false) {
                let place = marker.file.map { "its finding is in \($0)" } ?? "its issue does not say which file its finding is in"
                plan.kept.append(.init(issue: issue.number, title: issue.title,
                                       reason: "this run assessed only \(folder) and \(place), so the finding may still hold"))
                continue
            }
            if let covered = options.coveredSources {
                let needed = Self.sourcesNeeded(for: marker)
                if !needed.isSubset(of: covered) {
                    let missing = needed.subtracting(covered).sorted().joined(separator: " and ")
                    plan.kept.append(.init(issue: issue.number, title: issue.title,
                                           reason: "this run did not run \(missing), so the finding may still hold"))
                    continue
                }
            }
            plan.steps.append(close(issue, marker: marker, reason: .resolved, group: nil))
        }

        let allowed = options.maxNew.map { max(0, $0) } ?? creates.count
        plan.steps += creates.prefix(allowed).map(SyncPlan.Step.create)
        plan.deferred = Array(creates.dropFirst(allowed))
        return plan
    }

    /// Title (nil to keep the current one), body and labels of an issue brought up to `draft`.
    private func refresh(_ issue: GitHubIssue, marker: IssueMarker, draft: IssueDraft) -> (String?, String, [String]) {
        let editedByPerson = IssueMarker.digest(issue.title, length: 8) != marker.titleDigest
        let title: String? = editedByPerson || issue.title == draft.title ? nil : draft.title
        let body = draft.body(titleDigest: editedByPerson ? marker.titleDigest : nil)
        let others = issue.labelNames.filter { !IssueLabels.names.contains($0) }
        return (title, body, others + draft.labels)
    }

    private func close(_ issue: GitHubIssue, marker: IssueMarker, reason: IssueMarker.Closure, group: IssueGroup?) -> SyncPlan.Step {
        var closed = marker
        closed.closed = reason
        let body = IssueMarker.replacing(in: issue.body ?? "", with: closed)
        var comment: String
        switch reason {
        case .resolved:
            comment = "anshin no longer finds this, so it is closed as completed. It will be reopened if the finding comes back."
        case .suppressed:
            comment = "The finding is suppressed in `.anshin/`, so this is closed as not planned."
            let entries = Set((group?.findings ?? []).compactMap(\.suppression))
            for entry in entries.sorted(by: { $0.origin < $1.origin }) {
                comment += "\n\n- **\(entry.state.label)**: \(entry.reason) (\(entry.author)"
                    + (entry.expires.map { ", until \($0)" } ?? "") + "; `\(entry.origin)`)"
            }
        }
        comment += "\n\n" + IssueEvent.closed.marker(group: marker.group)
        return .close(issue: issue.number, title: issue.title, body: body, reason: reason, comment: comment, group: marker.group)
    }

    /// What a run must have run to tell an issue's finding gone: its source; for an issue filed
    /// before sources were recorded, every capability that reads the repository's code.
    static func sourcesNeeded(for marker: IssueMarker) -> Set<String> {
        if let source = marker.source { return [source] }
        if marker.origin == "code" { return SyncOptions.codeSources }
        if marker.origin.hasPrefix("live:") { return ["aws"] }
        if marker.origin.hasPrefix("github:") { return ["github"] }
        return []
    }

    static func describe(origin: String) -> String {
        if origin.hasPrefix("live:") { return "AWS account \(origin.dropFirst(5))" }
        if origin.hasPrefix("github:") { return "GitHub organisation \(origin.dropFirst(7))" }
        if origin == "code" { return "the repository's code" }
        return origin
    }
}

/// How a sync plans.
public struct SyncOptions: Sendable, Hashable {
    /// The most issues one run creates (nil: no limit); the rest wait for the next runs.
    public var maxNew: Int?
    /// Where this run looked (`code`, `live:ACCOUNT`, `github:ORG`); an issue of a group from
    /// elsewhere is not closed just because its finding is missing. Nil: everywhere.
    public var assessedOrigins: Set<String>?
    /// The capabilities this run ran (``Coverage/sources``); an issue whose finding comes from
    /// another is not closed just because its finding is missing. Nil: unknown, every one.
    public var coveredSources: Set<String>?
    /// The folder of the repository this run looked at (`infra/`), when not the whole of it
    /// (``Coverage/folder``): findings' paths start there, and an issue of a file outside it is
    /// not closed just because its finding is missing. Nil: the whole repository.
    public var folder: String?

    public init(maxNew: Int? = nil, assessedOrigins: Set<String>? = nil, coveredSources: Set<String>? = nil,
                folder: String? = nil) {
        self.maxNew = maxNew
        self.assessedOrigins = assessedOrigins
        self.coveredSources = coveredSources
        self.folder = folder.flatMap { $0.isEmpty ? nil : ($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    /// The capabilities that read the repository's code, for issues that do not say which.
    public static let codeSources: Set<String> = ["terraform", "secrets"]

    /// The origins a report that says what it covered looked at: the repository's code when a
    /// capability that reads it ran, and the accounts and organisations it read, clean ones
    /// included, so that a clean account's issues are closed.
    public static func origins(of coverage: Coverage) -> Set<String> {
        var origins = Set(coverage.accounts.map { "live:\($0)" } + coverage.organizations.map { "github:\($0)" })
        if !Set(coverage.sources).isDisjoint(with: codeSources.union(["tf-doctor", "ribbon"])) { origins.insert("code") }
        return origins
    }

    /// The origins a run that produced `findings` certainly looked at: those of its findings
    /// (suppressed ones included), plus `also`.
    public static func origins(of findings: [Finding], also: Set<String> = []) -> Set<String> {
        Set(findings.map(IssueGroup.origin)).union(also)
    }

    /// The origins a JSON report with `target` looked at, beyond those of its findings: a
    /// report of `anshin audit github --org ORG` (target `github: ORG`) looked at that
    /// organisation; one of `anshin audit aws` (target `aws: …`) at the accounts its findings
    /// name only, as a clean account leaves no trace; any other (a folder: `assess`, `audit
    /// terraform`, `secrets scan`) at the repository's code. So a report with no finding left
    /// still closes the issues of what it looked at.
    public static func origins(ofReport target: String) -> Set<String> {
        if target.hasPrefix("github: ") {
            let organization = target.dropFirst("github: ".count).trimmingCharacters(in: .whitespaces)
            return organization.isEmpty ? [] : ["github:\(organization)"]
        }
        if target.hasPrefix("aws: ") { return [] }
        return ["code"]
    }
}
