import AnshinAWS
import AnshinTesting
import Foundation
import Testing

@Suite("Credential chain")
struct CredentialChainTests {
    /// A home folder with the given `config` and `credentials` files and a chain over it.
    struct Home {
        let directory: TemporaryDirectory
        var environment: [String: String]

        init(config: String? = nil, credentials: String? = nil, environment: [String: String] = [:]) throws {
            directory = try TemporaryDirectory()
            if let config { try directory.write(".aws/config", config) }
            if let credentials { try directory.write(".aws/credentials", credentials) }
            self.environment = environment.merging(["HOME": directory.path]) { value, _ in value }
        }

        func chain() throws -> CredentialChain { try CredentialChain(environment: environment) }
        var config: String { directory.path + "/.aws/config" }
        var credentials: String { directory.path + "/.aws/credentials" }
    }

    static let secret = "not-a-real-secret-" + "0123456789"

    @Test("environment keys come first, with their session token")
    func environment() throws {
        let home = try Home(credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = x\n",
                            environment: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": "tok"])
        let source = try home.chain().resolve()
        #expect(source == .environment(AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: Self.secret, sessionToken: "tok")))
        #expect(!source.description.contains(Self.secret))
        // An explicit profile (like --profile) skips the environment's keys.
        #expect(try home.chain().resolve(profile: "default").credentials?.accessKeyID == "AKIDFILE")
    }

    @Test("a key id without a secret in the environment is an error")
    func partialEnvironment() throws {
        let home = try Home(environment: ["AWS_ACCESS_KEY_ID": "AKIDENV"])
        #expect(throws: AWSConfigError.incompleteCredentials(source: "the environment", missing: "AWS_SECRET_ACCESS_KEY")) {
            try home.chain().resolve()
        }
    }

    @Test("static keys from the credentials file, then the config file; AWS_PROFILE picks the profile")
    func staticProfiles() throws {
        let home = try Home(config: "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s\n",
                            credentials: "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s\naws_session_token = t\n",
                            environment: ["AWS_PROFILE": "cfg"])
        let source = try home.chain().resolve()
        #expect(source == .profile(name: "cfg", credentials: AWSCredentials(accessKeyID: "AKIDCFG", secretAccessKey: "s"),
                                   location: AWSConfigLocation(file: home.config, line: 2)))
        let byDefault = try Home(credentials: "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s\naws_session_token = t\n")
        #expect(try byDefault.chain().resolve().credentials?.sessionToken == "t")
    }

    @Test("an unknown profile names the profiles and files there are")
    func unknownProfile() throws {
        let home = try Home(config: "[default]\nregion = us-east-1\n[profile stg]\n", credentials: "[prd]\n")
        let error = AWSConfigError.unknownProfile(name: "dev", available: ["default", "prd", "stg"], filesRead: [home.config, home.credentials])
        #expect(throws: error) { try home.chain().resolve(profile: "dev") }
        var viaEnvironment = home
        viaEnvironment.environment["AWS_PROFILE"] = "dev"
        #expect(throws: error) { try viaEnvironment.chain().resolve() }
        #expect(error.description.contains("profiles: default, prd, stg"))
        #expect(error.description.contains(home.credentials))
    }

    @Test("a malformed file fails loading with its line")
    func malformedFile() throws {
        let home = try Home(config: "[default]\nregion us-east-1\n")
        #expect(throws: AWSConfigError.malformed(file: home.config, line: 2, message: "expected key = value, got: region us-east-1")) {
            try home.chain()
        }
    }

    @Test("role profiles describe the AssumeRole call and its base credentials")
    func assumeRole() throws {
        let home = try Home(config: """
            [profile admin]
            role_arn = arn:aws:iam::111111111111:role/Admin
            source_profile = hop
            external_id = ext
            mfa_serial = arn:aws:iam::222222222222:mfa/me
            duration_seconds = 3600
            [profile hop]
            role_arn = arn:aws:iam::222222222222:role/Hop
            source_profile = base
            [profile self]
            role_arn = arn:aws:iam::333333333333:role/Self
            source_profile = self
            aws_access_key_id = AKIDSELF
            aws_secret_access_key = s
            [profile ec2]
            role_arn = arn:aws:iam::444444444444:role/FromInstance
            credential_source = Ec2InstanceMetadata
            """, credentials: "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
        guard case .assumeRole(let admin) = try home.chain().resolve(profile: "admin") else {
            Issue.record("expected a role")
            return
        }
        #expect(admin.roleARN == "arn:aws:iam::111111111111:role/Admin")
        #expect(admin.externalID == "ext")
        #expect(admin.durationSeconds == 3600)
        guard case .assumeRole(let hop) = admin.base else {
            Issue.record("expected a chained role")
            return
        }
        #expect(hop.base.credentials?.accessKeyID == "AKIDBASE")

        guard case .assumeRole(let selfRole) = try home.chain().resolve(profile: "self") else {
            Issue.record("expected a role")
            return
        }
        #expect(selfRole.base.credentials?.accessKeyID == "AKIDSELF")
        guard case .assumeRole(let ec2) = try home.chain().resolve(profile: "ec2") else {
            Issue.record("expected a role")
            return
        }
        #expect(ec2.base == .instanceMetadata(.init(endpoint: "http://169.254.169.254")))
    }

    @Test("a source_profile cycle is reported with its path")
    func cycle() throws {
        let home = try Home(config: """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/A
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::111111111111:role/B
            source_profile = c
            [profile c]
            role_arn = arn:aws:iam::111111111111:role/C
            source_profile = a
            [profile selfish]
            role_arn = arn:aws:iam::111111111111:role/S
            source_profile = selfish
            [profile lost]
            role_arn = arn:aws:iam::111111111111:role/L
            source_profile = nowhere
            """)
        #expect(throws: AWSConfigError.sourceProfileCycle(["a", "b", "c", "a"])) { try home.chain().resolve(profile: "a") }
        #expect(throws: AWSConfigError.sourceProfileCycle(["selfish", "selfish"])) { try home.chain().resolve(profile: "selfish") }
        #expect(throws: AWSConfigError.unknownProfile(name: "nowhere", available: ["a", "b", "c", "lost", "selfish"], filesRead: [home.config])) {
            try home.chain().resolve(profile: "lost")
        }
    }

    @Test("process, SSO and web identity profiles are described for the next step")
    func otherSources() throws {
        let home = try Home(config: """
            [profile proc]
            credential_process = /usr/local/bin/vault-creds --role ci
            [profile sso]
            sso_session = acme
            sso_account_id = 111111111111
            sso_role_name = ReadOnly
            [profile legacy-sso]
            sso_start_url = https://old.awsapps.com/start
            sso_region = eu-west-1
            sso_account_id = 222222222222
            sso_role_name = Admin
            [profile half-sso]
            sso_session = acme
            [profile missing-session]
            sso_session = other
            sso_account_id = 1
            sso_role_name = r
            [profile web]
            role_arn = arn:aws:iam::111111111111:role/Web
            web_identity_token_file = /var/run/token
            [sso-session acme]
            sso_start_url = https://acme.awsapps.com/start
            sso_region = us-east-1
            """)
        let chain = try home.chain()
        #expect(try chain.resolve(profile: "proc") == .process(command: "/usr/local/bin/vault-creds --role ci", profile: "proc"))
        #expect(try chain.resolve(profile: "sso") == .sso(.init(profile: "sso", session: "acme", startURL: "https://acme.awsapps.com/start",
                                                                region: "us-east-1", accountID: "111111111111", roleName: "ReadOnly")))
        #expect(try chain.resolve(profile: "legacy-sso") == .sso(.init(profile: "legacy-sso", session: nil,
                                                                       startURL: "https://old.awsapps.com/start", region: "eu-west-1",
                                                                       accountID: "222222222222", roleName: "Admin")))
        #expect(throws: AWSConfigError.incompleteSSO(profile: "half-sso", missing: ["sso_account_id", "sso_role_name"])) {
            try chain.resolve(profile: "half-sso")
        }
        #expect(throws: AWSConfigError.unknownSSOSession(profile: "missing-session", session: "other", available: ["acme"])) {
            try chain.resolve(profile: "missing-session")
        }
        #expect(try chain.resolve(profile: "web") == .webIdentity(.init(profile: "web", tokenFile: "/var/run/token",
                                                                       roleARN: "arn:aws:iam::111111111111:role/Web", roleSessionName: nil)))
    }

    @Test("without a profile: web identity, container, then instance metadata unless disabled")
    func fallbacks() throws {
        var home = try Home(environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/t", "AWS_ROLE_ARN": "arn:aws:iam::1:role/R"])
        #expect(try home.chain().resolve() == .webIdentity(.init(profile: nil, tokenFile: "/t", roleARN: "arn:aws:iam::1:role/R", roleSessionName: nil)))
        home.environment = ["HOME": home.directory.path, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
                            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "secret-token"]
        let container = try home.chain().resolve()
        #expect(container == .container(.init(endpoint: "http://169.254.170.2/v2/credentials/abc", authorizationTokenFile: nil,
                                              authorizationTokenInEnvironment: true)))
        #expect(!"\(container)".contains("secret-token"))
        home.environment = ["HOME": home.directory.path]
        #expect(try home.chain().resolve() == .instanceMetadata(.init(endpoint: "http://169.254.169.254")))
        home.environment["AWS_EC2_METADATA_DISABLED"] = "true"
        #expect(throws: AWSConfigError.noCredentials(profile: "default", filesRead: [])) { try home.chain().resolve() }
    }

    @Test("region: AWS_REGION, AWS_DEFAULT_REGION, then the profile")
    func region() throws {
        var home = try Home(config: "[default]\nregion = ap-northeast-1\n[profile eu]\nregion = eu-west-1\n")
        #expect(try home.chain().region() == .init(name: "ap-northeast-1", source: "profile default at \(home.config):2"))
        #expect(try home.chain().region(profile: "eu")?.name == "eu-west-1")
        #expect(try home.chain().region(profile: "none") == nil)
        home.environment["AWS_DEFAULT_REGION"] = "us-west-1"
        #expect(try home.chain().region() == .init(name: "us-west-1", source: "AWS_DEFAULT_REGION"))
        home.environment["AWS_REGION"] = "us-east-2"
        #expect(try home.chain().region(profile: "eu") == .init(name: "us-east-2", source: "AWS_REGION"))
    }
}
