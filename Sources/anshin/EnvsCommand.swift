import AnshinCore
import AnshinReports
import ArgumentParser
import Foundation

/// `anshin envs [FOLDER]`: the environments of the catalog, as every other command sees them.
struct EnvsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "List the environments of anshin.yml, or those inferred from <env>.tfvars/<env>.tfbackend pairs."
    )

    @OptionGroup var folder: FolderOptions

    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp("Output format.", valueName: "format"))
    var format: ListingFormat = .text

    @Flag(help: ArgumentHelp("The same as --format json.", visibility: .hidden))
    var json = false

    enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json

        init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    }

    func run() throws {
        let project = try Workspace.project(folder.path)
        let catalog = try EnvironmentCatalog.load(root: project.catalogRoot)
        let asJSON = json || format == .json
        print(asJSON ? EnvironmentListing.json(catalog) : EnvironmentListing.table(catalog), terminator: "")
    }
}
