import AnshinCore
import AnshinTesting
@testable import AnshinSecrets
import Foundation
import Testing

/// The detector's behaviour beyond single rules: robustness, pairing, checks, locations, incidents.
@Suite struct DetectorTests {
    static func githubToken(_ seed: String) -> String {
        SampleGenerator(seed: seed).crc32Token(prefix: "gh" + "p_")
    }

    // MARK: Robustness

    @Test func namedGroupsAreFoundAndLookbehindsAreNot() {
        #expect(Confirmer.groupNames(in: #"(?<secret>a)(?<=b)(?<!c)x(?<key2>d)\s(?<quote"#) == ["secret", "key2"])
        #expect(Confirmer.groupNames(in: "(?<") == [])
        #expect(Confirmer.groupNames(in: "(?<>x)") == [])
        // Every built-in expression with a named secret group is known to have one.
        for rule in RuleCatalog.all {
            guard case .regex(let expression) = rule.extractor else { continue }
            #expect(Confirmer.groupNames(in: expression).contains("secret") == expression.contains("(?<secret>"), "\(rule.id)")
        }
    }

    @Test func randomBytesNeverCrash() {
        let g = SampleGenerator(seed: "random-bytes")
        for round in 0..<300 {
            let count = g.int(round < 250 ? 4096 : 200_000)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            for match in Support.detector.scan(bytes, options: Support.everything) {
                #expect(match.range.upperBound <= bytes.count && match.line >= 1 && match.column >= 1)
            }
        }
    }

    @Test func tokenSoupNeverCrashes() {
        // Fragments of every rule's samples glued at random: many partial and overlapping hits.
        let g = SampleGenerator(seed: "soup")
        let fragments = RuleCatalog.all.flatMap(\.samples).flatMap { sample -> [[UInt8]] in
            let bytes = Array(sample.utf8)
            return stride(from: 0, to: bytes.count, by: 7).map { Array(bytes[$0..<min(bytes.count, $0 + 1 + g.int(40))]) }
        }
        var soup: [UInt8] = []
        while soup.count < 2_000_000 { soup += fragments[g.int(fragments.count)] + (g.int(3) == 0 ? [0x0A] : []) }
        let matches = Support.detector.scan(soup, options: Support.everything)
        #expect(matches.allSatisfy { $0.range.upperBound <= soup.count })
    }

    @Test func hugeLineWithoutNewline() {
        let g = SampleGenerator(seed: "huge")
        let token = Self.githubToken("huge-line")
        var text = ""
        text.reserveCapacity(6_000_000)
        while text.utf8.count < 3_000_000 { text += g.alnum(60) + " " }
        text += "token=" + token + " "
        while text.utf8.count < 5_700_000 { text += g.alnum(60) + " " }
        while text.utf8.count < 6_000_000 { text += "password=" + g.alnum(10) + "; " }
        let matches = Support.scan(text)
        let found = matches.filter { $0.ruleID == "secret-github-pat-classic" }
        #expect(found.count == 1)
        #expect(found.first?.line == 1)
        #expect((found.first?.evidence.count ?? 1000) < 200)
        #expect(Support.secret(found[0], in: text) == token)
    }

    @Test func invalidUTF8AndNulBytes() {
        let token = Self.githubToken("utf8")
        let bytes: [UInt8] = [0xFF, 0xFE, 0xC3, 0x00, 0x0A] + Array("export GITHUB_TOKEN=".utf8) + Array(token.utf8)
            + [0xC3, 0x28, 0x0A, 0xF0, 0x9F]
        let matches = Support.detector.scan(bytes, options: Support.everything)
        #expect(matches.map(\.ruleID) == ["secret-github-pat-classic"])
        #expect(matches.first?.line == 2 && matches.first?.column == 21)
        #expect(Support.detector.scan(bytes).isEmpty, "binary content is skipped by default")
    }

    @Test func emptyAndTinyInputs() {
        #expect(Support.detector.scan([UInt8]()).isEmpty)
        #expect(Support.detector.scan([0x00]).isEmpty)
        #expect(Support.scan("=").isEmpty)
        #expect(Support.scan("-----" + "BEGIN RSA PRIVATE KEY-----").isEmpty)
    }

    @Test func chunkedScanFindsMatchesAcrossBorders() throws {
        let token = Self.githubToken("chunks")
        var text = String(repeating: "filler line of text\n", count: 3_500)
        text += "t=" + token + "\n" + text
        let bytes = Array(text.utf8)
        let detector = Support.detector
        let whole = try bytes.withUnsafeBytes { buffer in
            try detector.pool.withScratch { scratch throws(Matcher.ScanError) in try detector.matcher.scan(buffer, scratch: scratch) }
        }
        for chunk in [Matcher.chunkOverlap + 100, Matcher.chunkOverlap + 4096] {
            let pieces = try bytes.withUnsafeBytes { buffer in
                try detector.pool.withScratch { scratch throws(Matcher.ScanError) in
                    try detector.matcher.scan(buffer, scratch: scratch, chunkSize: chunk)
                }
            }
            #expect(Set(pieces.map(\.pattern)) == Set(whole.map(\.pattern)))
        }
    }

    @Test func concurrentScansAgree() async {
        let texts = RuleCatalog.all.prefix(60).flatMap(\.samples)
        let expected = texts.map { Support.scan($0).map(\.ruleID) }
        let results = await withTaskGroup(of: (Int, [String]).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, Support.scan(text).map(\.ruleID)) }
            }
            var all = Array(repeating: [String](), count: texts.count)
            for await (index, ids) in group { all[index] = ids }
            return all
        }
        #expect(results == expected)
    }

    // MARK: AWS pairing

    @Test func awsKeyIDAndSecretNearEachOtherAreOneCriticalIncident() throws {
        let g = SampleGenerator(seed: "pair")
        let id = "AK" + "IA" + g.string(16, from: SampleGenerator.base32)
        let secret = g.base64(40)
        let text = "# prod\n[default]\naws_access_key_id = \(id)\nregion = eu-west-1\naws_secret_access_key = \(secret)\n"
        let matches = Support.scan(text)
        #expect(matches.count == 1)
        let match = try #require(matches.first)
        #expect(match.ruleID == "secret-aws-access-key-pair")
        #expect(Support.detector.rule(id: match.ruleID)?.severity == .critical)
        #expect(match.line == 5)
        #expect(match.partner?.line == 3)
        #expect(Support.secret(match, in: text) == secret)
        #expect(!(match.partner?.evidence.contains(id) ?? true))
        #expect(!match.evidence.contains(secret))
        let finding = SecretFinding.finding(for: match, rule: try #require(Support.detector.rule(id: match.ruleID)), path: "creds")
        #expect(!(finding.evidence ?? "").contains(id) && !(finding.evidence ?? "").contains(secret))
    }

    @Test func awsHalvesFarApartStaySeparate() {
        let g = SampleGenerator(seed: "apart")
        let text = "aws_access_key_id = " + "AK" + "IA" + g.string(16, from: SampleGenerator.base32)
            + String(repeating: "\n", count: 20) + "aws_secret_access_key = " + g.base64(40) + "\n"
        #expect(Support.scan(text).map(\.ruleID) == ["secret-aws-access-key-id", "secret-aws-secret-access-key"])
    }

    // MARK: Checks

    @Test func crc32MatchesZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(String(decoding: Base62.encode(0, width: 6), as: UTF8.self) == "000000")
        #expect(String(decoding: Base62.encode(61, width: 2), as: UTF8.self) == "0z")
    }

    @Test func checksumRejectsAWrongChecksum() {
        let g = SampleGenerator(seed: "checksum")
        let token = g.crc32Token(prefix: "gh" + "p_")
        #expect(Checksum.crc32Base62(prefixLength: 4).validates(Array(token.utf8)))
        let wrong = g.corrupt(token)
        #expect(!Checksum.crc32Base62(prefixLength: 4).validates(Array(wrong.utf8)))
        #expect(Support.scan("GITHUB_TOKEN=" + token).map(\.ruleID) == ["secret-github-pat-classic"])
        #expect(Support.scan("GITHUB_TOKEN=" + wrong).isEmpty)
        let npm = g.crc32Token(prefix: "np" + "m_")
        #expect(Support.scan("NPM_TOKEN=" + g.corrupt(npm)).isEmpty)
    }

    @Test(arguments: [
        "EXAMPLE", "AKIAIOSFODNN7" + "EXAMPLE", "xxxxxxxxxxxxxxxx", "aaaaaaaaaaaa", "12345678abcd", "abcdef123",
        "changeme", "your_api_key_here", "<your-token>", "${GITHUB_TOKEN}", "{{ token }}", "REDACTED-value",
    ])
    func placeholdersAreRecognised(value: String) {
        #expect(Placeholder.isPlaceholder(Array(value.utf8)))
    }

    @Test(arguments: [
        "var.db_password", "os.environ[\"TOKEN\"]", "process.env.API_KEY", "{{ .Values.password }}",
        "$DB_PASSWORD", "${{ secrets.TOKEN }}", "config.database.password", "getPassword()",
        "local.secret", "ENV[\"API_KEY\"]",
    ])
    func referencesAreRecognised(value: String) {
        #expect(Placeholder.isReference(Array(value.utf8)))
    }

    @Test func randomValuesAreNeitherPlaceholdersNorReferences() {
        let g = SampleGenerator(seed: "random-values")
        for _ in 0..<500 {
            let value = Array(g.alnum(32).utf8)
            #expect(!Placeholder.isReference(value))
            #expect(Entropy.shannon(value) > 3.5)
        }
    }

    @Test func entropyOfKnownStrings() {
        #expect(Entropy.shannon("aaaa") == 0)
        #expect(abs(Entropy.shannon("abcd") - 2) < 1e-9)
        #expect(abs(Entropy.shannon("0123456789abcdef") - 4) < 1e-9)
        #expect(Entropy.shannon("") == 0)
    }

    @Test func placeholdersInAssignmentsAreNotReported() {
        let lines = [
            "GITHUB_TOKEN=" + "gh" + "p_" + String(repeating: "x", count: 36),
            "STRIPE_KEY=" + "sk" + "_live_" + "your_stripe_key_goes_here",
            "DD_API_KEY=" + String(repeating: "0", count: 32),
            "password = \"changeme\"",
            "api_key: \"<your-api-key>\"",
            "token: ${{ secrets.TOKEN }}",
            "password: {{ .Values.db.password }}",
            "secret = process.env.CLIENT_SECRET",
            "export TF_VAR_db_password=$(cat /run/secrets/db)",
        ]
        for line in lines { #expect(Support.scan(line).isEmpty, "\(line)") }
    }

    // MARK: Locations, allow comments, incidents

    @Test func lineAndColumnCountScalarsNotBytes() throws {
        let token = Self.githubToken("position")
        let text = "first\nsecond\n  é=\"" + token + "\"\n"
        let match = try #require(Support.scan(text).first)
        #expect(match.line == 3)
        #expect(match.column == 6)
    }

    @Test func allowCommentSuppressesOnlyItsLine() {
        let a = Self.githubToken("allow-a"), b = Self.githubToken("allow-b")
        let text = "x = \"" + a + "\" # anshin:allow test fixture\ny = \"" + b + "\"\n"
        let matches = Support.scan(text)
        #expect(matches.count == 1 && matches.first?.line == 2)
        #expect(Support.detector.scan(text, options: .init(skipBinary: false, honourAllowComments: false)).count == 2)
    }

    @Test func oneIncidentPerSecretValue() throws {
        let token = Self.githubToken("incident")
        let first = try #require(Support.scan("a=" + token).first)
        let second = try #require(Support.scan("\n\n  token: '" + token + "'").first)
        #expect(first.sha256 == second.sha256)
        #expect(first.sha256 == Fingerprint.sha256(Array(token.utf8)))
        let rule = try #require(RuleCatalog.rule(id: first.ruleID))
        let one = SecretFinding.finding(for: first, rule: rule, path: "a.env")
        let two = SecretFinding.finding(for: second, rule: rule, path: "deploy/b.yml", commit: "abc123")
        #expect(one.fingerprint == two.fingerprint)
        #expect(one.location?.path == "a.env" && two.location?.line == 3)
        #expect(!(one.evidence ?? "").contains(token) && (one.evidence ?? "").contains(Redaction.marker))
        let other = try #require(Support.scan("a=" + Self.githubToken("other")).first)
        #expect(other.sha256 != first.sha256)
    }

    @Test func samePrivateKeyInPEMAndJSONIsOneIncident() throws {
        let g = SampleGenerator(seed: "pem-json")
        let body = (0..<8).map { _ in g.base64(64) }
        let pem = KeySample.begin("PRIVATE KEY") + "\n" + body.joined(separator: "\n") + "\n" + KeySample.end("PRIVATE KEY") + "\n"
        let json = "{\"type\": \"service_account\", \"private_key\": \"" + KeySample.begin("PRIVATE KEY") + "\\n"
            + body.joined(separator: "\\n") + "\\n" + KeySample.end("PRIVATE KEY") + "\\n\", \"client_email\": \"a@b.iam.gserviceaccount.com\"}"
        let a = try #require(Support.scan(pem).first)
        let b = try #require(Support.scan(json).first)
        #expect(a.ruleID == "secret-private-key-pkcs8" && b.ruleID == "secret-gcp-service-account-key")
        #expect(a.sha256 == b.sha256)
        #expect(a.endLine == 10)
        #expect(!a.evidence.contains(body[0]))
    }

    /// A keyring holds several key blocks one after another: each is its own incident, and a
    /// block after them (the public half) does not hide them.
    @Test func everyKeyBlockOfAKeyringIsFound() {
        let g = SampleGenerator(seed: "keyring")
        let keyring = [KeySample.pem(label: "PGP PRIVATE KEY BLOCK", g: g), KeySample.pem(label: "PGP PRIVATE KEY BLOCK", g: g),
                       KeySample.pem(label: "RSA PRIVATE KEY", g: g), KeySample.pem(label: "RSA PRIVATE KEY", g: g)]
        let matches = Support.scan(keyring.joined(separator: "\n") + "\n" + KeySample.begin("PGP PUBLIC KEY BLOCK") + "\n")
        #expect(matches.map(\.ruleID) == ["secret-private-key-pgp", "secret-private-key-pgp",
                                          "secret-private-key-rsa", "secret-private-key-rsa"])
        #expect(Set(matches.map(\.sha256)).count == 4)
        #expect(matches.map(\.line) == [1, 11, 21, 31])
    }

    @Test func specificRuleWinsOverGenericOnTheSameValue() throws {
        let token = Self.githubToken("overlap")
        let matches = Support.scan("api_key = \"" + token + "\"")
        #expect(matches.map(\.ruleID) == ["secret-github-pat-classic"])
    }

    @Test func evidenceNeverShowsAnySampleSecret() {
        for rule in RuleCatalog.all {
            for sample in rule.samples {
                for match in Support.scan(sample) where match.endLine == nil {
                    let whole = Support.secret(match, in: sample)
                    // Armoured keys show their (public) header; Redaction shows a short prefix.
                    guard !whole.hasPrefix("----") else { continue }
                    let secret = Array(whole.dropFirst(whole.count / 4))
                    guard secret.count >= 8 else { continue }
                    for start in stride(from: 0, through: secret.count - 8, by: 4) {
                        let piece = String(secret[start..<(start + 8)])
                        #expect(!match.evidence.contains(piece), "\(rule.id): evidence shows part of the secret")
                    }
                }
            }
        }
    }

    // MARK: Binary detection

    @Test func binaryDetection() {
        #expect(BinaryDetection.isBinary([0x41, 0x00, 0x42]))
        #expect(!BinaryDetection.isBinary(Array("plain text\nwith lines\t and tabs\r\n".utf8)))
        #expect(!BinaryDetection.isBinary(Array("日本語のテキスト".utf8)))
        #expect(BinaryDetection.isBinary((0..<1000).map { UInt8($0 % 8) + 1 }))
        var late = Array(repeating: UInt8(ascii: "a"), count: 10_000)
        late[9_000] = 0
        #expect(!BinaryDetection.isBinary(late), "only the first 8 KiB is examined")
    }

    @Test func binaryDetectionCountsEveryByteAsOneAtATimeWould() {
        // Lengths around the 32-byte blocks and the 8 KiB sample, with control bytes (no NUL)
        // near the 10% line, placed anywhere, including the tail after the last whole block.
        var random = SplitMix64(seed: 5)
        let controls = (1...255).map(UInt8.init).filter { BinaryDetection.isControl($0) }
        for round in 0..<400 {
            let length = [1, 31, 32, 33, 63, 100, 8_191, 8_192, 8_200][round % 9] + Int(random.next() % 3)
            var bytes = (0..<length).map { _ in UInt8(32 + random.next() % 224) }
            let wanted = Int(random.next() % UInt64(max(1, length / 5)))
            for _ in 0..<wanted { bytes[Int(random.next() % UInt64(length))] = controls[Int(random.next() % UInt64(controls.count))] }
            let sample = bytes.prefix(BinaryDetection.sampleSize)
            let expected = sample.filter(BinaryDetection.isControl).count * 10 > sample.count
            #expect(BinaryDetection.isBinary(bytes) == expected, "round \(round), \(length) bytes")
        }
    }
}
