import AnshinCore

/// Where one occurrence of a secret is.
public struct Place: Sendable, Hashable {
    /// Relative to the scanned folder (for history: the path where the blob first appeared).
    public var path: String
    public var commit: String?
    public var author: String?
    public var date: String?
    /// The git blob holding it (history and staged scans).
    public var blob: String?
    /// How many (commit, path) places of the history hold the blob.
    public var historyPlaces: Int = 1
    /// The file is ignored by git: it lives only on machines, shared by hand.
    public var ignoredByGit = false
    /// History places: whether HEAD still holds this blob (nil when not known).
    public var inHead: Bool?
    /// History places: whether HEAD still has a file at ``path`` (nil when not known).
    public var pathInHead: Bool?

    /// A blob no ref reaches (`--all-objects`): its path and commit are unknown.
    public var unreachable = false

    /// The path shown for a blob no ref reaches.
    public static func unreachablePath(_ blob: String) -> String { "(unreachable blob \(blob.prefix(12)))" }

    public init(path: String, commit: String? = nil, author: String? = nil, date: String? = nil, blob: String? = nil,
                historyPlaces: Int = 1) {
        self.path = path
        self.commit = commit
        self.author = author
        self.date = date
        self.blob = blob
        self.historyPlaces = historyPlaces
    }
}

/// One sighting of a secret: the match and where it is.
public struct Occurrence: Sendable, Hashable {
    public var match: SecretMatch
    public var place: Place
}

/// One secret value, wherever it occurs: the unit of triage and revocation.
public struct Incident: Sendable, Hashable {
    /// SHA-256 of the secret; never the secret itself.
    public var sha256: String
    /// The rule of the first occurrence.
    public var ruleID: String
    /// Every occurrence, first-seen first (oldest commit for history).
    public var occurrences: [Occurrence]
}

/// A file or blob left out for its size.
public struct SkippedFile: Sendable, Hashable {
    public var path: String
    public var size: Int
    public var blob: String?
}

/// What a scan found and what it could not look at.
public struct ScanOutcome: Sendable {
    public var incidents: [Incident] = []
    public var filesScanned = 0
    public var bytesScanned = 0
    public var skippedBinary = 0
    public var skippedLarge: [SkippedFile] = []
    public var unreadable: [String] = []
    /// Named pipes, sockets and devices, never opened: `path (kind)`.
    public var skippedSpecial: [String] = []
    /// Files encrypted with git-crypt, whose ciphertext is not scanned.
    public var encrypted: [String] = []
    /// What the scan has to say besides what it could not read (the scope of a history scan).
    public var remarks: [Note] = []
    /// Occurrences before grouping.
    var pending: [Occurrence] = []

    public init() {}

    mutating func add(_ match: SecretMatch, at place: Place) {
        pending.append(Occurrence(match: match, place: place))
    }

    mutating func merge(_ other: ScanOutcome) {
        filesScanned += other.filesScanned
        bytesScanned += other.bytesScanned
        skippedBinary += other.skippedBinary
        skippedLarge += other.skippedLarge
        unreadable += other.unreadable
        skippedSpecial += other.skippedSpecial
        encrypted += other.encrypted
        pending += other.pending
    }

    /// Groups pending occurrences into incidents by secret digest, in a stable order.
    func finished() -> ScanOutcome {
        var copy = self
        var groups: [String: [Occurrence]] = [:]
        for occurrence in pending { groups[occurrence.match.sha256, default: []].append(occurrence) }
        copy.incidents = groups.map { digest, occurrences in
            let ordered = occurrences.sorted { a, b in
                if (a.place.date ?? "") != (b.place.date ?? "") { return (a.place.date ?? "") < (b.place.date ?? "") }
                if a.place.path != b.place.path { return a.place.path < b.place.path }
                return a.match.line < b.match.line
            }
            return Incident(sha256: digest, ruleID: ordered[0].match.ruleID, occurrences: ordered)
        }.sorted { ($0.occurrences[0].place.path, $0.occurrences[0].match.line, $0.sha256) < ($1.occurrences[0].place.path, $1.occurrences[0].match.line, $1.sha256) }
        copy.pending = []
        copy.skippedLarge.sort { $0.path < $1.path }
        copy.unreadable.sort()
        copy.skippedSpecial.sort()
        copy.encrypted.sort()
        return copy
    }

    /// Notes for reports: the remarks, then what was not scanned.
    public var notes: [Note] {
        var notes = remarks
        if !skippedLarge.isEmpty {
            let names = skippedLarge.prefix(5).map { "\($0.path) (\($0.size / 1_048_576) MiB)" }.joined(separator: ", ")
            notes.append(Note(kind: .notAssessed, source: "secrets",
                              message: "\(skippedLarge.count) file(s) over the size limit were not scanned: \(names)\(skippedLarge.count > 5 ? ", …" : "") (raise --max-file-size to include them)"))
        }
        if skippedBinary > 0 {
            notes.append(Note(kind: .info, source: "secrets", message: "\(skippedBinary) binary file(s) skipped (--include-binary scans them)"))
        }
        if !skippedSpecial.isEmpty {
            notes.append(Note(kind: .info, source: "secrets",
                              message: "\(skippedSpecial.count) named pipe(s), socket(s) or device file(s) skipped, never opened: \(skippedSpecial.prefix(5).joined(separator: ", "))\(skippedSpecial.count > 5 ? ", …" : "")"))
        }
        if !encrypted.isEmpty {
            notes.append(Note(kind: .info, source: "secrets",
                              message: "\(encrypted.count) file(s) encrypted with git-crypt were not scanned (run `git-crypt unlock` to scan them): \(encrypted.prefix(5).joined(separator: ", "))\(encrypted.count > 5 ? ", …" : "")"))
        }
        if !unreadable.isEmpty {
            notes.append(Note(kind: .notAssessed, source: "secrets",
                              message: "\(unreadable.count) file(s) could not be read: \(unreadable.prefix(5).joined(separator: "; "))"))
        }
        return notes
    }
}
