import AnshinCore
import ArgumentParser
import Foundation

/// The folder a command works on, the same way in every command: positional, or `--path` /
/// `--root` for scripts written either way.
struct FolderOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The folder: a repository, or a folder inside one (default: the current folder).",
                                 valueName: "folder"),
              completion: .directory)
    var positional: String?

    @Option(name: [.customLong("path"), .customLong("root")],
            help: ArgumentHelp("The folder, given as an option instead.", valueName: "folder"),
            completion: .directory)
    var option: String?

    func validate() throws {
        if let positional, let option, positional != option {
            throw ValidationError("the folder was given twice ('\(positional)' and --path '\(option)'); give it once")
        }
    }

    /// The folder as the user named it.
    var path: String { positional ?? option ?? "." }
}

extension Workspace {
    /// The folder at `path` (which must exist and be a directory) and its project.
    static func project(_ path: String) throws(ConfigurationError) -> ProjectFolder {
        ProjectFolder.locate(try root(path))
    }

    /// Keeps `findings` as the last result of `scope` for `anshin triage`; a cache that cannot be
    /// written becomes a note, never a failure of the scan.
    static func remember(_ findings: [Finding], scope: String, project: ProjectFolder, clock: Clock) -> [Note] {
        guard project.isProject else { return [] }
        let problem = LastScan.record(findings, scope: scope, at: clock.timestamp, root: project.root,
                                      pathPrefix: project.relativePath)
        return problem.map { [Note(kind: .warning, source: "triage", message: $0)] } ?? []
    }
}
