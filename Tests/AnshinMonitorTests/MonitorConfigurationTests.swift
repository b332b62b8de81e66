@testable import AnshinMonitor
import AnshinCore
import AnshinTesting
import Foundation
import Testing

@Suite struct MonitorConfigurationTests {
    static let catalogText = """
    project: acme
    environments:
      stg:
        urls: [https://stg.acme.example]
      prd:
        production: true
        urls: [https://acme.example, https://www.acme.example/]
    """

    func catalog() throws -> EnvironmentCatalog { try EnvironmentCatalog.parse(Self.catalogText, file: "anshin.yml") }

    func parse(_ text: String) throws -> (monitors: [Monitor], errors: [ConfigurationError]) {
        try MonitorConfiguration.parse(text, file: "monitors.yml", catalog: catalog())
    }

    @Test func everyKindOfMonitorIsRead() throws {
        let (monitors, errors) = try parse("""
        monitors:
          - name: api
            group: public
            environments: [stg, prd]
            url: /healthz
            health: true
            interval: 30s
            failing_interval: 10s
            failure_threshold: 3
            recovery_threshold: 2
            retries: 1
            timeout: 2s
            conditions:
              - "[STATUS] == 200 && [RESPONSE_TIME] < 500ms"
          - name: login
            url: https://acme.example/login
            method: POST
            headers: {Content-Type: application/json}
            body: '{"user":"probe"}'
            follow_redirects: false
            verify_tls: false
          - name: db
            tcp: db.internal:5432
          - name: cert
            tls: https://acme.example
            conditions: ["[CERTIFICATE_EXPIRATION] > 720h"]
          - name: mx
            dns: acme.example
            record: mx
            resolver: 127.0.0.1:5353
        """)
        #expect(errors.isEmpty, "\(errors)")
        #expect(monitors.map(\.name) == ["api/stg", "api/prd-1", "api/prd-2", "login", "db", "cert", "mx"])
        let api = monitors[2]
        #expect(api.probe == .http(HTTPProbeSpec(url: "https://www.acme.example/healthz")))
        #expect(api.environment == "prd" && api.group == "public" && api.health)
        #expect(api.interval == 30 && api.failingInterval == 10 && api.failureThreshold == 3 && api.recoveryThreshold == 2)
        #expect(api.retries == 1 && api.timeout == 2)
        #expect(api.conditions.map(\.description) == ["[STATUS] == 200 && [RESPONSE_TIME] < 500ms"])
        guard case .http(let login) = monitors[3].probe else { Issue.record("login is HTTP"); return }
        #expect(login.method == "POST" && login.body == #"{"user":"probe"}"# && !login.followRedirects && !login.verifyTLS)
        #expect(login.headers == [.init(name: "Content-Type", value: "application/json")])
        #expect(monitors[4].probe == .tcp(host: "db.internal", port: 5432))
        #expect(monitors[5].probe == .tls(host: "acme.example", port: 443, verify: true))
        #expect(monitors[6].probe == .dns(DNSProbeSpec(name: "acme.example", record: .mx, resolver: "127.0.0.1:5353")))
        #expect(monitors[4].effectiveConditions.map(\.description) == ["[CONNECTED] == true"], "a default condition per kind")
    }

    @Test(arguments: [
        ("- name: a\n  url: /x\n", 2, "needs \"environment\" or \"environments\""),
        ("- name: a\n  url: /x\n  environment: prod\n", 3, "no environment \"prod\"; did you mean \"prd\"?"),
        ("- name: a\n  tcp: db\n", 2, "expected host:port"),
        ("- name: a\n  tcp: db:5432\n  url: http://x\n", 1, "probes one thing"),
        ("- name: a\n", 1, "needs one of url (HTTP), tcp, tls or dns"),
        ("- url: http://x\n", 1, "needs a \"name\""),
        ("- name: a\n  url: http://x\n  intervall: 5s\n", 3, "unknown field \"intervall\"; did you mean \"interval\"?"),
        ("- name: a\n  url: http://x\n  interval: soon\n", 3, "expected a duration"),
        ("- name: a\n  url: http://x\n  interval: 100ms\n", 3, "must be at least 1s"),
        ("- name: a\n  url: http://x\n  retries: -1\n", 3, "expected a whole number from 0 to 10"),
        ("- name: a\n  url: ftp://x\n", 2, "expected an http:// or https:// URL"),
        ("- name: a\n  tcp: db:1\n  method: GET\n", 3, "applies to HTTP monitors (url) only"),
        ("- name: a\n  dns: acme.example\n  record: SPF\n", 3, "unknown record type \"SPF\""),
        ("- name: a\n  url: http://x\n  conditions:\n    - \"[STATUS] == 200\"\n    - \"[STATUS] >> 1\"\n", 5, "expected a value, got \">\""),
        ("- name: a\n  tcp: db:1\n  conditions: [\"[STATUS] == 200\"]\n", 3, "[STATUS] has no value for a tcp monitor"),
        ("- name: a/b\n  tcp: db:1\n", 1, "has no \"/\""),
        ("- name: a\n  url: http://x\n  method: get\n", 3, "HTTP method in capitals"),
    ])
    func mistakesNameTheirLine(_ text: String, _ line: Int, _ message: String) throws {
        let (monitors, errors) = try parse(text)
        #expect(monitors.isEmpty)
        let error = try #require(errors.first)
        #expect(error.path == "monitors.yml")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func aConditionMistakePointsAtItsColumn() throws {
        let (_, errors) = try parse("- name: a\n  url: http://x\n  conditions: [\"[STATUS] == 200 &&\"]\n")
        let error = try #require(errors.first)
        // The quoted value starts at column 16; the condition ends at its 18th character.
        #expect(error.line == 3 && error.column == 16 + 18 + 1, "\(error)")
    }

    @Test func everyMistakeIsReportedAndGoodEntriesKept() throws {
        let (monitors, errors) = try parse("- name: a\n  tcp: db\n- name: b\n  tcp: db:1\n- name: c\n  dns: \"\"\n")
        #expect(monitors.map(\.name) == ["b"])
        #expect(errors.map(\.line) == [2, 6])
    }

    @Test func loadsFromTheCatalogOrAFolder() throws {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", Self.catalogText + "\nmonitors:\n  - name: home\n    environment: stg\n    url: /\n")
        let catalog = try EnvironmentCatalog.load(root: root.url)
        let inline = try MonitorConfiguration.load(root: root.url, catalog: catalog)
        #expect(inline.monitors.map(\.probe) == [.http(HTTPProbeSpec(url: "https://stg.acme.example/"))])
        #expect(inline.files == ["anshin.yml"])

        try root.write("anshin.yml", Self.catalogText + "\nmonitors: checks\n")
        try root.write("checks/web.yml", "monitors:\n  - name: web\n    url: http://127.0.0.1:1/\n")
        try root.write("checks/db.yaml", "- name: db\n  tcp: 127.0.0.1:5432\n- name: web\n  tcp: 127.0.0.1:1\n")
        try root.write("checks/README.md", "not read")
        do {
            _ = try MonitorConfiguration.load(root: root.url, catalog: try EnvironmentCatalog.load(root: root.url))
            Issue.record("a name used twice is a mistake")
        } catch let problems as MonitorConfiguration.Problems {
            #expect(problems.description == "checks/web.yml:2: monitor name \"web\" is used twice (first at checks/db.yaml:3)")
        }
        try root.write("checks/db.yaml", "- name: db\n  tcp: 127.0.0.1:5432\n")
        let folder = try MonitorConfiguration.load(root: root.url, catalog: try EnvironmentCatalog.load(root: root.url))
        #expect(folder.monitors.map(\.name) == ["db", "web"])
        #expect(folder.files == ["checks/db.yaml", "checks/web.yml"])
    }

    @Test func theCatalogStillReadsWithMonitors() throws {
        let catalog = try EnvironmentCatalog.parse(Self.catalogText + "\nmonitors: []\n", file: "anshin.yml")
        #expect(catalog.environments.map(\.name) == ["stg", "prd"])
    }
}

@Suite struct DNSMessageTests {
    @Test func queriesAreWrittenAsRFC1035Says() {
        let query = DNSMessage.query(id: 0xBEEF, name: "acme.example", type: .aaaa)
        #expect(query == [0xBE, 0xEF, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4] + Array("acme".utf8) + [7] + Array("example".utf8) + [0, 0, 28, 0, 1])
    }

    /// A response with a compressed CNAME chain, built by hand.
    static let response: [UInt8] = {
        var bytes: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0]
        bytes += [3] + Array("www".utf8) + [4] + Array("acme".utf8) + [4] + Array("test".utf8) + [0, 0, 1, 0, 1]
        // www.acme.test CNAME acme.test (a pointer into the question's name at offset 16)
        bytes += [0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 16]
        // acme.test A 192.0.2.7
        bytes += [0xC0, 16, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]
        return bytes
    }()

    @Test func responsesAreRead() throws {
        let response = try DNSMessage.parse(Self.response)
        #expect(response.id == 0x1234 && response.responseCode == "NOERROR" && !response.truncated)
        #expect(response.answers == ["acme.test.", "192.0.2.7"])
    }

    @Test func everyTruncationOrCorruptionIsAnErrorNotACrash() {
        for length in 0..<Self.response.count {
            #expect(throws: DNSMessage.MalformedMessage.self) { try DNSMessage.parse(Array(Self.response.prefix(length))) }
        }
        var random = SplitMix64(seed: 53)
        for _ in 0..<5_000 {
            var bytes = Self.response
            for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            _ = try? DNSMessage.parse(bytes)
        }
        // A name pointing at itself.
        let loop: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSMessage.MalformedMessage.self) { try DNSMessage.parse(loop) }
    }

    @Test func ipv6IsWrittenShort() {
        #expect(DNSMessage.formatIPv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]) == "2001:db8::1")
        #expect(DNSMessage.formatIPv6([0, 0, 0, 0, 0, 0, 0, 1]) == "::1")
        #expect(DNSMessage.formatIPv6([1, 0, 2, 0, 0, 3, 0, 4]) == "1:0:2::3:0:4")
    }
}

@Suite struct HealthBodyTests {
    @Test func componentsAreJudgedByTheirWorstObservation() throws {
        let body = #"{"status":"fail","checks":{"db:latency":[{"status":"pass"},{"status":"fail","output":"4s"}],"cache":{"status":"UP"}}}"#
        let health = try #require(HealthBody.parse(Array(body.utf8)))
        #expect(health.status == .fail)
        #expect(health.components.map(\.name) == ["cache", "db:latency"])
        #expect(health.troubled.map(\.name) == ["db:latency"])
        #expect(health.summary == "fail: db:latency (fail: 4s)")
    }

    @Test func otherSpellingsAndNonHealthBodies() {
        #expect(HealthBody.parse(Array(#"{"status":"UP","components":{"db":{"status":"DOWN","details":{"error":"refused"}}}}"#.utf8))?.summary
                == "pass: db (fail: refused)")
        #expect(HealthBody.parse(Array("ok".utf8)) == nil)
        #expect(HealthBody.parse(Array(#"{"status":"maybe"}"#.utf8)) == nil)
    }

    @Test func alertsAreReadFromTheCatalogWithSecretsFromTheEnvironment() throws {
        let root = try TemporaryDirectory()
        try root.write("anshin.yml", """
        environments:
          prd: {}
        alerts:
          slack: $SLACK_URL
          webhook: [https://hooks.acme.example/anshin, "${HOOK}"]
          email: {smtp: "relay.internal:2525", from: monitor@acme.example, to: [oncall@acme.example, sre@acme.example]}
          remind: 30m
        monitors:
          - name: api
            url: https://acme.example/
        """)
        let catalog = try EnvironmentCatalog.load(root: root.url)
        let configuration = try MonitorConfiguration.load(root: root.url, catalog: catalog,
                                                          environment: ["SLACK_URL": "https://hooks.slack.example/T0/B0/x", "HOOK": "http://127.0.0.1:9/h"])
        #expect(configuration.alerts.remind == 1800)
        #expect(configuration.alerts.channels == [
            .slack(URL(string: "https://hooks.slack.example/T0/B0/x")!),
            .webhook(URL(string: "https://hooks.acme.example/anshin")!), .webhook(URL(string: "http://127.0.0.1:9/h")!),
            .email(try MailRoute(host: "relay.internal", port: 2525, from: "monitor@acme.example", to: ["oncall@acme.example", "sre@acme.example"])),
        ])

        // Each mistake with its line; a variable's value is never repeated.
        try root.write("anshin.yml", """
        environments:
          prd: {}
        alerts:
          slack: $MISSING
          webhook: ftp://hooks.acme.example/secret-path
          email: {to: [not-an-address]}
          remind: 10s
          pager: yes
        monitors:
          - name: api
            url: https://acme.example/
        """)
        do {
            _ = try MonitorConfiguration.load(root: root.url, catalog: try EnvironmentCatalog.load(root: root.url), environment: [:])
            Issue.record("mistakes in alerts: are errors")
        } catch let problems as MonitorConfiguration.Problems {
            let text = problems.description
            #expect(text.contains("pager"), "\(text)")
            #expect(!text.contains("secret-path"), "\(text)")
        }
        for (alerts, message) in [("slack: $MISSING", "anshin.yml:4"), ("webhook: ftp://x.example/secret-path", "expected an http:// or https:// URL"),
                                  ("email: {to: [not-an-address]}", "not-an-address is not an email address"),
                                  ("remind: 10s", "must be at least 1m")] {
            try root.write("anshin.yml", "environments:\n  prd: {}\nalerts:\n  \(alerts)\nmonitors:\n  - name: api\n    url: https://acme.example/\n")
            do {
                _ = try MonitorConfiguration.load(root: root.url, catalog: try EnvironmentCatalog.load(root: root.url), environment: [:])
                Issue.record("\(alerts) is a mistake")
            } catch {
                #expect("\(error)".contains(message) && !"\(error)".contains("secret-path"), "\(error)")
            }
        }
    }

    @Test func groupObjectivesNameGroupsInUse() throws {
        let root = try TemporaryDirectory()
        let monitors = "monitors:\n  - name: api\n    group: public\n    url: https://acme.example/\n"
        try root.write("anshin.yml", "environments:\n  prd: {}\ngroups:\n  public: {slo: {objective: 99.5%, window: 7d}}\n" + monitors)
        let configuration = try MonitorConfiguration.load(root: root.url, catalog: try EnvironmentCatalog.load(root: root.url))
        #expect(configuration.groups == ["public": ServiceLevelObjective(objective: 0.995, window: 7 * 86400)])
        try root.write("anshin.yml", "environments:\n  prd: {}\ngroups:\n  publik: {slo: {objective: 99.5%}}\n" + monitors)
        #expect {
            _ = try MonitorConfiguration.load(root: root.url, catalog: try EnvironmentCatalog.load(root: root.url))
        } throws: { "\($0)".contains("anshin.yml:4") && "\($0)".contains("no monitor is in group \"publik\"; did you mean \"public\"?") }
    }
}
