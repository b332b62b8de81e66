import AnshinAWS
import AnshinCore
import AnshinHCL
import AnshinTerraform
import ArgumentParser
import Foundation

/// `anshin params …`: secrets in SSM Parameter Store, one folder per environment.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "Keep secrets in SSM Parameter Store as SecureStrings, /<project>/<env>/<name>: set, get, list, diff, exec, import-envrc.",
        discussion: """
        The path template is params.path in anshin.yml (default /{project}/{env}/{name}); SecureStrings are encrypted \
        with params.kms_key (default alias/aws/ssm). Each environment's parameters are read with its aws profile and \
        first region from anshin.yml. Values are never printed in full.
        """,
        subcommands: [ParamsSetCommand.self, ParamsGetCommand.self, ParamsListCommand.self, ParamsDiffCommand.self,
                      ParamsExecCommand.self, ParamsImportCommand.self]
    )
}

/// The options every `params` command shares, and what they resolve to.
struct ParameterOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("path"), .customLong("root")],
            help: ArgumentHelp("The repository root, where anshin.yml is.", valueName: "dir"), completion: .directory)
    var path: String = "."

    @Option(help: ArgumentHelp("The AWS profile (default: the environment's in anshin.yml).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("The AWS region (default: the environment's first in anshin.yml).", valueName: "region"))
    var region: String?

    func validate() throws {
        if let region, !AWSTarget.isValidRegion(region) { throw ValidationError("\"\(region)\" is not an AWS region name (like ap-northeast-1)") }
    }

    /// The workspace root, its catalog and the path template.
    func context() throws -> (root: URL, catalog: EnvironmentCatalog, paths: ParameterPath) {
        let root = try Workspace.root(path)
        let catalog = try EnvironmentCatalog.load(root: root)
        let paths = ParameterPath(catalog: catalog, root: root)
        return (root, catalog, paths)
    }

    /// A store reaching environment `name`'s account.
    func store(_ catalog: EnvironmentCatalog, environment name: String) throws -> ParameterStore {
        let environment = catalog.origin == .inferred && catalog[name] == nil ? Environment(name: name)
            : try catalog.environment(named: name, field: "ENV")
        do {
            let client = try AWSClient.configured(profile: profile ?? environment.aws?.profile,
                                                  region: region ?? environment.aws?.regions.first)
            return ParameterStore(client: client)
        } catch {
            throw ParameterFailure(error)
        }
    }

    /// The KMS key SecureStrings are encrypted with.
    func kmsKey(_ catalog: EnvironmentCatalog, option: String?) -> String {
        option ?? catalog.parameters.kmsKey ?? ParameterSettings.defaultKMSKey
    }
}

/// An AWS failure of a `params` command, mapped to the documented exit codes: 2 for missing or
/// refused credentials and unknown regions (something to configure), 3 for the rest.
struct ParameterFailure: Error {
    let error: AWSError

    init(_ error: AWSError) { self.error = error }

    var status: ExitStatus {
        switch error.kind {
        case .credentials, .invalidCredentials, .unknownRegion: .usage
        default: .internalError
        }
    }
}

/// Runs an AWS call of a `params` command, reporting its failure and exiting as documented.
func parameterCall<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let failure as ParameterFailure {
        printError("error: \(failure.error.description)")
        throw failure.status
    } catch let error as AWSError {
        printError("error: \(error.description)")
        throw ParameterFailure(error).status
    }
}

struct ParamsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a parameter to a value read from standard input, or typed without being shown; never from the command line.",
        discussion: "echo -n \"$VALUE\" | anshin params set stg SENDGRID_API_KEY, or run it in a terminal and type the value."
    )

    @Argument(help: "The environment.") var environment: String
    @Argument(help: "The parameter's name below the environment's folder (letters, digits, _ . - /).") var name: String
    @Option(help: ArgumentHelp("The KMS key of the SecureString (default: params.kms_key, else alias/aws/ssm).", valueName: "key"))
    var kmsKey: String?
    @OptionGroup var options: ParameterOptions

    func run() async throws {
        try ParameterPath.validate(name: name)
        let (_, catalog, paths) = try options.context()
        let store = try await parameterCall { try options.store(catalog, environment: environment) }
        let path = paths.path(environment: environment, name: name)
        let value: String
        if Terminal.isTerminal(STDIN_FILENO) {
            Terminal.prompt("Value for \(path) (not shown): ")
            value = Terminal.readHiddenLine() ?? ""
        } else {
            value = Terminal.readAll()
        }
        guard !value.isEmpty else {
            printError("error: no value given for \(path): pipe it to standard input or type it at the prompt")
            throw ExitStatus.usage
        }
        let key = options.kmsKey(catalog, option: kmsKey)
        let version = try await parameterCall { try await store.put(path, value: value, kmsKey: key, overwrite: true) }
        print("\(path): SecureString version \(version), encrypted with \(key), value \(Redaction.redact(value))")
    }
}

struct ParamsGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show a parameter: type, key, version, when it changed, and its value redacted (or that it is still the placeholder)."
    )

    @Argument(help: "The environment.") var environment: String
    @Argument(help: "The parameter's name below the environment's folder.") var name: String
    @OptionGroup var options: ParameterOptions

    func run() async throws {
        try ParameterPath.validate(name: name)
        let (_, catalog, paths) = try options.context()
        let store = try await parameterCall { try options.store(catalog, environment: environment) }
        let path = paths.path(environment: environment, name: name)
        guard let parameter = try await parameterCall({ try await store.get(path) }) else {
            printError("no parameter \(path)")
            throw ExitStatus.findings
        }
        var key: String?
        if parameter.type == "SecureString" { key = try await parameterCall { try await store.keyID(of: path) } }
        var lines = [path, "  type      \(parameter.type)" + (key.map { " (key \($0))" } ?? "")]
        lines.append("  version   \(parameter.version)")
        if let modified = parameter.lastModified { lines.append("  modified  \(modified)") }
        lines.append("  value     " + (parameter.isPlaceholder
                                      ? "\(ParameterStore.placeholder) (placeholder: set it with anshin params set \(environment) \(name))"
                                      : Redaction.redact(parameter.value)))
        print(lines.joined(separator: "\n"))
    }
}

struct ParamsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List an environment's parameters, marking those still holding the \"dummy\" placeholder."
    )

    @Argument(help: "The environment.") var environment: String
    @Option(name: [.customShort("f"), .customLong("format")],
            help: ArgumentHelp("Output format: text, or json (names, types, versions, placeholders; never values).", valueName: "format"))
    var format: EnvsCommand.ListingFormat = .text
    @Flag(help: ArgumentHelp("The same as --format json.", visibility: .hidden)) var json = false
    @Flag(help: "Exit with 1 when a parameter still holds the placeholder.") var check = false
    @OptionGroup var options: ParameterOptions

    func run() async throws {
        let (_, catalog, paths) = try options.context()
        let store = try await parameterCall { try options.store(catalog, environment: environment) }
        let parameters = try await parameterCall { try await store.list(below: paths.prefix(environment: environment)) }
        print(json || format == .json ? ParameterListing.json(parameters, environment: environment, paths: paths)
                   : ParameterListing.table(parameters, environment: environment, paths: paths), terminator: "")
        if check && parameters.contains(where: \.isPlaceholder) { throw ExitStatus.findings }
    }
}

struct ParamsDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two environments' parameter names: those only one has, and placeholders only one still holds. Exits 1 when they differ."
    )

    @Argument(help: "The first environment.") var left: String
    @Argument(help: "The second environment.") var right: String
    @OptionGroup var options: ParameterOptions

    func run() async throws {
        let (_, catalog, paths) = try options.context()
        let leftStore = try await parameterCall { try options.store(catalog, environment: left) }
        let rightStore = try await parameterCall { try options.store(catalog, environment: right) }
        let a = try await parameterCall { try await leftStore.list(below: paths.prefix(environment: left)) }
        let b = try await parameterCall { try await rightStore.list(below: paths.prefix(environment: right)) }
        let differences = ParameterListing.differences(a, b, leftEnvironment: left, rightEnvironment: right, paths: paths)
        print(ParameterListing.render(differences, left: left, right: right), terminator: "")
        if !differences.isEmpty { throw ExitStatus.findings }
    }
}

struct ParamsExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with an environment's parameters as environment variables (db/password becomes DB_PASSWORD).",
        discussion: "anshin params exec stg -- bin/rails server. The command's exit status is passed through."
    )

    @Argument(help: "The environment.") var environment: String
    @Argument(parsing: .postTerminator, help: "-- and the command to run.") var command: [String] = []
    @OptionGroup var options: ParameterOptions

    func validate() throws {
        if command.isEmpty { throw ValidationError("give the command after --, as in: anshin params exec stg -- env") }
    }

    func run() async throws {
        let (_, catalog, paths) = try options.context()
        let store = try await parameterCall { try options.store(catalog, environment: environment) }
        let parameters = try await parameterCall { try await store.list(below: paths.prefix(environment: environment)) }
        var variables: [String: String] = [:]
        var sources: [String: String] = [:]
        for parameter in parameters {
            let name = paths.name(of: parameter.path, environment: environment) ?? parameter.path
            let variable = ParameterPath.environmentVariable(for: name)
            if let other = sources[variable] {
                printError("error: \(other) and \(name) would both be \(variable)")
                throw ExitStatus.usage
            }
            sources[variable] = name
            variables[variable] = parameter.value
            if parameter.isPlaceholder { printError("warning: \(variable) (\(parameter.path)) still holds the placeholder \"\(ParameterStore.placeholder)\"") }
        }
        let child = Subprocess(command[0], Array(command.dropFirst()),
                               environment: ProcessInfo.processInfo.environment.merging(variables) { $1 },
                               standardInput: .inherit, standardOutput: .inherit, standardError: .inherit)
        let termination: Termination
        do {
            termination = try child.runForwardingSignals()
        } catch {
            printError("error: \(error.description)")
            Foundation.exit(error.isMissing ? 127 : 126)
        }
        Foundation.exit(termination.shellStatus)
    }
}

struct ParamsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-envrc",
        abstract: "Move the TF_VAR_ secrets of an .envrc into Parameter Store, take them out of the file, and print the Terraform that reads them.",
        discussion: "The Terraform goes to standard output (anshin params import-envrc .envrc stg > ssm-inputs.tf); what was moved, to standard error."
    )

    @Argument(help: "The .envrc file.", completion: .file()) var file: String
    @Argument(help: "The environment whose parameters receive the values.") var environment: String
    @Flag(help: "Replace parameters that already hold another value (placeholders are always replaced).") var overwrite = false
    @Flag(help: "Leave the file as it is.") var keep = false
    @Flag(help: "Write nothing anywhere; say what would happen.") var dryRun = false
    @Option(help: ArgumentHelp("The KMS key of the SecureStrings (default: params.kms_key, else alias/aws/ssm).", valueName: "key"))
    var kmsKey: String?
    @OptionGroup var options: ParameterOptions

    func run() async throws {
        let (root, catalog, paths) = try options.context()
        let url = URL(fileURLWithPath: file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigurationError(path: file, message: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let parsed = EnvrcFile.parse(text)
        let store = try await parameterCall { try options.store(catalog, environment: environment) }
        let key = options.kmsKey(catalog, option: kmsKey)
        let result = try await parameterCall {
            try await EnvrcImport.run(parsed, environment: environment, paths: paths, store: store, kmsKey: key,
                                      overwrite: overwrite, dryRun: dryRun)
        }
        for item in result.items {
            let what: String
            switch item.outcome {
            case .stored(let version): what = "moved to \(item.path) (SecureString version \(version), \(key))"
            case .alreadyThere: what = "already in \(item.path)"
            case .keptExisting: what = "not moved: \(item.path) holds another value (--overwrite replaces it)"
            case .wouldStore: what = "would move to \(item.path)"
            }
            printError("TF_VAR_\(item.variable) (line \(item.lines.lowerBound)): \(what)")
        }
        for skipped in result.skipped {
            printError("\(skipped.name) (line \(skipped.line)) skipped: \(skipped.reason); set it with anshin params set \(environment) \(skipped.name.dropFirst(7))")
        }
        if result.items.isEmpty { printError("no TF_VAR_ assignment with a literal value in \(file)") }
        if !keep && !dryRun {
            let rewritten = EnvrcImport.removing(result.items, from: text)
            if rewritten != text {
                try Self.replace(url, with: rewritten)
                printError("removed the moved variables from \(file)")
            }
        }
        print(EnvrcImport.terraform(for: result.items, environment: environment, paths: paths,
                                    workspace: TerraformWorkspace(root: root, catalog: catalog)), terminator: "")
    }

    /// Replaces the file's content in one step (a new file renamed over it, so a failure leaves
    /// the old content whole), keeping its permissions (an `.envrc` is often 0600). A symbolic
    /// link is kept and its target rewritten.
    static func replace(_ url: URL, with text: String) throws {
        let url = url.resolvingSymlinksInPath()
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).anshin-\(UUID().uuidString.prefix(8))")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8),
                                                 attributes: [.posixPermissions: attributes?[.posixPermissions] ?? 0o600]) else {
                throw ConfigurationError(path: url.path, message: "cannot write beside it")
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw ConfigurationError(path: url.path, message: "cannot rewrite: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
