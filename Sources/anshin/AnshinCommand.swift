import AnshinCore
import AnshinLogs
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
          3  internal error
        """,
        version: Anshin.version,
        subcommands: [AssessCommand.self, AuditCommand.self, SecretsCommand.self, TriageCommand.self, IssuesCommand.self, EnvsCommand.self,
                      LogsCommand.self, RibbonCommand.self, DiagramCommand.self]
    )

    /// Runs the command and exits with the documented codes (ArgumentParser alone would use 64 for usage errors).
    static func main() async {
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

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
