import AnshinCore

extension HTMLReporter {
    /// The values of `key` over `findings`, each once, in order.
    static func distinct(_ findings: [Finding], _ key: (Finding) -> String?) -> [String] {
        var seen: [String] = []
        for value in findings.compactMap(key) where !seen.contains(value) { seen.append(value) }
        return seen
    }

    /// One `<option>` per value, after "all".
    func options(_ values: [String]) -> String {
        "<option value=\"\">all</option>" + values.map { "<option value=\"\(e($0))\">\(e($0))</option>" }.joined()
    }

    func groupedFindings(_ report: Report) -> String {
        let findings = report.listedFindings
        var html = "<section aria-labelledby=\"findings-title\">\n<h2 id=\"findings-title\">Findings</h2>\n"
        guard !findings.isEmpty else {
            return html + "<p class=\"empty\">No findings.</p>\n</section>\n"
        }
        let groups = FindingGroup.groups(findings)
        let environments = Self.distinct(findings) { $0.resource?.environment }
        let accounts = Self.distinct(findings) { $0.resource?.account }
        let regions = Self.distinct(findings) { $0.resource?.region }
        html += "<div class=\"controls\" id=\"controls\" hidden>\n"
        html += "<label>Search <input type=\"search\" id=\"filter-text\" placeholder=\"rule, resource, place, message\"></label>\n"
        html += "<label>Severity <select id=\"filter-severity\">" + options(Severity.descending.map(\.rawValue)) + "</select></label>\n"
        html += "<label>Pillar <select id=\"filter-pillar\"><option value=\"\">all</option>"
            + Pillar.reportOrder.map { "<option value=\"\($0.rawValue)\">\(e($0.title))</option>" }.joined() + "</select></label>\n"
        html += "<label>Environment <select id=\"filter-env\"\(environments.isEmpty ? " disabled" : "")>" + options(environments) + "</select></label>\n"
        html += "<label>Account <select id=\"filter-account\"\(accounts.isEmpty ? " disabled" : "")>" + options(accounts) + "</select></label>\n"
        html += "<label>Region <select id=\"filter-region\"\(regions.isEmpty ? " disabled" : "")>" + options(regions) + "</select></label>\n"
        html += "<span id=\"filter-count\" aria-live=\"polite\"></span>\n</div>\n"
        html += "<p class=\"muted\">\(groups.count) \(groups.count == 1 ? "group" : "groups") of \(findings.count) \(findings.count == 1 ? "finding" : "findings"): one rule on one resource, with every environment it holds in. Open one for each environment's message and place.</p>\n"
        html += "<div id=\"findings\">\n"
        for (index, group) in groups.enumerated() {
            html += self.group(group, index: index, order: report.environments)
        }
        html += "</div>\n</section>\n"
        return html
    }

    private func group(_ group: FindingGroup, index: Int, order: [String]) -> String {
        let findings = group.findings
        let first = findings[0]
        let active = findings.filter { !$0.isSuppressed }
        let counted = active.isEmpty ? findings : active
        let severity = counted.map(\.severity).max() ?? first.severity
        var pillars: [Pillar] = []
        for pillar in findings.flatMap(\.pillars) where !pillars.contains(pillar) { pillars.append(pillar) }
        let environments = Self.distinct(findings) { $0.resource?.environment }
        let accounts = Self.distinct(findings) { $0.resource?.account }
        let regions = Self.distinct(findings) { $0.resource?.region }
        let places = group.placeCount
        let subject = first.resource?.identifier ?? first.location?.path ?? first.place
        let rank = Severity.descending.count - 1 - (Severity.descending.firstIndex(of: severity) ?? 0)
        let suppressed = active.isEmpty

        var html = "<details class=\"group\(suppressed ? " suppressed" : "")\" id=\"group-\(index + 1)\" data-severity=\"\(severity.rawValue)\" data-rank=\"\(rank)\""
        html += " data-pillars=\"\(e(pillars.map(\.rawValue).joined(separator: " ")))\" data-rule=\"\(e(first.ruleID))\""
        html += " data-envs=\"\(e(environments.joined(separator: " ")))\" data-accounts=\"\(e(accounts.joined(separator: " ")))\""
        html += " data-regions=\"\(e(regions.joined(separator: " ")))\">\n"
        html += "<summary>"
        html += "<span class=\"sev\" style=\"background:\(Self.color(severity))\(severity == .low ? ";color:#212121" : "")\">\(severity.rawValue)</span>"
        html += "<span class=\"what\"><span class=\"title\">\(e(first.title))</span> <code class=\"rule\">\(e(first.ruleID))</code>"
        if suppressed, let state = first.suppression?.state.label { html += " <span class=\"state\">\(e(state))</span>" }
        html += "</span>"
        html += "<span class=\"subject\">\(e(subject))</span>"
        html += "<span class=\"chips\">"
        html += group.scopes(order: order).map { "<span class=\"chip\">\(e($0))</span>" }.joined()
        if places > 1 { html += "<span class=\"chip places\">\(places) places</span>" }
        html += "</span>"
        html += "</summary>\n<div class=\"detail-body\">\n"
        html += instances(findings)
        html += groupFacts(findings)
        html += remediationAndReferences(first: first, findings: findings)
        html += "</div>\n</details>\n"
        return html
    }

    /// One row per finding of the group: where it holds, its place, its message.
    private func instances(_ findings: [Finding]) -> String {
        var html = "<table class=\"instances\">\n<thead><tr><th scope=\"col\">Environment</th><th scope=\"col\">Account</th>"
        html += "<th scope=\"col\">Region</th><th scope=\"col\">Place</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n"
        for finding in findings {
            let resource = finding.resource
            html += "<tr class=\"instance\(finding.isSuppressed ? " suppressed" : "")\" data-env=\"\(e(resource?.environment ?? ""))\""
            html += " data-account=\"\(e(resource?.account ?? ""))\" data-region=\"\(e(resource?.region ?? ""))\">"
            html += "<td>\(resource?.environment.map { "<span class=\"chip\">\(e($0))</span>" } ?? "<span class=\"muted\">–</span>")</td>"
            html += "<td>\(resource?.account.map(e) ?? "<span class=\"muted\">–</span>")</td>"
            html += "<td>\(resource?.region.map(e) ?? "<span class=\"muted\">–</span>")</td>"
            html += "<td class=\"place\">\(placeHTML(finding))</td>"
            html += "<td class=\"message\">\(inlineHTML(finding.summary))"
            if let suppression = finding.suppression {
                html += "<span class=\"state\">\(e(suppression.state.label)): \(e(suppression.reason)) (\(e(suppression.author))"
                if let expires = suppression.expires { html += ", until \(e(expires))" }
                html += "; <code>\(e(suppression.origin))</code>)</span>"
            }
            html += "</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A finding's place: the file and line (with commit, author and date for history), the ARN
    /// of a live resource, or the resource itself.
    private func placeHTML(_ finding: Finding) -> String {
        if let location = finding.location {
            return locationHTML(location)
        }
        if let resource = finding.resource {
            return "<code>\(e(resource.arn ?? resource.identifier))</code>"
        }
        return "<span class=\"muted\">–</span>"
    }

    func locationHTML(_ location: Location) -> String {
        var text = "<code>\(e(location.path))"
        if let line = location.line, line > 0 {
            text += ":\(line)"
            if let column = location.column, column > 0 { text += ":\(column)" }
        }
        text += "</code>"
        if let commit = location.commit { text += " in commit <code>\(e(String(commit.prefix(12))))</code>" }
        if let author = location.author { text += " by \(e(author))" }
        if let date = location.date { text += " on \(e(date))" }
        return text
    }

    /// What the group's findings share: evidence, confidence, every other place, fingerprints.
    private func groupFacts(_ findings: [Finding]) -> String {
        var facts: [(String, String)] = []
        if let resource = findings[0].resource {
            facts.append(("Resource", "\(e(resource.kind)) <code>\(e(resource.identifier))</code>"))
        }
        if let evidence = findings.compactMap(\.evidence).first(where: { !$0.isEmpty }) {
            facts.append(("Evidence", "<code class=\"evidence\">\(e(evidence))</code>"))
        }
        if let sure = findings.first(where: { $0.confidence != nil }), let confidence = sure.confidence {
            facts.append(("Confidence", e(confidence.rawValue) + (sure.reason.map { " (\(inlineHTML($0)))" } ?? "")))
        }
        let others = findings.flatMap { $0.otherLocations ?? [] }
        if !others.isEmpty {
            facts.append(("Also at", "<ul class=\"places\">" + others.map { "<li>\(locationHTML($0))</li>" }.joined() + "</ul>"))
        }
        var pillars: [Pillar] = []
        for pillar in findings.flatMap(\.pillars) where !pillars.contains(pillar) { pillars.append(pillar) }
        facts.append(("Pillars", pillars.map { e($0.title) }.joined(separator: ", ")))
        facts.append(("Fingerprint" + (findings.count > 1 ? "s" : ""),
                      findings.map { "<code>\(e($0.fingerprint))</code>" }.joined(separator: " ")))
        var html = "<dl class=\"facts\">\n"
        for (term, value) in facts { html += "<dt>\(term)</dt><dd>\(value)</dd>\n" }
        return html + "</dl>\n"
    }

    private func remediationAndReferences(first: Finding, findings: [Finding]) -> String {
        var html = ""
        if !first.remediation.isEmpty {
            html += "<h3>Remediation</h3>\n"
            for block in TextBlock.split(first.remediation) {
                switch block {
                case .prose(let text):
                    html += "<p>" + text.split(separator: "\n", omittingEmptySubsequences: false)
                        .map { inlineHTML(String($0)) }.joined(separator: "<br>\n") + "</p>\n"
                case .code(let language, let code):
                    let attribute = language.isEmpty ? "" : " class=\"language-\(e(language))\""
                    html += "<pre><code\(attribute)>\(e(code))</code></pre>\n"
                }
            }
        }
        var references: [String] = []
        for reference in findings.flatMap(\.references) where !references.contains(reference) { references.append(reference) }
        if !references.isEmpty {
            html += "<h3>References</h3>\n<ul class=\"references\">\n"
            for reference in references {
                if reference.hasPrefix("https://") {
                    html += "<li><a href=\"\(e(reference))\" rel=\"noreferrer\">\(e(reference))</a></li>\n"
                } else {
                    html += "<li>\(e(reference))</li>\n"
                }
            }
            html += "</ul>\n"
        }
        return html
    }

    /// Text with its Markdown code spans as `<code>`, everything escaped.
    func inlineHTML(_ text: String) -> String {
        InlineText.split(text).map { part in
            switch part {
            case .text(let plain): e(plain)
            case .code(let code): "<code>\(e(code))</code>"
            }
        }.joined()
    }
}
