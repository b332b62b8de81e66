import AnshinAWS
import AnshinCore
import Foundation

/// Facts about the account itself: alias, password policy, root user (account summary, virtual
/// MFA devices, credential report), Organization, IAM Identity Center; and the regional security
/// services, Security Hub and GuardDuty.
extension LiveReader {
    func accountAlias() async throws(AWSError) -> Setting<String?> {
        let result = try await client.query(service: .iam, action: "ListAccountAliases")
        return .known(result.all("AccountAliases/member").first?.text)
    }

    /// `GetAccountPasswordPolicy`; NoSuchEntity means the account has none.
    func passwordPolicy() async -> Setting<PasswordPolicy?> {
        await optional(.iam, region: nil, missing: .known(nil), fallback: .unknown) { () async throws(AWSError) -> Setting<PasswordPolicy?> in
            let result = try await client.query(service: .iam, action: "GetAccountPasswordPolicy")
            guard let policy = result.element("PasswordPolicy") else { return .unknown }
            return .known(PasswordPolicy(
                minimumLength: .from(policy.int("MinimumPasswordLength"), else: .known(8)),
                requireUppercase: .known(policy.bool("RequireUppercaseCharacters") ?? false),
                requireLowercase: .known(policy.bool("RequireLowercaseCharacters") ?? false),
                requireNumbers: .known(policy.bool("RequireNumbers") ?? false),
                requireSymbols: .known(policy.bool("RequireSymbols") ?? false),
                reusePrevention: .known(policy.int("PasswordReusePrevention")),
                maximumAge: .known(policy.int("MaxPasswordAge"))))
        }
    }

    /// The credential report, generated if needed (IAM builds it in a few seconds; an existing
    /// report younger than four hours is returned as is). Nil when it cannot be had.
    func credentialReport() async -> CredentialReport? {
        await optional(.iam, region: nil, missing: nil, fallback: nil) { () async throws(AWSError) -> CredentialReport? in
            for _ in 0..<20 {
                let state = try await client.query(service: .iam, action: "GenerateCredentialReport").value("State")
                if state == "COMPLETE" { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
            let result = try await client.query(service: .iam, action: "GetCredentialReport")
            guard let content = result.value("Content"), let data = Data(base64Encoded: content) else {
                throw AWSError(kind: .invalidResponse, service: "IAM", operation: "GetCredentialReport", message: "the report has no content")
            }
            return CredentialReport.parse(String(decoding: data, as: UTF8.self))
        }
    }

    /// The root user from the account summary, the root's virtual MFA device and the report's root row.
    func rootUser(report: CredentialReport?) async -> RootUser {
        let summary = await optional(.iam, region: nil, missing: [:], fallback: [:]) { () async throws(AWSError) -> [String: Int] in
            let result = try await client.query(service: .iam, action: "GetAccountSummary")
            var values: [String: Int] = [:]
            for entry in result.all("SummaryMap/entry") {
                if let key = entry.value("key"), let value = entry.int("value") { values[key] = value }
            }
            return values
        }
        var virtualMFA: Bool?
        if summary["AccountMFAEnabled"].map({ $0 > 0 }) == true {
            virtualMFA = await optional(.iam, region: nil, missing: nil, fallback: nil) { () async throws(AWSError) -> Bool? in
                try await client.queryPages(service: .iam, action: "ListVirtualMFADevices",
                                            parameters: QueryParameters(for: .iam, ["AssignmentStatus": "Assigned"]),
                                            truncatedFlag: "IsTruncated").collect()
                    .flatMap { $0.all("VirtualMFADevices/member") }
                    .contains { device in
                        device.value("User/Arn")?.hasSuffix(":root") == true
                            || device.value("SerialNumber")?.hasSuffix("/root-account-mfa-device") == true
                    }
            }
        }
        return Self.rootUser(summary: summary, rootHasVirtualMFA: virtualMFA, report: report)
    }

    /// The root user from `GetAccountSummary`'s map, whether a virtual MFA device is assigned to
    /// root (nil when unknown), and the credential report's `<root_account>` row.
    static func rootUser(summary: [String: Int], rootHasVirtualMFA: Bool?, report: CredentialReport?) -> RootUser {
        var root = RootUser()
        root.mfaEnabled = .from(summary["AccountMFAEnabled"].map { $0 > 0 }, else: .unknown)
        // The summary says whether root has keys; without it, the report's active key slots do.
        root.accessKeysPresent = .from(summary["AccountAccessKeysPresent"].map { $0 > 0 } ?? report?.root?.anyAccessKeyActive,
                                       else: .unknown)
        root.passwordPresent = .from(summary["AccountPasswordPresent"].map { $0 > 0 }, else: .unknown)
        if root.mfaEnabled.isTrue, let rootHasVirtualMFA { root.hardwareMFA = .known(!rootHasVirtualMFA) }
        if let row = report?.root {
            root.passwordLastUsed = .known(row.passwordLastUsed)
            root.accessKeyLastUsed = .known(row.accessKeyLastUsed)
        }
        return root
    }

    /// `DescribeOrganization`, and the accounts when this is the management account.
    func organization() async throws(AWSError) -> Setting<Organization?> {
        let described: JSON
        do throws(AWSError) {
            described = try await client.json(service: .organizations, operation: "DescribeOrganization")
        } catch where error.code == "AWSOrganizationsNotInUseException" {
            return .known(nil)
        }
        guard let body = described["Organization"], let id = body["Id"]?.string else { return .unknown }
        let management = body["MasterAccountId"]?.string
        var organization = Organization(reference: reference("AWS::Organizations::Organization", id, arn: body["Arn"]?.string, region: nil),
                                        managementAccount: .from(management, else: .unknown),
                                        isManagementAccount: .from(management.map { $0 == account }, else: .unknown))
        if management == account {
            organization.accounts = await optional(.organizations, region: nil, missing: .unknown, fallback: .unknown) {
                () async throws(AWSError) -> Setting<[OrganizationAccount]> in
                .known(try await organizationAccounts(client: client).map { member in
                    OrganizationAccount(reference: reference("AWS::Organizations::Account", member.id, name: member.name, arn: member.arn, region: nil),
                                        id: .known(member.id), name: .known(member.name))
                })
            }
        }
        return .known(organization)
    }

    /// Whether an IAM Identity Center instance serves the account: known true when the account
    /// sees one; a member account does not see its Organization's instance, so none seen is unknown.
    func identityCenter() async -> Setting<Bool> {
        await optional(.ssoAdmin, region: client.region, missing: .unknown, fallback: .unknown) { () async throws(AWSError) -> Setting<Bool> in
            let instances = try await client.jsonPages(service: .ssoAdmin, operation: "ListInstances").collect()
                .flatMap { $0["Instances"]?.array ?? [] }
            return instances.isEmpty ? .unknown : .known(true)
        }
    }

    /// Security Hub in `region`: `DescribeHub` answers InvalidAccessException when not subscribed.
    func securityHub(_ regional: AWSClient) async throws(AWSError) -> RegionalService {
        do throws(AWSError) {
            let hub = try await regional.restJSON(service: .securityHub, operation: "DescribeHub", path: "/accounts")
            let arn = hub["HubArn"]?.string
            return RegionalService(reference: reference("AWS::SecurityHub::Hub", arn ?? account, arn: arn, region: regional.region),
                                   enabled: .known(true))
        } catch where error.code == "InvalidAccessException" || error.code == "ResourceNotFoundException" {
            return RegionalService(reference: reference("AWS::::Account", account, region: regional.region), enabled: .known(false))
        }
    }

    /// GuardDuty in `region`: enabled when a detector exists and its status is ENABLED.
    func guardDuty(_ regional: AWSClient) async throws(AWSError) -> RegionalService {
        let ids = try await regional.restJSONPages(service: .guardDuty, operation: "ListDetectors", path: "/detector",
                                                   inputToken: "nextToken", outputToken: "nextToken").collect()
            .flatMap { $0["detectorIds"]?.array ?? [] }.compactMap(\.string)
        guard let id = ids.first else {
            return RegionalService(reference: reference("AWS::::Account", account, region: regional.region), enabled: .known(false))
        }
        let detector = try await regional.restJSON(service: .guardDuty, operation: "GetDetector", path: "/detector/\(id)")
        let arn = "arn:aws:guardduty:\(regional.region):\(account):detector/\(id)"
        return RegionalService(reference: reference("AWS::GuardDuty::Detector", id, arn: arn, region: regional.region),
                               enabled: .from(detector["status"]?.string.map { $0 == "ENABLED" }, else: .unknown))
    }
}

/// One account of an Organization as `ListAccounts` gives it.
public struct OrganizationMember: Sendable, Hashable {
    public var id: String
    public var name: String
    public var arn: String?
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`.
    public var status: String
}

/// `ListAccounts` of the Organization, from its management account or a delegated administrator.
func organizationAccounts(client: AWSClient) async throws(AWSError) -> [OrganizationMember] {
    try await client.jsonPages(service: .organizations, operation: "ListAccounts").collect()
        .flatMap { $0["Accounts"]?.array ?? [] }
        .compactMap { account in
            guard let id = account["Id"]?.string else { return nil }
            return OrganizationMember(id: id, name: account["Name"]?.string ?? id, arn: account["Arn"]?.string,
                                      status: account["Status"]?.string ?? "ACTIVE")
        }
}
