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

    @Test func tableRowsCarrySortAndFilterKeys() {
        let text = reporter.render(SampleReport.make())
        #expect(text.components(separatedBy: "<tbody class=\"finding").count == 7)
        #expect(text.contains("data-severity=\"critical\" data-rank=\"4\" data-pillars=\"security\" data-pillar=\"0\""))
        #expect(text.contains("data-severity=\"info\" data-rank=\"0\" data-pillars=\"cost performance sustainability\" data-pillar=\"4\""))
        #expect(text.contains("<th scope=\"col\" data-key=\"rank\" data-numeric=\"1\" aria-sort=\"descending\">"))
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
        #expect(shown.contains("<tbody class=\"finding suppressed\""))
        #expect(shown.contains("<span class=\"state\">ignored (low risk)</span>"))
        #expect(shown.contains("<dt>Suppressed</dt><dd><strong>ignored (low risk)</strong>: Scratch data, recreated nightly (sre@acme.example, until 2027-03-31; <code>.anshin/suppressions.yml:4</code>)</dd>"))
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
        #expect(dom.contains("<span id=\"filter-count\" aria-live=\"polite\">7 of 7 findings</span>"))
        #expect(!dom.contains("id=\"controls\" hidden"))
    }

    /// Sorting, filtering and folding, driven in the browser by a probe script appended to the
    /// page (with the policy removed so that the probe may run).
    @Test
    func tableSortsByRankFiltersAndFoldsInChromium() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let probe = """
        <script>
        (function () {
          var out = [];
          function order() {
            return Array.prototype.map.call(document.getElementById("findings").tBodies, function (b) { return b.dataset.severity; }).join(",");
          }
          function count() { return document.getElementById("filter-count").textContent; }
          var sort = document.querySelector("th[data-key=rank] button");
          sort.click(); out.push(order());
          sort.click(); out.push(order());
          var severity = document.getElementById("filter-severity");
          severity.value = "high"; severity.dispatchEvent(new Event("change")); out.push(count());
          severity.value = ""; var pillar = document.getElementById("filter-pillar");
          pillar.value = "opex"; pillar.dispatchEvent(new Event("change")); out.push(count());
          pillar.value = ""; var text = document.getElementById("filter-text");
          text.value = "METABASE"; text.dispatchEvent(new Event("input")); out.push(count());
          text.value = ""; text.dispatchEvent(new Event("input"));
          document.querySelector("tbody.finding tr.row").click(); out.push(document.querySelector("tbody.finding").className);
          document.body.setAttribute("data-probe", out.join("|"));
        })();
        </script>
        """
        var page = reporter.render(SampleReport.make(showSuppressed: true))
        let policy = try #require(page.range(of: "<meta http-equiv=\"Content-Security-Policy\"[^>]*>\n", options: .regularExpression))
        page.removeSubrange(policy)
        page = page.replacingOccurrences(of: "</body>", with: probe + "\n</body>")
        let url = directory.appendingPathComponent("probe.html")
        try page.write(to: url, atomically: true, encoding: .utf8)
        let dom = try Chromium.dumpDOM(url, profile: directory.appendingPathComponent("profile"))
        let expected = [
            "info,low,medium,medium,high,high,critical",
            "critical,high,high,medium,medium,low,info",
            "2 of 7 findings", "3 of 7 findings", "1 of 7 findings", "finding open",
        ]
        #expect(dom.contains("data-probe=\"\(expected.joined(separator: "|"))\""))
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
