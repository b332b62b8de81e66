import AnshinCore
import Foundation

/// The diagram of one environment as its Terraform code declares it: every root module of the
/// environment audited (as `assess` does), its inventories drawn together, its findings as badges.
public enum TerraformDiagram {
    /// Draws the environment `environment` of the Terraform under `root`; with none, the one
    /// environment the tree has (several is a usage error that names them).
    ///
    /// - Parameters:
    ///   - suppressions: the repository's triage, applied so suppressed findings get no badge.
    ///   - today: the date suppressions expire against (`YYYY-MM-DD`).
    public static func draw(root: URL, catalog: EnvironmentCatalog, environment: String?, suppressions: Suppressions,
                            today: String) throws(ConfigurationError) -> (diagram: InfrastructureDiagram, notes: [Note]) {
        let result = try TerraformAudit.run(root: root, catalog: catalog, environments: environment.map { [$0] })
        var names: [String?] = []
        for stack in result.inventories where !names.contains(stack.environment) { names.append(stack.environment) }
        guard !result.inventories.isEmpty else {
            let reason = result.notes.first { $0.kind == .notAssessed }?.message ?? "no Terraform root module was found"
            throw ConfigurationError(message: "nothing to draw: \(reason)")
        }
        if environment == nil, names.count > 1 {
            let listed = names.map { $0 ?? "(none)" }.joined(separator: ", ")
            throw ConfigurationError(message: "the Terraform declares several environments (\(listed)): name the one to draw with --env")
        }
        let chosen = environment ?? names[0]
        let diagram = Self.diagram(of: chosen, in: result, root: root, catalog: catalog, suppressions: suppressions, today: today)
        return (diagram, result.notes)
    }

    /// One diagram per environment the Terraform under `root` declares (`environments`, or all),
    /// from one audit: what `assess --format html` embeds.
    public static func drawEach(root: URL, catalog: EnvironmentCatalog, environments: [String]?, suppressions: Suppressions,
                                today: String) throws(ConfigurationError) -> [(environment: String?, diagram: InfrastructureDiagram)] {
        let result = try TerraformAudit.run(root: root, catalog: catalog, environments: environments)
        var names: [String?] = []
        for stack in result.inventories where !names.contains(stack.environment) { names.append(stack.environment) }
        return names.map { ($0, diagram(of: $0, in: result, root: root, catalog: catalog, suppressions: suppressions, today: today)) }
    }

    static func diagram(of environment: String?, in result: TerraformAuditResult, root: URL, catalog: EnvironmentCatalog,
                        suppressions: Suppressions, today: String) -> InfrastructureDiagram {
        let stacks = result.inventories.filter { $0.environment == environment }
        let findings = suppressions.apply(to: result.findings, today: today)
        let project = catalog.project ?? root.lastPathComponent
        let title = "\(project)" + (environment.map { " · \($0)" } ?? "") + " · from Terraform"
        return InfrastructureDiagram(title: title,
                                     sources: stacks.map { InfrastructureDiagram.Source(directory: $0.directory, inventory: $0.inventory) },
                                     findings: findings, directoryOf: result.directory(of:))
    }
}
