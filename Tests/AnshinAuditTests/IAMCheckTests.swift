import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct IAMCheckTests {
    static let ciRef = Fixture.tf("aws_iam_user", "ci", named: "ci", path: "iam.tf", line: 1)
    static let liveCIRef = Fixture.live("AWS::IAM::User", "ci", named: "ci")
    static let admin = PolicyDocument(statements: [.init(effect: "Allow", actions: ["*"], resources: ["*"])])
    static let readOnly = PolicyDocument(statements: [.init(effect: "Allow", actions: ["s3:GetObject"], resources: ["*"])])

    func terraform(_ change: (inout IAMUser) -> Void) -> Inventory {
        var user = IAMUser(reference: Self.ciRef)
        change(&user)
        return .terraform { $0.iamUsers = [user] }
    }

    func live(_ change: (inout IAMUser) -> Void) -> Inventory {
        var user = IAMUser(reference: Self.liveCIRef)
        change(&user)
        return .aws { $0.iamUsers = [user] }
    }

    @Test func plainUserPassesEveryIAMCheck() {
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("iam-") {
            #expect(check.evaluate(terraform { _ in }).isEmpty, "\(check.metadata.id)")
            #expect(check.evaluate(live { $0.hasMFA = .known(false) }).isEmpty, "\(check.metadata.id)")
        }
    }

    // MARK: iam-user-console-password

    @Test func consolePassword() throws {
        let finding = try onlyFinding(IAMUserConsolePassword(), terraform {
            $0.hasConsolePassword = .known(true)
            $0.settingLocations["login_profile"] = Fixture.line(9, "iam.tf")
        })
        expectFinding(finding, "iam-user-console-password", .medium, "aws_iam_user.ci",
                      "aws_iam_user.ci (ci) has a console password (aws_iam_user_login_profile) in the prd environment",
                      at: Fixture.line(9, "iam.tf"))
        let liveFinding = try onlyFinding(IAMUserConsolePassword(), live { $0.hasConsolePassword = .known(true) })
        #expect(liveFinding.message == "IAM user ci in account 111111111111 (ap-northeast-1) has a console password")
        #expect(liveFinding.location == nil)
    }

    @Test func consolePasswordUnknown() {
        #expect(IAMUserConsolePassword().evaluate(terraform { $0.hasConsolePassword = .unknown }).isEmpty)
    }

    // MARK: iam-user-console-mfa

    @Test func consoleWithoutMFA() throws {
        let finding = try onlyFinding(IAMUserConsoleMFA(), live {
            $0.hasConsolePassword = .known(true)
            $0.hasMFA = .known(false)
        })
        expectFinding(finding, "iam-user-console-mfa", .high, "ci",
                      "IAM user ci in account 111111111111 (ap-northeast-1) has a console password and no MFA device", at: nil)
    }

    @Test func consoleMFAUnknownFromTerraform() {
        #expect(IAMUserConsoleMFA().evaluate(terraform { $0.hasConsolePassword = .known(true) }).isEmpty)
        #expect(IAMUserConsoleMFA().evaluate(live {
            $0.hasConsolePassword = .known(true)
            $0.hasMFA = .known(true)
        }).isEmpty)
    }

    // MARK: iam-user-access-key

    @Test func accessKeyTerraform() throws {
        let key = AccessKey(reference: Fixture.tf("aws_iam_access_key", "ci", path: "iam.tf", line: 20))
        let finding = try onlyFinding(IAMUserAccessKeys(), terraform { $0.accessKeys = [key] })
        expectFinding(finding, "iam-user-access-key", .medium, "aws_iam_access_key.ci",
                      "aws_iam_access_key.ci gives IAM user aws_iam_user.ci (ci) a long-lived access key in the prd environment",
                      at: Fixture.line(20, "iam.tf"))
    }

    @Test func accessKeyLive() throws {
        let used = AccessKey(reference: Fixture.live("AWS::IAM::AccessKey", "key-1"), created: "2021-04-01",
                             lastUsed: .known("2024-05-02"))
        let inactive = AccessKey(reference: Fixture.live("AWS::IAM::AccessKey", "key-2"), status: .known("Inactive"))
        let finding = try onlyFinding(IAMUserAccessKeys(), live { $0.accessKeys = [used, inactive] })
        expectFinding(finding, "iam-user-access-key", .medium, "key-1",
                      "IAM user ci in account 111111111111 (ap-northeast-1) has active access key key-1, created 2021-04-01, last used 2024-05-02",
                      at: nil)
    }

    @Test func accessKeyStatusUnknown() {
        let key = AccessKey(reference: Fixture.tf("aws_iam_access_key", "ci"), status: .unknown)
        #expect(IAMUserAccessKeys().evaluate(terraform { $0.accessKeys = [key] }).isEmpty)
    }

    // MARK: iam-user-policies

    @Test func directPolicies() throws {
        let finding = try onlyFinding(IAMUserPolicies(), terraform {
            $0.attachedPolicies = ["arn:aws:iam::aws:policy/AdministratorAccess"]
            $0.inlinePolicies = [Self.readOnly]
            $0.policyLocations = [Fixture.line(30, "iam.tf")]
        })
        expectFinding(finding, "iam-user-policies", .low, "aws_iam_user.ci",
                      "aws_iam_user.ci (ci) has 1 attached policy (AdministratorAccess) and 1 inline policy of its own in the prd environment",
                      at: Fixture.line(30, "iam.tf"))
    }

    @Test func directPoliciesLive() throws {
        let finding = try onlyFinding(IAMUserPolicies(), live { $0.inlinePolicies = [Self.readOnly, Self.readOnly] })
        #expect(finding.message == "IAM user ci in account 111111111111 (ap-northeast-1) has 2 inline policies of its own")
    }

    // MARK: iam-policy-admin-access

    @Test func customerManagedAdminPolicy() throws {
        let policy = IAMPolicy(reference: Fixture.tf("aws_iam_policy", "deploy", named: "deploy", path: "iam.tf", line: 40),
                               document: .known(Self.admin))
        let finding = try onlyFinding(IAMPolicyAdminAccess(), .terraform { $0.iamPolicies = [policy] })
        expectFinding(finding, "iam-policy-admin-access", .high, "aws_iam_policy.deploy",
                      "aws_iam_policy.deploy (deploy) allows \"*\" on \"*\" in the prd environment", at: Fixture.line(40, "iam.tf"))
    }

    @Test func inlineAdminPolicyPointsAtIt() throws {
        let starColonStar = PolicyDocument(statements: [.init(effect: "Allow", actions: ["*:*"], resources: ["*"])])
        let finding = try onlyFinding(IAMPolicyAdminAccess(), terraform {
            $0.inlinePolicies = [Self.readOnly, starColonStar]
            $0.settingLocations["inline_policy.1"] = Fixture.line(55, "iam.tf")
        })
        expectFinding(finding, "iam-policy-admin-access", .high, "aws_iam_user.ci",
                      "aws_iam_user.ci (ci) has an inline policy allowing \"*\" on \"*\" in the prd environment",
                      at: Fixture.line(55, "iam.tf"))
    }

    @Test func adminPolicyUnknownOrScoped() {
        let unknown = IAMPolicy(reference: Fixture.tf("aws_iam_policy", "x"), document: .unknown)
        let scoped = IAMPolicy(reference: Fixture.tf("aws_iam_policy", "y"), document: .known(Self.readOnly))
        let denied = IAMPolicy(reference: Fixture.tf("aws_iam_policy", "z"),
                               document: .known(PolicyDocument(statements: [.init(effect: "Deny", actions: ["*"], resources: ["*"])])))
        #expect(IAMPolicyAdminAccess().evaluate(.terraform { $0.iamPolicies = [unknown, scoped, denied] }).isEmpty)
    }
}
