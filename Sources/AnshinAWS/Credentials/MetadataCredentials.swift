import AnshinHTTP
import Foundation

/// The ECS/EKS container credentials endpoint.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is always called on `169.254.170.2`; a `_FULL_URI`
/// must be HTTPS or point at a loopback address or the ECS/EKS link-local hosts, so a poisoned
/// environment cannot send the authorization token anywhere else. The token comes from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at each call: EKS rotates it) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
struct ContainerCredentials: Sendable {
    let container: CredentialSource.Container

    static let allowedHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]", "localhost", "::1", "[::1]"]

    static func isAllowed(_ url: URLComponents) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return false }
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        if allowedHosts.contains(host) { return true }
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    func fetch(context: CredentialContext) async throws(AWSError) -> AWSCredentials {
        guard let components = URLComponents(string: container.endpoint), Self.isAllowed(components),
              let url = URL(string: container.endpoint) else {
            throw .credentials("the container credentials URL \(container.endpoint) is not allowed: it must be https, loopback, or the ECS/EKS endpoint")
        }
        var request = HTTPRequest(method: "GET", url: url)
        var token: String?
        if let file = container.authorizationTokenFile {
            token = try readToken(file, what: "container authorization token file")
        } else if container.authorizationTokenInEnvironment {
            token = context.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        }
        if let token {
            guard !token.contains("\r") && !token.contains("\n") else { throw .credentials("the container authorization token holds a line break") }
            request.headers.append((name: "Authorization", value: token))
        }
        let response = try await metadataCall(request, context: context, what: "container credentials endpoint")
        return try metadataCredentials(response.body, from: request.endpoint)
    }
}

/// The EC2 instance metadata service, version 2: a session token from `PUT /latest/api/token`,
/// then the role name and its credentials under `/latest/meta-data/iam/security-credentials/`.
struct InstanceMetadataCredentials: Sendable {
    let endpoint: String

    static let tokenTTL = "21600"

    func fetch(context: CredentialContext) async throws(AWSError) -> AWSCredentials {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        func request(_ method: String, _ path: String, _ headers: [(name: String, value: String)]) throws(AWSError) -> HTTPRequest {
            guard let url = URL(string: base + path) else { throw .credentials("the instance metadata endpoint \(endpoint) is not a URL") }
            return HTTPRequest(method: method, url: url, headers: headers)
        }
        // The chain's last resort: off EC2 this first call fails, and the message says what to set.
        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try await metadataCall(try request("PUT", "/latest/api/token", [("X-aws-ec2-metadata-token-ttl-seconds", Self.tokenTTL)]),
                                                   context: context, what: "instance metadata service")
        } catch {
            throw .credentials("no credentials in the environment or the shared config files, and \(error.message); "
                + "set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run on an instance with a role")
        }
        let token = tokenResponse.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let auth = [(name: "X-aws-ec2-metadata-token", value: token)]
        let roles = try await metadataCall(try request("GET", "/latest/meta-data/iam/security-credentials/", auth),
                                           context: context, what: "instance metadata service")
        guard let role = roles.text.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw .credentials("the instance at \(endpoint) has no IAM role (instance profile)")
        }
        let credentials = try await metadataCall(try request("GET", "/latest/meta-data/iam/security-credentials/\(PercentEncoding.encode(role))", auth),
                                                 context: context, what: "instance metadata service")
        return try metadataCredentials(credentials.body, from: endpoint)
    }
}

/// One call to a metadata endpoint, retried like any call, with the short metadata timeout.
func metadataCall(_ request: HTTPRequest, context: CredentialContext, what: String) async throws(AWSError) -> HTTPResponse {
    var attempt = 0
    while true {
        attempt += 1
        do {
            let response = try await context.transport.send(request, timeout: context.metadataTimeout)
            if (200..<300).contains(response.status) { return response }
            if attempt < context.retry.maxAttempts, response.status >= 500 || response.status == 429 {
                try? await context.retry.sleep(context.retry.delay(beforeRetry: attempt - 1))
                continue
            }
            throw AWSError.credentials("the \(what) at \(request.endpoint) answered HTTP \(response.status) to \(request.method) \(request.path)")
        } catch let error as TransportError {
            if attempt < context.retry.maxAttempts {
                try? await context.retry.sleep(context.retry.delay(beforeRetry: attempt - 1))
                continue
            }
            throw AWSError.credentials("cannot reach the \(what) at \(error.endpoint): \(error.reason)")
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError.credentials("the \(what) at \(request.endpoint): \(error)")
        }
    }
}
