import AnshinAWS
import AnshinCore
import AnshinHCL
import Foundation

/// `anshin params import-envrc FILE ENV`: moves the `TF_VAR_` secrets of a hand-shared `.envrc`
/// into Parameter Store, takes them out of the file, and prints the Terraform that reads them.
public enum EnvrcImport {
    /// What happened to one variable.
    public struct Item: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            /// Written; the new version.
            case stored(version: Int)
            /// Parameter Store already holds this value.
            case alreadyThere
            /// Parameter Store holds another value, kept (no `--overwrite`).
            case keptExisting
            /// Would be written (a dry run).
            case wouldStore
        }

        /// The variable's name without `TF_VAR_`.
        public var variable: String
        public var path: String
        public var outcome: Outcome
        public var lines: ClosedRange<Int>
    }

    public struct Result: Sendable, Equatable {
        public var items: [Item]
        public var skipped: [EnvrcFile.Skipped]
    }

    /// Writes every literal `TF_VAR_` assignment of `file` to Parameter Store as SecureStrings.
    /// A parameter holding the placeholder is overwritten; one holding another value only with
    /// `overwrite`. Nothing is written with `dryRun`.
    public static func run(_ file: EnvrcFile, environment: String, paths: ParameterPath, store: ParameterStore,
                           kmsKey: String, overwrite: Bool, dryRun: Bool) async throws(AWSError) -> Result {
        var items: [Item] = []
        var seen = Set<String>()
        // The last assignment of a name is the one the shell keeps.
        for assignment in file.assignments.reversed() where assignment.name.hasPrefix("TF_VAR_") && assignment.name.count > 7 {
            let variable = String(assignment.name.dropFirst(7))
            guard seen.insert(variable).inserted else { continue }
            let path = paths.path(environment: environment, name: variable)
            let existing = try await store.get(path)
            let outcome: Item.Outcome
            if let existing, existing.value == assignment.value {
                outcome = .alreadyThere
            } else if let existing, !existing.isPlaceholder, !overwrite {
                outcome = .keptExisting
            } else if dryRun {
                outcome = .wouldStore
            } else {
                outcome = .stored(version: try await store.put(path, value: assignment.value, kmsKey: kmsKey, overwrite: existing != nil))
            }
            items.append(Item(variable: variable, path: path, outcome: outcome, lines: assignment.lines))
        }
        let skipped = file.skipped.filter { $0.name.hasPrefix("TF_VAR_") }
        return Result(items: items.reversed(), skipped: skipped)
    }

    /// `text` with the assignments of the moved variables replaced by a comment saying where
    /// each went; the rest of the file is kept byte for byte.
    public static func removing(_ items: [Item], from text: String) -> String {
        let moved = items.filter { $0.outcome != .keptExisting && $0.outcome != .wouldStore }
        guard !moved.isEmpty else { return text }
        var lines = text.components(separatedBy: "\n")
        for item in moved.sorted(by: { $0.lines.lowerBound > $1.lines.lowerBound }) {
            let range = (item.lines.lowerBound - 1)...min(item.lines.upperBound - 1, lines.count - 1)
            guard range.lowerBound < lines.count else { continue }
            lines.replaceSubrange(range, with: ["# TF_VAR_\(item.variable) moved to SSM Parameter Store: \(item.path)"])
        }
        return lines.joined(separator: "\n")
    }

    /// The Terraform that reads the moved parameters, grouped by the stack that declares each
    /// variable (stacks found in `workspace`); variables no stack declares come last.
    public static func terraform(for items: [Item], environment: String, paths: ParameterPath,
                                 workspace: TerraformWorkspace) -> String {
        let variables = items.filter { $0.outcome != .keptExisting }.map(\.variable)
        guard !variables.isEmpty else { return "" }
        var directories = ["."] + workspace.stackCandidates()
        directories = directories.filter { TerraformWorkspace.hasTerraformFiles($0 == "." ? workspace.root : workspace.root.appendingPathComponent($0)) }
        var modules: [String: TerraformModule] = [:]
        for directory in directories {
            let url = directory == "." ? workspace.root : workspace.root.appendingPathComponent(directory)
            modules[directory] = try? TerraformModule.load(directory: url.path)
        }
        var text = """
            # Read the secrets from SSM Parameter Store instead of TF_VAR_ variables. In each stack, use
            # data.aws_ssm_parameter.NAME.value where var.NAME was, then remove the variable "NAME" block.
            # A value Terraform reads is written to the state in plain text: allow only the roles that
            # run Terraform to read the state bucket.

            """
        var placed = Set<String>()
        for directory in directories {
            guard let module = modules[directory] else { continue }
            let declared = Set(module.variables.map(\.name))
            let here = variables.filter { declared.contains($0) }
            guard !here.isEmpty else { continue }
            let envVariable = ["env", "environment"].first { declared.contains($0) }
            text += "\n# \(directory == "." ? "root module" : directory + "/")\n"
            for variable in here {
                placed.insert(variable)
                text += block(variable, environment: environment, paths: paths, envVariable: envVariable)
            }
        }
        let rest = variables.filter { !placed.contains($0) }
        if !rest.isEmpty {
            text += "\n# declared in no stack found here\n"
            for variable in rest { text += block(variable, environment: environment, paths: paths, envVariable: nil) }
        }
        return text
    }

    static func block(_ variable: String, environment: String, paths: ParameterPath, envVariable: String?) -> String {
        let name = paths.terraformExpression(environment: environment, name: variable, environmentVariable: envVariable)
        return """
            data "aws_ssm_parameter" "\(variable)" {
              name = "\(name)"
            }

            """
    }
}
