import AnshinCore
import AnshinReports
import AnshinSecrets
import Foundation
import Testing

/// No report format ever shows more of a secret than ``Redaction``'s prefix: for every rule's own
/// samples, and for random secrets placed in every syntax the rules read (URLs whose passwords
/// hold `@`, `:` and `%`-escapes, quoted and bare assignments, headers, multi-line keys).
@Suite struct RedactionPropertyTests {
    @Test(arguments: RuleCatalog.all)
    func samplesNeverLeakInAnyFormat(rule: SecretRule) throws {
        for sample in rule.samples {
            for match in Support.scan(sample) {
                guard let found = Support.detector.rule(id: match.ruleID) else { continue }
                var secret = Support.secret(match, in: sample)
                if case .block = found.extractor { secret = Self.keyMaterial(secret) }
                let finding = SecretFinding.finding(for: match, rule: found, path: "config/app.env")
                // A format's fixed text (`https://hooks.slack.com/`, `access_token$`) is in the rule's
                // own title, advice and references: showing it says which kind of secret, not which one.
                // So is what the sample holds outside the secret (`supabase_secret_key = "sb_secret_…"`).
                let outside = sample.replacingOccurrences(of: Support.secret(match, in: sample), with: "\n")
                let ruleText = ([found.title, found.remediation, outside] + found.references).joined(separator: "\n")
                try Self.expectNoLeak(of: secret, in: [finding], context: "\(rule.id) sample", except: ruleText)
            }
        }
    }

    @Test(arguments: Array(0..<24))
    func randomSecretsNeverLeakInAnyFormat(seed: Int) throws {
        let g = SampleGenerator(seed: "redaction-\(seed)")
        for placed in Self.placements(g) {
            let matches = Support.scan(placed.text)
            let bytes = Array(placed.text.utf8)
            let found = try #require(placed.text.range(of: placed.secret))
            let secretStart = placed.text.utf8.distance(from: placed.text.startIndex, to: found.lowerBound)
            let covering = matches.filter { $0.range.overlaps(secretStart..<(secretStart + placed.secret.utf8.count)) }
            if placed.mustBeFound {
                #expect(!covering.isEmpty, "nothing found in \(placed.syntax)")
                for match in covering {
                    // Detection takes the whole credential: the captured range reaches the secret's end.
                    #expect(match.range.upperBound >= secretStart + placed.secret.utf8.count,
                            "\(placed.syntax): captured \(String(decoding: bytes[match.range], as: UTF8.self).count) of the password's characters")
                }
            }
            let findings = matches.compactMap { match in
                Support.detector.rule(id: match.ruleID).map { SecretFinding.finding(for: match, rule: $0, path: "app/settings.py") }
            }
            try Self.expectNoLeak(of: placed.hidden ?? placed.secret, in: findings, context: placed.syntax)
        }
    }

    @Test func passwordWithAtSignIsHiddenWhole() throws {
        // The case seen in a real history: the tail after the first `@` stayed in clear.
        let text = "DATABASE_URL=postgresql://notify_user:My" + "@ssw0rd" + "@db.internal:5432/notify"
        let matches = Support.scan(text)
        #expect(matches.count == 1)
        let match = try #require(matches.first)
        #expect(Support.secret(match, in: text) == "My@ssw0rd")
        #expect(!match.evidence.contains("ssw0rd"))
        #expect(match.evidence.contains("@db.internal"))
    }

    // MARK: - Placements

    struct Placed {
        var syntax: String
        var text: String
        /// The secret as it stands in the text.
        var secret: String
        /// What must never be shown, when it differs from ``secret`` (a Basic header's password).
        var hidden: String?
        var mustBeFound: Bool
    }

    /// A random password of 12 to 20 characters holding the characters URLs and assignments
    /// make hard: `@`, `:`, `%`-escapes, `!`, `*`, `-`, `_`.
    static func password(_ g: SampleGenerator) -> String {
        let pieces = ["@", ":", "%40", "%21", "!", "*", "-", "_", "@@"]
        var value = g.alnum(3 + g.int(4))
        for _ in 0..<(2 + g.int(2)) {
            value += pieces[g.int(pieces.count)] + g.alnum(2 + g.int(4))
        }
        return value
    }

    static func placements(_ g: SampleGenerator) -> [Placed] {
        var placed: [Placed] = []
        let schemes = ["postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss",
                       "amqp", "amqps", "http", "https", "nats", "ldap", "ftp", "smtp", "sftp"]
        for scheme in schemes {
            let secret = password(g)
            let user = ["app", "deploy", "notify_user", "svc-" + g.lowerAlnum(4)][g.int(4)]
            let url = scheme + "://" + user + ":" + secret + "@db" + g.lowerAlnum(3) + ".acme.internal:" + String(1000 + g.int(9000)) + "/app"
            let forms = [
                "URL=" + url,
                "url = \"" + url + "\"",
                "  connection: '" + url + "'",
                "fmt.Sprintf(\"" + scheme + "://" + user + ":" + secret + "@%s:5432/app\", host)",
            ]
            for form in forms {
                placed.append(Placed(syntax: "\(scheme) URL", text: form, secret: secret, mustBeFound: true))
            }
        }
        let token = g.alnum(10) + g.digits(3) + g.alnum(11)
        let value = g.alnum(6) + "!" + g.alnum(5) + "@" + g.digits(3)
        let assignments = [
            "DB_PASSWORD=" + value,
            "password = \"" + value + "\"",
            "  \"password\": \"" + value + "\",",
            "spring.datasource.password: '" + value + "'",
            "export API_TOKEN=" + token,
            "client_secret = '" + token + "'",
            "<add key=\"ApiKey\" value=\"" + token + "\" />",
        ]
        for text in assignments {
            let secret = text.contains(token) ? token : value
            placed.append(Placed(syntax: "assignment", text: text, secret: secret, mustBeFound: false))
        }
        let basic = "deploy:" + value
        let encoded = SampleGenerator.base64Encode(basic)
        placed.append(Placed(syntax: "Basic header", text: "Authorization: Basic " + encoded, secret: encoded,
                             mustBeFound: true))
        placed.append(Placed(syntax: "Basic header password", text: "Authorization: Basic " + encoded, secret: encoded,
                             hidden: value, mustBeFound: false))
        let body = (0..<8).map { _ in g.base64(64) }.joined(separator: "\n")
        let pem = "-----BEGIN RSA " + "PRIVATE KEY-----\n" + body + "\n-----END RSA " + "PRIVATE KEY-----\n"
        placed.append(Placed(syntax: "PEM block", text: "key = <<EOF\n" + pem + "EOF\n", secret: body, mustBeFound: true))
        let escaped = body.replacingOccurrences(of: "\n", with: "\\n")
        let json = "{\"private_key\": \"-----BEGIN RSA " + "PRIVATE KEY-----\\n" + escaped + "\\n-----END RSA " + "PRIVATE KEY-----\\n\"}"
        placed.append(Placed(syntax: "PEM in JSON", text: json, secret: escaped, hidden: body.components(separatedBy: "\n")[3],
                             mustBeFound: true))
        return placed
    }

    // MARK: - The check

    /// The key material of an armoured block: its runs of 16 or more base64 characters, without
    /// the header and footer (which the evidence shows: they name the kind of key, not the key).
    static func keyMaterial(_ block: String) -> String {
        let runs = block.split { !($0.isLetter || $0.isNumber || "+/=".contains($0)) || !$0.isASCII }
        return runs.filter { $0.count >= 16 }.joined(separator: "\n")
    }

    /// Renders `findings` in every format and fails if one shows more than the allowed prefix
    /// of `secret`: no run of `window` characters of the secret that reaches past the prefix.
    static func expectNoLeak(of secret: String, in findings: [Finding], context: String, except known: String = "") throws {
        let report = Report(target: ".", generatedAt: "2026-01-01T00:00:00Z", findings: findings)
        let characters = Array(secret)
        let allowed = min(4, characters.count / 4)
        let window = min(8, max(3, characters.count - allowed))
        var pieces: Set<String> = []
        // Each line of a multi-line secret is checked whole: a report must not show any of them.
        for line in secret.components(separatedBy: .newlines) where !line.isEmpty {
            let chars = Array(line)
            let isWhole = line == secret
            guard chars.count >= window else { continue }
            for start in 0...(chars.count - window) where !(isWhole && start + window <= allowed) {
                pieces.insert(String(chars[start..<(start + window)]))
            }
        }
        for format in ReportFormat.allCases {
            let rendered = format.reporter(color: false).render(report)
            let plain = try readable(rendered, format: format)
            for piece in pieces where plain.contains(piece) && !known.contains(piece) {
                let line = plain.components(separatedBy: .newlines).first { $0.contains(piece) } ?? ""
                Issue.record("\(context): the \(format.rawValue) report shows \"\(piece)\" of the secret: \(line)")
                return
            }
        }
    }

    /// The text a reader of `rendered` sees: JSON strings decoded, XML and HTML entities and
    /// Markdown escapes undone, so that an escaped character cannot hide a leak.
    static func readable(_ rendered: String, format: ReportFormat) throws -> String {
        switch format {
        case .json, .sarif:
            let object = try JSONSerialization.jsonObject(with: Data(rendered.utf8))
            var strings: [String] = []
            func collect(_ value: Any) {
                if let string = value as? String { strings.append(string) }
                if let array = value as? [Any] { array.forEach(collect) }
                if let dictionary = value as? [String: Any] { dictionary.values.forEach(collect) }
            }
            collect(object)
            return strings.joined(separator: "\n")
        case .html, .junit:
            var text = rendered
            for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
                                        ("&#x27;", "'"), ("&#34;", "\""), ("&amp;", "&")] {
                text = text.replacingOccurrences(of: entity, with: character)
            }
            return text
        case .markdown:
            return rendered.replacingOccurrences(of: #"\\([\\`*_{}\[\]()#+\-.!|<>@:%])"#, with: "$1", options: .regularExpression)
        case .text:
            return rendered
        }
    }
}
