import AnshinAWS
import AnshinTesting
import Foundation
import Testing

@Suite("Shared config and credentials files")
struct AWSConfigFileTests {
    @Test("profiles, sso-sessions, services, comments, sub-sections and continuations")
    func configDialect() throws {
        let text = """
            # top comment
            ; another
            [default]
            region = ap-northeast-1   # Tokyo
            output=json
            s3 =
              max_concurrent_requests = 20
              addressing_style = path
            [profile  prd ]
            role_arn = arn:aws:iam::111111111111:role/ReadOnly
            source_profile = default
            credential_process = /usr/bin/tool --tag=a#b --x=c;d ; comment
            [profile multi]
            ca_bundle = first
              second line
            [sso-session acme]
            sso_start_url = https://acme.awsapps.com/start
            sso_region = us-east-1
            [services local]
            s3 =
              endpoint_url = http://localhost:9000
            [orphan]
            region = ignored
            [profile prd]
            Region = eu-west-1
            """
        let file = try AWSConfigFile.parse(text, path: "/home/u/.aws/config", kind: .config)
        let profiles = file.sections(.profile)
        #expect(Set(profiles.keys) == ["default", "prd", "multi"])
        let defaults = try #require(profiles["default"])
        #expect(defaults.properties == ["region": "ap-northeast-1", "output": "json"])
        #expect(defaults.subsections["s3"] == ["max_concurrent_requests": "20", "addressing_style": "path"])
        #expect(defaults.location(of: "output") == AWSConfigLocation(file: "/home/u/.aws/config", line: 5))
        let prd = try #require(profiles["prd"])
        #expect(prd.properties["credential_process"] == "/usr/bin/tool --tag=a#b --x=c;d")
        #expect(prd.properties["region"] == "eu-west-1")
        #expect(profiles["multi"]?.properties["ca_bundle"] == "first\nsecond line")
        #expect(file.sections(.ssoSession)["acme"]?.properties["sso_region"] == "us-east-1")
        #expect(file.sections(.services)["local"]?.subsections["s3"] == ["endpoint_url": "http://localhost:9000"])
        #expect(file.ignoredSections.map(\.name) == ["orphan"])
        #expect(file.ignoredSections.map(\.line) == [22])
    }

    @Test("the credentials file names profiles without the profile prefix")
    func credentialsDialect() throws {
        let file = try AWSConfigFile.parse("[default]\naws_access_key_id = A\n[profile x]\naws_access_key_id = B\r\n",
                                           path: "credentials", kind: .credentials)
        #expect(Set(file.sections(.profile).keys) == ["default", "profile x"])
        #expect(file.sections(.profile)["profile x"]?.properties["aws_access_key_id"] == "B")
    }

    @Test("malformed lines are reported with file and line", arguments: [
        ("region = x\n", 1, "property outside a section"),
        ("[default\n", 1, "closing ]"),
        ("[default]\njust words\n", 2, "expected key = value"),
        ("[default]\n  indented = first\n", 2, "indented line"),
        ("[default]\ns3 =\n  nokey\n", 3, "sub-section s3"),
        ("[]\n", 1, "empty section name"),
        ("[profile ]\n", 1, "[profile] needs a name"),
        ("[default] trailing\n", 1, "unexpected text"),
        ("[default]\n= value\n", 2, "expected key = value"),
    ])
    func malformed(text: String, line: Int, message: String) {
        #expect {
            _ = try AWSConfigFile.parse(text, path: "/tmp/config", kind: .config)
        } throws: { error in
            guard case let .malformed(file, errorLine, errorMessage) = error as? AWSConfigError else { return false }
            return file == "/tmp/config" && errorLine == line && errorMessage.contains(message)
        }
    }

    @Test("files are found through AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and HOME")
    func locating() throws {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", "[default]\nregion = us-west-2\n")
        try home.write("custom/creds", "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n")
        let defaults = try AWSSharedConfig.load(environment: ["HOME": home.path])
        #expect(defaults.filesRead == [home.path + "/.aws/config"])
        #expect(defaults.profileNames == ["default"])
        let custom = try AWSSharedConfig.load(environment: ["HOME": home.path, "AWS_SHARED_CREDENTIALS_FILE": "~/custom/creds",
                                                             "AWS_CONFIG_FILE": home.path + "/missing"])
        #expect(custom.filesRead == [home.path + "/custom/creds"])
        #expect(custom.profileNames == ["ci"])
    }

    @Test("the credentials file overrides the config file for the same profile")
    func merging() throws {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", "[profile dev]\nregion = us-east-2\naws_access_key_id = FROMCONFIG\n")
        try home.write(".aws/credentials", "[dev]\naws_access_key_id = FROMCREDS\n")
        let shared = try AWSSharedConfig.load(environment: ["HOME": home.path])
        let dev = try #require(shared.profile("dev"))
        #expect(dev["aws_access_key_id"] == "FROMCREDS")
        #expect(dev["region"] == "us-east-2")
        #expect(dev.locations["aws_access_key_id"] == AWSConfigLocation(file: home.path + "/.aws/credentials", line: 2))
        #expect(dev.fromCredentialsFile == ["aws_access_key_id"])
    }
}
