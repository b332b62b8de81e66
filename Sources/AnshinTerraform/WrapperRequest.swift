/// `anshin tf ENV COMMAND [ARGS…]` as typed: the environment, the Terraform command, anshin's own
/// options, and the arguments that go to Terraform unchanged.
///
/// anshin's options are recognised anywhere before a `--`: `-C DIR` (or `--chdir DIR`) runs in
/// another directory, `--all` runs in every stack of the environment, `--yes` confirms a
/// protected environment without typing its name. Everything else, and everything after `--`,
/// goes to Terraform in order. Terraform's own flags take a single dash and none of them is
/// spelled like these.
public struct WrapperRequest: Sendable, Equatable {
    public var environment: String
    public var command: String
    /// Terraform's arguments after the command, anshin's options removed.
    public var arguments: [String]
    /// `-C DIR`: where to start instead of the current directory.
    public var directory: String?
    /// `--all`: the environment's root module and every independent stack.
    public var all: Bool
    /// `--yes`: no typed confirmation for a protected environment.
    public var assumeYes: Bool

    public init(environment: String, command: String, arguments: [String] = [], directory: String? = nil,
                all: Bool = false, assumeYes: Bool = false) {
        self.environment = environment
        self.command = command
        self.arguments = arguments
        self.directory = directory
        self.all = all
        self.assumeYes = assumeYes
    }

    /// The usage text, in the shape of the shell wrapper it replaces.
    public static func usage(environments: [String]) -> String {
        let known = environments.isEmpty ? "none found here" : environments.joined(separator: "/")
        return """
            Usage: [TF_SKIP_INIT=boolean ] anshin tf [-help] <env> <command> [args]

              env          : environment [\(known)] (<env>.tfvars and <env>.tfbackend, or anshin.yml)
              command      : terraform command [plan/apply/state/...]
              args         : subcommand [e.g. state "mv"] and terraform command options (see : terraform <command> -help)
              TF_SKIP_INIT : skip "terraform init"

            Options of anshin, anywhere before a "--" (what follows "--" goes to terraform as is):
              -C DIR       : run in the stack in DIR (a sub-stack such as metabase) instead of the current directory
              --all        : run in the environment's root module and every sub-stack, then summarise
              --yes        : do not ask for a protected environment's name (for automation; required when CI=true)

            Other commands: anshin tf doctor | anshin tf diff ENV ENV | anshin tf atlantis

            """
    }

    /// Whether the arguments ask for help (`-help`, `--help`, `-h` first, as the shell wrapper took them).
    public static func asksForHelp(_ arguments: [String]) -> Bool {
        guard let first = arguments.first else { return false }
        return ["-help", "--help", "-h", "help"].contains(first)
    }

    /// Parses the arguments after `anshin tf`.
    public static func parse(_ arguments: [String]) throws(WrapperError) -> WrapperRequest {
        var positional: [String] = []
        var passthrough: [String] = []
        var directory: String?
        var all = false, assumeYes = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                passthrough += arguments[index...]
                break
            }
            switch argument {
            case "--all": all = true; continue
            case "--yes": assumeYes = true; continue
            case "-C", "--chdir":
                guard index < arguments.count, !arguments[index].isEmpty else {
                    throw .usage("\(argument) needs a directory, as in: anshin tf prd plan -C metabase")
                }
                directory = arguments[index]
                index += 1
                continue
            default: break
            }
            if let value = argument.removingPrefix("-C=") ?? argument.removingPrefix("--chdir=") {
                guard !value.isEmpty else { throw .usage("\(argument) needs a directory") }
                directory = value
                continue
            }
            if positional.count < 2 {
                if argument.hasPrefix("-") {
                    throw .usage(positional.isEmpty
                                 ? "expected an environment before \"\(argument)\""
                                 : "expected a terraform command before \"\(argument)\" (use -C DIR rather than terraform's -chdir)")
                }
                positional.append(argument)
            } else {
                passthrough.append(argument)
            }
        }
        guard positional.count == 2 else {
            throw .usage(positional.isEmpty ? "missing <env> and <command>" : "missing <command> after \(positional[0])")
        }
        return WrapperRequest(environment: positional[0], command: positional[1], arguments: passthrough,
                              directory: directory, all: all, assumeYes: assumeYes)
    }
}

extension String {
    func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
