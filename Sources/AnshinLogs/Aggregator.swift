/// One worker's running aggregate, built for the hot path: routes and customers interned as bytes,
/// cells in flat arrays, and each key's latest bucket remembered so time-ordered input rarely needs
/// a dictionary lookup. ``finish()`` turns it into a ``LogAggregate``.
struct Aggregator {
    let options: LogAnalysisOptions
    private var templates = ByteInterner(capacity: 256)
    /// Route id of each template id.
    private var templateRoute: [Int32] = []
    private var routeNames = ByteInterner(capacity: 256)
    private var routeTable: CellTable
    private var customerNames = ByteInterner(capacity: 256)
    private var customerTable: CellTable
    private var volumeKeys = ByteInterner(capacity: 64)
    private var volumeStats: [VolumeStats] = []
    private var scratch: [UInt8] = []
    private var otherRouteID: Int?
    private var otherCustomerID: Int?
    var counts = LineCounts()
    var invalidSamples: [InvalidLine] = []
    let bucketMicros: Int64
    let customerBucketMicros: Int64

    init(options: LogAnalysisOptions) {
        self.options = options
        bucketMicros = max(1, options.bucketSeconds) * 1_000_000
        customerBucketMicros = max(1, options.customerBucketSeconds) * 1_000_000
        routeTable = CellTable()
        customerTable = CellTable()
        scratch.reserveCapacity(256)
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Counts a line the format rejected.
    mutating func invalid(_ line: LineBytes, input: String, offset: Int64) {
        counts.invalid += 1
        if invalidSamples.count < options.invalidSamples {
            invalidSamples.append(InvalidLine(input: input, offset: offset, excerpt: Aggregator.excerpt(line)))
        }
    }

    static func excerpt(_ line: LineBytes) -> String {
        var text = ""
        for byte in line.prefix(160) {
            if byte >= 0x20 && byte < 0x7F { text.unicodeScalars.append(Unicode.Scalar(byte)) }
            else { text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
        }
        if line.count > 160 { text += "…" }
        return text
    }

    /// Adds one parsed record.
    @inline(__always)
    mutating func add(_ record: LogRecord, line: LineBytes) {
        counts.records += 1
        if record.level != .none || !record.source.isEmpty { addVolume(record, line: line) }
        guard let timestamp = record.timestamp else {
            counts.untimed += 1
            return
        }
        if let since = options.since, timestamp < since { counts.outOfRange += 1; return }
        if let until = options.until, timestamp >= until { counts.outOfRange += 1; return }
        // Application log lines without a request are volume only.
        guard !record.path.isEmpty || record.status != 0 else { return }

        RouteTemplater.template(line, method: record.method, path: record.path, into: &scratch)
        let templateID = templates.intern(scratch, limit: options.routeLimit * 4) ?? -1
        let route: Int
        if templateID >= 0 && templateID < templateRoute.count {
            route = Int(templateRoute[templateID])
        } else {
            route = resolveRoute(templateID)
        }
        let bucket = Aggregator.floorDiv(timestamp, bucketMicros)
        routeTable.add(record, key: route, bucket: bucket)

        if let key = options.customerKey {
            let span: Span
            switch key {
            case .host: span = record.host
            case .field: span = record.captured
            case .pathSegment(let n): span = Aggregator.segment(n, of: record.path, in: line)
            }
            if !span.isEmpty && !(span.count == 1 && line[Int(span.start)] == ASCII.dash) {
                let bytes = span.bytes(in: line)
                let customer: Int
                if let id = customerNames.intern(bytes, limit: options.customerLimit) {
                    customer = id
                } else {
                    if otherCustomerID == nil { otherCustomerID = customerNames.intern(LogAggregate.otherRoute) }
                    customer = otherCustomerID!
                }
                customerTable.add(record, key: customer, bucket: Aggregator.floorDiv(timestamp, customerBucketMicros))
            }
        }
    }

    /// Maps a new template to its route: a pattern's name, itself, or the overflow route.
    mutating func resolveRoute(_ templateID: Int) -> Int {
        if templateID < 0 {
            if otherRouteID == nil { otherRouteID = routeNames.intern(LogAggregate.otherRoute) }
            return otherRouteID!
        }
        let template = templates.string(templateID)
        let name = options.templater.match(route: template) ?? template
        let route = routeNames.intern(name) ?? 0
        while templateRoute.count <= templateID { templateRoute.append(-1) }
        templateRoute[templateID] = Int32(route)
        return route
    }

    @inline(__always)
    static func segment(_ n: Int, of path: Span, in line: LineBytes) -> Span {
        var index = Int(path.start)
        let end = Int(path.end)
        var current = 0
        while index < end {
            while index < end && line[index] == ASCII.slash { index += 1 }
            let start = index
            while index < end && line[index] != ASCII.slash { index += 1 }
            if index > start {
                current += 1
                if current == n { return Span(start, index) }
            }
        }
        return .empty
    }

    /// The input being read, the source of application log lines that name none.
    var currentInput: [UInt8] = []

    mutating func addVolume(_ record: LogRecord, line: LineBytes) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(record.level.rawValue)
        if record.source.isEmpty {
            scratch.append(contentsOf: currentInput.suffix(120))
        } else {
            scratch.append(contentsOf: record.source.bytes(in: line).prefix(120))
        }
        let id = volumeKeys.intern(scratch, limit: 10_000) ?? -1
        guard id >= 0 else { return }
        if id == volumeStats.count { volumeStats.append(VolumeStats()) }
        volumeStats[id].add(bytes: line.count, at: record.timestamp)
    }

    /// The worker's aggregate, keyed by names and bucket start times.
    func finish() -> LogAggregate {
        var result = LogAggregate(bucketSeconds: options.bucketSeconds, customerBucketSeconds: options.customerBucketSeconds)
        result.routes = routeTable.export(names: routeNames.strings, bucketSeconds: options.bucketSeconds)
        result.customers = customerTable.export(names: customerNames.strings, bucketSeconds: options.customerBucketSeconds)
        for (id, stats) in volumeStats.enumerated() {
            let bytes = volumeKeys.bytes(id)
            let level = LogLevel(rawValue: bytes.first ?? 0) ?? .none
            let key = VolumeKey(level: level.name, source: String(decoding: bytes.dropFirst(), as: UTF8.self))
            result.volume[key, default: VolumeStats()].merge(stats)
        }
        result.counts = counts
        result.invalidSamples = invalidSamples
        return result
    }
}

/// Traffic cells keyed by (key id, bucket), with each key's latest cell cached.
struct CellTable {
    private var cells: [TrafficStats] = []
    private var cellKeys: [(key: Int, bucket: Int64)] = []
    private var index: [Int64: [Int64: Int]] = [:]
    private var lastBucket: [Int64] = []
    private var lastCell: [Int] = []

    @inline(__always)
    mutating func add(_ record: LogRecord, key: Int, bucket: Int64) {
        if key < lastBucket.count && lastBucket[key] == bucket {
            cells[lastCell[key]].add(record)
            return
        }
        while lastBucket.count <= key {
            lastBucket.append(.min)
            lastCell.append(-1)
        }
        let cell: Int
        if let found = index[Int64(key)]?[bucket] {
            cell = found
        } else {
            cell = cells.count
            cells.append(TrafficStats())
            cellKeys.append((key, bucket))
            index[Int64(key), default: [:]][bucket] = cell
        }
        lastBucket[key] = bucket
        lastCell[key] = cell
        cells[cell].add(record)
    }

    func export(names: [String], bucketSeconds: Int64) -> [String: [Int64: TrafficStats]] {
        var result: [String: [Int64: TrafficStats]] = [:]
        for (cell, key) in cellKeys.enumerated() {
            result[names[key.key], default: [:]][key.bucket * bucketSeconds, default: TrafficStats()].merge(cells[cell])
        }
        return result
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
