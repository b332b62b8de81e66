import AnshinCore
import AnshinHCL
import Foundation

/// Facts about the account that Terraform can declare: the password policy, Security Hub,
/// GuardDuty, the Organization (with its accounts and Control Tower's log-archive account) and
/// IAM Identity Center.
///
/// Without the resource the code does not say (these are often switched on once, by hand or
/// by Control Tower), so the fact stays unknown and no check reports it. Provider facts relied
/// on: `aws_iam_account_password_policy` leaves unset requirements off and allows 6 characters;
/// `aws_guardduty_detector.enable` defaults to true; `aws_securityhub_account` exists only
/// where Security Hub is enabled.
extension TerraformReader {
    func fillAccountFacts(_ inventory: inout Inventory) {
        inventory.passwordPolicy = passwordPolicy(&inventory)
        inventory.securityHub = resources("aws_securityhub_account").map { instance in
            RegionalService(reference: reference(instance), enabled: .known(true))
        }
        inventory.guardDuty = resources("aws_guardduty_detector").map { instance in
            var detector = RegionalService(reference: reference(instance), enabled: instance.body.bool("enable", default: true))
            detector.settingLocations["enable"] = location(of: "enable", in: instance)
            return detector
        }
        inventory.organization = organization()
        let identityCenterTypes = ["aws_ssoadmin_permission_set", "aws_ssoadmin_account_assignment", "aws_identitystore_user",
                                   "aws_identitystore_group"]
        if identityCenterTypes.contains(where: { byType[$0]?.isEmpty == false }) {
            inventory.identityCenter = .known(true)
        }
    }

    func passwordPolicy(_ inventory: inout Inventory) -> Setting<PasswordPolicy?> {
        guard let instance = resources("aws_iam_account_password_policy").first else { return .unknown }
        inventory.accountSettingLocations["aws_iam_account_password_policy"] = location(instance)
        let body = instance.body
        let length: Setting<Int> = switch TerraformValue.int(body.value("minimum_password_length")) {
        case .known(let value): .known(value ?? 6)
        case .unknown: .unknown
        }
        return .known(PasswordPolicy(
            minimumLength: length,
            requireUppercase: body.bool("require_uppercase_characters", default: false),
            requireLowercase: body.bool("require_lowercase_characters", default: false),
            requireNumbers: body.bool("require_numbers", default: false),
            requireSymbols: body.bool("require_symbols", default: false),
            reusePrevention: TerraformValue.int(body.value("password_reuse_prevention")),
            maximumAge: TerraformValue.int(body.value("max_password_age"))))
    }

    /// The Organization this configuration manages: declaring it means running in its
    /// management account.
    func organization() -> Setting<Organization?> {
        guard let instance = resources("aws_organizations_organization").first else { return .unknown }
        var organization = Organization(reference: reference(instance),
                                        managementAccount: source.account.map(Setting.known) ?? .unknown,
                                        isManagementAccount: .known(true))
        organization.accounts = .known(resources("aws_organizations_account").map { account in
            OrganizationAccount(reference: reference(account, nameAttribute: "name"),
                                id: account.body.string("id").map(Setting.known) ?? .unknown,
                                name: account.body.string("name").map(Setting.known) ?? .unknown)
        })
        if let zone = resources("aws_controltower_landing_zone").first {
            organization.logArchiveAccount = Self.centralizedLoggingAccount(zone.body.string("manifest_json"))
        }
        return .known(organization)
    }

    /// The `centralizedLogging.accountId` of a Control Tower landing zone manifest.
    static func centralizedLoggingAccount(_ manifest: String?) -> Setting<String?> {
        guard let manifest, let data = manifest.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return .unknown }
        guard let logging = object["centralizedLogging"] as? [String: Any] else { return .known(nil) }
        if logging["enabled"] as? Bool == false { return .known(nil) }
        return (logging["accountId"] as? String).map { .known($0) } ?? .unknown
    }
}
