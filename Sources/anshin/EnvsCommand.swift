import AnshinCore
import AnshinReports
import ArgumentParser
import Foundation

/// `anshin envs [PATH]`: the environments of the catalog, as every other command sees them.
struct EnvsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "List the environments of anshin.yml, or those inferred from <env>.tfvars/<env>.tfbackend pairs."
    )

    @Argument(help: "The repository root.", completion: .directory)
    var path: String = "."

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let catalog = try EnvironmentCatalog.load(root: try Workspace.root(path))
        print(json ? EnvironmentListing.json(catalog) : EnvironmentListing.table(catalog), terminator: "")
    }
}
