import AnshinCore
@testable import AnshinGitHub
import Testing

/// The sync's decisions, one call at a time, with no socket.
@Suite struct SyncPlannerTests {
    let planner = SyncPlanner()
    let findings = [Samples.versioning("prd"), Samples.versioning("stg"), Samples.publicDatabase(), Samples.secret()]

    @Test func firstRunCreatesLabelsAndOneIssuePerGroup() {
        let plan = planner.plan(findings: findings, issues: [], labels: [])
        #expect(plan.labelsToCreate.map(\.name) == IssueLabels.all.map(\.name))
        #expect(plan.labelsToCreate.map(\.name).contains("sustainability"))
        // Versioning in prd and stg is one group: one fix in the code.
        #expect(plan.creates.count == 3)
        #expect(plan.creates.map(\.group.severity) == [.critical, .high, .medium], "most severe first")
        let versioning = plan.creates.first { $0.group.ruleID == "s3-bucket-versioning" }!
        #expect(versioning.labels == ["reliability", "severity:medium"])
        #expect(versioning.title == "S3 bucket versioning is not enabled: aws_s3_bucket.logs")
        #expect(versioning.content.contains("`prd`") && versioning.content.contains("`stg`"))
        #expect(versioning.content.contains("aws_s3_bucket_versioning"), "the remediation snippet is in the body")
        #expect(versioning.body().hasPrefix("<!-- anshin:issue v1 group=\(versioning.group.key) origin=code "))
    }

    @Test func secondRunWithTheSameFindingsIsANoOp() {
        let first = planner.plan(findings: findings, issues: [], labels: [])
        let second = planner.plan(findings: findings, issues: Samples.issues(after: first), labels: IssueLabels.all)
        #expect(second.isEmpty)
        #expect(second.unchanged == 3)
    }

    @Test func aFixedFindingClosesItsIssueWithAComment() throws {
        let first = planner.plan(findings: findings, issues: [], labels: IssueLabels.all)
        let issues = Samples.issues(after: first)
        let plan = planner.plan(findings: findings.filter { $0.ruleID != "rds-publicly-accessible" }, issues: issues, labels: IssueLabels.all)
        #expect(plan.steps.count == 1)
        guard case .close(let number, _, let body, let reason, let comment, _) = try #require(plan.steps.first) else {
            Issue.record("expected a close step"); return
        }
        #expect(number == 1 && reason == .resolved)
        #expect(IssueMarker.find(in: body)?.closed == .resolved)
        #expect(comment.contains("<!-- anshin:event closed group="))
    }

    @Test func aRegressionReopensTheIssueAnshinClosed() throws {
        let first = planner.plan(findings: findings, issues: [], labels: IssueLabels.all)
        var issues = Samples.issues(after: first)
        guard case .close(_, _, let body, _, _, _) = planner.plan(findings: Array(findings.dropFirst(2)), issues: issues, labels: IssueLabels.all)
            .steps.first(where: { $0.issue == 3 }) ?? .createLabel(IssueLabels.all[0]) else { Issue.record("no close"); return }
        issues[2].state = "closed"; issues[2].stateReason = "completed"; issues[2].body = body
        let plan = planner.plan(findings: findings, issues: issues, labels: IssueLabels.all)
        #expect(plan.reopens == 1 && plan.creates.isEmpty, "no duplicate for the regression")
        guard case .reopen(let number, _, let newBody, _, let comment, _) = try #require(plan.steps.first) else { Issue.record("expected reopen"); return }
        #expect(number == 3)
        #expect(IssueMarker.find(in: newBody)?.closed == nil)
        #expect(comment.contains("anshin:event reopened"))
    }

    @Test func editedTitleAndLabelsNeverDuplicateAndAreKept() {
        let first = planner.plan(findings: findings, issues: [], labels: IssueLabels.all)
        var issues = Samples.issues(after: first)
        issues[0].title = "DB is public, Bob to fix"
        issues[0].labels = [.init(name: "p0")]
        let plan = planner.plan(findings: findings, issues: issues, labels: IssueLabels.all)
        #expect(plan.isEmpty, "content unchanged: nothing to write, the person's title and labels stay")

        // When the content changes, the person's title stays and their own labels are kept.
        var changed = findings
        changed[2].message = "aws_db_instance.main is reachable from 0.0.0.0/0"
        let update = planner.plan(findings: changed, issues: issues, labels: IssueLabels.all)
        #expect(update.creates.isEmpty)
        guard case .update(let number, let title, _, let labels, _) = update.steps.first else { Issue.record("expected update"); return }
        #expect(number == 1 && title == nil)
        #expect(labels == ["p0", "security", "severity:critical"])
    }

    @Test func issuesFiledByHandAreLeftAlone() {
        let byHand = GitHubIssue(number: 7, title: "Rotate the deploy key", body: "please", state: "open", labels: ["security"])
        let plan = planner.plan(findings: [], issues: [byHand], labels: IssueLabels.all)
        #expect(plan.isEmpty)
        #expect(plan.handFiled == 1)
    }

    @Test func aSuppressedFindingClosesItsIssueAsNotPlannedAndIsNeverFiled() {
        let first = planner.plan(findings: findings, issues: [], labels: IssueLabels.all)
        let issues = Samples.issues(after: first)
        let suppressed = findings.map { $0.ruleID == "aws-access-key" ? Samples.suppressed($0) : $0 }
        let plan = planner.plan(findings: suppressed, issues: issues, labels: IssueLabels.all)
        guard case .close(let number, _, _, let reason, let comment, _) = plan.steps.first, plan.steps.count == 1 else {
            Issue.record("expected one close"); return
        }
        #expect(number == 2 && reason == .suppressed)
        #expect(comment.contains("false positive") && comment.contains("test credential"))
        #expect(planner.plan(findings: suppressed, issues: [], labels: IssueLabels.all).creates.count == 2)
    }

    @Test func maxNewDefersTheLeastSevere() {
        let plan = SyncPlanner(options: SyncOptions(maxNew: 1)).plan(findings: findings, issues: [], labels: IssueLabels.all)
        #expect(plan.creates.map(\.group.ruleID) == ["rds-publicly-accessible"])
        #expect(plan.deferred.count == 2)
    }

    @Test func anOriginThisRunDidNotAssessClosesNothing() {
        let all = findings + [Samples.liveTrail()]
        let first = planner.plan(findings: all, issues: [], labels: IssueLabels.all)
        let issues = Samples.issues(after: first)
        let codeOnly = SyncPlanner(options: SyncOptions(assessedOrigins: SyncOptions.origins(of: findings)))
        let plan = codeOnly.plan(findings: findings, issues: issues, labels: IssueLabels.all)
        #expect(plan.isEmpty)
        #expect(plan.kept.count == 1 && plan.kept[0].reason.contains("AWS account 111111111111"))
        let withAccount = SyncPlanner(options: SyncOptions(assessedOrigins: ["code", "live:111111111111"]))
        #expect(withAccount.plan(findings: findings, issues: issues, labels: IssueLabels.all).closes == 1)
    }

    /// A report that says what it covered closes only issues of covered sources: a secrets-only
    /// scan, clean, leaves the Terraform issues open; a Terraform audit, clean, closes them.
    @Test func aReportClosesOnlyIssuesOfTheSourcesItCovered() {
        let terraform = [Samples.versioning("prd"), Samples.publicDatabase()].map { $0.from("terraform") }
        let secrets = [Samples.secret()].map { $0.from("secrets") }
        let issues = Samples.issues(after: self.planner.plan(findings: terraform + secrets, issues: [], labels: IssueLabels.all))
        #expect(issues.allSatisfy { $0.marker?.source != nil }, "the marker records the source")
        func covering(_ coverage: Coverage) -> SyncPlanner {
            SyncPlanner(options: SyncOptions(assessedOrigins: SyncOptions.origins(of: coverage), coveredSources: Set(coverage.sources)))
        }
        let secretsOnly = covering(Coverage(sources: ["secrets"])).plan(findings: [], issues: issues, labels: IssueLabels.all)
        #expect(secretsOnly.closes == 1, "only the secret's issue")
        #expect(secretsOnly.kept.count == 2 && secretsOnly.kept.allSatisfy { $0.reason.contains("did not run terraform") },
                "\(secretsOnly.kept.map(\.reason))")
        let terraformOnly = covering(Coverage(sources: ["terraform"])).plan(findings: [], issues: issues, labels: IssueLabels.all)
        #expect(terraformOnly.closes == 2)
        let partial = covering(Coverage(sources: [])).plan(findings: [], issues: issues, labels: IssueLabels.all)
        #expect(partial.closes == 0, "a staged or one-file scan covers nothing whole")
    }

    /// A run over one folder of the repository closes only issues of files inside it; the marker
    /// records each group's file from the repository's top.
    @Test func aRunOverOneFolderClosesOnlyIssuesOfItsFiles() {
        let findings = [Samples.versioning("prd"), Samples.secret()].map { $0.from($0.ruleID.hasPrefix("secret") ? "secrets" : "terraform") }
        // Filed from a run of the whole repository: paths from its top.
        let issues = Samples.issues(after: planner.plan(findings: findings, issues: [], labels: IssueLabels.all))
        #expect(Set(issues.compactMap { $0.marker?.file }) == ["s3.tf", "config/app.env"])
        let config = SyncPlanner(options: SyncOptions(assessedOrigins: ["code"], coveredSources: ["terraform", "secrets"], folder: "config"))
        let plan = config.plan(findings: [], issues: issues, labels: IssueLabels.all)
        #expect(plan.closes == 1, "only the issue of config/app.env")
        #expect(plan.kept.count == 1 && plan.kept[0].reason.contains("assessed only config/ and its finding is in s3.tf"),
                "\(plan.kept.map(\.reason))")
        // A run over config/ names its files from there: the marker still gets the repository's path.
        let inside = SyncPlanner(options: SyncOptions(folder: "config/")).plan(findings: [Samples.secret()], issues: [], labels: IssueLabels.all)
        #expect(Samples.issues(after: inside).first?.marker?.file == "config/config/app.env")
        // Issues filed before the path was recorded stay open after a folder's run.
        var old = issues[0]
        if var marker = old.marker { marker.path = nil; old.body = IssueMarker.replacing(in: old.body ?? "", with: marker) }
        #expect(config.plan(findings: [], issues: [old], labels: IssueLabels.all).closes == 0)
    }

    /// Issues filed before sources were recorded (origin `code`, no source) close only when
    /// every capability that reads the code ran.
    @Test func issuesWithoutASourceNeedTheWholeCode() {
        let issues = Samples.issues(after: planner.plan(findings: [Samples.publicDatabase()], issues: [], labels: IssueLabels.all))
        #expect(issues[0].marker?.source == nil)
        func closes(_ sources: Set<String>) -> Int {
            SyncPlanner(options: SyncOptions(assessedOrigins: ["code"], coveredSources: sources))
                .plan(findings: [], issues: issues, labels: IssueLabels.all).closes
        }
        #expect(closes(["secrets"]) == 0)
        #expect(closes(["terraform"]) == 0)
        #expect(closes(["terraform", "secrets", "aws"]) == 1)
    }

    /// A clean live audit of an account closes that account's issues: the report names the
    /// accounts it read, not only those with findings.
    @Test func aCleanAccountClosesItsIssues() {
        let live = Samples.liveTrail().from("aws")
        let issues = Samples.issues(after: planner.plan(findings: [live] + findings, issues: [], labels: IssueLabels.all))
        let clean = Coverage(sources: ["aws"], accounts: ["111111111111"])
        let options = SyncOptions(assessedOrigins: SyncOptions.origins(of: [], also: SyncOptions.origins(of: clean)),
                                  coveredSources: Set(clean.sources))
        let plan = SyncPlanner(options: options).plan(findings: [], issues: issues, labels: IssueLabels.all)
        #expect(plan.closes == 1, "the account's issue, not the code's: \(plan.kept.map(\.reason))")
        let other = Coverage(sources: ["aws"], accounts: ["222222222222"])
        let elsewhere = SyncPlanner(options: SyncOptions(assessedOrigins: SyncOptions.origins(of: other), coveredSources: ["aws"]))
        #expect(elsewhere.plan(findings: [], issues: issues, labels: IssueLabels.all).closes == 0, "another account's audit closes nothing")
    }

    @Test(arguments: [
        ("github: acme", ["github:acme"]), ("github: ", []), ("aws: acme-prd", []), ("aws: organization o-abc", []),
        (".", ["code"]), ("examples/acme", ["code"]),
    ])
    func aReportsTargetSaysWhatItLookedAt(_ target: String, _ expected: [String]) {
        #expect(SyncOptions.origins(ofReport: target) == Set(expected))
    }

    @Test(arguments: [("severity:high", Severity.high), ("Severity: Critical", .critical), ("low", .low), (" Info ", .info)])
    func severityLabelsAreReadAsPeopleWriteThem(_ label: String, _ expected: Severity) {
        #expect(IssueLabels.severity(label) == expected)
    }

    @Test(arguments: ["severity:urgent", "p1", "security", "high-priority", ""])
    func otherLabelsNameNoSeverity(_ label: String) {
        #expect(IssueLabels.severity(label) == nil)
    }

    @Test func aCleanReportOfTheOrganisationClosesItsIssues() {
        var finding = Samples.versioning("prd")
        finding.resource = Resource(kind: "github_organization", identifier: "acme")
        let first = planner.plan(findings: [finding], issues: [], labels: IssueLabels.all)
        let issues = Samples.issues(after: first)
        let clean = SyncPlanner(options: SyncOptions(assessedOrigins: SyncOptions.origins(of: [], also: SyncOptions.origins(ofReport: "github: acme"))))
        #expect(clean.plan(findings: [], issues: issues, labels: IssueLabels.all).closes == 1)
        let elsewhere = SyncPlanner(options: SyncOptions(assessedOrigins: SyncOptions.origins(ofReport: "github: other")))
        #expect(elsewhere.plan(findings: [], issues: issues, labels: IssueLabels.all).closes == 0, "another organisation's audit closes nothing")
    }

    @Test func aPersonClosingAsNotPlannedIsRespected() {
        let first = planner.plan(findings: findings, issues: [], labels: IssueLabels.all)
        var issues = Samples.issues(after: first)
        issues[0].state = "closed"; issues[0].stateReason = "not_planned"
        let plan = planner.plan(findings: findings, issues: issues, labels: IssueLabels.all)
        #expect(plan.isEmpty)
        #expect(plan.kept.map(\.issue) == [1])
    }

    @Test func twoIssuesWithOneMarkerKeepTheOpenOneAndReportTheOther() {
        let first = planner.plan(findings: findings, issues: [], labels: IssueLabels.all)
        var issues = Samples.issues(after: first)
        var copy = issues[0]
        copy.number = 9
        copy.state = "closed"
        issues.append(copy)
        let plan = planner.plan(findings: findings, issues: issues, labels: IssueLabels.all)
        #expect(plan.isEmpty)
        #expect(plan.kept.map(\.issue) == [9])
    }

    @Test func groupsKeepSeparateRootModulesApart() {
        var other = Samples.versioning("prd")
        other.location = Location(path: "stacks/metabase/s3.tf", line: 4)
        let groups = IssueGroup.groups([Samples.versioning("prd"), Samples.versioning("stg"), other])
        #expect(groups.count == 2)
        #expect(groups.map(\.findings.count).sorted() == [1, 2])
    }
}
