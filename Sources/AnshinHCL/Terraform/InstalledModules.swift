import Foundation

/// The modules `terraform init` (or `terraform get`) downloaded for a root module: registry, git
/// and other remote sources, recorded in `<data dir>/modules/modules.json` with the folder each
/// was unpacked into.
///
/// With it, a call such as `module "vpc" { source = "terraform-aws-modules/vpc/aws" }` is
/// evaluated from the downloaded copy, as Terraform would; without it, the call is not
/// evaluated and the audit says so.
public struct InstalledModules: Sendable, Hashable {
    /// Absolute folder of each installed module, by Terraform's module key: the call names from
    /// the root, joined with `.` (`vpc`, `app.vpc`), without instance keys.
    public var directories: [String: String]

    public init(directories: [String: String] = [:]) {
        self.directories = directories
    }

    /// The manifest's file name inside a Terraform data directory.
    public static let manifest = "modules/modules.json"

    private struct Manifest: Decodable {
        struct Entry: Decodable {
            var Key: String
            var Source: String?
            var Dir: String
        }

        var Modules: [Entry]
    }

    /// The modules installed for the root module in `rootDirectory`, read from the first of
    /// `dataDirectories` (relative to it, `.terraform` when none is given) that has a manifest;
    /// only entries whose folder exists are kept. Empty when there is no readable manifest.
    public static func read(rootDirectory: String, dataDirectories: [String] = [".terraform"]) -> InstalledModules {
        let root = URL(fileURLWithPath: rootDirectory)
        for dataDirectory in dataDirectories {
            let file = root.appendingPathComponent(dataDirectory).appendingPathComponent(manifest)
            guard let data = FileManager.default.contents(atPath: file.path),
                  let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { continue }
            var directories: [String: String] = [:]
            for entry in manifest.Modules where !entry.Key.isEmpty {
                let folder = entry.Dir.hasPrefix("/") ? URL(fileURLWithPath: entry.Dir) : root.appendingPathComponent(entry.Dir)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                directories[entry.Key] = folder.standardizedFileURL.path
            }
            return InstalledModules(directories: directories)
        }
        return InstalledModules()
    }

    /// The folder of the call named `name` in the module at `path` (call names from the root).
    public func directory(callPath path: [String], name: String) -> String? {
        directories[(path + [name]).joined(separator: ".")]
    }
}
