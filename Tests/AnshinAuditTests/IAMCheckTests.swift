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
        // iam-user-exists reports any user at all; its own tests are below.
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("iam-") && check.metadata.id != "iam-user-exists" {
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

    // MARK: iam-user-exists

    @Test func anyUserIsReported() throws {
        let code = try onlyFinding(IAMUserExists(), terraform { _ in })
        expectFinding(code, "iam-user-exists", .low, "aws_iam_user.ci",
                      "aws_iam_user.ci (ci) is an IAM user in the prd environment; people belong in IAM Identity Center and workloads in roles, without long-lived credentials",
                      at: Fixture.line(1, "iam.tf"))
        let liveFinding = try onlyFinding(IAMUserExists(), live { _ in })
        #expect(liveFinding.message?.hasPrefix("IAM user ci in account 111111111111 (ap-northeast-1) exists;") == true,
                "\(liveFinding.message ?? "")")
        #expect(IAMUserExists().evaluate(.terraform()).isEmpty)
    }

    // MARK: iam-administrator-access-attached

    static let adminAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

    @Test func administratorAccessAttachedDirectly() throws {
        let attachment = PolicyAttachment(reference: Fixture.tf("aws_iam_role_policy_attachment", "deploy", path: "iam.tf", line: 12),
                                          principal: .role, principalName: "deploy", policyARN: Self.adminAccess)
        let finding = try onlyFinding(IAMAdministratorAccessAttached(), .terraform { $0.policyAttachments = [attachment] })
        expectFinding(finding, "iam-administrator-access-attached", .high, "aws_iam_role_policy_attachment.deploy",
                      "aws_iam_role_policy_attachment.deploy attaches AdministratorAccess directly to IAM role \"deploy\" in the prd environment",
                      at: Fixture.line(12, "iam.tf"))
        let group = PolicyAttachment(reference: Fixture.live("AWS::IAM::Group", "ops", named: "ops"), principal: .group,
                                     principalName: "ops", policyARN: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess")
        let live = try onlyFinding(IAMAdministratorAccessAttached(), .aws { $0.policyAttachments = [group] })
        #expect(live.message == "IAM group \"ops\" in account 111111111111 (ap-northeast-1) has the AWS managed AdministratorAccess attached directly")
    }

    @Test func otherPoliciesAreNotAdministratorAccess() {
        let arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111111111111:policy/AdministratorAccess",
                    "arn:aws:iam::aws:policy/job-function/SystemAdministrator"]
        let attachments = arns.map { PolicyAttachment(reference: Fixture.tf("aws_iam_role_policy_attachment", "x"), principal: .role,
                                                      principalName: "deploy", policyARN: $0) }
        #expect(IAMAdministratorAccessAttached().evaluate(.terraform { $0.policyAttachments = attachments }).isEmpty)
    }

    // MARK: ssm-parameter-secret-as-string

    @Test(arguments: ["/acme/prd/DB_PASSWORD", "/acme/app/stripeSecretKey", "api-key", "/x/SLACK_WEBHOOK_URL", "/x/github_token",
                      "/x/PRIVATE_KEY", "/x/client-credentials"])
    func namesThatSaySecret(name: String) {
        #expect(SSMParameterSecretAsString.looksSecret(name))
    }

    @Test(arguments: ["/acme/prd/db_password_arn", "/acme/TOKEN_TTL", "/acme/REGION", "/acme/secret_name", "/acme/keyboard_layout",
                      "/acme/monkey", "/acme/tokenizer_model"])
    func namesThatDoNot(name: String) {
        #expect(!SSMParameterSecretAsString.looksSecret(name))
    }

    @Test func plainStringSecretIsReported() throws {
        let reference = Fixture.tf("aws_ssm_parameter", "token", named: "/acme/API_TOKEN", path: "ssm.tf", line: 4)
        var plain = Parameter(reference: reference, type: .known("String"), managedByTerraform: true)
        plain.settingLocations["type"] = Fixture.line(6, "ssm.tf")
        var secure = plain
        secure.type = .known("SecureString")
        var unknown = plain
        unknown.type = .unknown
        let finding = try onlyFinding(SSMParameterSecretAsString(), .terraform { $0.parameters = [plain, secure, unknown] })
        expectFinding(finding, "ssm-parameter-secret-as-string", .medium, "aws_ssm_parameter.token",
                      "aws_ssm_parameter.token (/acme/API_TOKEN) is a plain String although its name says it holds a secret, so its value is stored and shown unencrypted in the prd environment",
                      at: Fixture.line(6, "ssm.tf"))
    }
}
