import Foundation

/// An AWS access key pair, with the session token and expiry of temporary credentials.
///
/// `description`, `debugDescription` and the mirror `dump` walks show the access key id and
/// redact the secret and token, so the value can reach errors and logs without leaking them.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public var accessKeyID: String
    /// The secret access key; never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-term keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether the credentials have expired at `date` (never, for credentials without an expiry).
    public func isExpired(at date: Date) -> Bool {
        guard let expiration else { return false }
        return expiration <= date
    }

    public var description: String {
        var text = "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: [redacted]"
        if sessionToken != nil { text += ", sessionToken: [redacted]" }
        if let expiration { text += ", expiration: \(expiration)" }
        return text + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": accessKeyID,
            "secretAccessKey": "[redacted]",
            "sessionToken": sessionToken == nil ? "nil" : "[redacted]",
            "expiration": expiration.map { "\($0)" } ?? "nil",
        ])
    }
}
