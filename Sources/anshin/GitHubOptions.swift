import AnshinCore
import AnshinGitHub
import AnshinHTTP
import ArgumentParser
import Foundation

/// Where GitHub is and who we are there: shared by `issues` and `audit github`.
struct GitHubOptions: ParsableArguments {
    @Option(name: .customLong("api-url"), help: ArgumentHelp(
        "GitHub's API (default: GITHUB_API_URL, else https://api.github.com); for Enterprise Server, https://HOST/api/v3 or just https://HOST.",
        valueName: "url"))
    var apiURL: String?

    /// The API to call.
    func api(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> GitHubAPI {
        let text = apiURL ?? environment["GITHUB_API_URL"] ?? "https://api.github.com"
        do { return try GitHubAPI(parsing: text) } catch {
            throw ConfigurationError(field: "--api-url", message: error.message)
        }
    }

    /// A client with the token from the environment or the GitHub CLI.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> GitHubClient {
        let api = try api(environment: environment)
        guard let token = GitHubToken.resolve(api: api, environment: environment) else {
            throw ConfigurationError(message: GitHubToken.missingMessage(api: api))
        }
        return GitHubClient(api: api, token: token.token, transport: HTTPClientTransport.shared)
    }

    /// `OWNER/NAME` from `--repo`, else `GITHUB_REPOSITORY` (set in GitHub Actions).
    static func repository(_ value: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> GitHubRepository? {
        guard let text = value ?? environment["GITHUB_REPOSITORY"], !text.isEmpty else { return nil }
        do { return try GitHubRepository(parsing: text) } catch {
            throw ConfigurationError(field: "--repo", message: error.message)
        }
    }
}

extension GitHubError {
    /// Prints the error and says how to exit: a token or input problem is the user's to fix (2);
    /// an unreachable or rate-limited GitHub is the environment's (3).
    func exitStatus() -> ExitStatus {
        switch kind {
        case .configuration, .unauthorized, .forbidden, .notFound, .validation:
            printError("error: \(self)")
            return .usage
        case .rateLimited, .unavailable, .invalidResponse:
            printError("error: \(self)")
            return .internalError
        }
    }
}
