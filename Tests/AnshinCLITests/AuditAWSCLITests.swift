import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// `anshin audit aws` end to end: the built binary against an account of a local moto server.
@Suite struct AuditAWSCLITests {
    static let seeded: Result<MotoAccount, any Error> = Result { try MotoAccount.seed() }

    /// An empty home, so no developer's ~/.aws is read, and no credentials but the ones given.
    static let home = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-cli-no-aws-home").path
    static let cleared: [String: String?] = [
        "HOME": home, "AWS_PROFILE": nil, "AWS_ACCESS_KEY_ID": nil, "AWS_SECRET_ACCESS_KEY": nil, "AWS_SESSION_TOKEN": nil,
        "AWS_ENDPOINT_URL": nil, "AWS_CONFIG_FILE": nil, "AWS_SHARED_CREDENTIALS_FILE": nil, "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_REGION": "us-east-1", "SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1",
    ]

    func anshin(_ arguments: [String], environment: [String: String?] = [:], in directory: URL? = nil) throws -> CommandResult {
        let binary = Command.anshinBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
        return try Command.run(binary, arguments, in: directory ?? Command.packageRoot,
                               environment: Self.cleared.merging(environment) { $1 })
    }

    /// A home folder whose `~/.aws/credentials` holds the seeded account's keys as `profile`.
    static func home(withProfile profile: String, of seeded: MotoAccount) throws -> TemporaryDirectory {
        let home = try TemporaryDirectory()
        _ = try home.write(".aws/credentials", """
            [\(profile)]
            aws_access_key_id = \(seeded.credentials["AWS_ACCESS_KEY_ID"] ?? "")
            aws_secret_access_key = \(seeded.credentials["AWS_SECRET_ACCESS_KEY"] ?? "")
            aws_session_token = \(seeded.credentials["AWS_SESSION_TOKEN"] ?? "")
            """)
        return home
    }

    /// On a terminal the audit counts the accounts it has read and ends with what it audited.
    @Test func progressCountsTheAccountsRead() throws {
        let seeded = try Self.seeded.get()
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in Self.cleared.merging(seeded.environment, uniquingKeysWith: { $1 }) { environment[name] = value }
        environment["TERM"] = "dumb"
        let terminal = try PseudoTerminal()
        try terminal.start(Command.anshinBinary.path, ["audit", "aws", "--regions", "us-east-1"], environment: environment.compactMapValues { $0 })
        #expect(terminal.waitForExit() != nil, "\(terminal.output)")
        #expect(terminal.output.contains("account read") || terminal.output.contains("accounts read"), "\(terminal.output.prefix(400))")
        #expect(terminal.output.range(of: #"audited 1 account × 1 Region in [0-9.]+ s"#, options: .regularExpression) != nil,
                "\(terminal.output.suffix(400))")
    }

    /// `diagram --live` draws the account as the live audit reads it, with its findings as badges.
    @Test func diagramLiveDrawsTheAccount() throws {
        let seeded = try Self.seeded.get()
        let result = try anshin(["diagram", "--live", "--regions", "us-east-1", "--format", "dot"], environment: seeded.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let dot = result.stdout
        #expect(dot.contains("AWS account \(seeded.account)"), "the account is the outer box")
        #expect(dot.contains("live, account \(seeded.account)"))
        for name in ["\(seeded.prefix)-db", "\(seeded.prefix)-trail"] {
            #expect(dot.contains(name), "\(name) is drawn")
        }
        #expect(dot.contains("high") || dot.contains("critical") || dot.contains("medium"), "findings become badges")
        let refused = try anshin(["diagram", "--profile", "x"])
        #expect(refused.status == 2 && refused.stderr.contains("--profile and --regions go with --live"), "\(refused.stderr)")
    }

    /// `diagram --against-live` draws the Terraform marked against the account: what only the
    /// code declares, what only the account has, and what both have but sized differently.
    @Test func diagramAgainstLiveMarksWhatDiffers() throws {
        let seeded = try Self.seeded.get()
        let p = seeded.prefix
        let code = try TemporaryDirectory()
        _ = try code.write("main.tf", """
            provider "aws" { region = "us-east-1" }
            resource "aws_s3_bucket" "planned" { bucket = "\(p)-planned" }
            resource "aws_s3_bucket" "later" { bucket_prefix = "\(p)-later-" }
            resource "aws_db_instance" "db" {
              identifier        = "\(p)-db"
              instance_class    = "db.t3.large"
              engine            = "postgres"
              allocated_storage = 20
            }
            """)
        let result = try anshin(["diagram", code.path, "--against-live", "--regions", "us-east-1", "--format", "mermaid"],
                                environment: seeded.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func line(_ name: String) throws -> String { try #require(lines.first { $0.contains("<b>\(name)</b>") }, "\(name) is drawn") }
        #expect(result.stdout.contains("compared with live account"))
        #expect(try line("\(p)-planned").contains("only in Terraform"), "declared, not in the account")
        #expect(try line("\(p)-db").contains("≠ live account: db.t3.micro"), "the account's database is smaller")
        // A bucket whose name Terraform learns only at apply is paired with nothing, marked neither way.
        #expect(!(try line("later").contains("only in")))
        // What only the account has is drawn from it: its log groups, its trail.
        let ghosts = lines.filter { $0.contains("only in live account") }
        #expect(ghosts.contains { $0.contains("/\(p)/forever") } && ghosts.contains { $0.contains("\(p)-trail") }, "\(ghosts)")
        let refused = try anshin(["diagram", code.path, "--against-live", "--live"])
        #expect(refused.status == 2 && refused.stderr.contains("choose one"), "\(refused.stderr)")
    }

    @Test func auditsTheAccountAndReportsWhatIsWrong() throws {
        let seeded = try Self.seeded.get()
        let result = try anshin(["audit", "aws", "--format", "json"], environment: seeded.environment)
        #expect(result.status == 1, "an admin policy is high severity: \(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = document["findings"] as? [[String: Any]] ?? []
        func holds(_ rule: String, _ identifier: String) -> Bool {
            findings.contains { finding in
                finding["ruleID"] as? String == rule && (finding["resource"] as? [String: Any])?["identifier"] as? String == identifier
            }
        }
        let p = seeded.prefix
        #expect(holds("s3-bucket-public-access-block", "\(p)-open"))
        #expect(holds("iam-policy-admin-access", "\(p)-admin"))
        #expect(holds("cloudwatch-log-group-retention", "/\(p)/forever"))
        #expect(holds("rds-instance-storage-encrypted", "\(p)-db"))
        #expect(holds("secretsmanager-secret-rotation", "\(p)/api-key") && !holds("secretsmanager-secret-rotation", "\(p)/db"))
        #expect(findings.filter { $0["ruleID"] as? String == "ec2-imdsv2-required" }.count == 1,
                "only the instance with optional tokens")
        let resource = try #require(findings.first { $0["ruleID"] as? String == "rds-instance-storage-encrypted" }?["resource"] as? [String: Any])
        #expect(resource["account"] as? String == seeded.account)
        #expect(resource["region"] as? String == "us-east-1")
        let notes = (document["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains { $0.contains("audited Region us-east-1 only") }, "the default Region is said: \(notes)")
    }

    @Test func aServiceThatCannotBeReadIsANotAssessedNote() throws {
        let seeded = try Self.seeded.get()
        var environment: [String: String?] = seeded.environment
        environment["AWS_ENDPOINT_URL_GUARDDUTY"] = "http://127.0.0.1:9"
        let result = try anshin(["audit", "aws", "--regions", "us-east-1", "--details"], environment: environment)
        #expect(result.status == 1, "the other services are still audited: \(result.stderr)")
        #expect(result.stdout.contains("s3-bucket-public-access-block  \(seeded.prefix)-open"))
        #expect(result.stdout.contains("GuardDuty in us-east-1 not assessed (guardduty:ListDetectors)"), "\(result.stdout.suffix(3000))")
    }

    @Test func anEnvironmentOfTheCatalogNamesProfileAccountAndRegions() throws {
        let seeded = try Self.seeded.get()
        let home = try Self.home(withProfile: "acme-prd", of: seeded)
        let repository = try TemporaryDirectory()
        _ = try repository.write("anshin.yml", """
            environments:
              prd:
                aws: { profile: acme-prd, account: "\(seeded.account)", regions: [us-east-1] }
              stg:
                aws: { profile: acme-prd, account: "000000000000", regions: [us-east-1] }
            """)
        _ = try repository.write(".anshin/suppressions.yml", """
            suppressions:
              - rule: cloudwatch-log-group-retention
                resource: "/\(seeded.prefix)/*"
                environment: prd
                state: low-risk
                reason: Kept on purpose while the audit log is designed
                author: sre@acme.example
            """)
        let environment: [String: String?] = ["HOME": home.path, "AWS_ENDPOINT_URL": seeded.endpoint, "AWS_REGION": nil]
        let result = try anshin(["audit", "aws", "--env", "prd", "--path", repository.path, "--format", "json"], environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = document["findings"] as? [[String: Any]] ?? []
        let bucket = try #require(findings.first { ($0["resource"] as? [String: Any])?["identifier"] as? String == "\(seeded.prefix)-open" })
        let resource = bucket["resource"] as? [String: Any]
        #expect(resource?["environment"] as? String == "prd")
        #expect(resource?["account"] as? String == seeded.account)
        let notes = (document["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(!notes.contains { $0.contains("audited Region") }, "the catalog names the Regions: \(notes)")
        let retention = findings.filter { $0["ruleID"] as? String == "cloudwatch-log-group-retention" }
        #expect(retention.isEmpty, "suppressed in .anshin/: \(retention)")
        let shown = try anshin(["audit", "aws", "--env", "prd", "--path", repository.path, "--show-suppressed", "--format", "json"],
                               environment: environment)
        #expect(shown.stdout.contains("Kept on purpose while the audit log is designed"))

        let wrong = try anshin(["audit", "aws", "--env", "stg", "--path", repository.path, "--details"], environment: environment)
        #expect(wrong.stdout.contains("the credentials are for account \(seeded.account), but anshin.yml names account 000000000000"))
        let unknown = try anshin(["audit", "aws", "--env", "qa", "--path", repository.path], environment: environment)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no environment \"qa\" (known: prd, stg)"), "\(unknown.stderr)")
    }

    @Test func assessReportsDriftBetweenTerraformAndTheAccount() throws {
        let seeded = try Self.seeded.get()
        let home = try Self.home(withProfile: "acme-prd", of: seeded)
        let repository = try TemporaryDirectory()
        _ = try repository.write("anshin.yml", """
            environments:
              prd:
                aws: { profile: acme-prd, regions: [us-east-1] }
                terraform: { dir: ".", vars: prd.tfvars }
            """)
        _ = try repository.write("prd.tfvars", "")
        // The live bucket has versioning Enabled and all four switches on; the code says otherwise
        // about versioning only, and matches the open bucket.
        _ = try repository.write("main.tf", """
            resource "aws_s3_bucket" "locked" {
              bucket = "\(seeded.prefix)-locked"
            }
            resource "aws_s3_bucket_versioning" "locked" {
              bucket = aws_s3_bucket.locked.id
              versioning_configuration {
                status = "Suspended"
              }
            }
            resource "aws_s3_bucket_public_access_block" "locked" {
              bucket                  = aws_s3_bucket.locked.id
              block_public_acls       = true
              ignore_public_acls      = true
              block_public_policy     = true
              restrict_public_buckets = true
            }
            resource "aws_s3_bucket" "open" {
              bucket = "\(seeded.prefix)-open"
            }
            """)
        let environment: [String: String?] = ["HOME": home.path, "AWS_ENDPOINT_URL": seeded.endpoint, "AWS_REGION": nil]
        let result = try anshin(["assess", repository.path, "--format", "json"], environment: environment)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let drift = (document["findings"] as? [[String: Any]] ?? []).filter { $0["ruleID"] as? String == "drift-s3-bucket" }
        #expect(drift.count == 1, "only the locked bucket differs: \(drift)")
        let message = drift.first?["message"] as? String ?? ""
        #expect(message.contains("versioning Suspended, the live bucket has Enabled"), "\(message)")
        #expect(!message.contains("Block Public Access"))
        #expect((drift.first?["location"] as? [String: Any])?["path"] as? String == "main.tf")
        #expect((drift.first?["resource"] as? [String: Any])?["environment"] as? String == "prd")
    }

    @Test func theWholeOrganizationInOneRun() throws {
        let management = try MotoAccount.seed(organization: true)
        let member = try #require(management.member)
        let result = try anshin(["audit", "aws", "--org", "--regions", "us-east-1", "--format", "json"],
                                environment: management.environment)
        #expect(result.status == 1, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = document["findings"] as? [[String: Any]] ?? []
        let accounts = Set(findings.compactMap { ($0["resource"] as? [String: Any])?["account"] as? String })
        #expect(accounts == [management.account, member], "findings of both accounts, each under its own id")
        #expect(findings.contains { ($0["resource"] as? [String: Any])?["identifier"] as? String == "\(management.prefix)-open" })
        #expect(!findings.contains { $0["ruleID"] as? String == "account-in-organization" })
    }

    @Test func anExpiredSSOSessionSaysHowToLogIn() throws {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", """
            [profile dev]
            sso_session = acme
            sso_account_id = 111122223333
            sso_role_name = ReadOnly
            region = us-east-1

            [sso-session acme]
            sso_start_url = https://acme.awsapps.com/start
            sso_region = us-east-1
            """)
        // The cache file is named after the SHA-1 of the session name, as the AWS CLI writes it.
        let digest = try Command.run("sh", ["-c", "printf %s acme | sha1sum | cut -c1-40"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try home.write(".aws/sso/cache/\(digest).json", """
            {"startUrl": "https://acme.awsapps.com/start", "region": "us-east-1",
             "accessToken": "expired-token-value", "expiresAt": "2024-01-01T00:00:00Z"}
            """)
        let result = try anshin(["audit", "aws", "--profile", "dev"], environment: ["HOME": home.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the SSO session for profile \"dev\" expired at 2024-01-01"), "\(result.stderr)")
        #expect(result.stderr.contains("run aws sso login --profile dev"))
        #expect(!result.stderr.contains("expired-token-value") && !result.stdout.contains("expired-token-value"))
    }

    @Test func clearErrorsExitWithTwo() throws {
        let none = try anshin(["audit", "aws"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no AWS credentials"), "\(none.stderr)")
        let profile = try anshin(["audit", "aws", "--profile", "missing"])
        #expect(profile.status == 2)
        #expect(profile.stderr.contains("AWS profile \"missing\" is not defined"), "\(profile.stderr)")
        let region = try anshin(["audit", "aws", "--regions", "mars-1"])
        #expect(region.status == 2)
        #expect(region.stderr.contains("\"mars-1\" is not an AWS region name"), "\(region.stderr)")
        let role = try anshin(["audit", "aws", "--role", "Audit"])
        #expect(role.status == 2)
        #expect(role.stderr.contains("--role applies only with --org"), "\(role.stderr)")
    }

    @Test func assessSkipsTheLiveAuditWithoutCredentials() throws {
        let folder = try TemporaryDirectory()
        let result = try anshin(["assess", folder.url.path, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let notes = (document["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains("the default AWS credentials: the live AWS audit was skipped: no AWS credentials are configured"), "\(notes)")
    }

    @Test func assessRunsTheLiveAuditWithCredentials() throws {
        let seeded = try Self.seeded.get()
        let folder = try TemporaryDirectory()
        let result = try anshin(["assess", folder.url.path, "--format", "json"], environment: seeded.environment)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = document["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { ($0["resource"] as? [String: Any])?["identifier"] as? String == "\(seeded.prefix)-open" })
    }
}
