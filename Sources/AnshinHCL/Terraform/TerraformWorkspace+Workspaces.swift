import AnshinCore
import Foundation

/// Root modules that tell environments apart by Terraform workspace (`terraform.workspace`)
/// rather than by variable files.
extension TerraformWorkspace {
    /// Whether the root module in `directory` reads `terraform.workspace` anywhere.
    public func usesWorkspaces(_ directory: String) -> Bool {
        guard let module = try? TerraformModule.load(directory: folder(directory).path) else { return false }
        return Self.workspaceKeys(in: module) != nil
    }

    /// The workspaces the root module in `directory` is run in, when it reads
    /// `terraform.workspace` and no variable or backend file names its environments: the
    /// folders of `terraform.tfstate.d/` (the local backend's workspaces), the workspace selected
    /// in `.terraform/environment`, and the keys of the maps it indexes by workspace
    /// (`local.sizes[terraform.workspace]`, `lookup(var.counts, terraform.workspace, 1)`); sorted.
    public func workspaces(of directory: String) -> [String] {
        let base = folder(directory)
        guard let module = try? TerraformModule.load(directory: base.path), let keys = Self.workspaceKeys(in: module) else { return [] }
        var names = Set(keys)
        let states = base.appendingPathComponent("terraform.tfstate.d")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: states.path)) ?? [] where !name.hasPrefix(".") {
            names.insert(name)
        }
        if let data = FileManager.default.contents(atPath: base.appendingPathComponent(".terraform/environment").path) {
            let selected = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !selected.isEmpty { names.insert(selected) }
        }
        return names.filter { Environment.isValidName($0.lowercased()) }.sorted()
    }

    func folder(_ directory: String) -> URL { directory == "." ? root : root.appendingPathComponent(directory) }

    /// nil when `module` never reads `terraform.workspace`; else the literal keys of the maps it
    /// looks up by workspace (maybe none).
    static func workspaceKeys(in module: TerraformModule) -> [String]? {
        var uses = false
        var indexed = Set<String>()   // "local.sizes", "var.counts"
        func isWorkspace(_ expression: HCLExpression) -> Bool {
            guard let traversal = expression.staticTraversal, traversal.root == "terraform",
                  case .attribute("workspace")? = traversal.steps.first else { return false }
            return true
        }
        func mapName(_ expression: HCLExpression) -> String? {
            guard let traversal = expression.staticTraversal, traversal.root == "local" || traversal.root == "var",
                  traversal.steps.count == 1, case .attribute(let name) = traversal.steps[0] else { return nil }
            return "\(traversal.root).\(name)"
        }
        func visit(_ expression: HCLExpression) {
            if isWorkspace(expression) { uses = true; return }
            switch expression {
            case .index(let index) where isWorkspace(index.key):
                if let name = mapName(index.collection) { indexed.insert(name) }
            case .functionCall(let call) where call.name == "lookup" && call.arguments.count >= 2 && isWorkspace(call.arguments[1]):
                if let name = mapName(call.arguments[0]) { indexed.insert(name) }
            default: break
            }
            for child in expression.children { visit(child) }
        }
        func visit(_ body: Body) {
            for attribute in body.attributes { visit(attribute.expression) }
            for block in body.blocks { visit(block.body) }
        }
        for file in module.files { visit(file.body) }
        guard uses else { return nil }
        var keys: [String] = []
        func literalKeys(_ expression: HCLExpression?) -> [String] {
            var expression = expression
            if case .parenthesized(let inner)? = expression { expression = inner.expression }
            guard case .object(let object)? = expression else { return [] }
            return object.items.compactMap(\.literalKey)
        }
        for local in module.locals where indexed.contains("local.\(local.name)") { keys += literalKeys(local.expression) }
        for variable in module.variables where indexed.contains("var.\(variable.name)") { keys += literalKeys(variable.defaultExpression) }
        return keys
    }
}
