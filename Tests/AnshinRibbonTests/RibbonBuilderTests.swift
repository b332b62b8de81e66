import AnshinCore
@testable import AnshinRibbon
import AnshinTesting
import Foundation
import Testing

@Suite struct RibbonBuilderTests {
    /// A repository holding the example company's catalog.
    static func repository() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        let catalog = try String(contentsOf: Command.packageRoot.appendingPathComponent("examples/acme/anshin.yml"), encoding: .utf8)
        // Terraform files are not the ribbon's business: keep the environments, drop what names them.
        let withoutTerraform = catalog.split(separator: "\n").filter { !$0.contains("terraform:") }.joined(separator: "\n") + "\n"
        try folder.write("anshin.yml", withoutTerraform + "ribbon: { update_url: \"https://it.acme.example/ribbon/updates.xml\" }\n")
        return folder
    }

    static func build(_ root: URL, out: URL, key: URL? = nil) throws -> RibbonBuilder.Outcome {
        try RibbonBuilder.build(catalog: EnvironmentCatalog.load(root: root), options: .init(root: root, output: out, keyFile: key))
    }

    /// Every file under `folder`, by relative path.
    static func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func twoBuildsOfTheSameCatalogAreByteIdentical() throws {
        let repository = try Self.repository()
        let scratch = try TemporaryDirectory()
        let key = scratch.url.appendingPathComponent("signing.pem")
        let first = try Self.build(repository.url, out: scratch.url.appendingPathComponent("one"), key: key)
        #expect(first.generatedKey == key, "a --key that does not exist yet is created")
        let second = try Self.build(repository.url, out: scratch.url.appendingPathComponent("two"), key: key)
        #expect(second.generatedKey == nil)
        #expect(first.written == ["extension/", "anshin-ribbon.zip", "anshin-ribbon.crx", "updates.xml"])
        let one = try Self.contents(scratch.url.appendingPathComponent("one"))
        let two = try Self.contents(scratch.url.appendingPathComponent("two"))
        #expect(one.keys.sorted() == ["anshin-ribbon.crx", "anshin-ribbon.zip", "extension/icons/128.png", "extension/icons/16.png",
                                      "extension/icons/48.png", "extension/manifest.json", "extension/ribbon.js", "updates.xml"])
        #expect(one == two, "every byte of every file")
        #expect(first.build.version == "1.0.0" && second.build.version == "1.0.0" && !second.build.changed)
    }

    @Test func theFirstBuildMakesAKeyAndTheLockPinsIt() throws {
        let repository = try Self.repository()
        let out = repository.url.appendingPathComponent("anshin-ribbon")
        let first = try Self.build(repository.url, out: out)
        let key = try #require(first.generatedKey)
        #expect(key == out.appendingPathComponent("anshin-ribbon-key.pem"))
        let permissions = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600, "the private key is readable by its owner only")
        #expect(try String(contentsOf: out.appendingPathComponent(".gitignore"), encoding: .utf8) == "anshin-ribbon-key.pem\n",
                "and git ignores it")
        let lock = try #require(try RibbonLock.load(root: repository.url))
        #expect(lock.version == "1.0.0")
        #expect(SigningKey.extensionID(publicKey: Data(base64Encoded: lock.key)!) == first.build.extensionID)

        // Elsewhere, without the private key: the same id, no package to sign.
        let elsewhere = try Self.build(repository.url, out: repository.url.appendingPathComponent("elsewhere"))
        #expect(elsewhere.generatedKey == nil)
        #expect(elsewhere.build.extensionID == first.build.extensionID)
        #expect(elsewhere.written == ["extension/", "anshin-ribbon.zip"])
        #expect(elsewhere.notes.contains { $0.contains("no signing key") })

        // Another key would change the id: refused.
        let other = try TemporaryDirectory()
        try other.write("other.pem", try SigningKey.generate().pem)
        #expect(throws: ConfigurationError.self) {
            try Self.build(repository.url, out: other.url.appendingPathComponent("out"), key: other.url.appendingPathComponent("other.pem"))
        }
        #expect(throws: ConfigurationError.self, "a named key that does not exist, once a lock exists") {
            try Self.build(repository.url, out: other.url.appendingPathComponent("out"), key: other.url.appendingPathComponent("missing.pem"))
        }
    }

    @Test func aChangedCatalogGetsTheNextVersionAndTheCheckSaysWhenTheLockIsBehind() throws {
        let repository = try Self.repository()
        let out = repository.url.appendingPathComponent("anshin-ribbon")
        _ = try Self.build(repository.url, out: out)
        let catalogURL = repository.url.appendingPathComponent("anshin.yml")
        let changed = try String(contentsOf: catalogURL, encoding: .utf8).replacingOccurrences(of: "label: STAGING", with: "label: STAGE")
        try Data(changed.utf8).write(to: catalogURL)

        let lock = try RibbonLock.load(root: repository.url)
        let stale = try RibbonCheck.evaluate(EnvironmentCatalog.load(root: repository.url), lock: lock)
        #expect(stale.map(\.ruleID) == ["ribbon-lock-stale"])

        let second = try Self.build(repository.url, out: out)
        #expect(second.build.version == "1.0.1" && second.build.previousVersion == "1.0.0")
        #expect(try RibbonLock.load(root: repository.url)?.version == "1.0.1")
        let manifest = try String(contentsOf: out.appendingPathComponent("extension/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"version\": \"1.0.1\""))
        #expect(try RibbonCheck.evaluate(EnvironmentCatalog.load(root: repository.url), lock: RibbonLock.load(root: repository.url)).isEmpty)
    }

    @Test func theZipOpensWithPythonsZipfile() throws {
        let repository = try Self.repository()
        let out = repository.url.appendingPathComponent("anshin-ribbon")
        let outcome = try Self.build(repository.url, out: out)
        let script = """
            import sys, zipfile
            archive = zipfile.ZipFile(sys.argv[1])
            assert archive.testzip() is None
            for info in archive.infolist():
                print(info.filename, info.date_time[0], oct(info.external_attr >> 16), len(archive.read(info)))
            """
        let result = try Command.run("python3", ["-c", script, out.appendingPathComponent("anshin-ribbon.zip").path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.split(separator: " ")[0] } == ["icons/128.png", "icons/16.png", "icons/48.png", "manifest.json", "ribbon.js"])
        #expect(lines.allSatisfy { $0.contains(" 1980 0o100644 ") })
        let webStore = Dictionary(uniqueKeysWithValues: outcome.build.webStore.map { ($0.path, $0.contents.count) })
        for line in lines {
            let parts = line.split(separator: " ")
            #expect(Int(parts[3]) == webStore[String(parts[0])], "\(parts[0]) is whole")
        }
        let manifest = try Command.run("python3", ["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('manifest.json').decode())",
                                                   out.appendingPathComponent("anshin-ribbon.zip").path])
        #expect(manifest.stdout.contains("\"manifest_version\": 3") && !manifest.stdout.contains("\"key\""), "the store's flavour")
    }

    /// The CRX is checked by a parser of its own (Python, after Chromium's crx3.proto) and its
    /// signature by OpenSSL, not by the code that wrote it.
    @Test func theCRXSignatureVerifiesWithOpenSSL() throws {
        let repository = try Self.repository()
        let out = repository.url.appendingPathComponent("anshin-ribbon")
        let outcome = try Self.build(repository.url, out: out)
        let work = try TemporaryDirectory()
        let script = """
            import hashlib, struct, sys
            data = open(sys.argv[1], 'rb').read()
            assert data[:4] == b'Cr24', data[:4]
            version, size = struct.unpack('<II', data[4:12])
            assert version == 3, version
            header, archive = data[12:12 + size], data[12 + size:]
            def fields(buffer):
                i = 0
                while i < len(buffer):
                    key, i = varint(buffer, i)
                    assert key & 7 == 2, key
                    length, i = varint(buffer, i)
                    yield key >> 3, buffer[i:i + length]
                    i += length
            def varint(buffer, i):
                value = shift = 0
                while True:
                    byte = buffer[i]; i += 1
                    value |= (byte & 0x7f) << shift; shift += 7
                    if byte < 0x80: return value, i
            top = list(fields(header))
            proofs = [value for number, value in top if number == 2]
            signed = [value for number, value in top if number == 10000][0]
            assert len(proofs) == 1
            proof = dict(fields(proofs[0]))
            public_key, signature = proof[1], proof[2]
            crx_id = dict(fields(signed))[1]
            assert crx_id == hashlib.sha256(public_key).digest()[:16]
            print(''.join('abcdefghijklmnop'[b >> 4] + 'abcdefghijklmnop'[b & 15] for b in crx_id))
            open(sys.argv[2] + '/key.der', 'wb').write(public_key)
            open(sys.argv[2] + '/signature', 'wb').write(signature)
            open(sys.argv[2] + '/signed', 'wb').write(b'CRX3 SignedData\\x00' + struct.pack('<I', len(signed)) + signed + archive)
            open(sys.argv[2] + '/archive.zip', 'wb').write(archive)
            """
        let parsed = try Command.run("python3", ["-c", script, out.appendingPathComponent("anshin-ribbon.crx").path, work.path])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == outcome.build.extensionID)
        let pem = try Command.run("openssl", ["pkey", "-pubin", "-inform", "DER", "-in", "key.der", "-out", "key.pem"], in: work.url)
        #expect(pem.status == 0, "\(pem.stderr)")
        let verified = try Command.run("openssl", ["dgst", "-sha256", "-verify", "key.pem", "-signature", "signature", "signed"], in: work.url)
        #expect(verified.status == 0 && verified.stdout.contains("Verified OK"), "\(verified.stdout)\(verified.stderr)")
        let archive = try Data(contentsOf: work.url.appendingPathComponent("archive.zip"))
        let manifest = try Self.contents(out.appendingPathComponent("extension"))["manifest.json"]
        #expect(archive.range(of: try #require(manifest)) != nil, "the package holds the self-hosted manifest, key included")

        let updates = try String(contentsOf: out.appendingPathComponent("updates.xml"), encoding: .utf8)
        #expect(updates.contains("appid='\(outcome.build.extensionID)'"))
        #expect(updates.contains("codebase='https://it.acme.example/ribbon/anshin-ribbon.crx' version='1.0.0'"))
    }

    @Test func badInputsAreConfigurationErrors() throws {
        let repository = try Self.repository()
        let out = repository.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("extension"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("extension/notes.txt"))
        #expect(throws: ConfigurationError.self, "a folder that is not an earlier build is never deleted") {
            try Self.build(repository.url, out: out)
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("extension/notes.txt").path))

        try repository.write(".anshin/ribbon.lock", "{ \"version\": \"1.0\" }")
        #expect(throws: ConfigurationError(path: ".anshin/ribbon.lock", message: "not a ribbon lock: missing \"digest\"; delete it to start again at version 1.0.0")) {
            try RibbonLock.load(root: repository.url)
        }
        try repository.write(".anshin/ribbon.lock", "{ \"version\": \"1.0.99999\", \"digest\": \"x\", \"key\": \"AAAA\" }")
        #expect(throws: ConfigurationError.self) { try RibbonLock.load(root: repository.url) }

        let bare = try TemporaryDirectory()
        try bare.write("anshin.yml", "environments:\n  demo:\n    urls: [\"https://demo.acme.example\"]\n    ribbon: hidden\n")
        #expect(throws: ConfigurationError(path: "anshin.yml", message: "no environment has both urls and a shown ribbon, so the extension would draw nothing")) {
            try Self.build(bare.url, out: bare.url.appendingPathComponent("out"))
        }
        let armour = "PRIVATE" + " KEY-----"  // assembled, so no scanner takes the file for a key
        try bare.write("key.pem", "-----BEGIN \(armour)\nnot a key\n-----END \(armour)\n")
        try bare.write("anshin.yml", "environments:\n  prd:\n    urls: [\"https://app.acme.example\"]\n")
        #expect(throws: ConfigurationError(path: bare.url.appendingPathComponent("key.pem").path, message: "not an RSA private key in PEM form")) {
            try Self.build(bare.url, out: bare.url.appendingPathComponent("out"), key: bare.url.appendingPathComponent("key.pem"))
        }
    }
}
