import Foundation

/// Who the credentials belong to: `sts:GetCallerIdentity`.
public struct CallerIdentity: Sendable, Equatable {
    public let account: String
    public let arn: String
    public let userID: String
}

/// The STS calls anshin needs: who am I, and the role assumptions of the credential chain.
public struct STSClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// `GetCallerIdentity`: the account and principal of the client's credentials.
    public func getCallerIdentity() async throws(AWSError) -> CallerIdentity {
        let result = try await client.query(service: .sts, action: "GetCallerIdentity")
        guard let account = result.value("Account"), let arn = result.value("Arn") else {
            throw AWSError(kind: .invalidResponse, service: "STS", operation: "GetCallerIdentity", message: "the response has no Account or Arn")
        }
        return CallerIdentity(account: account, arn: arn, userID: result.value("UserId") ?? "")
    }

    /// `AssumeRole` with the client's credentials; `mfa` is the MFA device's serial and the code it shows.
    public func assumeRole(roleARN: String, sessionName: String, externalID: String? = nil,
                           mfa: (serial: String, code: String)? = nil, durationSeconds: Int? = nil) async throws(AWSError) -> AWSCredentials {
        var parameters = ["RoleArn": roleARN, "RoleSessionName": sessionName]
        parameters["ExternalId"] = externalID
        if let mfa {
            parameters["SerialNumber"] = mfa.serial
            parameters["TokenCode"] = mfa.code
        }
        parameters["DurationSeconds"] = durationSeconds.map { String($0) }
        let result = try await client.query(service: .sts, action: "AssumeRole", parameters: parameters)
        return try Self.credentials(in: result, operation: "AssumeRole")
    }

    /// `AssumeRoleWithWebIdentity`: unsigned, authenticated by the OIDC `token`.
    public func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, token: String,
                                          durationSeconds: Int? = nil) async throws(AWSError) -> AWSCredentials {
        var parameters = ["RoleArn": roleARN, "RoleSessionName": sessionName, "WebIdentityToken": token]
        parameters["DurationSeconds"] = durationSeconds.map { String($0) }
        let result = try await client.query(service: .sts, action: "AssumeRoleWithWebIdentity", parameters: parameters)
        return try Self.credentials(in: result, operation: "AssumeRoleWithWebIdentity")
    }

    /// The `<Credentials>` element of an assume-role result.
    static func credentials(in result: XML, operation: String) throws(AWSError) -> AWSCredentials {
        guard let element = result.child("Credentials"), let keyID = element.value("AccessKeyId"),
              let secret = element.value("SecretAccessKey") else {
            throw AWSError(kind: .invalidResponse, service: "STS", operation: operation, message: "the response has no Credentials")
        }
        let expiration = element.value("Expiration").flatMap(AWSDate.parse)
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: element.value("SessionToken"), expiration: expiration)
    }
}

/// The timestamp formats AWS responses use.
public enum AWSDate {
    /// ISO 8601 with or without fractional seconds (`2026-11-27T18:00:00Z`,
    /// `2026-11-27T18:00:00.123+00:00`), or seconds since 1970 as a number.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return Date(timeIntervalSince1970: seconds) }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: trimmed)
    }
}

extension AWSClient {
    /// The same client with the credentials of `roleARN`, assumed with this client's credentials
    /// and refreshed before they expire: one client per member account of an organization.
    public func assumingRole(_ roleARN: String, sessionName: String = "anshin", externalID: String? = nil,
                             durationSeconds: Int? = nil) -> AWSClient {
        let base = self
        var copy = self
        copy.credentials = CredentialProvider(source: "assume \(roleARN)", now: now) { () async throws(AWSError) -> AWSCredentials in
            try await STSClient(client: base).assumeRole(roleARN: roleARN, sessionName: sessionName, externalID: externalID,
                                                         durationSeconds: durationSeconds)
        }
        return copy
    }
}
