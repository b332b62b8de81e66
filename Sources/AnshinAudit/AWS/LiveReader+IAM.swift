import AnshinAWS
import AnshinCore
import AnshinHTTP
import Foundation

/// IAM users with their keys, passwords, MFA and policies; customer managed policies with their
/// default version; inline policies of roles and groups. IAM is global: read once per account.
extension LiveReader {
    func iamUsers(report: [String: CredentialReportEntry]?) async throws(AWSError) -> [IAMUser] {
        let pages = try await client.queryPages(service: .iam, action: "ListUsers", truncatedFlag: "IsTruncated").collect()
        let listed = pages.flatMap { $0.all("Users/member") }.compactMap { member -> (String, String)? in
            guard let name = member.value("UserName"), let arn = member.value("Arn") else { return nil }
            return (name, arn)
        }
        return await concurrentMap(listed, limit: perResourceConcurrency) { name, arn in
            let entry: Setting<CredentialReportEntry> = report?[name].map { .known($0) } ?? .unknown
            return await iamUser(name: name, arn: arn, credentials: entry)
        }
    }

    private func iamUser(name: String, arn: String, credentials: Setting<CredentialReportEntry>) async -> IAMUser {
        var user = IAMUser(reference: reference("AWS::IAM::User", name, name: name, arn: arn, region: nil))
        user.credentials = credentials
        let byName = ["UserName": name]
        let keys = await optional(.iam, region: nil, missing: [], fallback: []) { () async throws(AWSError) in
            try await client.queryPages(service: .iam, action: "ListAccessKeys", parameters: QueryParameters(for: .iam, byName),
                                        truncatedFlag: "IsTruncated").collect()
                .flatMap { $0.all("AccessKeyMetadata/member") }
        }
        for key in keys {
            // The user and the key's ends, as the console shows them, tell keys apart without
            // printing the whole id.
            let id = key.value("AccessKeyId") ?? "?"
            var accessKey = AccessKey(reference: reference("AWS::IAM::AccessKey", "\(name)/\(id.prefix(4))…\(id.suffix(4))", region: nil),
                                      status: .from(key.value("Status"), else: .unknown), created: key.value("CreateDate"))
            // No LastUsedDate in the answer: the key was never used. A denied call says nothing.
            accessKey.lastUsed = await optional(.iam, region: nil, missing: .unknown, fallback: .unknown) {
                () async throws(AWSError) -> Setting<String?> in
                .known(try await client.query(service: .iam, action: "GetAccessKeyLastUsed", parameters: ["AccessKeyId": id])
                    .value("AccessKeyLastUsed/LastUsedDate"))
            }
            user.accessKeys.append(accessKey)
        }
        // GetLoginProfile answers NoSuchEntity for a user without a console password.
        user.hasConsolePassword = await optional(.iam, region: nil, missing: .known(false), fallback: .unknown) {
            () async throws(AWSError) -> Setting<Bool> in
            _ = try await client.query(service: .iam, action: "GetLoginProfile", parameters: byName)
            return .known(true)
        }
        user.hasMFA = await optional(.iam, region: nil, missing: .unknown, fallback: .unknown) { () async throws(AWSError) -> Setting<Bool> in
            let devices = try await client.query(service: .iam, action: "ListMFADevices", parameters: byName)
            return .known(!devices.all("MFADevices/member").isEmpty)
        }
        user.attachedPolicies = await optional(.iam, region: nil, missing: [], fallback: []) { () async throws(AWSError) in
            try await client.queryPages(service: .iam, action: "ListAttachedUserPolicies",
                                        parameters: QueryParameters(for: .iam, byName), truncatedFlag: "IsTruncated").collect()
                .flatMap { $0.all("AttachedPolicies/member") }.compactMap { $0.value("PolicyArn") }
        }
        user.inlinePolicies = await inlinePolicies(list: "ListUserPolicies", get: "GetUserPolicy", owner: ("UserName", name))
            .map { $0.document.value ?? PolicyDocument(statements: []) }
        return user
    }

    /// The inline policies of a user, role or group: names from `list`, documents from `get`.
    private func inlinePolicies(list: String, get: String, owner: (key: String, name: String)) async -> [(name: String, document: Setting<PolicyDocument>)] {
        let names = await optional(.iam, region: nil, missing: [], fallback: []) { () async throws(AWSError) in
            try await client.queryPages(service: .iam, action: list, parameters: QueryParameters(for: .iam, [owner.key: owner.name]),
                                        truncatedFlag: "IsTruncated").collect()
                .flatMap { $0.all("PolicyNames/member") }.map(\.text)
        }
        var result: [(name: String, document: Setting<PolicyDocument>)] = []
        for policy in names {
            let document = await optional(.iam, region: nil, missing: .unknown, fallback: .unknown) {
                () async throws(AWSError) -> Setting<PolicyDocument> in
                let response = try await client.query(service: .iam, action: get, parameters: [owner.key: owner.name, "PolicyName": policy])
                return Self.policyDocument(response.value("PolicyDocument"))
            }
            result.append((policy, document))
        }
        return result
    }

    /// Customer managed policies (their default version) and the inline policies of roles and groups.
    func iamPolicies() async throws(AWSError) -> [IAMPolicy] {
        let pages = try await client.queryPages(service: .iam, action: "ListPolicies", parameters: QueryParameters(for: .iam, ["Scope": "Local"]),
                                                truncatedFlag: "IsTruncated").collect()
        let managed = await concurrentMap(pages.flatMap { $0.all("Policies/member") }, limit: perResourceConcurrency) { member in
            let name = member.value("PolicyName") ?? "?"
            let arn = member.value("Arn") ?? name
            let document = await optional(.iam, region: nil, missing: .unknown, fallback: .unknown) {
                () async throws(AWSError) -> Setting<PolicyDocument> in
                guard let version = member.value("DefaultVersionId") else { return .unknown }
                let response = try await client.query(service: .iam, action: "GetPolicyVersion",
                                                      parameters: ["PolicyArn": arn, "VersionId": version])
                return Self.policyDocument(response.value("PolicyVersion/Document"))
            }
            return IAMPolicy(reference: reference("AWS::IAM::ManagedPolicy", arn, name: name, arn: arn, region: nil), document: document,
                             attached: .from(member.int("AttachmentCount").map { $0 > 0 }, else: .unknown))
        }
        var inline: [IAMPolicy] = []
        for (kind, list, get, key, listAction, path) in [
            ("AWS::IAM::Role", "ListRolePolicies", "GetRolePolicy", "RoleName", "ListRoles", "Roles/member"),
            ("AWS::IAM::Group", "ListGroupPolicies", "GetGroupPolicy", "GroupName", "ListGroups", "Groups/member"),
        ] {
            let owners = await optional(.iam, region: nil, missing: [], fallback: []) { () async throws(AWSError) in
                try await client.queryPages(service: .iam, action: listAction, truncatedFlag: "IsTruncated").collect()
                    .flatMap { $0.all(path) }
                    .compactMap { member in member.value(key).map { ($0, member.value("Arn")) } }
            }
            let policies = await concurrentMap(owners, limit: perResourceConcurrency) { name, arn in
                await inlinePolicies(list: list, get: get, owner: (key, name)).map { policy in
                    IAMPolicy(reference: reference(kind, "\(name)/\(policy.name)", name: "\(name)/\(policy.name)", arn: arn, region: nil),
                              document: policy.document, attached: .known(true))
                }
            }
            inline += policies.flatMap { $0 }
        }
        return managed + inline
    }

    /// The users, groups and roles the AWS managed AdministratorAccess is attached to
    /// (`iam:ListEntitiesForPolicy`). Roles IAM Identity Center creates for its permission sets
    /// (`AWSReservedSSO_…`) are left out: they are managed there, as the checks recommend.
    func administratorAccessAttachments() async throws(AWSError) -> [PolicyAttachment] {
        let arn = "arn:aws:iam::aws:policy/AdministratorAccess"
        let pages = try await client.queryPages(service: .iam, action: "ListEntitiesForPolicy",
                                                parameters: QueryParameters(for: .iam, ["PolicyArn": arn]),
                                                truncatedFlag: "IsTruncated").collect()
        var result: [PolicyAttachment] = []
        for page in pages {
            for (path, key, principal, kind) in [("PolicyUsers/member", "UserName", PolicyAttachment.Principal.user, "AWS::IAM::User"),
                                                 ("PolicyGroups/member", "GroupName", .group, "AWS::IAM::Group"),
                                                 ("PolicyRoles/member", "RoleName", .role, "AWS::IAM::Role")] {
                for member in page.all(path) {
                    guard let name = member.value(key), !name.hasPrefix("AWSReservedSSO_") else { continue }
                    result.append(PolicyAttachment(reference: reference(kind, name, name: name, region: nil), principal: principal,
                                                   principalName: name, policyARN: arn))
                }
            }
        }
        return result
    }

    /// IAM returns policy documents URL-encoded.
    static func policyDocument(_ encoded: String?) -> Setting<PolicyDocument> {
        guard let encoded else { return .unknown }
        return PolicyReading.document(json: PercentEncoding.decode(encoded))
    }
}
