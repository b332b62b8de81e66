import AnshinCore
import Foundation

/// Where an environment's parameters live: the path template of `anshin.yml` (`params.path`,
/// default `/{project}/{env}/{name}`) filled in.
public struct ParameterPath: Sendable, Equatable {
    public var template: String
    public var project: String?

    /// The template of `catalog`, with its project; without a project in the catalog, the
    /// workspace folder's name stands in.
    public init(catalog: EnvironmentCatalog, root: URL) {
        template = catalog.parameters.path ?? ParameterSettings.defaultPath
        project = catalog.project ?? root.standardizedFileURL.lastPathComponent
    }

    public init(template: String, project: String?) {
        self.template = template
        self.project = project
    }

    /// The folder of `environment`'s parameters, ending with `/`: `/acme/stg/`.
    public func prefix(environment: String) -> String {
        String(fill(environment: environment).dropLast("{name}".count))
    }

    /// The full path of parameter `name` in `environment`.
    public func path(environment: String, name: String) -> String {
        prefix(environment: environment) + name
    }

    /// `path` relative to `environment`'s folder, nil when it is not in it.
    public func name(of path: String, environment: String) -> String? {
        path.removingPrefix(prefix(environment: environment))
    }

    private func fill(environment: String) -> String {
        template.replacingOccurrences(of: "{project}", with: project ?? "")
            .replacingOccurrences(of: "{env}", with: environment)
    }

    /// The template as a Terraform string for `environment`: `{env}` becomes `${var.env}` when the
    /// module has that variable (`environmentVariable`), else the environment's name.
    public func terraformExpression(environment: String, name: String, environmentVariable: String?) -> String {
        var text = template.replacingOccurrences(of: "{project}", with: project ?? "")
        text = text.replacingOccurrences(of: "{env}", with: environmentVariable.map { "${var.\($0)}" } ?? environment)
        return text.replacingOccurrences(of: "{name}", with: name)
    }

    /// Checks a parameter name given on the command line: letters, digits and `_ . - /`, not
    /// starting or ending with `/`, at most 1011 characters, as Parameter Store allows.
    public static func validate(name: String) throws(WrapperError) {
        guard !name.isEmpty, name.count <= 1011 else { throw .usage("a parameter name has 1 to 1011 characters") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-/".contains($0)) }) else {
            throw .usage("\"\(name)\" is not a parameter name: use letters, digits and _ . - / only")
        }
        guard !name.hasPrefix("/"), !name.hasSuffix("/"), !name.contains("//") else {
            throw .usage("\"\(name)\" is not a parameter name: give it relative to the environment's folder, without a leading or trailing /")
        }
    }

    /// The environment variable a parameter becomes under `params exec`: its name relative to the
    /// environment's folder, upper-cased, with every character other than a letter, digit or `_`
    /// made `_` (`db/password` → `DB_PASSWORD`).
    public static func environmentVariable(for name: String) -> String {
        var result = String(name.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if result.first?.isNumber ?? true { result = "_" + result }
        return result
    }
}
