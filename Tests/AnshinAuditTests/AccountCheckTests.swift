import AnshinCore
import Foundation
import Testing
@testable import AnshinAudit

/// Checks about the account itself: root user, credential age, password policy, Security Hub,
/// GuardDuty and the Organization. Most facts exist only live (the credential report, the
/// account summary), so the inventories are built here, as the live audit would fill them.
@Suite struct AccountCheckTests {
    /// 2026-11-01T00:00:00Z, through SOURCE_DATE_EPOCH as the command line reads it.
    static let clock = try! Clock.current(environment: ["SOURCE_DATE_EPOCH": "1793491200"])

    static func day(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)!
    }

    static func live(_ build: (inout Inventory) -> Void) -> Inventory {
        .aws { inventory in
            inventory.clock = clock
            build(&inventory)
        }
    }

    static let rootARN = "arn:aws:iam::111111111111:root"

    // MARK: root-user-mfa

    @Test func rootWithoutMFA() throws {
        let finding = try onlyFinding(RootUserMFA(), Self.live {
            $0.rootUser.mfaEnabled = .known(false)
            $0.rootUser.passwordPresent = .known(true)
        })
        expectFinding(finding, "root-user-mfa", .critical, Self.rootARN,
                      "The root user of account 111111111111 has no MFA device", at: nil)
        #expect(finding.resource?.region == nil)
    }

    @Test func rootWithMFAOrWithoutCredentials() {
        #expect(RootUserMFA().evaluate(Self.live { $0.rootUser.mfaEnabled = .known(true) }).isEmpty)
        // Centralized root access: no password, no keys, nothing to protect.
        #expect(RootUserMFA().evaluate(Self.live {
            $0.rootUser.mfaEnabled = .known(false)
            $0.rootUser.passwordPresent = .known(false)
            $0.rootUser.accessKeysPresent = .known(false)
        }).isEmpty)
        #expect(RootUserMFA().evaluate(Self.live { _ in }).isEmpty)
    }

    // MARK: root-user-hardware-mfa

    @Test func rootWithVirtualMFA() throws {
        let finding = try onlyFinding(RootUserHardwareMFA(), Self.live {
            $0.accountAlias = .known("acme-prd")
            $0.rootUser.mfaEnabled = .known(true)
            $0.rootUser.hardwareMFA = .known(false)
        })
        expectFinding(finding, "root-user-hardware-mfa", .medium, Self.rootARN,
                      "The root user of account 111111111111 (acme-prd) uses a virtual MFA device, not a hardware one", at: nil)
    }

    @Test func rootWithHardwareMFA() {
        #expect(RootUserHardwareMFA().evaluate(Self.live {
            $0.rootUser.mfaEnabled = .known(true)
            $0.rootUser.hardwareMFA = .known(true)
        }).isEmpty)
        // No MFA at all is root-user-mfa's finding.
        #expect(RootUserHardwareMFA().evaluate(Self.live {
            $0.rootUser.mfaEnabled = .known(false)
            $0.rootUser.hardwareMFA = .known(false)
        }).isEmpty)
    }

    // MARK: root-user-access-keys

    @Test func rootAccessKeys() throws {
        let finding = try onlyFinding(RootUserAccessKeys(), Self.live {
            $0.rootUser.accessKeysPresent = .known(true)
            $0.rootUser.accessKeyLastUsed = .known(Self.day("2026-10-30"))
        })
        expectFinding(finding, "root-user-access-keys", .critical, Self.rootARN,
                      "The root user of account 111111111111 has access keys, last used 2026-10-30", at: nil)
        #expect(RootUserAccessKeys().evaluate(Self.live { $0.rootUser.accessKeysPresent = .known(false) }).isEmpty)
    }

    // MARK: root-user-recent-use

    @Test func rootSignedInRecently() throws {
        let finding = try onlyFinding(RootUserRecentUse(), Self.live {
            $0.rootUser.passwordLastUsed = .known(Self.day("2026-10-01"))
            $0.rootUser.accessKeyLastUsed = .known(nil)
        })
        expectFinding(finding, "root-user-recent-use", .medium, Self.rootARN,
                      "The root user of account 111111111111 signed in on 2026-10-01 (31 days ago)", at: nil)
        let key = try onlyFinding(RootUserRecentUse(), Self.live {
            $0.rootUser.passwordLastUsed = .known(Self.day("2026-01-01"))
            $0.rootUser.accessKeyLastUsed = .known(Self.day("2026-11-01"))
        })
        #expect(key.message == "The root user of account 111111111111 used an access key on 2026-11-01 (today)")
    }

    @Test func rootNotUsedRecently() {
        #expect(RootUserRecentUse().evaluate(Self.live {
            $0.rootUser.passwordLastUsed = .known(Self.day("2026-08-03"))
            $0.rootUser.accessKeyLastUsed = .known(nil)
        }).isEmpty)
        #expect(RootUserRecentUse().evaluate(Self.live {
            $0.rootUser.passwordLastUsed = .known(nil)
            $0.rootUser.accessKeyLastUsed = .known(nil)
        }).isEmpty)
        // Without the audit's clock, or with one use unknown, nothing is said.
        var noClock = Self.live { $0.rootUser.passwordLastUsed = .known(Self.day("2026-10-01")); $0.rootUser.accessKeyLastUsed = .known(nil) }
        noClock.clock = nil
        #expect(RootUserRecentUse().evaluate(noClock).isEmpty)
        #expect(RootUserRecentUse().evaluate(Self.live { $0.rootUser.passwordLastUsed = .known(Self.day("2026-10-01")) }).isEmpty)
    }

    // MARK: iam-user-unused-credentials

    static let userRef = Fixture.live("AWS::IAM::User", "dev", named: "dev")

    static func user(_ entry: CredentialReportEntry?) -> Inventory {
        live { inventory in
            var user = IAMUser(reference: userRef)
            user.credentials = entry.map(Setting.known) ?? .unknown
            inventory.iamUsers = [user]
        }
    }

    @Test func unusedCredentials() throws {
        let entry = CredentialReportEntry(
            userCreated: Self.day("2025-01-01"), passwordEnabled: true, passwordLastUsed: Self.day("2026-09-17"),
            accessKeys: [.init(number: 1, active: true, lastRotated: Self.day("2025-01-01"), lastUsed: Self.day("2026-10-31")),
                         .init(number: 2, active: true, lastRotated: Self.day("2025-06-01"), lastUsed: nil),
                         ])
        let finding = try onlyFinding(IAMUserUnusedCredentials(), Self.user(entry))
        expectFinding(finding, "iam-user-unused-credentials", .medium, "dev",
                      "IAM user dev in account 111111111111 (ap-northeast-1) has console password last used 2026-09-17 (45 days ago) and access key 2 never used since 2025-06-01 (518 days)",
                      at: nil)
    }

    @Test func credentialsInUse() {
        let entry = CredentialReportEntry(
            userCreated: Self.day("2025-01-01"), passwordEnabled: true, passwordLastUsed: Self.day("2026-09-18"),
            accessKeys: [.init(number: 1, active: true, lastRotated: Self.day("2025-01-01"), lastUsed: Self.day("2026-10-31")),
                         .init(number: 2, active: false, lastRotated: Self.day("2025-06-01"), lastUsed: nil)])
        #expect(IAMUserUnusedCredentials().evaluate(Self.user(entry)).isEmpty)
        // A password never used counts from its creation; a new user is not reported.
        let new = CredentialReportEntry(userCreated: Self.day("2026-10-20"), passwordEnabled: true)
        #expect(IAMUserUnusedCredentials().evaluate(Self.user(new)).isEmpty)
        #expect(IAMUserUnusedCredentials().evaluate(Self.user(nil)).isEmpty)
    }

    // MARK: iam-user-access-key-rotation

    @Test func keyNotRotated() throws {
        let entry = CredentialReportEntry(
            userCreated: Self.day("2025-01-01"), passwordEnabled: false,
            accessKeys: [.init(number: 1, active: true, lastRotated: Self.day("2026-08-04"), lastUsed: Self.day("2026-10-31")),
                         .init(number: 2, active: true, lastRotated: Self.day("2026-08-03"), lastUsed: Self.day("2026-10-31"))])
        let finding = try onlyFinding(IAMUserAccessKeyRotation(), Self.user(entry))
        expectFinding(finding, "iam-user-access-key-rotation", .medium, "dev",
                      "IAM user dev in account 111111111111 (ap-northeast-1) has access key 2 last rotated 2026-08-03 (90 days ago)",
                      at: nil)
    }

    @Test func rotatedOrInactiveKeys() {
        let entry = CredentialReportEntry(
            userCreated: Self.day("2025-01-01"), passwordEnabled: false,
            accessKeys: [.init(number: 1, active: true, lastRotated: Self.day("2026-08-04"), lastUsed: nil),
                         .init(number: 2, active: false, lastRotated: Self.day("2025-01-01"), lastUsed: nil)])
        #expect(IAMUserAccessKeyRotation().evaluate(Self.user(entry)).isEmpty)
    }

    @Test func twoOldKeysAreTwoFindings() {
        let entry = CredentialReportEntry(
            userCreated: Self.day("2025-01-01"), passwordEnabled: false,
            accessKeys: [.init(number: 1, active: true, lastRotated: Self.day("2025-01-01"), lastUsed: nil),
                         .init(number: 2, active: true, lastRotated: Self.day("2025-02-01"), lastUsed: nil)])
        let findings = IAMUserAccessKeyRotation().evaluate(Self.user(entry))
        #expect(findings.count == 2)
        #expect(Set(findings.map(\.fingerprint)).count == 2)
    }

    // MARK: iam-password-policy

    static let strongPolicy = PasswordPolicy(minimumLength: .known(14), requireUppercase: .known(true), requireLowercase: .known(true),
                                             requireNumbers: .known(true), requireSymbols: .known(true), reusePrevention: .known(24))

    @Test func noPasswordPolicy() throws {
        let finding = try onlyFinding(IAMPasswordPolicy(), Self.live { $0.passwordPolicy = .known(nil) })
        expectFinding(finding, "iam-password-policy", .medium, "111111111111",
                      "Account 111111111111 has no IAM password policy, so AWS's default applies: 8 characters and any old password may be reused", at: nil)
    }

    @Test func weakPasswordPolicy() throws {
        var weak = Self.strongPolicy
        weak.minimumLength = .known(8)
        weak.reusePrevention = .known(nil)
        weak.requireSymbols = .known(false)
        let finding = try onlyFinding(IAMPasswordPolicy(), Self.live { $0.passwordPolicy = .known(weak) })
        #expect(finding.message == "The IAM password policy of account 111111111111 has a minimum length of 8 (at least 14), no reuse prevention and no requirement for symbols")
    }

    @Test func strongPasswordPolicy() {
        #expect(IAMPasswordPolicy().evaluate(Self.live { $0.passwordPolicy = .known(Self.strongPolicy) }).isEmpty)
        var partlyUnknown = Self.strongPolicy
        partlyUnknown.minimumLength = .unknown
        #expect(IAMPasswordPolicy().evaluate(Self.live { $0.passwordPolicy = .known(partlyUnknown) }).isEmpty)
    }

    // MARK: securityhub-enabled, guardduty-enabled

    static let regionRef = Fixture.live("AWS::::Account", "111111111111")

    @Test func securityHubOff() throws {
        let finding = try onlyFinding(SecurityHubEnabled(), Self.live {
            $0.securityHub = [RegionalService(reference: Self.regionRef, enabled: .known(false))]
        })
        expectFinding(finding, "securityhub-enabled", .medium, "111111111111",
                      "Security Hub is not enabled in account 111111111111 (ap-northeast-1)", at: nil)
        #expect(SecurityHubEnabled().evaluate(Self.live {
            $0.securityHub = [RegionalService(reference: Self.regionRef, enabled: .known(true))]
        }).isEmpty)
    }

    @Test func guardDutyOff() throws {
        let finding = try onlyFinding(GuardDutyEnabled(), Self.live {
            $0.guardDuty = [RegionalService(reference: Self.regionRef, enabled: .known(false))]
        })
        expectFinding(finding, "guardduty-enabled", .high, "111111111111",
                      "GuardDuty is not enabled in account 111111111111 (ap-northeast-1)", at: nil)
        #expect(GuardDutyEnabled().evaluate(Self.live {
            $0.guardDuty = [RegionalService(reference: Self.regionRef, enabled: .known(true))]
        }).isEmpty)
    }

    // MARK: Organization

    static let orgRef = Fixture.live("AWS::Organizations::Organization", "o-abc123")

    static func organization(management: Bool, logArchive: Setting<String?> = .known("999999999999")) -> Organization {
        var organization = Organization(reference: orgRef, managementAccount: .known(management ? "111111111111" : "444444444444"),
                                        isManagementAccount: .known(management))
        organization.logArchiveAccount = logArchive
        return organization
    }

    @Test func standaloneAccount() throws {
        let finding = try onlyFinding(AccountInOrganization(), Self.live { $0.organization = .known(nil) })
        expectFinding(finding, "account-in-organization", .medium, "111111111111",
                      "Account 111111111111 is not part of an AWS Organization", at: nil)
        #expect(AccountInOrganization().evaluate(Self.live { $0.organization = .known(Self.organization(management: false)) }).isEmpty)
    }

    @Test func memberWithoutOrganizationTrail() throws {
        var own = Trail(reference: Fixture.live("AWS::CloudTrail::Trail", "main"))
        own.organizationTrail = .known(false)
        let finding = try onlyFinding(OrganizationTrail(), Self.live {
            $0.organization = .known(Self.organization(management: false))
            $0.trails = [own]
        })
        expectFinding(finding, "organization-trail", .medium, "o-abc123",
                      "No organization trail records account 111111111111, a member of Organization o-abc123", at: nil)
    }

    @Test func memberRecordedByOrganizationTrail() {
        var shadow = Trail(reference: Fixture.live("AWS::CloudTrail::Trail", "organization"))
        shadow.organizationTrail = .known(true)
        #expect(OrganizationTrail().evaluate(Self.live {
            $0.organization = .known(Self.organization(management: false))
            $0.trails = [shadow]
        }).isEmpty)
        // Not in an Organization: account-in-organization says so, not this check.
        #expect(OrganizationTrail().evaluate(Self.live { $0.organization = .known(nil) }).isEmpty)
    }

    @Test func noLogArchiveAccount() throws {
        let finding = try onlyFinding(OrganizationLogArchive(), Self.live {
            $0.organization = .known(Self.organization(management: true, logArchive: .known(nil)))
        })
        expectFinding(finding, "organization-log-archive-account", .medium, "o-abc123",
                      "Organization o-abc123 keeps its logs in no dedicated log-archive account", at: nil)
        #expect(OrganizationLogArchive().evaluate(Self.live { $0.organization = .known(Self.organization(management: true)) }).isEmpty)
        #expect(OrganizationLogArchive().evaluate(Self.live {
            $0.organization = .known(Self.organization(management: false, logArchive: .unknown))
        }).isEmpty)
    }

    /// How the live reading of the management account decides whether a log-archive account exists.
    @Test func logArchiveFromTheManagementAccountsReading() {
        func account(_ id: String, _ name: String) -> OrganizationAccount {
            OrganizationAccount(reference: Fixture.live("AWS::Organizations::Account", id, named: name), id: .known(id), name: .known(name))
        }
        func trail(bucket: String, organization: Bool) -> Trail {
            var trail = Trail(reference: Fixture.live("AWS::CloudTrail::Trail", "t-\(bucket)"))
            trail.organizationTrail = .known(organization)
            trail.bucket = bucket
            return trail
        }
        let management = "111111111111"
        let plain = [account(management, "acme"), account("222222222222", "acme-prd")]
        // Control Tower's name for it, in any spelling, wins.
        for name in ["Log Archive", "log-archive", "LogArchive", "acme-logs-archive"] {
            #expect(Organization.logArchive(accounts: plain + [account("333333333333", name)], management: management, trails: [],
                                            ownBuckets: []) == .known("333333333333"), "\(name)")
        }
        // The management account itself is no log archive, whatever its name.
        #expect(Organization.logArchive(accounts: [account(management, "Log Archive")], management: management, trails: [],
                                        ownBuckets: []) == .known(nil))
        // An organization trail delivering to a bucket the management account does not hold.
        #expect(Organization.logArchive(accounts: plain, management: management,
                                        trails: [trail(bucket: "acme-org-trail", organization: true)], ownBuckets: ["acme-state"])
                == .known("the account that holds bucket acme-org-trail"))
        // Delivering to its own bucket, or an account trail elsewhere, or no trail: none.
        #expect(Organization.logArchive(accounts: plain, management: management,
                                        trails: [trail(bucket: "acme-org-trail", organization: true)], ownBuckets: ["acme-org-trail"]) == .known(nil))
        #expect(Organization.logArchive(accounts: plain, management: management,
                                        trails: [trail(bucket: "elsewhere", organization: false)], ownBuckets: []) == .known(nil))
        #expect(Organization.logArchive(accounts: plain, management: management, trails: [], ownBuckets: []) == .known(nil))
    }

    @Test func managementAccountRunsWorkloads() throws {
        let finding = try onlyFinding(ManagementAccountWorkloads(), Self.live {
            $0.organization = .known(Self.organization(management: true))
            $0.instances = [Instance(reference: Fixture.live("AWS::EC2::Instance", "i-0abc", named: "legacy-bastion"), kind: .instance)]
            $0.databases = [Fixture.goodDatabase(Fixture.liveDBRef)]
            $0.functions = [Function(reference: Fixture.live("AWS::Lambda::Function", "aws-controltower-NotificationForwarder",
                                                            named: "aws-controltower-NotificationForwarder"))]
        })
        expectFinding(finding, "management-account-workloads", .medium, "o-abc123",
                      "Management account 111111111111 runs 2 workloads in ap-northeast-1: legacy-bastion and acme-prd-metabase", at: nil)
    }

    @Test func managementAccountWithoutWorkloads() {
        let governance = Function(reference: Fixture.live("AWS::Lambda::Function", "aws-controltower-NotificationForwarder",
                                                         named: "aws-controltower-NotificationForwarder"))
        #expect(ManagementAccountWorkloads().evaluate(Self.live {
            $0.organization = .known(Self.organization(management: true))
            $0.functions = [governance]
            $0.s3Buckets = [Fixture.goodBucket(Fixture.liveLogsRef)]
        }).isEmpty)
        // A member account runs workloads by design.
        #expect(ManagementAccountWorkloads().evaluate(Self.live {
            $0.organization = .known(Self.organization(management: false))
            $0.databases = [Fixture.goodDatabase(Fixture.liveDBRef)]
        }).isEmpty)
    }
}
