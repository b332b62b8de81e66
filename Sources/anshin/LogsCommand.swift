import AnshinAWS
import AnshinCore
import AnshinLogs
import AnshinStore
import ArgumentParser
import Foundation

/// `anshin logs …`: load-balancer, CDN, web-server and application logs.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Per-route latency percentiles, errors and customers from ALB, ELB, CloudFront, nginx/Apache and JSON logs; multi-line events; log volume and cost.",
        subcommands: [LogsReportCommand.self, LogsGroupCommand.self, LogsVolumeCommand.self, LogsCloudWatchAgentCommand.self,
                      LogsAthenaCommand.self, LogsIngestCommand.self],
        defaultSubcommand: LogsReportCommand.self
    )
}

/// How the inputs are read: shared by the commands that parse logs.
struct LogInputOptions: ParsableArguments {
    @Argument(help: "Log files, folders (read recursively, as S3 delivers them), s3://bucket/prefix, or '-' for standard input; .gz is read as gzip.",
              completion: .file())
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Input format: auto, \(LogFormatCatalog.names.joined(separator: ", ")).", valueName: "type"))
    var type: String = "auto"

    @Option(help: ArgumentHelp("An nginx log_format or Apache LogFormat string the logs were written with.", valueName: "format"))
    var logFormat: String?

    @Option(help: ArgumentHelp("JSON lines: role=field pairs (timestamp, method, path, status, duration[:s|ms|us|ns], bytes, level, source, host, customer).",
                               valueName: "mapping"))
    var jsonMap: String?

    func jsonMapping() throws -> JSONFieldMapping {
        var mapping = JSONFieldMapping()
        if let jsonMap { try mapping.apply(jsonMap) }
        return mapping
    }

    func resolvedInputs() throws -> [LogInput] {
        guard !inputs.isEmpty else { throw ValidationError("name at least one log file or folder, or '-' for standard input") }
        if let remote = inputs.first(where: S3LogSource.Location.isS3) {
            throw ValidationError("\(remote): S3 prefixes are read by 'anshin logs report' only")
        }
        return try LogInput.expand(inputs)
    }

    /// The local inputs (files, folders, standard input) and the S3 prefixes.
    func splitInputs() throws -> (local: [LogInput], s3: [S3LogSource.Location]) {
        let local = inputs.filter { !S3LogSource.Location.isS3($0) }
        let s3 = try inputs.filter(S3LogSource.Location.isS3).map(S3LogSource.Location.parse)
        return (local.isEmpty ? [] : try LogInput.expand(local), s3)
    }
}

/// How requests become aggregates, the same for `logs report` and `logs ingest`.
struct LogParseOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where the customer is: host, path:N, field:NAME or header:NAME.", valueName: "key"))
    var customer: String?

    @Option(name: .customLong("route"), help: ArgumentHelp("A route pattern such as '/users/{id}' or 'GET /files/**' (repeatable).", valueName: "pattern"))
    var routes: [String] = []

    @Option(help: ArgumentHelp("An OpenAPI document whose paths are the route patterns.", valueName: "file"))
    var openapi: String?

    @Option(help: ArgumentHelp("Time bucket of the aggregates.", valueName: "duration"))
    var bucket: String = "1h"

    @Option(help: ArgumentHelp("At most this many distinct routes; the rest count as {other}.", valueName: "n"))
    var routeLimit: Int = 500

    func validate() throws {
        if routeLimit < 1 { throw ValidationError("--route-limit must be at least 1") }
    }

    /// The analysis these options ask for (no --since/--until: those belong to reports).
    func options() throws -> LogAnalysisOptions {
        var options = LogAnalysisOptions(templater: try LogSetup.templater(patterns: routes, openAPI: openapi))
        options.bucketSeconds = try LogSetup.duration(bucket)
        options.customerKey = try customer.map(CustomerKey.parse)
        options.routeLimit = routeLimit
        return options
    }
}

/// `anshin logs ingest`: S3 log objects added to a shared store by as many workers as needed.
struct LogsIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Add the log objects under s3:// prefixes to a store, split between every worker that runs this at once.",
        discussion: """
        Each worker lists the prefixes, then claims a few objects at a time from the store's queue, \
        parses them and merges their aggregates in the transaction that marks them done: an object \
        counts once however many workers run, objects added since the last run are picked up, and \
        the objects of a worker that dies are taken by the others when its leases run out (--lease). \
        Run one per machine against a PostgreSQL store; logs report --store then reports from it.
        """
    )

    @OptionGroup var input: LogInputOptions
    @OptionGroup var parsing: LogParseOptions

    @Option(help: ArgumentHelp("The store: postgres://… shared by the workers, or an SQLite file (sqlite:PATH).", valueName: "location"))
    var store: String

    @Option(help: ArgumentHelp("This worker's name among those sharing the store (default: host name and process id).", valueName: "name"))
    var worker: String?

    @Option(help: ArgumentHelp("How long a claimed object is held before another worker may take it.", valueName: "duration"))
    var lease: String = "10m"

    @Option(help: ArgumentHelp("The AWS profile (default: AWS_PROFILE or the default chain).", valueName: "name"))
    var profile: String?

    func validate() throws {
        guard !input.inputs.isEmpty else { throw ValidationError("name the s3:// prefixes to ingest") }
        for name in input.inputs where !S3LogSource.Location.isS3(name) {
            throw ValidationError("\(name) is not an s3:// prefix; local files are added with logs report --store")
        }
        guard let seconds = try? LogSetup.duration(lease), seconds > 0 else {
            throw ValidationError("--lease takes a duration such as 90s or 10m, got \"\(lease)\"")
        }
    }

    func run() async throws {
        let options = try parsing.options()
        let locations = try input.splitInputs().s3
        let client: AWSClient
        do {
            client = try AWSClient.configured(profile: profile)
        } catch {
            throw ConfigurationError(message: "s3:// inputs: \(error)")
        }
        let opened: Store
        do {
            opened = try await Store.open(store)
        } catch {
            throw ConfigurationError(message: "--store: \(error)")
        }
        let logStore = try await LogStore.open(opened)
        let owner = worker ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        let ingest = LogIngest(store: logStore, source: S3LogSource(client: client), owner: owner,
                               leaseSeconds: Double(try LogSetup.duration(lease)))
        let pending = try await ingest.enqueue(locations)
        printError("\(pending) object\(pending == 1 ? "" : "s") to ingest into \(opened.location), as \(owner)")
        let summary: LogIngest.Summary
        do {
            summary = try await ingest.run(options: options) { first throws(LogConfigurationError) in
                do {
                    return try LogSetup.format(type: input.type, logFormat: input.logFormat, customer: options.customerKey,
                                               jsonMapping: try input.jsonMapping(), inputs: [first])
                } catch let error as LogConfigurationError {
                    throw error
                } catch {
                    throw LogConfigurationError("\(error)")
                }
            }
        } catch let error as StoreError {
            await opened.close()
            throw EnvironmentError(message: "the store \(opened.location) failed: \(error)")
        }
        await opened.close()
        print("\(owner) ingested \(summary.objects) object\(summary.objects == 1 ? "" : "s") (\(summary.bytes) bytes, \(summary.requests) requests"
              + (summary.invalidLines > 0 ? ", \(summary.invalidLines) lines not in the format" : "") + "); every object is in the store")
    }
}

struct LogsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Per route × time bucket: requests, errors, p50/p90/p95/p99/max, bytes, where time goes; customers; week over week.",
        discussion: """
        Prints a terminal summary; -f html writes a self-contained page (inline SVG, nothing fetched),
        -f json the figures for other tools; -o says where each goes, as for every report of anshin.
        --save writes the aggregates so later reports (--aggregates) need no re-parse.
        --store adds them to anshin's store (SQLite file, or a PostgreSQL URL for a team): files already
        added are skipped, and the report covers every stored bucket in --since/--until.
        s3://bucket/prefix inputs are read with the AWS credential chain (--profile, AWS_PROFILE, …).
        Routes are templated (/users/123 → /users/{id}); --route and --openapi name them instead.
        """
    )

    @OptionGroup var input: LogInputOptions

    @OptionGroup var parsing: LogParseOptions

    @Option(help: ArgumentHelp("Only requests at or after: a date, a time, or a duration before now (7d).", valueName: "when"))
    var since: String?

    @Option(help: ArgumentHelp("Only requests before: a date, a time, or a duration before now.", valueName: "when"))
    var until: String?

    @Option(help: ArgumentHelp("Report the last period of this length, compared with the one before (default: 7d when the logs span more).",
                               valueName: "duration"))
    var period: String?

    @Option(name: [.customShort("f"), .customLong("format")],
            help: ArgumentHelp("Report format: text, html or json; repeat for several reports.", valueName: "format"))
    var formats: [LogReportFormat] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(
        "Where the report of the --format at the same position goes ('-' is standard output; a folder gets anshin-logs.<ext> inside). A format without one goes to standard output when it is the only format asked for (except html), else to anshin-logs.<ext>.",
        valueName: "path"))
    var outputs: [String] = []

    /// The earlier spelling of `-f html -o PATH`.
    @Option(help: .hidden)
    var html: String?

    /// The earlier spelling of `-f json -o PATH`.
    @Option(help: .hidden)
    var json: String?

    @Option(help: ArgumentHelp("Write the aggregates here, for later reports without re-parsing.", valueName: "path"))
    var save: String?

    @Option(help: ArgumentHelp("Read aggregates saved with --save (repeatable) instead of, or besides, log files.", valueName: "path"))
    var aggregates: [String] = []

    @Option(help: ArgumentHelp("Add the aggregates to this store and report from it: an SQLite file (sqlite:PATH) or postgres://… URL.",
                               valueName: "location"))
    var store: String?

    @Option(help: ArgumentHelp("The AWS profile for s3:// inputs and --athena (default: AWS_PROFILE or the default chain).", valueName: "name"))
    var profile: String?

    @Flag(help: "Run the report in Amazon Athena over the table of logs athena (ALB logs where they lie) instead of reading logs here.")
    var athena = false

    @Option(help: ArgumentHelp("The Athena table, database.table, as made by logs athena.", valueName: "name"))
    var athenaTable: String = "default.alb_logs"

    @Option(help: ArgumentHelp("Where Athena writes query results, s3://bucket/prefix/ (unless the workgroup says).", valueName: "s3-url"))
    var athenaOutput: String?

    @Option(help: ArgumentHelp("The Athena workgroup (default: Athena's primary).", valueName: "name"))
    var athenaWorkgroup: String?

    @Option(help: ArgumentHelp("The report's title.", valueName: "text"))
    var title: String = "Traffic report"

    @Option(help: ArgumentHelp("Worker threads (default: one per core).", valueName: "n"))
    var workers: Int?

    @OptionGroup var mail: MailOptions

    func validate() throws {
        if athena {
            guard input.inputs.isEmpty && aggregates.isEmpty && store == nil && save == nil else {
                throw ValidationError("--athena reports from the Athena table alone: no log files, --aggregates, --store or --save with it")
            }
            guard ["1h", "1d"].contains(parsing.bucket) else { throw ValidationError("--athena buckets by 1h or 1d, not \(parsing.bucket)") }
        } else if input.inputs.isEmpty && aggregates.isEmpty && store == nil {
            throw ValidationError("name log files or folders, s3:// prefixes, '-' for standard input, --aggregates, --store or --athena")
        }
        _ = try destinations()
    }

    /// One report to write: its format and file, nil for standard output.
    struct Destination: Equatable {
        var format: LogReportFormat
        var path: String?
    }

    /// Pairs formats with outputs as every report of anshin does (`ReportOptions`); the terminal
    /// summary goes to standard output when no other report takes it.
    func destinations() throws -> [Destination] {
        guard outputs.count <= formats.count else {
            throw ValidationError("--output was given \(outputs.count) times for \(formats.count) --format; each --output pairs with the --format at the same position")
        }
        var result: [Destination] = []
        for (index, format) in formats.enumerated() {
            if index < outputs.count {
                let path = outputs[index] == "-" ? nil : try ReportOptions.file(outputs[index], defaultName: format.defaultFileName)
                result.append(Destination(format: format, path: path))
            } else if formats.count == 1 && format != .html {
                result.append(Destination(format: format, path: nil))
            } else {
                result.append(Destination(format: format, path: format.defaultFileName))
            }
        }
        for (format, path) in [(LogReportFormat.html, html), (.json, json)] {
            guard let path else { continue }
            let file = path == "-" ? nil : try ReportOptions.file(path, defaultName: format.defaultFileName, option: "--\(format.rawValue)")
            result.append(Destination(format: format, path: file))
        }
        guard result.filter({ $0.path == nil }).count <= 1 else { throw ValidationError("only one report can go to standard output") }
        let paths = result.compactMap(\.path)
        guard Set(paths).count == paths.count else { throw ValidationError("two reports would be written to the same file") }
        if !result.contains(where: { $0.path == nil }) { result.insert(Destination(format: .text, path: nil), at: 0) }
        return result
    }

    func run() async throws {
        let clock = try Clock.current()
        if athena { return try emit(try await athenaReport(clock: clock), clock: clock) }
        var options = try parsing.options()
        options.since = try since.map { try LogSetup.instant($0, now: clock.now) }
        options.until = try until.map { try LogSetup.instant($0, now: clock.now) }
        if let workers { options.workers = max(1, workers) }

        var aggregate = LogAggregate(bucketSeconds: options.bucketSeconds, customerBucketSeconds: options.customerBucketSeconds)
        var (local, remote) = try input.splitInputs()
        var logStore: LogStore?
        if let store { logStore = try await openStore(store) }
        if let logStore, !local.isEmpty {
            let fresh = try await logStore.newInputs(local)
            if fresh.count < local.count { printError("\(local.count - fresh.count) of \(local.count) inputs already in the store, skipped") }
            local = fresh
        }
        let makeFormat = { (inputs: [LogInput]) throws -> any LogFormat in
            try LogSetup.format(type: input.type, logFormat: input.logFormat, customer: options.customerKey,
                                jsonMapping: try input.jsonMapping(), inputs: inputs)
        }
        // The store keeps every request parsed; --since/--until then select the stored buckets.
        var parseOptions = options
        if logStore != nil { (parseOptions.since, parseOptions.until) = (nil, nil) }
        if !local.isEmpty {
            aggregate = try LogAnalyzer.analyze(local, format: try makeFormat(local), options: parseOptions)
        }
        if !remote.isEmpty {
            let client: AWSClient
            do {
                client = try AWSClient.configured(profile: profile)
            } catch {
                throw ConfigurationError(message: "s3:// inputs: \(error)")
            }
            let fromS3 = try await S3LogSource(client: client).analyze(remote, options: parseOptions) { first throws(LogConfigurationError) in
                do { return try makeFormat([first]) } catch let error as LogConfigurationError { throw error } catch {
                    throw LogConfigurationError("\(error)")
                }
            }
            aggregate.merge(fromS3)
            aggregate.cap(routes: options.routeLimit, customers: options.customerLimit)
        }
        for path in aggregates {
            let stored = try LogAggregateFile.read(path)
            guard stored.bucketSeconds == aggregate.bucketSeconds || input.inputs.isEmpty && aggregates.count == 1 else {
                throw ConfigurationError(path: path, message: "its buckets are \(stored.bucketSeconds) s, not \(aggregate.bucketSeconds) s (--bucket)")
            }
            if input.inputs.isEmpty && aggregate.routes.isEmpty && aggregate.counts.lines == 0 {
                aggregate.bucketSeconds = stored.bucketSeconds
                aggregate.customerBucketSeconds = stored.customerBucketSeconds
            }
            aggregate.merge(stored)
        }
        if let logStore {
            if aggregate.counts.lines > 0 || !aggregates.isEmpty {
                try await logStore.add(aggregate, inputs: local)
                printError("added \(aggregate.counts.records) requests to the store")
            }
            let parsed = aggregate
            do {
                aggregate = try await logStore.aggregate(bucketSeconds: options.bucketSeconds, customerBucketSeconds: options.customerBucketSeconds,
                                                         since: options.since.map { $0 / 1_000_000 }, until: options.until.map { $0 / 1_000_000 })
            } catch {
                await logStore.store.close()
                throw error
            }
            await logStore.store.close()
            // What this run parsed (rejected lines, out-of-range requests) is still worth saying.
            aggregate.counts.invalid = parsed.counts.invalid
            aggregate.counts.lines = parsed.counts.lines
            aggregate.counts.outOfRange = parsed.counts.outOfRange
            aggregate.invalidSamples = parsed.invalidSamples
        }
        if let save {
            try LogAggregateFile.write(aggregate, to: save)
            printError("wrote aggregates to \(save)")
        }
        if aggregate.counts.records == 0 && aggregate.routes.isEmpty {
            if store != nil && input.inputs.isEmpty {
                throw ConfigurationError(message: "the store holds no \(parsing.bucket) buckets of requests\(since != nil || until != nil ? " in --since/--until" : "")")
            }
            if aggregate.counts.invalid > 0, let sample = aggregate.invalidSamples.first {
                throw ConfigurationError(path: sample.input, message: "no line is in the \(input.type) format (\(aggregate.counts.invalid) lines rejected), e.g. at byte \(sample.offset): \(sample.excerpt)")
            }
        }
        var reportOptions = LogReport.Options()
        reportOptions.title = title
        var from: Int64?, to: Int64?
        if let range = aggregate.timeRange {
            let end = options.until.map { $0 / 1_000_000 } ?? (range.last + aggregate.bucketSeconds)
            let length = try period.map(LogSetup.duration) ?? (end - range.first > 7 * 86400 ? 7 * 86400 : nil)
            if let length {
                to = end
                from = end - length
            }
        }
        let report = LogReport(aggregate, from: from, to: to, generatedAt: clock.timestamp, options: reportOptions)
        try emit(report, clock: clock)
        for sample in aggregate.invalidSamples.prefix(3) {
            printError("note: \(sample.input) at byte \(sample.offset) is not in the format: \(sample.excerpt)")
        }
    }
}

extension LogsReportCommand {
    /// Writes `report` to every destination and mails it when --email asks.
    func emit(_ report: LogReport, clock: Clock) throws {
        for destination in try destinations() {
            let text: String
            switch destination.format {
            case .text: text = report.text()
            case .html: text = report.html()
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                text = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
            }
            if let path = destination.path {
                try LogsOutput.write(text, to: path)
                printError("wrote \(destination.format.rawValue) report to \(path)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        if let route = try mail.route() {
            do {
                try route.send(subject: "\(title): \(report.from.formattedDay) – \(report.to.formattedDay)", text: report.text(),
                               html: report.html(), now: clock.now)
            } catch {
                // The relay could not be reached or refused the mail: the environment's failure (exit 3).
                throw EnvironmentError(message: "the report was written but not sent: \(error.message)")
            }
            printError("sent the report to \(route.to.joined(separator: ", "))")
        }
    }

    /// The report computed by Athena over the table of `logs athena`: the last 7 days unless
    /// --since/--until say otherwise (whole days).
    func athenaReport(clock: Clock) async throws -> LogReport {
        let day: Int64 = 86400
        let end = try until.map { try LogSetup.instant($0, now: clock.now) / 1_000_000 } ?? (Int64(clock.now.timeIntervalSince1970) / day + 1) * day
        let start = try since.map { try LogSetup.instant($0, now: clock.now) / 1_000_000 } ?? end - 7 * day
        let (first, after) = (start - (start % day + day) % day, (end + day - 1) / day * day)
        let (database, table) = try AthenaQueries.tableName(athenaTable)
        let bucket = parsing.bucket == "1d" ? "day" : "hour"
        let sql = try AthenaQueries.routeReport(database: database, table: table, since: first.formattedDay, until: after.formattedDay,
                                                bucket: bucket)
        let client: AWSClient
        do {
            client = try AWSClient.configured(profile: profile)
        } catch {
            throw ConfigurationError(message: "--athena: \(error)")
        }
        let runner = AthenaRunner(client: client, workGroup: athenaWorkgroup, outputLocation: athenaOutput)
        printError("running the report in Athena over \(athenaTable), \(first.formattedDay) to \(after.formattedDay)")
        let width = try LogSetup.duration(parsing.bucket)
        var options = LogReport.Options()
        options.title = title
        // The period before, of the same length, for the week-over-week comparison.
        let earlier = first - (after - first)
        let earlierSQL = try AthenaQueries.routeReport(database: database, table: table, since: earlier.formattedDay,
                                                       until: first.formattedDay, bucket: bucket)
        let rows: [[String: String]]
        let earlierRows: [[String: String]]
        do {
            rows = try await runner.rows(sql, database: database)
            earlierRows = try await runner.rows(earlierSQL, database: database)
        } catch {
            throw EnvironmentError(message: error.description)
        }
        // An earlier period without traffic has no total row: then there is nothing to compare.
        let previous = earlierRows.isEmpty ? nil
            : try LogReport(athena: earlierRows, bucketSeconds: width, from: earlier, to: first, generatedAt: clock.timestamp, options: options)
        return try LogReport(athena: rows, bucketSeconds: width, from: first, to: after, generatedAt: clock.timestamp,
                             previous: previous, options: options)
    }

    func openStore(_ location: String) async throws -> LogStore {
        let opened: Store
        do {
            opened = try await Store.open(location)
        } catch {
            throw ConfigurationError(message: "--store: \(error)")
        }
        return try await LogStore.open(opened)
    }
}

/// The formats of `anshin logs report`.
enum LogReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, html, json

    /// Formats in any case (`-f HTML`).
    init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// The file a report of this format gets inside a folder given to `--output`.
    var defaultFileName: String { "anshin-logs.\(self == .text ? "txt" : rawValue)" }
}

enum LogsOutput {
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(path: path, message: "cannot write: \(SystemErrorText.describe(error))")
        }
    }
}

struct LogsGroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Join multi-line events (a log line and its stack trace) into one event each, as JSON lines.",
        discussion: "An event starts at a line matching the start pattern (default: a yyyy-MM-dd HH:mm:ss.SSS timestamp near the start); Java, Python, Go and Node stack traces are recognised without one."
    )

    @Argument(help: "Log files or '-' for standard input.", completion: .file())
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Regular expression matching the first line of an event.", valueName: "regex"))
    var startPattern: String = MultiLineGrouper.defaultStartPattern

    @Flag(help: "No start pattern: only the stack-trace recognisers join lines.")
    var noStartPattern = false

    @Option(help: ArgumentHelp("Stack-trace recognisers (comma-separated): java, python, go, node.", valueName: "list"))
    var stack: String = "java,python,go,node"

    @Flag(help: "Print events as text separated by blank lines instead of JSON lines.")
    var text = false

    func run() throws {
        let languages = try stack.split(separator: ",").map { name throws -> StackTraceLanguage in
            guard let language = StackTraceLanguage(rawValue: String(name)) else {
                throw ValidationError("--stack: unknown language \(name) (java, python, go, node)")
            }
            return language
        }
        let grouper = try MultiLineGrouper(startPattern: noStartPattern ? nil : startPattern, recognisers: languages)
        let inputs = try LogInput.expand(inputs.isEmpty ? ["-"] : inputs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = Data()
        func emit(_ event: MultiLineGrouper.Event, input: String) throws {
            if text {
                output.append(Data((event.text + "\n\n").utf8))
            } else {
                struct Line: Encodable { var input: String; var line: Int; var lines: Int; var stack: String?; var message: String }
                output.append(try encoder.encode(Line(input: input, line: event.line, lines: event.lines.count,
                                                      stack: event.stackTrace?.rawValue, message: event.text)))
                output.append(0x0A)
            }
            if output.count > 1 << 20 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        for input in inputs {
            var session = grouper.session()
            try LineReader.forEachLine(input) { line, number in
                if let event = session.add(String(decoding: line, as: UTF8.self), number: number) { try emit(event, input: input.name) }
            }
            if let event = session.finish() { try emit(event, input: input.name) }
        }
        FileHandle.standardOutput.write(output)
    }
}

struct LogsVolumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume",
        abstract: "Log volume by source and level, projected CloudWatch Logs ingestion cost, and sources left at DEBUG.",
        discussion: "Plain-text logs (--type text) count each file as a source; JSON lines use their logger, source or service field."
    )

    @OptionGroup var input: LogInputOptions

    @Option(help: ArgumentHelp("USD per GB ingested (CloudWatch Logs Standard: 0.50 in us-east-1, 0.76 in ap-northeast-1).", valueName: "usd"))
    var pricePerGb: Double = 0.50

    @Option(help: ArgumentHelp("Flag a source whose DEBUG/TRACE lines would ingest at least this many GB a month.", valueName: "gb"))
    var debugGbPerMonth: Double = 10

    @Option(help: ArgumentHelp("Report a source whose projected ingestion costs at least this many USD a month.", valueName: "usd"))
    var costThreshold: Double = 25

    @Option(help: ArgumentHelp("The environment the logs come from (labels the findings).", valueName: "env"))
    var environment: String?

    @OptionGroup var report: ReportOptions

    func run() throws {
        let clock = try Clock.current()
        let inputs = try input.resolvedInputs()
        // Application logs: JSON lines when the first input starts with an object, else plain text.
        let type = input.type == "auto" ? (try LogSetup.head(of: inputs[0]).first == UInt8(ascii: "{") ? "json" : "text") : input.type
        let format = try LogSetup.format(type: type, logFormat: input.logFormat, customer: nil, jsonMapping: try input.jsonMapping(), inputs: inputs)
        var options = LogAnalysisOptions()
        options.routeLimit = 100
        let aggregate = try LogAnalyzer.analyze(inputs, format: format, options: options)
        var volumeOptions = LogVolume.Options()
        volumeOptions.pricePerGB = pricePerGb
        volumeOptions.debugGBPerMonth = debugGbPerMonth
        volumeOptions.costThreshold = costThreshold
        volumeOptions.environment = environment
        let volume = LogVolume(aggregate, options: volumeOptions)
        FileHandle.standardOutput.write(Data(volume.text().utf8))
        let findings = Report(target: inputs.map(\.name).joined(separator: ", "), generatedAt: clock.timestamp,
                              findings: volume.findings(), failOn: report.failOn, showSuppressed: report.showSuppressed)
        try report.emit(findings)
        try report.conclude(findings, assessed: volume.sources.count)
    }
}

struct LogsCloudWatchAgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cwagent",
        abstract: "The CloudWatch agent configuration that ships a log file as multi-line events, and an Elastic Beanstalk predeploy hook that applies it.",
        discussion: "Prints the agent's JSON configuration; --hook writes the hook (put it at .platform/hooks/predeploy/ and .platform/confighooks/predeploy/ in the application bundle, executable)."
    )

    @Option(help: ArgumentHelp("The log file on the instance.", valueName: "path"))
    var file: String = "/var/app/current/log/application.log"

    @Option(help: ArgumentHelp("The CloudWatch Logs group to send it to.", valueName: "name"))
    var logGroup: String

    @Option(help: ArgumentHelp("The stream name ({instance_id}, {hostname}, {ip_address} are the agent's placeholders).", valueName: "name"))
    var logStream: String = "{instance_id}"

    @Option(help: ArgumentHelp("Regular expression matching the first line of an event.", valueName: "regex"))
    var startPattern: String = MultiLineGrouper.defaultStartPattern

    @Option(help: ArgumentHelp("Days to keep the events (the agent sets the group's retention).", valueName: "days"))
    var retentionDays: Int?

    @Option(help: ArgumentHelp("Write the Elastic Beanstalk predeploy hook here.", valueName: "path"))
    var hook: String?

    func run() throws {
        _ = try MultiLineGrouper(startPattern: startPattern)
        let config = CloudWatchAgentConfig(file: file, logGroup: logGroup, logStream: logStream, startPattern: startPattern,
                                           retentionDays: retentionDays)
        let json = try config.json()
        FileHandle.standardOutput.write(Data(json.utf8))
        if let hook {
            try LogsOutput.write(try config.predeployHook(), to: hook)
            chmod(hook, 0o755)
            printError("wrote the predeploy hook to \(hook)")
        }
    }
}

struct LogsAthenaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "athena",
        abstract: "The Athena table for an ALB log bucket (partition projection by day) and the SQL of the per-route report.",
        discussion: "For logs that outgrow one machine: run the DDL once in Athena, then the report query (approx_percentile) per period."
    )

    @Option(help: ArgumentHelp("Where the load balancer delivers its logs: s3://bucket[/prefix].", valueName: "s3-url"))
    var bucket: String

    @Option(help: ArgumentHelp("The AWS account id in the delivery path.", valueName: "id"))
    var account: String

    @Option(help: ArgumentHelp("The load balancer's Region.", valueName: "region"))
    var region: String

    @Option(help: ArgumentHelp("Database and table, database.table.", valueName: "name"))
    var table: String = "default.alb_logs"

    @Option(help: ArgumentHelp("First day of the projection range (yyyy/MM/dd).", valueName: "day"))
    var firstDay: String = "2024/01/01"

    @Option(help: ArgumentHelp("First day of the report (yyyy-MM-dd).", valueName: "day"))
    var since: String?

    @Option(help: ArgumentHelp("Day after the report (yyyy-MM-dd).", valueName: "day"))
    var until: String?

    @Option(help: ArgumentHelp("Bucket of the report: hour or day.", valueName: "unit"))
    var bucketUnit: String = "hour"

    func run() throws {
        let athena = try AthenaQueries(location: bucket, account: account, region: region, table: table, firstDay: firstDay)
        var text = "-- The table (run once):\n" + athena.createTable() + "\n\n"
        text += "-- The per-route report:\n" + (try athena.routeReport(since: since, until: until, bucket: bucketUnit)) + "\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension Int64 {
    /// Seconds since the epoch as `yyyy-MM-dd`.
    var formattedDay: String { String(Timestamps.iso8601(self * 1_000_000).prefix(10)) }
}
