import AnshinCore
import AnshinHCL
import Foundation

/// `anshin tf diff stg prd`: the input variables whose values differ between two environments,
/// stack by stack, side by side, so the demo environment's smaller sizes are visible at a glance.
///
/// Values are what Terraform would use: the environment's variable file over the automatic ones
/// over the declared defaults, converted to the declared types. Sensitive variables, and
/// variables whose names say they hold credentials, are never shown, only whether they differ.
public enum VariableDiff {
    /// One variable that differs.
    public struct Row: Sendable, Equatable {
        public var name: String
        /// The value for each environment as Terraform writes it; `(default)` marks a value no
        /// variable file set.
        public var left: String
        public var right: String

        public init(name: String, left: String, right: String) {
            self.name = name
            self.left = left
            self.right = right
        }
    }

    /// One stack's differences.
    public struct Section: Sendable, Equatable {
        /// "root module", "metabase/".
        public var label: String
        public var rows: [Row]
        /// Why the stack is not compared (only one environment has it), else nil.
        public var note: String?
    }

    /// Compares environments `left` and `right` in every stack either has.
    public static func compare(_ workspace: TerraformWorkspace, _ left: String, _ right: String) throws(ConfigurationError) -> [Section] {
        let leftStacks = try workspace.stacks(environments: [left])
        let rightStacks = try workspace.stacks(environments: [right])
        let directories = (leftStacks.map(\.directory) + rightStacks.map(\.directory)).reduce(into: [String]()) { list, directory in
            if !list.contains(directory) { list.append(directory) }
        }
        return directories.map { directory in
            let label = directory == "." ? "root module" : "\(directory)/"
            guard let a = leftStacks.first(where: { $0.directory == directory }) else {
                return Section(label: label, rows: [], note: "only \(right) has this stack")
            }
            guard let b = rightStacks.first(where: { $0.directory == directory }) else {
                return Section(label: label, rows: [], note: "only \(left) has this stack")
            }
            return Section(label: label, rows: rows(workspace.url(of: a), a.varsFile, b.varsFile), note: nil)
        }
    }

    /// The differing variables of the module in `directory` with variable file `leftFile` and
    /// with `rightFile`.
    static func rows(_ directory: URL, _ leftFile: String?, _ rightFile: String?) -> [Row] {
        guard let module = try? TerraformModule.load(directory: directory.path) else { return [] }
        let leftValues = values(module, file: leftFile, directory: directory)
        let rightValues = values(module, file: rightFile, directory: directory)
        var rows: [Row] = []
        for declaration in module.variables.sorted(by: { $0.name < $1.name }) {
            let name = declaration.name
            let a = leftValues.values[name] ?? .null, b = rightValues.values[name] ?? .null
            guard a.deepUnmarked != b.deepUnmarked else { continue }
            let hidden = declaration.isSensitive || a.isSensitive || b.isSensitive
                || TerraformDoctor.secretWords.contains { name.lowercased().contains($0) }
            func show(_ value: Value, set: Bool) -> String {
                let text = hidden ? "(hidden: differs)" : value.isNull ? "null" : value.deepUnmarked.description
                return set ? text : text + " (default)"
            }
            rows.append(Row(name: name, left: show(a, set: leftValues.set.contains(name)),
                            right: show(b, set: rightValues.set.contains(name))))
        }
        return rows
    }

    /// The root variables' values with `file`, and which of them some variable file sets.
    static func values(_ module: TerraformModule, file: String?, directory: URL) -> (values: [String: Value], set: Set<String>) {
        let inputs = VariableInputs(files: file.map { [$0] } ?? [])
        let evaluated = ModuleEvaluator.evaluate(module: module, inputs: inputs)
        var set = Set<String>()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let automatic = names.filter { $0 == "terraform.tfvars" || $0.hasSuffix(".auto.tfvars") }
        for name in automatic + (file.map { [$0] } ?? []) {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                  let parsed = try? HCLFile.parse(bytes: Array(data), path: name) else { continue }
            for attribute in parsed.body.attributes { set.insert(attribute.name) }
        }
        return (evaluated.variables, set)
    }

    /// The sections as a side-by-side table.
    public static func render(_ sections: [Section], left: String, right: String, maximumWidth: Int = 48) -> String {
        func clip(_ text: String) -> String { text.count > maximumWidth ? String(text.prefix(maximumWidth - 1)) + "…" : text }
        let names = sections.flatMap(\.rows).map { "  " + $0.name } + sections.map(\.label)
        let nameWidth = names.map(\.count).max() ?? 0
        let leftWidth = max(left.count, sections.flatMap(\.rows).map { clip($0.left).count }.max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        var lines: [String] = []
        var differences = 0
        for section in sections {
            if let note = section.note {
                lines.append("\(pad(section.label, nameWidth))  \(note)")
                continue
            }
            lines.append("\(pad(section.label, nameWidth))  \(pad(left, leftWidth))  \(right)")
            if section.rows.isEmpty { lines.append("  (no variable differs)") }
            for row in section.rows {
                lines.append("\(pad("  " + row.name, nameWidth))  \(pad(clip(row.left), leftWidth))  \(clip(row.right))")
                differences += 1
            }
            lines.append("")
        }
        lines.append("\(differences) variable\(differences == 1 ? "" : "s") differ\(differences == 1 ? "s" : "") between \(left) and \(right)")
        return lines.joined(separator: "\n") + "\n"
    }
}
