import Foundation

/// What anshin knows about Terraform's (and OpenTofu's) commands: which change infrastructure or
/// state, which always take `-var-file`, and how to tell a saved plan among `apply`'s arguments.
public enum TerraformCommands {
    /// Commands (with their subcommand for `state` and `workspace`) that change infrastructure or
    /// state: a protected environment asks before running them.
    public static let changing: Set<String> = [
        "apply", "destroy", "import", "refresh", "taint", "untaint", "force-unlock",
        "state rm", "state mv", "state push", "state replace-provider", "workspace delete",
    ]

    /// Commands that have taken `-var-file` in every Terraform since 0.12 and every OpenTofu;
    /// `destroy` and (before 1.1) `apply` take it without listing it in their help. Whether any
    /// other command takes it depends on the version (`validate` refused it from 0.15 on;
    /// `test` took it from 1.6; OpenTofu's `init` from 1.8), so that is asked of the installed
    /// program's help.
    public static let alwaysTakeVarFile: Set<String> = ["plan", "apply", "destroy", "refresh", "import", "console"]

    /// Commands that group subcommands; their help lists subcommands, not options.
    static let groups: Set<String> = ["state", "workspace", "providers", "metadata"]

    /// Commands that never read variables, whatever the version: no need to ask.
    static let neverTakeVarFile: Set<String> = [
        "state", "workspace", "providers", "metadata", "output", "show", "fmt", "version", "force-unlock", "taint", "untaint",
        "get", "login", "logout", "graph", "modules", "rpcapi",
    ]

    /// The operation as protection names it: `state rm` for `state` with `rm`, else the command.
    public static func operation(command: String, arguments: [String]) -> String {
        guard groups.contains(command), let sub = arguments.first(where: { !$0.hasPrefix("-") }) else { return command }
        return "\(command) \(sub)"
    }

    /// Flags of `apply` and `plan` whose value may be the next argument (`-target aws_s3_bucket.x`).
    static let flagsWithValue: Set<String> = [
        "var", "var-file", "target", "replace", "state", "state-out", "backup", "lock-timeout", "parallelism", "out",
        "generate-config-out", "exclude",
    ]

    /// The first positional argument among `arguments` (a saved plan for `apply`), skipping
    /// flags and their values.
    public static func firstPositional(_ arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else { return argument }
            let name = argument.drop { $0 == "-" }
            if !name.contains("="), flagsWithValue.contains(String(name)) { index += 1 }
        }
        return nil
    }

    /// Whether `arguments` of `apply` name a saved plan: its first positional argument is a file
    /// (not a directory, which Terraform before 0.15 took as the configuration to apply).
    public static func appliesSavedPlan(_ arguments: [String], in directory: URL) -> Bool {
        guard let candidate = firstPositional(arguments) else { return false }
        let url = candidate.hasPrefix("/") ? URL(fileURLWithPath: candidate) : directory.appendingPathComponent(candidate)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) { return !isDirectory.boolValue }
        // A missing file is still meant as a plan; Terraform says it is missing.
        return true
    }
}
