import AnshinTerraform
import AnshinTesting
import Foundation
import Testing

@Suite struct EnvrcFileTests {
    @Test func literalAssignmentsInEveryQuoting() {
        let file = EnvrcFile.parse("""
            # secrets for ./terraform.sh
            export TF_VAR_a=plain
            export TF_VAR_b='single $quoted # not a comment'
            TF_VAR_c="double \\"escaped\\" \\$dollar"
            export  TF_VAR_d=with\\ space   # trailing comment
            export TF_VAR_e='two
            lines'
            export AWS_PROFILE=acme-stg
            source_env ../.envrc
            export TF_VAR_empty=

            """)
        let values = Dictionary(file.assignments.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(values == ["TF_VAR_a": "plain", "TF_VAR_b": "single $quoted # not a comment", "TF_VAR_c": "double \"escaped\" $dollar",
                           "TF_VAR_d": "with space", "TF_VAR_e": "two\nlines", "AWS_PROFILE": "acme-stg", "TF_VAR_empty": ""])
        #expect(file.assignments.first { $0.name == "TF_VAR_e" }?.lines == 6...7)
        #expect(file.assignments.first { $0.name == "TF_VAR_a" }?.lines == 2...2)
        #expect(file.skipped.isEmpty)
    }

    @Test func computedValuesAreSkippedNotGuessed() {
        let file = EnvrcFile.parse("""
            export TF_VAR_a=$(pass show acme/db)
            export TF_VAR_b="${HOME}/key"
            export TF_VAR_c=`cat key`
            export TF_VAR_d=1; export TF_VAR_e=2
            export TF_VAR_f='never closed
            """)
        #expect(file.assignments.isEmpty)
        #expect(file.skipped.map(\.name) == ["TF_VAR_a", "TF_VAR_b", "TF_VAR_c", "TF_VAR_d", "TF_VAR_f"])
        #expect(file.skipped.map(\.line) == [1, 2, 3, 4, 5])
        #expect(file.skipped[0].reason == "the shell computes its value")
        #expect(file.skipped[3].reason == "its line does more than this assignment")
        #expect(file.skipped[4].reason == "its quote is never closed")
    }

    @Test func theGeneratedAcmeEnvrcIsReadWhole() throws {
        let folder = try TemporaryDirectory()
        let script = Command.packageRoot.appendingPathComponent("examples/acme/make-envrc")
        let made = try Command.run(script, [folder.url.appendingPathComponent("envrc").path])
        try #require(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOf: folder.url.appendingPathComponent("envrc"), encoding: .utf8)
        let file = EnvrcFile.parse(text)
        #expect(file.skipped.isEmpty)
        #expect(file.assignments.map(\.name) == ["TF_VAR_db_master_password", "TF_VAR_github_token", "TF_VAR_datadog_api_key",
                                                 "TF_VAR_datadog_app_key", "TF_VAR_slack_webhook_url", "TF_VAR_metabase_db_password",
                                                 "TF_VAR_sendgrid_api_key", "TF_VAR_legacy_app_aws_access_key_id",
                                                 "TF_VAR_legacy_app_aws_secret_access_key"])
        for assignment in file.assignments {
            // Each value is what bash would export: compare with bash itself.
            let line = text.components(separatedBy: "\n")[assignment.lines.lowerBound - 1]
            let echoed = try Command.run("bash", ["-c", "\(line); printf %s \"$\(assignment.name)\""])
            #expect(echoed.stdout == assignment.value, "\(assignment.name)")
        }
    }

    /// Values quoted the three ways a person writes them come back as bash reads them.
    @Test func quotedValuesReadAsBashReadsThem() throws {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("abcXYZ019 _-./:=@%+,#'\"\\$!&|;<>()*?~`")
        var script = ""
        var expected: [String: String] = [:]
        for index in 0..<60 {
            let value = String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let name = "TF_VAR_v\(index)"
            switch index % 3 {
            case 0 where !value.contains("'"):
                script += "export \(name)='\(value)'\n"
            case 1:
                let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "$", with: "\\$").replacingOccurrences(of: "`", with: "\\`")
                script += "export \(name)=\"\(escaped)\"\n"
            default:
                let escaped = value.map { $0.isLetter || $0.isNumber ? String($0) : "\\\($0)" }.joined()
                script += "export \(name)=\(escaped)\n"
            }
            expected[name] = value
        }
        // The expectations are bash's own reading of the script.
        let names = (0..<60).map { "TF_VAR_v\($0)" }
        let bash = try Command.run("bash", ["-c", script + "for v in \(names.joined(separator: " ")); do printf '%s\\0' \"${!v}\"; done"])
        #expect(bash.stdout.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init) == names.map { expected[$0]! })
        let file = EnvrcFile.parse(script)
        #expect(file.skipped.isEmpty, "\(file.skipped)")
        for assignment in file.assignments {
            #expect(assignment.value == expected[assignment.name], "\(assignment.name)")
        }
        #expect(file.assignments.count == expected.count)
    }

    /// Arbitrary bytes never crash the parser, and every assignment it returns has a shell name.
    @Test func arbitraryTextNeverCrashes() {
        var generator = SplitMix64(seed: 12)
        let alphabet = Array("export TF_VAR_x=a'\"\\$`#;\n\t ()=") + ["é", "\u{0}", "\r"]
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let file = EnvrcFile.parse(text)
            for assignment in file.assignments {
                #expect(assignment.name.first.map { $0 == "_" || $0.isLetter } ?? false)
                #expect(assignment.lines.lowerBound >= 1)
            }
        }
    }
}
