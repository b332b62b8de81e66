import AnshinCore
import AnshinHTTP
import Foundation

/// Reads an ``OrganizationInventory`` through the REST API (and one GraphQL query for SAML).
///
/// A call the token may not make (401/403, or GitHub's 404 for what it hides) makes that fact
/// ``Readable/unreadable(_:)`` with the scope or role that would allow it; the audit reports
/// those as notes. Rate limits and transient failures are the client's business; anything
/// else stops the read.
public struct OrganizationReader: Sendable {
    public var client: GitHubClient
    /// Repositories read at once.
    public var concurrency: Int

    public init(client: GitHubClient, concurrency: Int = 4) {
        self.client = client
        self.concurrency = max(1, concurrency)
    }

    public func read(_ organization: String) async throws(GitHubError) -> OrganizationInventory {
        let base = "/orgs/\(organization)"
        // The organisation itself must be visible, else nothing can be said.
        let settings: OrganizationResponse
        do throws(GitHubError) {
            settings = try await client.get(base, as: OrganizationResponse.self)
        } catch where error.kind == .notFound {
            throw GitHubError(kind: .notFound, status: 404, call: "GET \(base)",
                              message: "no organisation \"\(organization)\" is visible to this token")
        }
        let owners = try await readable("GET \(base)/members?role=admin", needs: "read:org") { () async throws(GitHubError) in
            try await client.getAll("\(base)/members", query: [("role", "admin")], as: Login.self).map(\.login).sorted()
        }
        let actions = try await readable("GET \(base)/actions/permissions", needs: "admin:org (an owner's token)") { () async throws(GitHubError) in
            let answer = try await client.get("\(base)/actions/permissions", as: ActionsResponse.self)
            return ActionsPolicy(enabledRepositories: answer.enabledRepositories, allowedActions: answer.allowedActions)
        }
        let workflow = try await readable("GET \(base)/actions/permissions/workflow", needs: "admin:org (an owner's token)") { () async throws(GitHubError) in
            let answer = try await client.get("\(base)/actions/permissions/workflow", as: WorkflowResponse.self)
            return WorkflowTokenPolicy(defaultWorkflowPermissions: answer.defaultWorkflowPermissions,
                                       canApprovePullRequestReviews: answer.canApprovePullRequestReviews)
        }
        let saml = try await readable("POST /graphql organization.samlIdentityProvider", needs: "admin:org (an owner's token)") { () async throws(GitHubError) in
            let answer = try await client.graphQL(
                "query($login: String!) { organization(login: $login) { samlIdentityProvider { ssoUrl } } }",
                variables: ["login": organization], as: SAMLResponse.self)
            return answer.organization?.samlIdentityProvider != nil
        }
        let hooks = try await readable("GET \(base)/hooks", needs: "admin:org_hook") { () async throws(GitHubError) in
            try await client.getAll("\(base)/hooks", as: HookResponse.self).map { hook in
                let url = URLComponents(string: hook.config.url ?? "")
                return Webhook(id: hook.id, host: url?.host ?? "?", scheme: url?.scheme?.lowercased() ?? "?", active: hook.active ?? true,
                               hasSecret: !(hook.config.secret ?? "").isEmpty, insecureSSL: hook.config.insecureSsl?.description == "1")
            }
        }
        let ownerLogins = Set(owners.value ?? [])
        let repositories = try await readable("GET \(base)/repos", needs: "repo") { () async throws(GitHubError) in
            let listed = try await client.getAll("\(base)/repos", query: [("type", "all")], as: RepositoryResponse.self)
                .filter { !($0.archived ?? false) }.sorted { $0.name < $1.name }
            return try await repositoriesFacts(listed, organization: organization, owners: ownerLogins)
        }
        return OrganizationInventory(
            login: organization,
            settings: .known(OrganizationSettings(
                twoFactorRequirementEnabled: settings.twoFactorRequirementEnabled,
                defaultRepositoryPermission: settings.defaultRepositoryPermission,
                membersCanCreatePublicRepositories: settings.membersCanCreatePublicRepositories,
                membersCanForkPrivateRepositories: settings.membersCanForkPrivateRepositories)),
            actions: actions, workflowToken: workflow, samlSSO: saml, webhooks: hooks, owners: owners, repositories: repositories)
    }

    private func repositoriesFacts(_ listed: [RepositoryResponse], organization: String, owners: Set<String>)
        async throws(GitHubError) -> [RepositoryFacts] {
        var facts: [RepositoryFacts] = []
        var start = 0
        while start < listed.count {
            let batch = Array(listed[start..<min(listed.count, start + concurrency)])
            start += concurrency
            do {
                facts += try await withThrowingTaskGroup(of: (Int, RepositoryFacts).self) { group in
                    for (index, repository) in batch.enumerated() {
                        group.addTask { (index, try await self.facts(repository, organization: organization, owners: owners)) }
                    }
                    var results: [(Int, RepositoryFacts)] = []
                    for try await result in group { results.append(result) }
                    return results.sorted { $0.0 < $1.0 }.map(\.1)
                }
            } catch let error as GitHubError {
                throw error
            } catch {
                throw GitHubError(kind: .unavailable, message: "\(error)")
            }
        }
        return facts
    }

    private func facts(_ repository: RepositoryResponse, organization: String, owners: Set<String>) async throws(GitHubError) -> RepositoryFacts {
        let path = "/repos/\(organization)/\(repository.name)"
        let branch = repository.defaultBranch ?? "main"
        let encodedBranch = PercentEncoding.encode(branch)
        let isAdmin = repository.permissions?.admin ?? false
        let protection: Readable<BranchProtection?> = try await readable("GET \(path)/branches/\(branch)/protection", needs: "repo and admin on \(repository.name)") { () async throws(GitHubError) in
            do throws(GitHubError) {
                let answer = try await client.get("\(path)/branches/\(encodedBranch)/protection", as: ProtectionResponse.self)
                return BranchProtection(
                    requiredApprovals: answer.requiredPullRequestReviews.map { $0.requiredApprovingReviewCount ?? 1 } ?? 0,
                    allowsForcePushes: answer.allowForcePushes?.enabled ?? false,
                    allowsDeletions: answer.allowDeletions?.enabled ?? false,
                    enforceAdmins: answer.enforceAdmins?.enabled ?? false)
            } catch where error.kind == .notFound && error.message.lowercased().contains("not protected") {
                return nil
            }
        }
        let rules: Readable<[String]> = try await readable("GET \(path)/rules/branches/\(branch)", needs: "repo") { () async throws(GitHubError) in
            try await client.getAll("\(path)/rules/branches/\(encodedBranch)", as: RuleResponse.self).map(\.type)
        }
        let dependabot: Readable<Bool>
        if isAdmin {
            dependabot = try await readable("GET \(path)/vulnerability-alerts", needs: "repo and admin on \(repository.name)") { () async throws(GitHubError) in
                // 204 when enabled, 404 when not (documented).
                let response = try await client.send(client.request("GET", "\(path)/vulnerability-alerts"), allowNotFound: true)
                return response.status != 404
            }
        } else {
            dependabot = .unreadable("GET \(path)/vulnerability-alerts: needs admin on \(repository.name)")
        }
        let outside: Readable<[String]> = try await readable("GET \(path)/collaborators?affiliation=outside", needs: "repo and push access to \(repository.name)") { () async throws(GitHubError) in
            try await client.getAll("\(path)/collaborators", query: [("affiliation", "outside")], as: CollaboratorResponse.self)
                .filter { $0.permissions?.admin == true }.map(\.login)
        }
        let direct: Readable<[String]> = try await readable("GET \(path)/collaborators?affiliation=direct", needs: "repo and push access to \(repository.name)") { () async throws(GitHubError) in
            try await client.getAll("\(path)/collaborators", query: [("affiliation", "direct")], as: CollaboratorResponse.self)
                .filter { $0.permissions?.admin == true && !owners.contains($0.login) }.map(\.login)
        }
        return RepositoryFacts(
            name: repository.name, visibility: repository.visibility ?? (repository.private == true ? "private" : "public"),
            defaultBranch: branch, protection: protection, rules: rules,
            secretScanning: repository.securityAndAnalysis?.secretScanning?.status,
            secretScanningPushProtection: repository.securityAndAnalysis?.secretScanningPushProtection?.status,
            dependabotAlerts: dependabot, outsideAdmins: outside, directAdmins: direct)
    }

    /// `read()` as a known value, or unreadable when the token may not make the call.
    private func readable<T: Sendable & Hashable>(_ call: String, needs: String, _ read: () async throws(GitHubError) -> T)
        async throws(GitHubError) -> Readable<T> {
        do throws(GitHubError) {
            return .known(try await read())
        } catch where [.unauthorized, .forbidden, .notFound].contains(error.kind) {
            return .unreadable("\(call): \(error.status.map { "HTTP \($0), " } ?? "")needs \(needs)")
        }
    }

    // MARK: - Response shapes (the fields read)

    struct OrganizationResponse: Decodable {
        var login: String
        var twoFactorRequirementEnabled: Bool?
        var defaultRepositoryPermission: String?
        var membersCanCreatePublicRepositories: Bool?
        var membersCanForkPrivateRepositories: Bool?
    }
    struct Login: Decodable { var login: String }
    struct ActionsResponse: Decodable { var enabledRepositories: String; var allowedActions: String? }
    struct WorkflowResponse: Decodable { var defaultWorkflowPermissions: String; var canApprovePullRequestReviews: Bool }
    struct SAMLResponse: Decodable {
        struct Organization: Decodable {
            struct Provider: Decodable { var ssoUrl: String? }
            var samlIdentityProvider: Provider?
        }
        var organization: Organization?
    }
    struct HookResponse: Decodable {
        struct Config: Decodable {
            var url: String?
            var secret: String?
            var insecureSsl: StringOrNumber?
        }
        var id: Int
        var active: Bool?
        var config: Config
    }
    /// `insecure_ssl` is documented as a string (`"0"`) but some answers carry a number.
    enum StringOrNumber: Decodable, CustomStringConvertible {
        case text(String)
        case number(Int)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
        var description: String {
            switch self {
            case .text(let text): text
            case .number(let number): String(number)
            }
        }
    }
    struct RepositoryResponse: Decodable {
        struct Permissions: Decodable { var admin: Bool? }
        struct Status: Decodable { var status: String? }
        struct SecurityAndAnalysis: Decodable {
            var secretScanning: Status?
            var secretScanningPushProtection: Status?
        }
        var name: String
        var `private`: Bool?
        var visibility: String?
        var archived: Bool?
        var defaultBranch: String?
        var permissions: Permissions?
        var securityAndAnalysis: SecurityAndAnalysis?
    }
    struct ProtectionResponse: Decodable {
        struct Reviews: Decodable { var requiredApprovingReviewCount: Int? }
        struct Enabled: Decodable { var enabled: Bool? }
        var requiredPullRequestReviews: Reviews?
        var allowForcePushes: Enabled?
        var allowDeletions: Enabled?
        var enforceAdmins: Enabled?
    }
    struct RuleResponse: Decodable { var type: String }
    struct CollaboratorResponse: Decodable {
        struct Permissions: Decodable { var admin: Bool? }
        var login: String
        var permissions: Permissions?
    }
}
