import AnshinCore
import Foundation

/// Renders the environment catalog for `anshin envs`: an aligned table or JSON.
public enum EnvironmentListing {
    /// A table with one row per environment and a line saying where the catalog came from.
    public static func table(_ catalog: EnvironmentCatalog) -> String {
        let origin: String
        switch catalog.origin {
        case .file(let file): origin = "from \(file)"
        case .inferred: origin = "inferred from <env>.tfvars + <env>.tfbackend pairs (no anshin.yml)"
        }
        let title = (catalog.project.map { "\($0): " } ?? "") + "\(catalog.environments.count) environment"
            + (catalog.environments.count == 1 ? "" : "s") + ", \(origin)\n"
        guard !catalog.environments.isEmpty else {
            return title + "Name environments in anshin.yml, or add <env>.tfvars and <env>.tfbackend files.\n"
        }
        let header = ["NAME", "PRODUCTION", "PROFILE", "ACCOUNT", "REGIONS", "TERRAFORM", "URLS", "RIBBON"]
        let rows = catalog.environments.map { environment -> [String] in
            [
                environment.name,
                environment.production ? "yes" : "no",
                environment.aws?.profile ?? "-",
                environment.aws?.account ?? "-",
                environment.aws.map { $0.regions.isEmpty ? "-" : $0.regions.joined(separator: ",") } ?? "-",
                terraform(environment.terraform),
                environment.urls.isEmpty ? "-" : environment.urls.joined(separator: " "),
                ribbon(environment.ribbon),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let lines = ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined()
        }
        return title + lines.joined(separator: "\n") + "\n"
    }

    /// The catalog as JSON, keys sorted.
    public static func json(_ catalog: EnvironmentCatalog) -> String {
        struct Entry: Encodable {
            var name: String
            var production: Bool
            var aws: AWS?
            var terraform: Terraform?
            var urls: [String]
            var ribbon: Ribbon
        }
        struct AWS: Encodable {
            var profile: String?
            var account: String?
            var regions: [String]
            var role: String?
        }
        struct Terraform: Encodable {
            var dir: String
            var vars: String?
            var backend: String?
        }
        struct Ribbon: Encodable {
            var mode: String
            var label: String?
            var color: String?
            var text: String?
            var title: String?
            var reason: String?
        }
        struct Document: Encodable {
            var project: String?
            var source: String
            var environments: [Entry]
        }
        let source: String
        switch catalog.origin {
        case .file(let file): source = file
        case .inferred: source = "inferred"
        }
        let document = Document(project: catalog.project, source: source, environments: catalog.environments.map { environment in
            let ribbon: Ribbon
            switch environment.ribbon {
            case .automatic: ribbon = Ribbon(mode: "automatic")
            case .hidden(let reason): ribbon = Ribbon(mode: "hidden", reason: reason)
            case .shown(let style):
                ribbon = Ribbon(mode: "shown", label: style.label, color: style.color, text: style.textColor, title: style.titlePrefix)
            }
            return Entry(
                name: environment.name, production: environment.production,
                aws: environment.aws.map { AWS(profile: $0.profile, account: $0.account, regions: $0.regions, role: $0.role) },
                terraform: environment.terraform.map { Terraform(dir: $0.dir, vars: $0.vars, backend: $0.backend) },
                urls: environment.urls, ribbon: ribbon)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func terraform(_ target: TerraformTarget?) -> String {
        guard let target else { return "-" }
        let prefix = target.dir == "." ? "" : "\(target.dir)/"
        let files = [target.vars, target.backend].compactMap { $0.map { prefix + $0 } }
        return files.isEmpty ? (prefix.isEmpty ? "-" : prefix) : files.joined(separator: " + ")
    }

    private static func ribbon(_ ribbon: AnshinCore.Ribbon) -> String {
        switch ribbon {
        case .automatic: "automatic"
        case .hidden: "hidden"
        case .shown(let style): [style.label, style.color].compactMap { $0 }.joined(separator: " ").nonEmpty ?? "shown"
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
