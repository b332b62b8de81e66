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

    @Argument(help: "Folder, repository or file to scan, or '-' for standard input.", completion: .file())
    var path: String = "."

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

    @Option(help: ArgumentHelp("An earlier JSON report: report only incidents it does not contain.", valueName: "file"))
    var baseline: String?

    @OptionGroup var report: ReportOptions

    func validate() throws {
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
        var root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        // A single file is scanned as the only file of its folder, whose settings apply.
        var file: String?
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            if history || staged { throw ValidationError("--history and --staged need a repository folder, not the file \(path)") }
            let url = URL(fileURLWithPath: path).standardizedFileURL
            root = url.deletingLastPathComponent()
            file = url.lastPathComponent
        } else if path != "-" {
            root = try Workspace.root(path)
        }
        let detector = try Detector.including(try EnvironmentCatalog.load(root: root).secretRules)
        let scanner = SecretScanner(detector: detector, options: options)
        let outcome: ScanOutcome
        do {
            let target: SecretScanTarget
            if path == "-" {
                target = .standardInput
            } else if history || staged {
                let repository = try GitRepository(at: root)
                target = history ? .history(repository, excluding: since) : .staged(repository)
                root = repository.root
            } else if let file {
                target = .file(name: file, folder: root)
            } else {
                target = .folder(root)
            }
            outcome = try scanner.scan(target)
        } catch let error as GitError {
            throw ConfigurationError(path: path, message: error.message)
        }
        let confident = outcome.findings(detector: detector).filter { ($0.confidence ?? .high) >= threshold }
        var findings = try Suppressions.load(root: root).apply(to: confident, today: clock.today)
        if let baseline {
            let known = try Baseline.fingerprints(in: baseline)
            findings.removeAll { known.contains($0.fingerprint) }
        }
        let output = Report(target: path, generatedAt: clock.timestamp, findings: findings, notes: outcome.notes,
                            failOn: report.failOn, showSuppressed: report.showSuppressed)
        try report.emit(output)
        if !output.failingFindings.isEmpty {
            if staged { printError(HookCommand.blockedAdvice(output.failingFindings)) }
            throw ExitStatus.findings
        }
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

/// `anshin triage FINGERPRINT --state …` (also `anshin secrets triage`): records a decision in `.anshin/suppressions.yml`.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Record a triage decision for a finding (by the fingerprint reports print) in .anshin/suppressions.yml."
    )

    @Argument(help: "The finding's fingerprint, as reports print it.")
    var fingerprint: String

    @Option(help: ArgumentHelp("resolved, revoked, test-credential, false-positive or low-risk.", valueName: "state"))
    var state: String

    @Option(help: "Why; reviewers read it.")
    var reason: String

    @Option(help: "Who decided (default: git config user.email).")
    var author: String?

    @Option(help: ArgumentHelp("Last day the decision holds (YYYY-MM-DD).", valueName: "date"))
    var expires: String?

    @Option(help: "The repository root holding .anshin/.", completion: .directory)
    var root: String = "."

    func validate() throws {
        guard TriageState(rawValue: state) != nil else {
            throw ValidationError("unknown state '\(state)' (allowed: \(TriageState.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let hex = fingerprint.lowercased()
        guard hex.count >= 8, hex.allSatisfy(\.isHexDigit) else {
            throw ValidationError("'\(fingerprint)' is not a fingerprint (hex digits, as reports print it)")
        }
        if let expires, !Day.isValid(expires) { throw ValidationError("--expires wants YYYY-MM-DD, got '\(expires)'") }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        let folder = try Workspace.root(root)
        let who = author ?? (try? GitRepository(at: folder))?.config("user.email") ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let entry = Suppression(fingerprint: fingerprint.lowercased(), state: TriageState(rawValue: state)!, reason: reason,
                                author: who, expires: expires)
        try Suppressions.append(entry, root: folder)
        print("recorded \(state) for \(fingerprint.lowercased()) in \(Suppressions.defaultPath)")
    }
}

/// `anshin secrets hook install`: a git pre-commit hook that scans staged changes.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Manage the git pre-commit hook that blocks commits with secrets.",
        subcommands: [Install.self]
    )

    static let marker = "anshin-secrets-hook"

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Write a pre-commit hook that runs `anshin secrets scan --staged`."
        )

        @Argument(help: "The repository.", completion: .directory)
        var path: String = "."

        @Flag(help: "Replace an existing pre-commit hook that anshin did not write.")
        var force = false

        func run() throws {
            let root = try Workspace.root(path)
            do {
                let repository = try GitRepository(at: root)
                let hook = try repository.installHook("pre-commit", script: HookCommand.script(binary: HookCommand.currentBinary()),
                                                      marker: HookCommand.marker, force: force)
                print("installed \(hook.path)")
            } catch {
                throw ConfigurationError(path: path, message: error.message)
            }
        }
    }

    /// The hook: the binary that installed it (or `anshin` on PATH), scanning what is staged.
    static func script(binary: String) -> String {
        """
        #!/bin/sh
        # \(marker): blocks commits that add secrets. Written by `anshin secrets hook install`.
        # Bypass once (not recommended): git commit --no-verify
        ANSHIN="${ANSHIN:-\(binary)}"
        if ! command -v "$ANSHIN" >/dev/null 2>&1; then ANSHIN=anshin; fi
        exec "$ANSHIN" secrets scan --staged --color never .

        """
    }

    static func currentBinary() -> String {
        let argument = CommandLine.arguments.first ?? "anshin"
        guard argument.contains("/") else { return argument }
        return URL(fileURLWithPath: argument).standardizedFileURL.resolvingSymlinksInPath().path
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
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List the secret detection rules.")

    func run() throws {
        let rules = RuleCatalog.all
        let width = rules.map(\.id.count).max() ?? 0
        for rule in rules {
            print(rule.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + rule.severity.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + rule.title)
        }
        print("\(rules.count) rules")
    }
}
