import AnshinCore
import Foundation
import Yams

/// The monitors of a project, written as code: a `monitors:` list in `anshin.yml`, a folder of
/// YAML files named there (`monitors: monitors/`), or a file or folder given on the command line.
///
/// Every entry is checked on its own, so one reading reports every mistake with its file, line
/// and field. Entries name environments of the catalog; an HTTP monitor whose `url` is a path
/// (`/healthz`) is checked against each URL of each environment it names.
public struct MonitorConfiguration: Sendable {
    public var monitors: [Monitor]
    /// The files read, relative to the project root where they are inside it.
    public var files: [String]
    /// Where alerts go, from `alerts:` in anshin.yml.
    public var alerts: AlertSettings
    /// Objectives of whole groups (every check of their monitors), from `groups:` in anshin.yml.
    public var groups: [String: ServiceLevelObjective]

    public init(monitors: [Monitor], files: [String], alerts: AlertSettings = AlertSettings(), groups: [String: ServiceLevelObjective] = [:]) {
        self.monitors = monitors
        self.files = files
        self.alerts = alerts
        self.groups = groups
    }

    /// Every mistake found in the configuration, in file and line order.
    public struct Problems: Error, Sendable, CustomStringConvertible {
        public var errors: [ConfigurationError]
        public var description: String { errors.map(\.description).joined(separator: "\n") }
    }

    static let fields = ["name", "group", "environment", "environments", "url", "tcp", "tls", "dns", "method", "headers", "body",
                         "follow_redirects", "verify_tls", "timeout", "interval", "failing_interval", "failure_threshold",
                         "recovery_threshold", "retries", "health", "conditions", "record", "resolver", "slo", "maintenance"]

    /// Reads the monitors of the project at `root`: from `path` (a file or folder, relative to the
    /// current folder) when given, else from `anshin.yml`'s `monitors:`.
    public static func load(root: URL, catalog: EnvironmentCatalog, path: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MonitorConfiguration {
        var sources: [(text: String, file: String, listKey: Bool)] = []
        var errors: [ConfigurationError] = []
        var alerts = AlertSettings()
        var groups: [String: (ServiceLevelObjective, YAMLValue)] = [:]
        let catalogFile = root.appendingPathComponent(EnvironmentCatalog.fileName)
        if let text = try? String(contentsOf: catalogFile, encoding: .utf8),
           let top = try YAMLValue.parse(text, file: EnvironmentCatalog.fileName)?.mapping() {
            for (key, entry) in top where key == "alerts" || key == "groups" {
                do throws(ConfigurationError) {
                    if key == "alerts" {
                        alerts = try AlertSettings.parse(entry, environment: environment)
                    } else {
                        for (name, body) in try entry.mapping() {
                            guard let slo = try body.mapping(allowed: ["slo"]).first?.value else {
                                throw body.error("a group names its \"slo\"")
                            }
                            groups[name] = (try ServiceLevelEntry.objective(slo), body)
                        }
                    }
                } catch {
                    errors.append(error)
                }
            }
        }
        if let path {
            let url = URL(fileURLWithPath: path)
            sources = try readFiles(at: url, shownAs: path)
        } else {
            let catalogFile = root.appendingPathComponent(EnvironmentCatalog.fileName)
            guard let text = try? String(contentsOf: catalogFile, encoding: .utf8) else {
                throw ConfigurationError(path: EnvironmentCatalog.fileName,
                                         message: "no anshin.yml with monitors here; write \"monitors:\" in anshin.yml or pass --config FILE|FOLDER")
            }
            guard let document = try YAMLValue.parse(text, file: EnvironmentCatalog.fileName),
                  let entry = try document.mapping().first(where: { $0.key == "monitors" })?.value else {
                throw ConfigurationError(path: EnvironmentCatalog.fileName,
                                         message: "no \"monitors:\" in anshin.yml; list monitors there or pass --config FILE|FOLDER")
            }
            if entry.node.scalar != nil {
                let folder = try entry.string()
                sources = try readFiles(at: root.appendingPathComponent(folder), shownAs: folder)
            } else {
                sources = [(text, EnvironmentCatalog.fileName, true)]
            }
        }
        var monitors: [Monitor] = []
        for source in sources {
            do {
                let (found, problems) = try parse(source.text, file: source.file, catalog: catalog)
                monitors += found
                errors += problems
            } catch {
                errors.append(error)
            }
        }
        var seen: [String: String] = [:]
        for monitor in monitors {
            if let first = seen[monitor.name] {
                errors.append(ConfigurationError(path: nil, message: "\(monitor.source): monitor name \"\(monitor.name)\" is used twice (first at \(first))"))
            } else {
                seen[monitor.name] = monitor.source
            }
        }
        let used = Set(monitors.compactMap(\.group))
        for (name, (_, value)) in groups.sorted(by: { $0.key < $1.key }) where !used.contains(name) {
            errors.append(value.error("no monitor is in group \"\(name)\"" + Suggestion.phrase(for: name, in: used.sorted())))
        }
        guard errors.isEmpty else { throw Problems(errors: errors) }
        return MonitorConfiguration(monitors: monitors, files: sources.map(\.file), alerts: alerts, groups: groups.mapValues(\.0))
    }

    private static func readFiles(at url: URL, shownAs shown: String) throws(ConfigurationError) -> [(text: String, file: String, listKey: Bool)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ConfigurationError(path: shown, message: "no such file or folder")
        }
        var files: [(URL, String)] = [(url, shown)]
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            } catch {
                throw ConfigurationError(path: shown, message: "cannot list: \(SystemErrorText.describe(error))")
            }
            files = names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map {
                (url.appendingPathComponent($0), shown.hasSuffix("/") ? shown + $0 : shown + "/" + $0)
            }
            guard !files.isEmpty else { throw ConfigurationError(path: shown, message: "no .yml or .yaml files in this folder") }
        }
        var result: [(text: String, file: String, listKey: Bool)] = []
        for (file, name) in files {
            do {
                result.append((try String(contentsOf: file, encoding: .utf8), name, false))
            } catch {
                throw ConfigurationError(path: name, message: "cannot read: \(SystemErrorText.describe(error))")
            }
        }
        return result
    }

    /// The monitors of one file's text: a list, or a mapping whose `monitors:` is one. Entries with
    /// mistakes are left out and their mistakes returned.
    public static func parse(_ text: String, file: String, catalog: EnvironmentCatalog) throws(ConfigurationError)
        -> (monitors: [Monitor], errors: [ConfigurationError]) {
        guard let document = try YAMLValue.parse(text, file: file) else {
            throw ConfigurationError(path: file, message: "the file is empty; it needs a list of monitors")
        }
        var list = document
        if document.node.mapping != nil {
            guard let entry = try document.mapping().first(where: { $0.key == "monitors" })?.value else {
                throw document.error("expected \"monitors:\" with a list of monitors")
            }
            list = entry
        }
        var monitors: [Monitor] = []
        var errors: [ConfigurationError] = []
        for item in try list.sequence() {
            do {
                monitors += try MonitorEntry.parse(item, catalog: catalog)
            } catch {
                errors.append(error)
            }
        }
        return (monitors, errors)
    }
}

/// One entry of the `monitors:` list, expanded to one monitor per environment URL.
enum MonitorEntry {
    static func parse(_ item: YAMLValue, catalog: EnvironmentCatalog) throws(ConfigurationError) -> [Monitor] {
        let fields = try item.mapping(allowed: MonitorConfiguration.fields)
        func field(_ name: String) -> YAMLValue? { fields.first { $0.key == name }?.value }
        guard let nameValue = field("name") else { throw item.error("a monitor needs a \"name\"") }
        let name = try nameValue.string()
        guard !name.contains("/"), name.trimmingCharacters(in: .whitespaces) == name else {
            throw nameValue.error("a monitor name has no \"/\" and no surrounding spaces, got \"\(name)\"")
        }
        let source = "\(item.file):\(item.node.mark?.line ?? 0)"
        var template = Monitor(name: name, probe: .tcp(host: "", port: 1), source: source)
        template.group = try field("group")?.string()

        // Environments named, each checked against the catalog.
        var environments: [Environment] = []
        if let value = field("environment") {
            environments = [try environment(try value.string(), value, catalog)]
        }
        if let value = field("environments") {
            guard field("environment") == nil else { throw value.error("give \"environment\" or \"environments\", not both") }
            let names = try value.strings()
            if names == ["all"] {
                environments = catalog.environments
                guard !environments.isEmpty else { throw value.error("\"all\" environments, but the catalog lists none") }
            } else {
                for name in names { environments.append(try environment(name, value, catalog)) }
            }
        }

        if let value = field("timeout") { template.timeout = try duration(value, minimum: 0.001) }
        if let value = field("interval") { template.interval = try duration(value, minimum: 1) }
        template.failingInterval = template.interval
        if let value = field("failing_interval") { template.failingInterval = try duration(value, minimum: 1) }
        if let value = field("failure_threshold") { template.failureThreshold = try integer(value, in: 1...100) }
        if let value = field("recovery_threshold") { template.recoveryThreshold = try integer(value, in: 1...100) }
        if let value = field("retries") { template.retries = try integer(value, in: 0...10) }
        if let value = field("health") { template.health = try value.bool() }
        if let value = field("slo") { template.slo = try ServiceLevelEntry.objective(value) }
        if let value = field("maintenance") { template.maintenance = try value.sequence().map(ServiceLevelEntry.maintenance) }

        let kinds = ["url", "tcp", "tls", "dns"].filter { field($0) != nil }
        guard kinds.count == 1 else {
            throw item.error(kinds.isEmpty ? "a monitor needs one of url (HTTP), tcp, tls or dns"
                                           : "a monitor probes one thing; it has \(kinds.joined(separator: " and "))")
        }
        let kind = kinds[0]
        let httpOnly = ["method", "headers", "body", "follow_redirects", "health"]
        for extra in httpOnly where kind != "url" && field(extra) != nil {
            throw field(extra)!.error("\"\(extra)\" applies to HTTP monitors (url) only")
        }
        for extra in ["record", "resolver"] where kind != "dns" && field(extra) != nil {
            throw field(extra)!.error("\"\(extra)\" applies to DNS monitors only")
        }
        if field("verify_tls") != nil, kind == "tcp" || kind == "dns" {
            throw field("verify_tls")!.error("\"verify_tls\" applies to HTTP and TLS monitors only")
        }
        let verify = try field("verify_tls")?.bool() ?? true

        var probes: [(probe: Probe, environment: String?, suffix: String?)] = []
        let target = field(kind)!
        switch kind {
        case "url":
            var spec = HTTPProbeSpec(url: "")
            if let value = field("method") {
                let method = try value.string()
                guard !method.isEmpty, method.allSatisfy({ $0.isUppercase || $0 == "-" }) else {
                    throw value.error("expected an HTTP method in capitals (GET, POST, HEAD, …), got \"\(method)\"")
                }
                spec.method = method
            }
            if let value = field("headers") {
                for (header, headerValue) in try value.mapping() {
                    guard !header.isEmpty, header.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) else {
                        throw headerValue.error("invalid header name \"\(header)\"")
                    }
                    spec.headers.append(ProbeResult.Header(name: header, value: try headerValue.string()))
                }
            }
            spec.body = try field("body")?.string()
            spec.followRedirects = try field("follow_redirects")?.bool() ?? true
            spec.verifyTLS = verify
            let url = try target.string()
            if url.hasPrefix("/") {
                guard !environments.isEmpty else {
                    throw target.error("a path (\(url)) needs \"environment\" or \"environments\" to take the host from; or write a full http(s) URL")
                }
                for environment in environments {
                    guard !environment.urls.isEmpty else {
                        throw target.error("environment \"\(environment.name)\" has no urls in the catalog to put \(url) after")
                    }
                    for (index, base) in environment.urls.enumerated() {
                        var joined = spec
                        joined.url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + url
                        let suffix = environment.urls.count > 1 ? "\(environment.name)-\(index + 1)" : environment.name
                        probes.append((.http(joined), environment.name, environments.count > 1 || environment.urls.count > 1 ? suffix : nil))
                    }
                }
            } else {
                guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                      let host = parsed.host, !host.isEmpty else {
                    throw target.error("expected an http:// or https:// URL, or a path starting with /, got \"\(url)\"")
                }
                spec.url = url
                guard environments.count <= 1 else {
                    throw target.error("a full URL is one target; give one environment, or a path to check it in each")
                }
                probes.append((.http(spec), environments.first?.name, nil))
            }
        case "tcp":
            let text = try target.string()
            guard case let (host, port)? = HostPort.parse(text, defaultPort: nil) else {
                throw target.error("expected host:port, got \"\(text)\"")
            }
            probes.append((.tcp(host: host, port: port), environments.first?.name, nil))
        case "tls":
            let text = try target.string()
            if text.lowercased().hasPrefix("https://"), let url = URL(string: text), let host = url.host {
                probes.append((.tls(host: host, port: url.port ?? 443, verify: verify), environments.first?.name, nil))
            } else if case let (host, port)? = HostPort.parse(text, defaultPort: 443) {
                probes.append((.tls(host: host, port: port, verify: verify), environments.first?.name, nil))
            } else {
                throw target.error("expected host:port or an https:// URL, got \"\(text)\"")
            }
        default:
            var spec = DNSProbeSpec(name: try target.string())
            guard spec.name.count <= 253, !spec.name.isEmpty,
                  spec.name.split(separator: ".", omittingEmptySubsequences: false).enumerated().allSatisfy({ index, label in
                      (1...63).contains(label.count) || (label.isEmpty && index > 0 && spec.name.hasSuffix("."))
                  }) else {
                throw target.error("expected a domain name such as example.com, got \"\(spec.name)\"")
            }
            if let value = field("record") {
                let text = try value.string()
                guard let record = DNSRecordType(name: text) else {
                    throw value.error("unknown record type \"\(text)\" (known: \(DNSRecordType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                spec.record = record
            }
            if let value = field("resolver") {
                let text = try value.string()
                guard HostPort.parse(text, defaultPort: 53) != nil else { throw value.error("expected host or host:port, got \"\(text)\"") }
                spec.resolver = text
            }
            probes.append((.dns(spec), environments.first?.name, nil))
        }

        var conditions: [Condition] = []
        if let value = field("conditions") {
            let items = value.node.scalar != nil ? [value] : try value.sequence()
            for item in items {
                let text = try item.string()
                let condition: Condition
                do {
                    condition = try Condition.parse(text)
                } catch {
                    let quoted = item.node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
                    var problem = item.error(error.message)
                    if let column = problem.column, item.node.scalar.map({ !$0.string.contains("\n") }) ?? false {
                        problem.column = column + error.offset + (quoted ? 1 : 0)
                    }
                    throw problem
                }
                let unknown = condition.placeholders.subtracting(probes[0].probe.placeholders)
                if let first = unknown.sorted(by: { $0.rawValue < $1.rawValue }).first {
                    throw item.error("[\(first.rawValue)] has no value for a \(probes[0].probe.kind) monitor")
                }
                conditions.append(condition)
            }
        }
        template.conditions = conditions

        return probes.map { entry in
            var monitor = template
            monitor.probe = entry.probe
            monitor.environment = entry.environment
            if let suffix = entry.suffix { monitor.name = "\(name)/\(suffix)" }
            return monitor
        }
    }

    static func environment(_ name: String, _ value: YAMLValue, _ catalog: EnvironmentCatalog) throws(ConfigurationError) -> Environment {
        do {
            return try catalog.environment(named: name, field: value.field)
        } catch {
            throw value.error(error.message)
        }
    }

    static func duration(_ value: YAMLValue, minimum: Double) throws(ConfigurationError) -> Double {
        let text = try value.string()
        guard let seconds = MonitorDuration.seconds(text) else {
            throw value.error("expected a duration such as 500ms, 30s, 5m or 1h, got \"\(text)\"")
        }
        guard seconds >= minimum else {
            throw value.error("must be at least \(MonitorDuration.format(minimum)), got \(text)")
        }
        return seconds
    }

    static func integer(_ value: YAMLValue, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let text = try value.string()
        guard let number = Int(text), range.contains(number) else {
            throw value.error("expected a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return number
    }
}

/// `alerts:` in anshin.yml: where every monitor's alerts go and how often people are reminded.
///
/// ```yaml
/// alerts:
///   slack: [$SLACK_WEBHOOK_URL]        # a URL, or $NAME to read it from the environment
///   webhook: [https://hooks.acme.example/anshin]
///   email: {smtp: localhost:25, from: monitor@acme.example, to: [oncall@acme.example]}
///   remind: 30m
/// ```
public struct AlertSettings: Sendable, Hashable {
    public var channels: [AlertChannel] = []
    /// How often people are reminded of a monitor still down; nil never.
    public var remind: Double?

    public init(channels: [AlertChannel] = [], remind: Double? = nil) {
        self.channels = channels
        self.remind = remind
    }

    static let fields = ["slack", "webhook", "email", "remind"]

    static func parse(_ value: YAMLValue, environment: [String: String]) throws(ConfigurationError) -> AlertSettings {
        var settings = AlertSettings()
        for (key, field) in try value.mapping(allowed: fields) {
            switch key {
            case "slack", "webhook":
                let items = field.node.sequence == nil ? [field] : try field.sequence()
                for item in items {
                    let url = try Self.url(item, environment: environment)
                    settings.channels.append(key == "slack" ? .slack(url) : .webhook(url))
                }
            case "email":
                settings.channels.append(.email(try Self.mail(field)))
            default:
                settings.remind = try MonitorEntry.duration(field, minimum: 60)
            }
        }
        return settings
    }

    /// An http(s) URL written out, or `$NAME` / `${NAME}` read from the environment (a webhook URL
    /// is a secret: it belongs in the environment, not in a committed file).
    static func url(_ value: YAMLValue, environment: [String: String]) throws(ConfigurationError) -> URL {
        var text = try value.string()
        if text.hasPrefix("$") {
            let name = text.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            guard let found = environment[name], !found.isEmpty else {
                throw value.error("the environment variable \(name) is not set or empty")
            }
            text = found
        }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            // The value may be a secret: say what is wrong without repeating it.
            throw value.error("expected an http:// or https:// URL or $VARIABLE naming one")
        }
        return url
    }

    static func mail(_ value: YAMLValue) throws(ConfigurationError) -> MailRoute {
        let fields = try value.mapping(allowed: ["smtp", "from", "to"])
        func field(_ name: String) -> YAMLValue? { fields.first { $0.key == name }?.value }
        let relay = try field("smtp")?.string() ?? "localhost:25"
        guard let (host, port) = HostPort.parse(relay, defaultPort: 25) else {
            throw (field("smtp") ?? value).error("expected the SMTP relay as host:port, got \"\(relay)\"")
        }
        let from = try field("from")?.string() ?? "anshin@localhost.localdomain"
        guard let toValue = field("to") else { throw value.error("email needs \"to\": the addresses alerts are mailed to") }
        let to = toValue.node.sequence == nil ? [try toValue.string()] : try toValue.strings()
        do {
            return try MailRoute(host: host, port: port, from: from, to: to)
        } catch {
            throw value.error(error.message)
        }
    }
}

/// `slo:` and `maintenance:` of a monitor entry.
enum ServiceLevelEntry {
    /// `slo: { objective: 99.9%, window: 30d }` (the window defaults to 30 days).
    static func objective(_ value: YAMLValue) throws(ConfigurationError) -> ServiceLevelObjective {
        let fields = try value.mapping(allowed: ["objective", "window"])
        guard let objectiveValue = fields.first(where: { $0.key == "objective" })?.value else {
            throw value.error("an slo needs an \"objective\", such as 99.9%")
        }
        let text = try objectiveValue.string()
        guard text.hasSuffix("%"), let percent = Double(text.dropLast().trimmingCharacters(in: .whitespaces)),
              percent > 0, percent < 100 else {
            throw objectiveValue.error("expected a percentage above 0 and below 100, such as 99.9%, got \"\(text)\"")
        }
        var window = 30 * 86400.0
        if let windowValue = fields.first(where: { $0.key == "window" })?.value {
            window = try MonitorEntry.duration(windowValue, minimum: 3600)
            guard window <= 400 * 86400 else { throw windowValue.error("an SLO window is at most 400d") }
        }
        // Rounded, so 99.9 is held as 0.999 and not 0.9990000000000001.
        return ServiceLevelObjective(objective: (percent * 1e7).rounded() / 1e9, window: window)
    }

    static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// `{ start: 2026-12-24T22:00:00Z, end: 2026-12-25T02:00:00Z }` once, or
    /// `{ every: sunday, at: "02:00", for: 2h }` each week (UTC).
    static func maintenance(_ value: YAMLValue) throws(ConfigurationError) -> MaintenanceWindow {
        let fields = try value.mapping(allowed: ["start", "end", "every", "at", "for"])
        func field(_ name: String) -> YAMLValue? { fields.first { $0.key == name }?.value }
        if let startValue = field("start") {
            for other in ["every", "at", "for"] where field(other) != nil {
                throw field(other)!.error("a maintenance window has start and end, or every, at and for; not both")
            }
            guard let endValue = field("end") else { throw value.error("a maintenance window with a start needs an end") }
            let start = try date(startValue)
            let end = try date(endValue)
            guard end > start else { throw endValue.error("the end must come after the start") }
            return .once(start: start, end: end)
        }
        guard let everyValue = field("every"), let atValue = field("at"), let forValue = field("for") else {
            throw value.error("a maintenance window needs start and end (once), or every, at and for (weekly)")
        }
        let day = try everyValue.string().lowercased()
        guard let index = weekdays.firstIndex(of: day) else {
            throw everyValue.error("expected a day of the week (\(weekdays.joined(separator: ", "))), got \"\(day)\"")
        }
        let at = try atValue.string()
        let parts = at.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else {
            throw atValue.error("expected a time of day in UTC as HH:MM, got \"\(at)\"")
        }
        let duration = try MonitorEntry.duration(forValue, minimum: 60)
        guard duration < 7 * 86400 else { throw forValue.error("a weekly window lasts less than a week") }
        return .weekly(weekday: index + 1, minute: hour * 60 + minute, duration: duration)
    }

    static func date(_ value: YAMLValue) throws(ConfigurationError) -> Date {
        let text = try value.string()
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw value.error("expected a UTC time such as 2026-12-24T22:00:00Z, got \"\(text)\"")
        }
        return date
    }
}
