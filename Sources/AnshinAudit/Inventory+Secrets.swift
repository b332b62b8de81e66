import AnshinCore

/// A Secrets Manager secret.
public struct ManagedSecret: Sendable, Hashable {
    public var reference: ResourceReference
    /// Whether Secrets Manager rotates it on a schedule (by a function, or as the service that
    /// owns it does, as RDS does for the master passwords it manages).
    public var rotation: Setting<Bool> = .known(false)
    /// Where settings are written. Keys read by the checks: `rotation`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference) {
        self.reference = reference
    }
}
