import AnshinCore
import Foundation

/// The typed confirmation in front of a protected environment.
///
/// Commands that change infrastructure or state (``TerraformCommands/changing``) run in a
/// protected environment (`prd` by default) only once its name has been typed; `--yes` skips
/// that for automation. In CI (`CI=true`) there is nobody to type, so the run stops unless
/// `--yes` was given rather than waiting on input that never comes.
public enum Protection {
    public enum Decision: Sendable, Equatable {
        /// Run without asking.
        case proceed
        /// Ask for the environment's name with this prompt.
        case ask(prompt: String)
        /// Do not run, for this reason.
        case refuse(String)
    }

    /// What to do before `operation` (`apply`, `state rm`) in `environment`.
    public static func decide(environment: Environment, operation: String, assumeYes: Bool,
                              processEnvironment: [String: String]) -> Decision {
        guard environment.isProtected, TerraformCommands.changing.contains(operation) else { return .proceed }
        if assumeYes { return .proceed }
        if isCI(processEnvironment) {
            return .refuse("\(environment.name) is a protected environment and CI is set, so nobody can type its name: pass --yes to run terraform \(operation) there")
        }
        return .ask(prompt: "\(environment.name) is a protected environment: terraform \(operation) changes it.\nType the environment name to continue: ")
    }

    /// Whether an answer confirms `environment`: its name exactly, spaces around it aside.
    public static func confirms(_ answer: String?, environment: String) -> Bool {
        answer?.trimmingCharacters(in: .whitespaces) == environment
    }

    /// Whether the process runs in CI, as CI services announce it (`CI=true`, `CI=1`).
    public static func isCI(_ environment: [String: String]) -> Bool {
        guard let value = environment["CI"]?.lowercased() else { return false }
        return value == "true" || value == "1" || value == "yes"
    }
}
