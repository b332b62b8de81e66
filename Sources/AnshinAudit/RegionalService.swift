import AnshinCore
import Foundation

// MARK: - Regional security services

/// A security service switched on per Region: Security Hub, or a GuardDuty detector.
public struct RegionalService: Sendable, Hashable {
    /// The hub or detector (Terraform resource or live ARN), or the account in a Region without one.
    public var reference: ResourceReference
    public var enabled: Setting<Bool>
    /// Where settings are written. Keys read by the checks: `enable`.
    public var settingLocations: [String: Location] = [:]

    public init(reference: ResourceReference, enabled: Setting<Bool>) {
        self.reference = reference
        self.enabled = enabled
    }
}
