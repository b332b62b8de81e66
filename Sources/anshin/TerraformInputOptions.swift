import AnshinCore
import ArgumentParser
import Foundation

/// Which environments to assess and Terraform's variable inputs: the same options on `assess`
/// and `audit terraform`.
struct TerraformInputOptions: ParsableArguments {
    @Option(name: .customLong("env"),
            help: ArgumentHelp("Assess only this environment of anshin.yml (repeatable; default: every one).", valueName: "name"),
            completion: EnvironmentCompletion.kind)
    var environments: [String] = []

    @Option(name: .customLong("var"),
            help: ArgumentHelp("Set a Terraform variable, as terraform -var does (repeatable).", valueName: "name=value"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"),
            help: ArgumentHelp("Read Terraform variables from this file, as terraform -var-file does (repeatable).", valueName: "file"),
            completion: .file(extensions: ["tfvars", "json"]))
    var variableFiles: [String] = []

    func validate() throws {
        _ = try parsedVariables()
        _ = try variableFilePaths()
    }

    /// The `--var` assignments by name.
    func parsedVariables() throws(ValidationError) -> [String: String] {
        var result: [String: String] = [:]
        for assignment in variables {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--var wants name=value, got '\(assignment)'")
            }
            result[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        return result
    }

    /// The `--var-file` files as absolute paths; each must exist.
    func variableFilePaths() throws(ValidationError) -> [String] {
        try variableFiles.map { (path) throws(ValidationError) -> String in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("--var-file \(path): no such file")
            }
            guard !isDirectory.boolValue else { throw ValidationError("--var-file \(path): a folder, not a variables file") }
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
    }

    /// The environments asked for, each checked against `catalog` (with a did-you-mean); nil
    /// when none was named.
    func environments(in catalog: EnvironmentCatalog) throws(ConfigurationError) -> [String]? {
        guard !environments.isEmpty else { return nil }
        for name in environments { _ = try catalog.environment(named: name) }
        return environments
    }
}

/// Completion of `--env`: the environments of the catalog of the folder the shell is in.
enum EnvironmentCompletion {
    static let kind = CompletionKind.custom { _, _, _ in names() }

    static func names(in folder: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> [String] {
        let project = ProjectFolder.locate(folder)
        for root in [project.folder, project.root] {
            if let catalog = try? EnvironmentCatalog.load(root: root), !catalog.environments.isEmpty {
                return catalog.environments.map(\.name)
            }
        }
        return []
    }
}
