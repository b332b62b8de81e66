import AnshinAWS
import AnshinCore

extension AWSAudit {
    /// The role Organizations creates in every account it creates.
    public static let defaultOrganizationRole = "OrganizationAccountAccessRole"

    /// Audits every active account of the Organization that `management` belongs to: the
    /// management account with its own credentials, each member through `role` assumed with
    /// them, at most `accountConcurrency` accounts at once.
    ///
    /// Throws when the Organization's accounts cannot be listed (not the management account or
    /// a delegated administrator, or no credentials); an account whose role cannot be assumed
    /// becomes a "not assessed" note and the others are still audited.
    public static func runOrganization(management: AWSClient, role: String = defaultOrganizationRole, options: Options,
                                       accountConcurrency: Int = 4, checks: [any Check] = CheckCatalog.all) async throws(AWSError) -> AWSAuditResult {
        let home = management.inRegion(options.regions.first ?? management.region)
        let caller = try await STSClient(client: home).getCallerIdentity()
        let members = try await organizationAccounts(client: home)
        var notes: [Note] = []
        let active = members.filter { member in
            guard member.status == "ACTIVE" else {
                notes.append(Note(kind: .notAssessed, source: "aws", message: "account \(member.id) (\(member.name)): not assessed: its status is \(member.status)"))
                return false
            }
            return true
        }
        options.progress?.withLock { $0.total = active.count }
        let results = await concurrentMap(active, limit: accountConcurrency) { member -> Result<AWSAuditResult, AWSError> in
            let client = member.id == caller.account ? home : home.assumingRole(roleARN(role, account: member.id), sessionName: "anshin-audit")
            do throws(AWSError) {
                return .success(try await run(client: client, options: options, checks: checks))
            } catch {
                return .failure(error)
            }
        }
        var result = AWSAuditResult(findings: [], notes: notes, accounts: [])
        for (member, outcome) in zip(active, results) {
            switch outcome {
            case .success(let audited):
                result.findings += audited.findings
                result.notes += audited.notes
                result.accounts += audited.accounts
                result.inventories += audited.inventories
            case .failure(let error):
                let how = member.id == caller.account ? "" : " as \(roleARN(role, account: member.id))"
                result.notes.append(Note(kind: .notAssessed, source: "aws",
                                         message: "account \(member.id) (\(member.name)): not assessed: cannot sign in\(how): \(error)"))
            }
        }
        return result
    }

    /// `role` as an ARN in `account`; an ARN given in full is kept.
    static func roleARN(_ role: String, account: String) -> String {
        role.hasPrefix("arn:") ? role : "arn:aws:iam::\(account):role/\(role)"
    }
}
