import AnshinCore
import AnshinHCL
import Foundation

/// Whether the installed program is the version a stack asks for: the version file tfenv or
/// tofuenv reads (`.terraform-version`, `.opentofu-version`) and every `required_version`.
///
/// Terraform checks `required_version` itself, but only once `init` has begun, with a message
/// about "Unsupported Terraform Core version"; checking first gives one clear error naming the
/// file, the constraint and the installed program, before anything runs.
public enum VersionCheck {
    /// One requirement the program does not meet.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        /// Where the requirement is written (`.terraform-version`, `versions.tf:2`).
        public var source: String
        public var requirement: String
        public var installed: String

        public init(source: String, requirement: String, installed: String) {
            self.source = source
            self.requirement = requirement
            self.installed = installed
        }

        public var description: String { "\(source) requires \(requirement), but \(installed) is installed" }
    }

    /// The requirements of `stack` that `program` does not meet; an unreadable requirement is an
    /// error (exit 2) naming its file.
    public static func mismatches(of program: TerraformProgram, workspace: TerraformWorkspace,
                                  stack: TerraformWorkspace.Stack) throws(WrapperError) -> [Mismatch] {
        var result: [Mismatch] = []
        let installed = "\(program.kind.rawValue) \(program.version)"
        if let file = workspace.versionFile(named: program.kind.versionFileName, for: stack) {
            switch try pinned(file.version, source: file.path) {
            case .exactly(let version) where version != program.version:
                result.append(Mismatch(source: file.path, requirement: "\(program.kind.rawValue) \(version)", installed: installed))
            case .matching(let pattern, let expression) where !expression.matches(program.version.description):
                result.append(Mismatch(source: file.path, requirement: "a version matching \(pattern)", installed: installed))
            default:
                break
            }
        }
        let module: TerraformModule
        do {
            module = try TerraformModule.load(directory: workspace.url(of: stack).path,
                                              displayPath: stack.directory == "." ? "" : stack.directory)
        } catch {
            throw .usage("\(error)")
        }
        for requirement in module.settings.requiredVersions {
            let constraint: VersionConstraint
            do {
                constraint = try VersionConstraint(requirement.constraint)
            } catch {
                throw .usage("\(requirement.range.path):\(requirement.range.range.start.line): \(error)")
            }
            if !constraint.isSatisfied(by: program.version) {
                result.append(Mismatch(source: "\(requirement.range.path):\(requirement.range.range.start.line)",
                                       requirement: "required_version = \"\(requirement.constraint)\"", installed: installed))
            }
        }
        return result
    }

    /// What a version file's line asks for.
    enum Pin {
        case exactly(SemanticVersion)
        case matching(String, PatternMatcher)
        /// `latest`, `min-required`, `latest-allowed`: resolved by the version manager, against
        /// releases or `required_version`; nothing to compare here.
        case deferred
    }

    static func pinned(_ line: String, source: String) throws(WrapperError) -> Pin {
        if let version = SemanticVersion(line) { return .exactly(version) }
        if ["latest", "min-required", "latest-allowed"].contains(line) { return .deferred }
        if let pattern = line.removingPrefix("latest:") {
            guard let matcher = PatternMatcher(pattern) else { throw .usage("\(source): \"\(pattern)\" is not a regular expression") }
            return .matching(pattern, matcher)
        }
        throw .usage("\(source): expected a version like 1.5.7, latest, latest:REGEX, min-required or latest-allowed; got \"\(line)\"")
    }
}

/// A regular expression searched in a version (`latest:^1\.5`), as tfenv greps for it.
struct PatternMatcher: @unchecked Sendable {
    let expression: NSRegularExpression

    init?(_ pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        self.expression = expression
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
