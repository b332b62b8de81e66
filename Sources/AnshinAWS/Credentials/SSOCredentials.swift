import Crypto
import Foundation

/// IAM Identity Center role credentials: the cached access token `aws sso login` wrote, then the
/// portal's `GetRoleCredentials`.
///
/// The token is cached at `~/.aws/sso/cache/<sha1>.json`, where the hash is of the `sso_session`
/// name (or, for legacy profiles, of the start URL). anshin never logs in itself: a missing or
/// expired token is an error telling the user the command that fixes it.
struct SSOCredentials: Sendable {
    let sso: CredentialSource.SSO

    /// The cache file of the token.
    func cachePath(homeDirectory: String) -> String {
        let key = sso.session ?? sso.startURL
        let digest = Insecure.SHA1.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
        return "\(homeDirectory)/.aws/sso/cache/\(digest).json"
    }

    var loginHint: String { "run aws sso login --profile \(sso.profile)" }

    func fetch(context: CredentialContext) async throws(AWSError) -> AWSCredentials {
        let path = cachePath(homeDirectory: context.homeDirectory)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .credentials("no SSO session for profile \"\(sso.profile)\" (no cached token at \(path)); \(loginHint)", code: "SSOLoginRequired")
        }
        guard let cache = try? JSON.parse(Array(data)), let token = cache["accessToken"]?.string,
              let expiresAt = cache["expiresAt"]?.string.flatMap(AWSDate.parse) else {
            throw .credentials("the SSO token cache \(path) is not valid (expected accessToken and expiresAt); \(loginHint)", code: "SSOLoginRequired")
        }
        guard expiresAt > context.now() else {
            throw .credentials("the SSO session for profile \"\(sso.profile)\" expired at \(ISO8601DateFormatter().string(from: expiresAt)); \(loginHint)",
                               code: "SSOLoginRequired")
        }
        let client = context.client(profile: sso.profile, region: sso.region, credentials: nil)
        let response: JSON
        do {
            let request = AWSRequest(service: .ssoPortal, operation: "GetRoleCredentials", path: "/federation/credentials",
                                     query: [("account_id", sso.accountID), ("role_name", sso.roleName)],
                                     headers: [("x-amz-sso_bearer_token", token)], signed: false)
            let raw = try await client.send(request)
            response = (try? JSON.parse(raw.body)) ?? [:]
        } catch {
            if error.statusCode == 401 || error.code == "UnauthorizedException" {
                throw .credentials("the SSO session for profile \"\(sso.profile)\" is no longer valid; \(loginHint)", code: "SSOLoginRequired")
            }
            throw error.redacting([token])
        }
        guard let role = response["roleCredentials"], let keyID = role["accessKeyId"]?.string,
              let secret = role["secretAccessKey"]?.string else {
            throw AWSError(kind: .invalidResponse, service: "SSO", operation: "GetRoleCredentials",
                           message: "the response has no roleCredentials with accessKeyId and secretAccessKey")
        }
        let expiration = role["expiration"]?.number.map { Date(timeIntervalSince1970: $0 / 1000) }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: role["sessionToken"]?.string, expiration: expiration)
    }
}
