import AnshinCore
import AnshinLogs
import AnshinTerraform
import AnshinStore
import ArgumentParser
import Foundation

/// The `anshin` command: parses arguments, resolves them into library calls, picks reporters and
/// maps outcomes to the documented exit codes. It holds no logic of its own.
@main
struct AnshinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anshin",
        abstract: "The first SRE's toolkit: assess a repository and its AWS accounts, findings labelled by Well-Architected pillar.",
        discussion: """
        Exit codes:
          0  no finding at or above --fail-on (default: high)
          1  findings at or above --fail-on
          2  usage or configuration error
          3  internal or environment failure (a network or service that cannot be reached)
        """,
        version: Anshin.version,
        subcommands: [AssessCommand.self, AuditCommand.self, SecretsCommand.self, TriageCommand.self, IssuesCommand.self, EnvsCommand.self,
                      LogsCommand.self, RibbonCommand.self, DiagramCommand.self, RulesCommand.self, ExplainCommand.self,
                      TerraformCommand.self, ParamsCommand.self, MonitorCommand.self]
    )

    /// Why `arguments` (without the program name) name no command, with the nearest command
    /// names; nil when they do. ArgumentParser alone reads `anshin asess` as an unexpected
    /// argument and `anshin help nosuch` as a request for the main help.
    static func unknownCommand(in arguments: [String]) -> String? {
        unknownCommand(in: arguments, fileExists: Self.fileExists, environments: Self.environmentsHere)
    }

    static func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The environments of the project around the current folder (its catalog, or inferred).
    static func environmentsHere() -> [String] {
        TerraformRunCommand.knownEnvironments(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// ``unknownCommand(in:)`` with the file system and the environments given, for tests;
    /// `environments` is asked only when a word names no command.
    static func unknownCommand(in arguments: [String], fileExists: (String) -> Bool,
                               environments: () -> [String] = { [] }) -> String? {
        var words = arguments
        let asksHelp = words.first == "help"
        if asksHelp { words.removeFirst() }
        var command: any ParsableCommand.Type = AnshinCommand.self
        var path = "anshin"
        for word in words {
            if word.hasPrefix("-") { break }
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty { break }
            let names = subcommands.map { Self.name(of: $0) }
            if let index = names.firstIndex(of: word) {
                command = subcommands[index]
                path += " " + word
                continue
            }
            if command.configuration.defaultSubcommand != nil, !asksHelp {
                // `anshin tf ENV …` takes an environment first, and any name can be one (`dr` is
                // two edits from `diff`): the wrapper itself says whether a word is neither.
                if command == TerraformCommand.self { break }
                // `anshin secrets DIR` scans DIR: only a word that is no file and looks like a
                // mistyped command is one.
                if fileExists(word) { break }
                guard let nearest = Suggestion.closest(to: word, in: names) else { break }
                return "unknown command '\(path) \(word)'; did you mean '\(path) \(nearest)'?"
            }
            var message = "unknown command '\(path) \(word)'"
            if !asksHelp, environments().contains(word) {
                // `anshin params stg list`: an environment where the command belongs, not a typo of `set`.
                message += "; \(word) is an environment: name the command first ('\(path) COMMAND \(word)')"
            } else if let nearest = Suggestion.closest(to: word, in: names) {
                message += "; did you mean '\(path) \(nearest)'?"
            }
            return message + " (commands: \(names.joined(separator: ", ")); see '\(path) --help')"
        }
        return nil
    }

    /// The name a command is called by.
    static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }

    /// Runs the command and exits with the documented codes (ArgumentParser alone would use 64 for usage errors).
    static func main() async {
        if let problem = unknownCommand(in: Array(CommandLine.arguments.dropFirst())) {
            printError("error: \(problem)")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // Help and --version exit 0; every parse or validation error is a usage error.
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
            Foundation.exit(ExitStatus.clean.rawValue)
        } catch {
            // `--help` on a subcommand surfaces here as an error that means success.
            if !(error is ExitStatus), exitCode(for: error) == .success { exit(withError: error) }
            Foundation.exit(ExitStatus.report(error).rawValue)
        }
    }
}

/// The exit codes of every command, documented in `--help` and the README.
enum ExitStatus: Int32, Error {
    case clean = 0
    case findings = 1
    case usage = 2
    case internalError = 3

    /// Prints what the user must know about `error` and says how to exit.
    static func report(_ error: any Error) -> ExitStatus {
        switch error {
        case let status as ExitStatus:
            return status
        case let error as ConfigurationError:
            printError("error: \(error)")
            return .usage
        case let error as LogConfigurationError:
            printError("error: \(error)")
            return .usage
        case let error as EnvironmentError:
            printError("error: \(error.message)")
            return .internalError
        case let error as MailError:
            printError("error: \(error)")
            return .usage
        case let error as StoreError:
            printError("error: \(error)")
            return error.kind == .location ? .usage : .internalError
        case let error as WrapperError:
            printError("error: \(error.message)")
            return error.exitStatus == 1 ? .findings : error.exitStatus == 2 ? .usage : .internalError
        case let code as ExitCode:
            return code == .success ? .clean : (code == .validationFailure ? .usage : .internalError)
        case is CleanExit:
            return .clean
        default:
            if AnshinCommand.exitCode(for: error) == .validationFailure {
                printError(AnshinCommand.fullMessage(for: error))
                return .usage
            }
            printError("internal error: \(error)")
            return .internalError
        }
    }
}

/// A failure of what anshin runs on, not of what the user asked: a network or service that
/// could not be reached or answered wrongly. Exit code 3.
struct EnvironmentError: Error {
    var message: String
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
