import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// `anshin params` end to end: the built binary against Parameter Store on a local moto server.
@Suite struct ParamsCLITests {
    /// A project of its own per test, so tests share the server without seeing each other's
    /// parameters; no AWS settings but moto's.
    struct Project {
        let folder: TemporaryDirectory
        let name: String
        let environment: [String: String?]

        init(catalog: String? = nil) throws {
            let server = try MotoServer.shared()
            name = MotoServer.uniqueName("params")
            folder = try TemporaryDirectory()
            try folder.write("anshin.yml", catalog ?? "project: \(name)\nenvironments:\n  stg:\n  prd:\n")
            let home = folder.url.appendingPathComponent("home").path
            var environment: [String: String?] = ["HOME": home, "AWS_PROFILE": nil, "AWS_SESSION_TOKEN": nil, "AWS_CONFIG_FILE": nil,
                                                  "AWS_SHARED_CREDENTIALS_FILE": nil, "CI": nil, "NO_COLOR": "1"]
            for (key, value) in server.environment() { environment[key] = value }
            self.environment = environment
        }

        func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil) throws -> CommandResult {
            let binary = Command.anshinBinary
            try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the anshin binary first (swift build)")
            return try Command.run(binary, ["params"] + arguments, in: directory ?? folder.url, environment: environment, stdin: stdin)
        }

        /// The value a child started by `params exec` sees in `variable`.
        func injected(_ environmentName: String, _ variable: String) throws -> String {
            try run(["exec", environmentName, "--", "printenv", variable]).stdout
        }
    }

    static let secret = ["Sx3a", "9QvLmP2", "wR7tZk4"].joined()

    /// A value made at run time, different each call.
    static func generatedValue() -> String { "v-" + UUID().uuidString.lowercased() }

    /// An `.envrc` line exporting `value` to Terraform's variable `name`.
    static func assignment(_ name: String, _ value: String) -> String { "export " + "TF_VAR_\(name)=\(value)\n" }

    @Test func setFromStandardInputThenGetShowsItRedacted() throws {
        let project = try Project()
        let set = try project.run(["set", "stg", "DB_PASSWORD"], stdin: Self.secret + "\n")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "/\(project.name)/stg/DB_PASSWORD: SecureString version 1, encrypted with alias/aws/ssm, value Sx3a…[redacted]\n")
        let get = try project.run(["get", "stg", "DB_PASSWORD"])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stdout.contains("type      SecureString (key alias/aws/ssm)"))
        #expect(get.stdout.contains("version   1"))
        #expect(get.stdout.contains("value     Sx3a…[redacted]"))
        for output in [set.stdout, set.stderr, get.stdout, get.stderr] { #expect(!output.contains(Self.secret)) }
        #expect(try project.injected("stg", "DB_PASSWORD") == Self.secret + "\n", "the stored value is the piped one, final newline removed")
        let missing = try project.run(["get", "prd", "DB_PASSWORD"])
        #expect(missing.status == 1 && missing.stderr.contains("no parameter /\(project.name)/prd/DB_PASSWORD"))
    }

    @Test func aValueIsNeverTakenFromTheCommandLine() throws {
        let project = try Project()
        let positional = try project.run(["set", "stg", "TOKEN", Self.secret], stdin: "")
        #expect(positional.status == 2)
        let option = try project.run(["set", "stg", "TOKEN", "--value", Self.secret], stdin: "")
        #expect(option.status == 2)
        let empty = try project.run(["set", "stg", "TOKEN"], stdin: "")
        #expect(empty.status == 2 && empty.stderr.contains("no value given"))
        #expect(try project.run(["get", "stg", "TOKEN"]).status == 1, "nothing was stored")
    }

    @Test func aConfiguredKeyAndPathAreUsed() throws {
        let name = MotoServer.uniqueName("params")
        let project = try Project(catalog: """
            project: \(name)
            params: { path: "/{project}/{env}/app/{name}", kms_key: alias/acme-secrets }
            environments: { stg: }
            """)
        let set = try project.run(["set", "stg", "SENDGRID_API_KEY"], stdin: Self.secret)
        #expect(set.stdout.hasPrefix("/\(name)/stg/app/SENDGRID_API_KEY: SecureString version 1, encrypted with alias/acme-secrets"))
        #expect(try project.run(["get", "stg", "SENDGRID_API_KEY"]).stdout.contains("(key alias/acme-secrets)"))
        let override = try project.run(["set", "stg", "SENDGRID_API_KEY", "--kms-key", "alias/other"], stdin: Self.secret)
        #expect(override.stdout.contains("version 2, encrypted with alias/other"))
    }

    @Test func listMarksPlaceholdersAndDiffComparesNames() throws {
        let project = try Project()
        for (environment, name, value) in [("stg", "A", "aaaa-stg"), ("stg", "B", "dummy"), ("stg", "C", "cccc"),
                                           ("prd", "A", "aaaa-prd"), ("prd", "B", "bbbb"), ("prd", "db/D", "dddd")] {
            try #require(try project.run(["set", environment, name], stdin: value).status == 0)
        }
        let list = try project.run(["list", "stg"])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("/\(project.name)/stg/: 3 parameters, 1 still \"dummy\"\n"))
        #expect(list.stdout.contains("dummy (placeholder: anshin params set stg B)"))
        #expect(!list.stdout.contains("aaaa-stg") && !list.stdout.contains("cccc"))
        #expect(try project.run(["list", "stg", "--check"]).status == 1)
        #expect(try project.run(["list", "prd", "--check"]).status == 0)
        let json = try project.run(["list", "prd", "-f", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.compactMap { $0["name"] as? String } == ["A", "B", "db/D"])
        #expect(!json.stdout.contains("bbbb"))
        #expect(try project.run(["list", "prd", "--json"]).stdout == json.stdout, "the earlier spelling still works")
        let diff = try project.run(["diff", "stg", "prd"])
        #expect(diff.status == 1)
        let lines = diff.stdout.split(separator: "\n").map { $0.replacingOccurrences(of: " +", with: " ", options: .regularExpression) }
        #expect(lines == ["NAME stg prd", "B \"dummy\" set", "C set missing", "db/D missing set",
                          "2 names in only one environment, 1 placeholder in only one"])
        #expect(try project.run(["diff", "prd", "prd"]).status == 0)
    }

    @Test func execInjectsParametersAndPassesTheStatusOn() throws {
        let project = try Project()
        try #require(try project.run(["set", "stg", "db/password"], stdin: Self.secret).status == 0)
        try #require(try project.run(["set", "stg", "SENTRY_DSN"], stdin: "dummy").status == 0)
        let shown = try project.run(["exec", "stg", "--", "sh", "-c", "printf '%s|%s' \"$DB_PASSWORD\" \"$SENTRY_DSN\"; exit 7"])
        #expect(shown.status == 7)
        #expect(shown.stdout == "\(Self.secret)|dummy")
        #expect(shown.stderr.contains("warning: SENTRY_DSN (/\(project.name)/stg/SENTRY_DSN) still holds the placeholder \"dummy\""))
        let missing = try project.run(["exec", "stg", "--", "no-such-program-anshin"])
        #expect(missing.status == 127)
        let none = try project.run(["exec", "stg"])
        #expect(none.status == 2)
    }

    /// The acme team's hand-shared .envrc, moved into Parameter Store: values stored whole,
    /// lines taken out of the file, the Terraform printed per stack, no value printed.
    @Test func importEnvrcMovesTheAcmeSecrets() throws {
        let server = try MotoServer.shared()
        let acme = try AcmeRepository.make()
        let envrc = acme.url.appendingPathComponent(".envrc")
        let original = try String(contentsOf: envrc, encoding: .utf8)
        let assignments = original.split(separator: "\n").filter { $0.hasPrefix("export TF_VAR_") }
        let values = assignments.map { String($0.split(separator: "=", maxSplits: 1)[1]) }
        try #require(values.count == 9)
        // acme's own catalog names the project and the /{project}/{env}/app/{name} path; a unique
        // environment keeps this run apart from others on the shared server.
        let environmentName = "imp\(UUID().uuidString.prefix(6).lowercased())"
        let catalog = try String(contentsOf: acme.url.appendingPathComponent("anshin.yml"), encoding: .utf8)
        try acme.write("anshin.yml", catalog + "  \(environmentName):\n")
        var environment: [String: String?] = ["HOME": acme.url.appendingPathComponent("home").path, "AWS_PROFILE": nil, "NO_COLOR": "1"]
        for (key, value) in server.environment() { environment[key] = value }
        let result = try Command.run(Command.anshinBinary, ["params", "import-envrc", ".envrc", environmentName], in: acme.url,
                                     environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("TF_VAR_db_master_password (line 5): moved to /acme/\(environmentName)/app/db_master_password (SecureString version 1, alias/aws/ssm)"))
        #expect(result.stderr.contains("removed the moved variables from .envrc"))
        for value in values { #expect(!result.stdout.contains(value) && !result.stderr.contains(value)) }

        let terraform = result.stdout
        #expect(terraform.contains("# root module\ndata \"aws_ssm_parameter\" \"db_master_password\" {\n  name = \"/acme/${var.env}/app/db_master_password\"\n}"))
        #expect(terraform.contains("# datadog/\ndata \"aws_ssm_parameter\" \"datadog_api_key\""))
        #expect(terraform.contains("# metabase/\ndata \"aws_ssm_parameter\" \"metabase_db_password\""))
        #expect(terraform.contains("written to the state in plain text"))

        let rewritten = try String(contentsOf: envrc, encoding: .utf8)
        #expect(!rewritten.contains("export TF_VAR_"))
        #expect(rewritten.contains("# TF_VAR_github_token moved to SSM Parameter Store: /acme/\(environmentName)/app/github_token"))
        #expect(rewritten.hasPrefix("# acme-infra secrets for ./terraform.sh."), "the rest of the file is kept")
        let permissions = try FileManager.default.attributesOfItem(atPath: envrc.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        for (assignment, value) in zip(assignments, values) {
            let variable = String(assignment.dropFirst("export TF_VAR_".count).split(separator: "=")[0]).uppercased()
            let seen = try Command.run(Command.anshinBinary, ["params", "exec", environmentName, "--", "printenv", variable],
                                       in: acme.url, environment: environment)
            #expect(seen.stdout == value + "\n", "\(variable)")
        }
        let again = try Command.run(Command.anshinBinary, ["params", "import-envrc", ".envrc", environmentName], in: acme.url,
                                    environment: environment)
        #expect(again.status == 0 && again.stderr.contains("no TF_VAR_ assignment with a literal value in .envrc"))
    }

    @Test func importKeepsOtherValuesAndDryRunsWriteNothing() throws {
        let project = try Project()
        // Values made at run time: an assignment written out here would be a secret in the history.
        let (older, fresh, other) = (Self.generatedValue(), Self.generatedValue(), Self.generatedValue())
        let kept = Self.assignment("token", fresh)
        try project.folder.write(".envrc", "export AWS_PROFILE=x\n" + kept + Self.assignment("key", other))
        try #require(try project.run(["set", "stg", "token"], stdin: older).status == 0)
        let dry = try project.run(["import-envrc", ".envrc", "stg", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stderr.contains("TF_VAR_key (line 3): would move to /\(project.name)/stg/key"))
        #expect(dry.stderr.contains("TF_VAR_token (line 2): not moved: /\(project.name)/stg/token holds another value"))
        #expect(try project.run(["get", "stg", "key"]).status == 1)
        let imported = try project.run(["import-envrc", ".envrc", "stg"])
        #expect(imported.status == 0)
        #expect(try project.injected("stg", "TOKEN") == older + "\n")
        #expect(try project.injected("stg", "KEY") == other + "\n")
        let text = try String(contentsOf: project.folder.url.appendingPathComponent(".envrc"), encoding: .utf8)
        #expect(text == "export AWS_PROFILE=x\n" + kept + "# TF_VAR_key moved to SSM Parameter Store: /\(project.name)/stg/key\n")
        for output in [dry.stdout, dry.stderr, imported.stdout, imported.stderr] {
            #expect(![older, fresh, other].contains { output.contains($0) })
        }
        let overwritten = try project.run(["import-envrc", ".envrc", "stg", "--overwrite", "--keep"])
        #expect(overwritten.status == 0)
        #expect(try project.injected("stg", "TOKEN") == fresh + "\n")
        #expect(try String(contentsOf: project.folder.url.appendingPathComponent(".envrc"), encoding: .utf8) == text, "--keep")
    }

    // MARK: At a terminal

    static func terminalEnvironment(_ project: Project) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in project.environment { environment[name] = value }
        environment["TERM"] = "dumb"
        return environment.compactMapValues { $0 }
    }

    /// Typed at a terminal, the value is not shown.
    @Test func aTypedValueIsNotEchoed() throws {
        let project = try Project()
        let terminal = try PseudoTerminal()
        try terminal.start(Command.anshinBinary.path, ["params", "set", "stg", "TYPED"], environment: Self.terminalEnvironment(project),
                           directory: project.folder.url)
        try #require(terminal.waitFor("(not shown): "))
        terminal.type(Self.secret + "\n")
        #expect(terminal.waitForExit() == .exited(0), "\(terminal.output)")
        #expect(!terminal.output.contains(Self.secret))
        #expect(terminal.output.contains("value Sx3a…[redacted]"))
        #expect(try project.injected("stg", "TYPED") == Self.secret + "\n")
    }

    /// Ctrl-C at the terminal reaches the command exactly once (the terminal delivers it to the
    /// command, and anshin does not pass on a second), and anshin survives to pass its status on.
    @Test func ctrlCReachesTheCommandExactlyOnce() throws {
        let project = try Project()
        let script = "n=0; trap 'n=$((n+1))' INT; echo ready; while [ $n -eq 0 ]; do sleep 0.05; done; sleep 0.5; echo interrupts=$n; exit 5"
        let terminal = try PseudoTerminal()
        try terminal.start(Command.anshinBinary.path, ["params", "exec", "stg", "--", "sh", "-c", script],
                           environment: Self.terminalEnvironment(project), directory: project.folder.url)
        try #require(terminal.waitFor("ready"), "\(terminal.output)")
        terminal.type("\u{03}")
        #expect(terminal.waitForExit() == .exited(5), "\(terminal.output)")
        #expect(terminal.output.contains("interrupts=1"), "\(terminal.output)")
    }

    /// Sent to anshin alone, an interrupt is passed on to the command, once.
    @Test func anInterruptSentToAnshinIsPassedOnOnce() throws {
        let project = try Project()
        let script = "n=0; trap 'n=$((n+1))' INT; echo ready; while [ $n -eq 0 ]; do sleep 0.05; done; sleep 0.5; echo interrupts=$n"
        let terminal = try PseudoTerminal()
        try terminal.start(Command.anshinBinary.path, ["params", "exec", "stg", "--", "sh", "-c", script],
                           environment: Self.terminalEnvironment(project), directory: project.folder.url)
        try #require(terminal.waitFor("ready"), "\(terminal.output)")
        try #require(terminal.process).signal(SIGINT)
        #expect(terminal.waitForExit() == .exited(0), "\(terminal.output)")
        #expect(terminal.output.contains("interrupts=1"), "\(terminal.output)")
    }
}
