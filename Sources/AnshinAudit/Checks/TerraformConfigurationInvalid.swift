import AnshinCore

/// A root module Terraform itself would refuse: a syntax error, a duplicate declaration, a
/// backend file that is not a list of literal settings.
public struct TerraformConfigurationInvalid: Check {
    public let metadata = CheckMetadata(
        id: "terraform-configuration-invalid",
        title: "Terraform configuration cannot be read",
        rationale: """
        A root module Terraform itself would refuse: a syntax error, a duplicate declaration, a backend file \
        that is not a list of literal settings.

        Nothing in such a module can be assessed, so the audit reports it as a finding of its own (so CI \
        notices) and goes on with the rest of the tree. The audit raises it while reading the module; it \
        never comes from an inventory.
        """,
        severity: .high,
        pillars: [.opex, .reliability],
        references: ["https://developer.hashicorp.com/terraform/cli/commands/validate"],
        remediation: """
        Fix the file and line named: `terraform validate` in the module's folder shows the same \
        problem. Until then neither Terraform nor anshin can tell what the module declares, so \
        nothing in it was assessed.
        """,
        sources: [.terraform], readsInventory: false
    )

    public init() {}

    public func evaluate(_ inventory: Inventory) -> [Finding] { [] }

    /// The finding for `stack`'s module, which could not be read because of `problem`, at `path`
    /// and `line` relative to the audited folder.
    /// `partly`: the root module itself was read, but a file it needs (a called module, a
    /// variables file) was not, so only what depends on that file went unassessed.
    func finding(directory: String, environment: String?, path: String, line: Int?, column: Int?, problem: String,
                 partly: Bool = false) -> Finding {
        let place = directory == "." ? "the root module" : "the module in \(directory)/"
        let reference = ResourceReference(kind: "terraform_module", identifier: directory, environment: environment,
                                          location: Location(path: path, line: line, column: column))
        if partly {
            return metadata.finding(reference, "\(place) needs \(path), which cannot be read: \(problem); Terraform refuses the "
                                        + "module, and what depends on that file was not assessed")
        }
        return metadata.finding(reference, "\(place) cannot be read: \(problem); nothing in it was assessed")
    }
}
