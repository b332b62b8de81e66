import AnshinCore
import Foundation

/// Where the GitHub token comes from: the environment, else the GitHub CLI's own login.
public enum GitHubToken {
    /// The token for `api`: `GITHUB_TOKEN`, then `GH_TOKEN` (for an Enterprise host,
    /// `GH_ENTERPRISE_TOKEN` and `GITHUB_ENTERPRISE_TOKEN` first, as the GitHub CLI reads them),
    /// then what `gh auth token --hostname HOST` prints. Nil when none of them has one.
    ///
    /// - Parameter askGH: runs the GitHub CLI; injectable so tests need no `gh`.
    public static func resolve(api: GitHubAPI, environment: [String: String],
                               askGH: (String) -> String? = { GitHubToken.ghAuthToken(host: $0) }) -> (token: String, source: String)? {
        var names = ["GITHUB_TOKEN", "GH_TOKEN"]
        if api != .dotcom { names = ["GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"] + names }
        for name in names {
            if let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                return (value, name)
            }
        }
        if let value = askGH(api.webHost)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty,
           !value.contains(where: \.isWhitespace) {
            return (value, "gh auth token")
        }
        return nil
    }

    /// What `gh auth token --hostname host` prints, or nil when `gh` is not on `searchPath` or not
    /// logged in.
    public static func ghAuthToken(host: String, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        guard let gh = Subprocess.find("gh", searchPath: searchPath),
              let result = try? Subprocess(gh, ["auth", "token", "--hostname", host]).run(timeout: .seconds(20)),
              result.termination.isSuccess else { return nil }
        return result.outputText
    }

    /// The message for a missing token.
    public static func missingMessage(api: GitHubAPI) -> String {
        "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN), or log in with `gh auth login --hostname \(api.webHost)`"
    }
}
