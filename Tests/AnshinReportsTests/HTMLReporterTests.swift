import AnshinCore
import AnshinTesting
import Foundation
import Testing

@testable import AnshinReports

/// The HTML reporter: golden files, escaping, self-containment, and the page running in a browser.
struct HTMLReporterTests {
    let reporter = HTMLReporter()

    static let emptyReport = Report(target: "examples/empty", generatedAt: "2026-11-27T09:00:00Z", findings: [])

    @Test func goldenSample() {
        let text = reporter.render(SampleReport.make())
        #expect(Golden.mismatch(text, name: "sample.html", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func goldenSampleWithSuppressed() {
        let text = reporter.render(SampleReport.make(showSuppressed: true))
        #expect(Golden.mismatch(text, name: "sample-suppressed.html", directory: Golden.fixtures("golden")) == nil)
    }

    @Test func goldenEmpty() {
        let text = reporter.render(Self.emptyReport)
        #expect(Golden.mismatch(text, name: "empty.html", directory: Golden.fixtures("golden")) == nil)
        #expect(text.contains("<p class=\"empty\">No findings.</p>"))
        #expect(text.contains("<strong>PASS</strong>"))
        #expect(!text.contains("<svg"), "no chart without findings")
    }

    @Test func scriptInAMessageIsEscaped() {
        let text = reporter.render(SampleReport.make())
        #expect(text.components(separatedBy: "<script>").count == 2, "only the page's own script")
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(text.contains("price-performance &lt;per AWS&gt;"))
        #expect(text.contains("retention_in_days &amp; grows"))
    }

    @Test func everyMarkupCharacterIsEscapedInTextAndAttributes() {
        let hostile = #"<img src=x onerror="alert('1')"> & </td>"#
        let finding = Finding(ruleID: "r", title: hostile, message: hostile, severity: .low, pillars: [.cost],
                              resource: Resource(kind: "k", identifier: hostile, environment: hostile),
                              location: Location(path: hostile, line: 1), evidence: hostile, remediation: hostile,
                              references: [hostile, "https://example.com/?a=1&b=\"2\""])
        let report = Report(target: hostile, generatedAt: "t", findings: [finding])
        let text = reporter.render(report)
        #expect(!text.contains("<img"))
        #expect(!text.contains("onerror=\""))
        #expect(!text.contains("alert('1')"))
        #expect(text.contains("&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; &lt;/td&gt;"))
        #expect(text.contains("href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\""))
        #expect(XMLEscaping.html("\u{01}a\u{0B}b\tc") == "ab\tc")
    }

    @Test func pageLoadsNothingFromTheNetwork() {
        let text = reporter.render(SampleReport.make(showSuppressed: true))
        for forbidden in ["<link", " src=", "@import", "url(", "<iframe", "<img", "<object", "<embed"] {
            #expect(!text.contains(forbidden), "\(forbidden)")
        }
        #expect(text.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        // The only absolute URLs are the references a reader may follow, and the SVG namespace.
        let urls = text.components(separatedBy: "https://").dropFirst().map { $0.prefix(30) }
        #expect(urls.allSatisfy { $0.hasPrefix("docs.aws.amazon.com/") }, "\(urls)")
    }

    @Test func headerShowsVerdictAgainstFailOn() {
        let failing = reporter.render(SampleReport.make())
        #expect(failing.contains("<p class=\"verdict fail\"><strong>FAIL</strong> 3 findings at or above high</p>"))
        let passing = reporter.render(SampleReport.make(failOn: .critical).withoutCritical())
        #expect(passing.contains("<p class=\"verdict pass\"><strong>PASS</strong> no finding at or above critical</p>"))
        #expect(failing.contains("<h1>examples/acme</h1>"))
        #expect(failing.contains("<time datetime=\"2026-11-27T09:00:00Z\">"))
        #expect(failing.contains("anshin 0.1.0"))
    }

    @Test func chartHasOneAccessibleBarPerPillar() {
        let text = reporter.render(SampleReport.make())
        #expect(text.contains("<svg role=\"img\" aria-labelledby=\"chart-title chart-desc\""))
        #expect(text.components(separatedBy: "<g class=\"bar\">").count == Pillar.allCases.count + 1)
        #expect(text.contains("<desc id=\"chart-desc\">Security: 1 critical, 2 high, 1 medium. Reliability: none."))
        #expect(text.contains("<title>Security: 2 high</title>"))
        #expect(text.contains("<title>Operational Excellence: 1 low</title>"))
        // Security holds the most findings (4), so its bar fills the track.
        #expect(HTMLReporter.scaled(4, of: 4, width: 460) == 4600)
        #expect(HTMLReporter.decimal(1150) == "115" && HTMLReporter.decimal(1533) == "153.3")
    }

    @Test func groupsCarryFilterKeys() {
        let text = reporter.render(SampleReport.make())
        #expect(text.components(separatedBy: "<details class=\"group").count == 7)
        #expect(text.contains("data-severity=\"critical\" data-rank=\"4\" data-pillars=\"security\" data-rule=\"secret-aws-access-key\""))
        #expect(text.contains("data-severity=\"info\" data-rank=\"0\" data-pillars=\"cost performance sustainability\""))
        #expect(text.contains("data-envs=\"prd\" data-accounts=\"111111111111\" data-regions=\"us-east-1\""))
        #expect(text.contains("<select id=\"filter-env\"><option value=\"\">all</option><option value=\"prd\">prd</option><option value=\"stg\">stg</option></select>"))
    }

    /// The title names the assessed folder, not `.`.
    @Test func titleNamesTheFolderWhenTheTargetIsTheCurrentFolder() {
        let here = Report(target: ".", generatedAt: "t", findings: [], sourceRoot: SourceRoot(uri: "file:///src/acme/", prefix: ""))
        #expect(reporter.render(here).contains("<title>anshin report: acme</title>"))
        let inner = Report(target: "./", generatedAt: "t", findings: [], sourceRoot: SourceRoot(uri: "file:///src/acme/", prefix: "infra/"))
        #expect(reporter.render(inner).contains("<h1>acme/infra</h1>"))
        let named = Report(target: "examples/acme", generatedAt: "t", findings: [], sourceRoot: SourceRoot(uri: "file:///src/x/", prefix: ""))
        #expect(reporter.render(named).contains("<title>anshin report: examples/acme</title>"))
    }

    @Test func markdownCodeInMessagesAndRemediationBecomesCode() {
        let finding = Finding(ruleID: "r", title: "T", message: "Set `http_tokens = \"required\"` on <b>it</b>", severity: .low,
                              pillars: [.security], location: Location(path: "a.tf", line: 1),
                              remediation: "Add `metadata_options` to the block; keep a lone ` as it is.")
        let text = reporter.render(Report(target: "x", generatedAt: "t", findings: [finding]))
        #expect(text.contains("Set <code>http_tokens = &quot;required&quot;</code> on &lt;b&gt;it&lt;/b&gt;"))
        #expect(text.contains("<p>Add <code>metadata_options</code> to the block; keep a lone ` as it is.</p>"))
    }

    @Test func remediationWithCodeFencesUsesPre() {
        let text = reporter.render(SampleReport.make())
        #expect(text.contains("""
        <p>Restore the database from an encrypted snapshot copy:</p>
        <pre><code class="language-hcl">resource &quot;aws_db_instance&quot; &quot;metabase&quot; {
          storage_encrypted = true
        }</code></pre>
        """))
    }

    @Test func suppressedFindingsAreListedOnlyWhenAsked() {
        let hidden = reporter.render(SampleReport.make())
        #expect(!hidden.contains("aws_s3_bucket.tmp"))
        #expect(hidden.contains("<strong>1</strong> suppressed (not listed)"))
        let shown = reporter.render(SampleReport.make(showSuppressed: true))
        #expect(shown.contains("<details class=\"group suppressed\""))
        #expect(shown.contains("<span class=\"state\">ignored (low risk)</span>"))
        #expect(shown.contains("<span class=\"state\">ignored (low risk): Scratch data, recreated nightly (sre@acme.example, until 2027-03-31; <code>.anshin/suppressions.yml:4</code>)</span>"))
    }

    @Test func notesAreListedUnderNotAssessed() {
        let text = reporter.render(SampleReport.make())
        #expect(text.contains("<h2 id=\"not-assessed-title\">Not assessed</h2>\n<ul>\n<li><strong>aws</strong>: Region eu-west-1"))
    }

    /// The page in a real browser: the script runs under the page's Content-Security-Policy
    /// (so its hash is right), marks the page as scripted and counts the rows.
    @Test
    func scriptRunsInChromiumUnderTheContentSecurityPolicy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        try reporter.render(SampleReport.make(showSuppressed: true)).write(to: page, atomically: true, encoding: .utf8)
        let dom = try Chromium.dumpDOM(page, profile: directory.appendingPathComponent("profile"))
        #expect(dom.contains("<html lang=\"en\" class=\"js\">"))
        #expect(dom.contains("<span id=\"filter-count\" aria-live=\"polite\">7 of 7 groups</span>"))
        #expect(!dom.contains("id=\"controls\" hidden"))
    }

    /// A report as the terminal groups it: one bucket in three environments, one IAM user in two
    /// accounts and Regions, a secret in three places.
    static func groupedReport() -> Report {
        let remediation = "Add a `aws_s3_bucket_public_access_block`:\n```hcl\nresource \"aws_s3_bucket_public_access_block\" \"imports\" {\n  bucket = aws_s3_bucket.imports.id\n}\n```"
        let buckets = ["prd", "stg", "demo"].map { (environment: String) -> Finding in
            Finding(ruleID: "s3-bucket-public-access-block", title: "S3 bucket does not block public access",
                    message: "Bucket aws_s3_bucket.imports in the \(environment) environment has no `aws_s3_bucket_public_access_block`",
                    severity: .high, pillars: [.security],
                    resource: Resource(kind: "aws_s3_bucket", identifier: "aws_s3_bucket.imports", environment: environment),
                    location: Location(path: "storage/s3.tf", line: 4), remediation: remediation)
        }
        let users = [("111111111111", "us-east-1", "prd"), ("222222222222", "eu-west-1", "stg")].map { (scope: (String, String, String)) -> Finding in
            let (account, region, environment) = scope
            return Finding(ruleID: "iam-user-access-key", title: "IAM user has an access key", message: "ci-deploy has a key in \(account)",
                    severity: .medium, pillars: [.security, .opex],
                    resource: Resource(kind: "AWS::IAM::User", identifier: "ci-deploy", arn: "arn:aws:iam::\(account):user/ci-deploy",
                                       account: account, region: region, environment: environment),
                    remediation: "Use a role.")
        }
        let secret = Finding(ruleID: "secret-github-pat", title: "GitHub personal access token",
                             message: "GitHub personal access token in .env:2. Also in 2 other places: a.env:1, b.env:7",
                             severity: .critical, pillars: [.security], location: Location(path: ".env", line: 2),
                             evidence: "GITHUB_TOKEN=ghp_" + Redaction.marker, remediation: "Revoke it.",
                             otherLocations: [Location(path: "a.env", line: 1), Location(path: "b.env", line: 7)])
        return Report(target: ".", generatedAt: "2026-11-27T09:00:00Z", findings: buckets + users + [secret],
                      sourceRoot: SourceRoot(uri: "file:///src/acme/", prefix: ""))
    }

    @Test func oneRowPerRuleAndResourceWithEnvironmentChips() {
        let text = reporter.render(Self.groupedReport())
        #expect(text.components(separatedBy: "<details class=\"group").count == 4, "three groups")
        let environments = Self.groupedReport().findings.compactMap { $0.ruleID == "s3-bucket-public-access-block" ? $0.resource?.environment : nil }
        #expect(Set(environments) == ["prd", "stg", "demo"])
        #expect(text.contains("<span class=\"subject\">aws_s3_bucket.imports</span><span class=\"chips\">"
            + environments.map { "<span class=\"chip\">\($0)</span>" }.joined() + "</span>"), "one chip per environment, no place count")
        #expect(text.contains("<span class=\"chip places\">3 places</span>"))
        #expect(text.components(separatedBy: "<h3>Remediation</h3>").count == 4, "the fix once per group")
        #expect(text.contains("<title>anshin report: acme</title>"))
    }

    /// The grouped page in a real browser, driven by real clicks: groups start folded and open
    /// to each environment's message and place; the environment, account and Region filters
    /// hide the groups (and rows) that do not hold there.
    @Test func groupsOpenAndFiltersWorkInChromium() async throws {
        let directory = try TemporaryDirectory()
        let page = directory.url.appendingPathComponent("report.html")
        try reporter.render(Self.groupedReport()).write(to: page, atomically: true, encoding: .utf8)
        let browser = try await HeadlessChromium.launch(.init(width: 1280, height: 900))
        defer { browser.close() }
        let tab = try await browser.newPage()
        try await tab.open(page.absoluteString)
        try await tab.waitUntil("document.documentElement.classList.contains('js')")
        #expect(try await tab.evaluate("document.title", as: String.self) == "anshin report: acme")
        #expect(try await tab.evaluate("document.querySelectorAll('details.group').length", as: Int.self) == 3)
        #expect(try await tab.evaluate("document.getElementById('filter-count').textContent", as: String.self) == "3 of 3 groups")
        let bucket = "document.querySelector('details[data-rule=s3-bucket-public-access-block]')"
        #expect(try await tab.evaluate("\(bucket).open", as: Bool.self) == false)
        #expect(try await tab.evaluate("\(bucket).querySelector('table.instances').checkVisibility()", as: Bool.self) == false,
                "a folded group shows no rows")

        // A real click on the group's summary opens it.
        struct Box: Decodable, Sendable { var x: Double; var y: Double }
        let box = try await tab.evaluate("(() => { const r = \(bucket).querySelector('summary').getBoundingClientRect(); return {x: r.left + 40, y: r.top + r.height / 2}; })()", as: Box.self)
        try await tab.click(x: box.x, y: box.y)
        try await tab.waitUntil("\(bucket).open")
        let rows = try await tab.evaluate("Array.from(\(bucket).querySelectorAll('tr.instance')).map(r => r.dataset.env + ' ' + r.querySelector('.place').textContent + ' ' + r.querySelector('.message').innerHTML)", as: [String].self)
        #expect(rows.sorted() == ["demo", "prd", "stg"].map { "\($0) storage/s3.tf:4 Bucket aws_s3_bucket.imports in the \($0) environment has no <code>aws_s3_bucket_public_access_block</code>" })
        #expect(try await tab.evaluate("\(bucket).querySelector('table.instances').checkVisibility()", as: Bool.self))
        let shot = try await tab.screenshot("html-report-grouped-open")
        #expect(shot.image.width == 1280)

        func choose(_ control: String, _ value: String) async throws -> String {
            try await tab.evaluate("(() => { const c = document.getElementById('\(control)'); c.value = '\(value)'; c.dispatchEvent(new Event('change')); return document.getElementById('filter-count').textContent; })()", as: String.self)
        }
        func visible() async throws -> [String] {
            try await tab.evaluate("Array.from(document.querySelectorAll('details.group')).filter(g => !g.hidden).map(g => g.dataset.rule)", as: [String].self)
        }
        #expect(try await choose("filter-env", "demo") == "1 of 3 groups")
        #expect(try await visible() == ["s3-bucket-public-access-block"])
        #expect(try await tab.evaluate("Array.from(\(bucket).querySelectorAll('tr.instance')).filter(r => !r.hidden).map(r => r.dataset.env)", as: [String].self) == ["demo"])
        _ = try await choose("filter-env", "")
        #expect(try await choose("filter-account", "222222222222") == "1 of 3 groups")
        #expect(try await visible() == ["iam-user-access-key"])
        _ = try await choose("filter-account", "")
        #expect(try await choose("filter-region", "us-east-1") == "1 of 3 groups")
        _ = try await choose("filter-region", "")
        #expect(try await visible().count == 3)
        try await tab.screenshot("html-report-grouped-filtered")
        #expect(tab.exceptions.isEmpty, "\(tab.exceptions)")
    }
}

extension Report {
    /// The report without its critical findings.
    fileprivate func withoutCritical() -> Report {
        var copy = self
        copy.findings.removeAll { $0.severity == .critical }
        return copy
    }
}

/// Headless Chromium, when installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The DOM of `page` after its scripts ran; empty if the browser does not finish in 90 seconds.
    static func dumpDOM(_ page: URL, profile: URL) throws -> String {
        let browser = Subprocess(path ?? "chromium",
                                 ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                  "--user-data-dir=\(profile.path)", "--dump-dom", page.absoluteString],
                                 standardError: .discard, ownProcessGroup: true)
        // A browser that hangs must fail the test, not stall the run.
        return try browser.run(timeout: .seconds(90)).outputText
    }
}
