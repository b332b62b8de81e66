import AnshinCore
import AnshinGit
import AnshinReports
import AnshinSecrets
import ArgumentParser
import Foundation

/// `anshin secrets …`: secret detection over files, history and staged changes, triage, the hook.
struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Find secrets in files, the whole git history or staged changes; triage them; block them before commit.",
        subcommands: [SecretsScanCommand.self, TriageCommand.self, HookCommand.self, SecretsRulesCommand.self],
        defaultSubcommand: SecretsScanCommand.self
    )
}

struct SecretsScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a folder's files (a repository's tracked and untracked-not-ignored files), its history, its staged changes, or standard input.",
        discussion: """
        One incident per secret value: the same key in three files is one finding listing every place.
        A line containing `anshin:allow` is never reported. Evidence is always redacted.

        Each finding has a confidence (high, medium, low) and a reason: a token with its own format
        or checksum is high; a password or key judged by its name and shape is medium or low, and a
        finding in a test, example or documentation file is one step lower. Credentials for
        localhost or example hosts are reported at low severity. --min-confidence hides the rest.

        --history reads what branches and tags reach. A plain clone lacks the hosting service's
        pull-request heads; a mirror clone (`git clone --mirror URL`) has them, or fetch them into a
        clone with `git fetch origin '+refs/pull/*:refs/remotes/origin/pull/*'`. --all-objects also
        reports what no ref reaches (a commit dropped by a reset or rebase, a pull request's head
        fetched once), each such place marked unreachable.
        """
    )

    @Argument(help: ArgumentHelp("Folder, repository or file to scan, or '-' for standard input (default: the current folder).",
                                 valueName: "folder"), completion: .file())
    var positional: String?

    @Option(name: [.customLong("path"), .customLong("root")],
            help: ArgumentHelp("The folder, given as an option instead.", valueName: "folder"), completion: .directory)
    var option: String?

    /// What to scan, as the user named it.
    var path: String { positional ?? option ?? "." }

    @Flag(help: "Scan every blob reachable from every ref (each once), reporting where each secret first appeared.")
    var history = false

    @Flag(help: "With --history: also report blobs no ref reaches (dropped commits, pull-request heads fetched once), marked unreachable.")
    var allObjects = false

    @Option(help: ArgumentHelp("Report only findings at least this sure: low, medium or high.", valueName: "level"))
    var minConfidence: String = "low"

    @Option(name: .customLong("since"), help: ArgumentHelp("With --history: leave out what this revision already had (repeatable).", valueName: "rev"))
    var since: [String] = []

    @Flag(help: "Scan what is staged for the next commit (what the pre-commit hook runs).")
    var staged = false

    @Flag(help: "Also scan files that look binary.")
    var includeBinary = false

    @Option(help: ArgumentHelp("Skip files and blobs larger than this (bytes, or with K, M, G).", valueName: "size"))
    var maxFileSize: String = "32M"

    @Option(help: ArgumentHelp("An earlier JSON report: report only incidents it does not contain.", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var baseline: String?

    @Flag(inversion: .prefixedNo,
          help: "Also read the files git ignores that usually hold credentials (.envrc, .env, *.tfvars), as assess does.")
    var includeIgnored = true

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let positional, let option, positional != option {
            throw ValidationError("the folder was given twice ('\(positional)' and --path '\(option)'); give it once")
        }
        if history && staged { throw ValidationError("--history and --staged cannot be combined") }
        if !since.isEmpty && !history { throw ValidationError("--since needs --history") }
        if allObjects && !history { throw ValidationError("--all-objects needs --history") }
        if allObjects && !since.isEmpty { throw ValidationError("--all-objects reads the whole object database; it cannot be combined with --since") }
        _ = try Self.confidence(minConfidence)
        if path == "-" && (history || staged) { throw ValidationError("standard input has no history or index") }
        _ = try ByteSize.parse(maxFileSize)
    }

    func run() async throws {
        let clock = try Clock.current()
        let options = SecretScanner.Options(includeBinary: includeBinary, maxFileSize: try ByteSize.parse(maxFileSize),
                                            allObjects: allObjects)
        let threshold = try Self.confidence(minConfidence)
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        // A single file is scanned as the only file of its folder, whose settings apply.
        var file: String?
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            if history || staged { throw ValidationError("--history and --staged need a repository folder, not the file \(path)") }
            let url = URL(fileURLWithPath: path).standardizedFileURL
            folder = url.deletingLastPathComponent()
            file = url.lastPathComponent
        } else if path != "-" {
            folder = try Workspace.root(path)
        }
        var project = ProjectFolder.locate(folder)
        let detector = try Detector.including(try EnvironmentCatalog.load(root: project.catalogRoot).secretRules)
        let outcome: ScanOutcome
        var bare = false
        do {
            let target: SecretScanTarget
            if path == "-" {
                target = .standardInput
            } else if history || staged {
                let repository = try GitRepository(at: folder)
                bare = repository.isBare
                if history {
                    target = .history(repository, excluding: since, folder: folder)
                } else {
                    // Staged paths are the repository's: suppressions' paths are read from its top.
                    target = .staged(repository)
                    project = ProjectFolder(folder: repository.root, root: project.root)
                }
            } else if let file {
                target = .file(name: file, folder: folder)
            } else {
                target = .folder(folder, ignoredCredentialFiles: includeIgnored)
            }
            let progress = report.quiet || staged ? nil : ProgressLine.standardError()
            let counts = ScanProgress()
            let noun = history ? "blobs" : "files"
            progress?.show {
                let read = counts.read
                return "secrets: \(read.items) \(noun), \(AssessedScope.bytes(read.bytes)) read"
            }
            var counted = options
            counted.progress = counts
            outcome = try SecretScanner(detector: detector, options: counted).scan(target)
            progress?.finish("scanned " + AssessedScope.counted(outcome.filesScanned, history ? "blob" : "file")
                             + ", " + AssessedScope.bytes(outcome.bytesScanned))
        } catch let error as GitError {
            throw ConfigurationError(path: path, message: error.message)
        }
        let confident = outcome.findings(detector: detector).filter { ($0.confidence ?? .high) >= threshold }
        var findings = try Suppressions.load(root: project.root).apply(to: confident.map { $0.from("secrets") }, today: clock.today,
                                                                       pathPrefix: project.relativePath)
        var notes = outcome.notes + project.strayNotes
        if path != "-" && !bare {
            let mode = history ? " --history" : staged ? " --staged" : ""
            notes += Workspace.remember(findings, scope: "secrets scan\(mode) \(project.relativePath)\(file ?? "")",
                                        project: project, clock: clock)
        }
        if let baseline { findings = try Baseline.excluding(findings, in: baseline) }
        // Staged changes, one file or standard input are a part of the repository: they cover nothing whole.
        let whole = path != "-" && !staged && file == nil
        let output = Report(target: path, generatedAt: clock.timestamp, findings: findings, notes: notes,
                            failOn: report.failOn, showSuppressed: report.showSuppressed,
                            coverage: Coverage(sources: whole ? ["secrets"] : [], folder: whole ? SourceRoot.locate(project.folder).prefix : nil),
                            sourceRoot: path == "-" ? nil : SourceRoot.locate(project.folder))
        try report.emit(output)
        if staged && !output.failingFindings.isEmpty { printError(HookCommand.blockedAdvice(output.failingFindings)) }
        try report.conclude(output, assessed: outcome.filesScanned)
    }
}

extension SecretsScanCommand {
    /// The level `--min-confidence` names, in any case.
    static func confidence(_ text: String) throws(ValidationError) -> Confidence {
        guard let level = Confidence(rawValue: text.lowercased()) else {
            throw ValidationError("invalid confidence '\(text)': use low, medium or high")
        }
        return level
    }
}

/// Sizes written as `32M`, `1G`, `500K` or plain bytes.
enum ByteSize {
    static func parse(_ text: String) throws(ValidationError) -> Int {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = text.uppercased()
        var multiplier = 1
        if digits.hasSuffix("B") { digits.removeLast() }
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits.removeLast()
        }
        guard let number = Int(digits), number > 0, number <= Int.max / multiplier else {
            throw ValidationError("invalid size '\(text)': use bytes or a number with K, M or G (e.g. 32M)")
        }
        return number * multiplier
    }
}

extension TriageState: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// `anshin triage FINGERPRINT [FOLDER] --state …` (also `anshin secrets triage`): records a
/// decision in the project's `.anshin/suppressions.yml`.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Record a triage decision for a finding (by the fingerprint reports print) in .anshin/suppressions.yml.",
        discussion: """
        The decision is written at the project root (the folder of anshin.yml, else the top of the git \
        repository), from any folder inside it, so every command run anywhere in the project applies it. \
        Triaging a fingerprint again updates its entry. The fingerprint must be one the last scans of this \
        project reported (each scan keeps its findings in .anshin/cache/, which git ignores); a unique \
        prefix of at least \(TriageCommand.minimumPrefix) hex digits is enough. --force records a full \
        fingerprint that no scan has reported yet.
        """
    )

    @Argument(help: "The finding's fingerprint, as reports print it (or a unique prefix of it).")
    var fingerprint: String

    @OptionGroup var folder: FolderOptions

    @Option(help: ArgumentHelp("The decision.", valueName: "state"))
    var state: TriageState

    @Option(help: "Why; reviewers read it.")
    var reason: String

    @Option(help: "Who decided (default: git config user.email).")
    var author: String?

    @Option(help: ArgumentHelp("Last day the decision holds (YYYY-MM-DD, today or later).", valueName: "date"))
    var expires: String?

    @Flag(help: "Record a full fingerprint that no recorded scan of this project reported.")
    var force = false

    static let minimumPrefix = 6
    static let fullLength = 32

    func validate() throws {
        let hex = fingerprint.lowercased()
        guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit) else {
            throw ValidationError("'\(fingerprint)' is not a fingerprint: fingerprints are \(Self.fullLength) hex digits, as reports print them")
        }
        guard hex.count <= Self.fullLength else {
            throw ValidationError("'\(fingerprint)' is too long for a fingerprint (\(Self.fullLength) hex digits)")
        }
        guard hex.count >= Self.minimumPrefix else {
            throw ValidationError("'\(fingerprint)' is too short: give the whole fingerprint, or at least \(Self.minimumPrefix) of its hex digits")
        }
        if force && hex.count < Self.fullLength {
            throw ValidationError("--force records only a whole fingerprint (\(Self.fullLength) hex digits); '\(fingerprint)' has \(hex.count)")
        }
        if let expires, !Day.isValid(expires) { throw ValidationError("--expires wants YYYY-MM-DD, got '\(expires)'") }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        let project = try Workspace.project(folder.path)
        let clock = try Clock.current()
        if let expires, expires < clock.today {
            throw ValidationError("--expires \(expires) is in the past (today is \(clock.today)): the decision would never hold")
        }
        let (target, known) = try Self.resolve(fingerprint.lowercased(), in: LastScan.load(root: project.root), force: force,
                                               inProject: project.isProject)
        let who = author ?? (try? GitRepository(at: project.folder))?.config("user.email") ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        var entry = Suppression(fingerprint: target, state: state, reason: reason, author: who, expires: expires)
        if let known {
            entry.summary = ["\(known.rule) (\(known.severity)): \(known.title)"] + (known.place.map { ["at \($0)"] } ?? [])
        } else {
            entry.summary = ["recorded with --force: no scan of this project had reported it"]
        }
        let file = project.display(Suppressions.defaultPath)
        switch try Suppressions.record(entry, root: project.root) {
        case .added:
            print("recorded \(state.rawValue) for \(target) in \(file)")
        case .updated(let previous):
            print("updated \(target) in \(file): \(previous.state.rawValue) → \(state.rawValue)")
        }
        if let known { print("  \(known.rule): \(known.title)\(known.place.map { " at \($0)" } ?? "")") }
        for note in project.strayNotes { printError("warning: \(note.message)") }
    }

    /// The whole fingerprint `text` names among the findings the last scans reported, and that
    /// finding; with `force`, a whole fingerprint no scan reported stands for itself.
    static func resolve(_ text: String, in scans: LastScan, force: Bool,
                        inProject: Bool = true) throws(ConfigurationError) -> (String, LastScan.Entry?) {
        let matches = scans.entries(matching: text)
        if matches.count == 1 { return (matches[0].fingerprint, matches[0]) }
        if matches.count > 1 {
            let listed = matches.prefix(5).map { "  \($0.fingerprint)  \($0.rule)\($0.place.map { " at \($0)" } ?? "")" }
            throw ConfigurationError(field: "fingerprint", message: "'\(text)' matches \(matches.count) findings; give more digits:\n"
                                     + listed.joined(separator: "\n") + (matches.count > 5 ? "\n  …" : ""))
        }
        if force { return (text, nil) }
        let scope = !inProject
            ? "scans are recorded only inside a project (a git repository, or a folder with anshin.yml), and this folder is in none"
            : scans.isEmpty
            ? "no scan of this project has been recorded yet; run the scan that reported it (anshin assess, audit or secrets scan) first"
            : "no finding of the last scans of this project (\(scans.scopes.prefix(4).joined(separator: "; "))) has it; check the fingerprint, or scan again"
        throw ConfigurationError(field: "fingerprint", message: "'\(text)' matches nothing: \(scope), or pass --force with the whole fingerprint to record it anyway")
    }
}

/// `anshin secrets hook install|uninstall`: the git pre-commit hook that scans staged changes.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Manage the git pre-commit hook that blocks commits with secrets.",
        subcommands: [Install.self, Uninstall.self]
    )

    static let marker = "anshin-secrets-hook"

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Write a pre-commit hook that runs `anshin secrets scan --staged`.",
            discussion: """
            The hook calls `anshin` from PATH, or the program given with --anshin (checked now), or $ANSHIN \
            when set at commit time. When none can be found it stops the commit and says what to do.
            """
        )

        @OptionGroup var folder: FolderOptions

        @Option(help: ArgumentHelp("The anshin program the hook runs (default: anshin, found on PATH at commit time).",
                                   valueName: "program"), completion: .file())
        var anshin: String?

        @Flag(help: "Replace an existing pre-commit hook that anshin did not write (it is kept, and put back by uninstall).")
        var force = false

        func run() throws {
            let root = try Workspace.root(folder.path)
            var program = "anshin"
            if let anshin {
                guard FileManager.default.isExecutableFile(atPath: anshin) else {
                    throw ConfigurationError(field: "--anshin", message: "\(anshin) is not an executable program")
                }
                program = URL(fileURLWithPath: anshin).standardizedFileURL.path
            }
            do {
                let repository = try GitRepository(at: root)
                let hook = try repository.installHook("pre-commit", script: HookCommand.script(program: program),
                                                      marker: HookCommand.marker, force: force)
                print("installed \(hook.path)")
            } catch {
                throw ConfigurationError(path: folder.path, message: error.message)
            }
            if anshin == nil, Subprocess.find("anshin") == nil {
                printError("warning: anshin is not on PATH here, so the hook will stop commits until it is; put it on PATH or install again with --anshin PROGRAM")
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove the pre-commit hook that install wrote (and put back the one it replaced); any other hook stays."
        )

        @OptionGroup var folder: FolderOptions

        func run() throws {
            let root = try Workspace.root(folder.path)
            do {
                let repository = try GitRepository(at: root)
                switch try repository.uninstallHook("pre-commit", marker: HookCommand.marker) {
                case .absent: print("no pre-commit hook is installed")
                case .removed(let restored): print(restored ? "removed anshin's pre-commit hook and put back the one it had replaced" : "removed anshin's pre-commit hook")
                }
            } catch {
                throw ConfigurationError(path: folder.path, message: error.message)
            }
        }
    }

    /// The hook: `program` (or $ANSHIN), scanning what is staged; when it cannot be found, the
    /// commit stops with what to do.
    static func script(program: String) -> String {
        """
        #!/bin/sh
        # \(marker): blocks commits that add secrets. Written by `anshin secrets hook install`;
        # remove it with `anshin secrets hook uninstall`. Bypass once (not recommended): git commit --no-verify
        ANSHIN="${ANSHIN:-\(program)}"
        if ! command -v "$ANSHIN" >/dev/null 2>&1; then
          echo "anshin pre-commit hook: cannot find '$ANSHIN', so the staged changes were not scanned for secrets." >&2
          echo "  Install anshin on PATH (or set ANSHIN=/path/to/anshin), or run: anshin secrets hook install --anshin /path/to/anshin" >&2
          echo "  To commit without the scan once: git commit --no-verify; to remove the hook: anshin secrets hook uninstall" >&2
          exit 1
        fi
        exec "$ANSHIN" secrets scan --staged --color never .

        """
    }

    /// What a blocked committer reads: which secret, where, and the ways forward.
    static func blockedAdvice(_ findings: [Finding]) -> String {
        var lines = ["", "anshin: commit blocked: \(findings.count) secret\(findings.count == 1 ? "" : "s") in the staged changes."]
        for finding in findings {
            lines.append("  \(finding.location.map { "\($0.path):\($0.line ?? 0)" } ?? "?")  \(finding.ruleID)  fingerprint \(finding.fingerprint)")
        }
        lines += [
            "To go on:",
            "  - remove the secret from the file and keep it in a secret store (e.g. SSM Parameter Store), then revoke it if it was ever pushed;",
            "  - or, if it is not a real secret, add `anshin:allow` in a comment on that line,",
            "    or record it: anshin secrets triage <fingerprint> --state false-positive --reason \"...\"",
        ]
        return lines.joined(separator: "\n")
    }
}

/// `anshin secrets rules`: the rules the scanner knows.
struct SecretsRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules",
                                                    abstract: "List the secret detection rules (anshin rules --source secrets).")

    func run() throws {
        let rules = RuleCatalog.rules
        print(RuleListing.table(rules, total: rules.count), terminator: "")
    }
}
