@testable import AnshinGit
import AnshinTesting
import Foundation
import Testing

@Suite struct GitRepositoryTests {
    @Test func everyReachableBlobOnceWhateverTheHistory() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "shared\n")
        try fixture.write("b/copy.txt", "shared\n")
        try fixture.write("c.txt", "one\n")
        try fixture.commit("first")
        try fixture.write("c.txt", "two\n")
        try fixture.commit("second")
        try fixture.git("checkout", "-q", "-b", "feature")
        try fixture.write("d.txt", "feature only\n")
        try fixture.commit("third")
        try fixture.git("checkout", "-q", "main")

        let blobs = try GitRepository(at: fixture.url).reachableBlobs()
        let expected = try Set(["shared\n", "one\n", "two\n", "feature only\n"].map(fixture.blobID))
        #expect(Set(blobs.map(\.id)) == expected, "blobs of every branch, the shared one once")
        #expect(blobs.count == 4)
        #expect(blobs.first { $0.id == (try? fixture.blobID("feature only\n")) }?.path == "d.txt")
        #expect(blobs.allSatisfy { $0.size > 0 })
    }

    @Test func readsBlobsExactlyIncludingBinaryAndLarge() throws {
        let fixture = try GitFixture()
        var random = SplitMix64(seed: 42)
        let binary = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let large = [UInt8](repeating: UInt8(ascii: "x"), count: 3_000_000) + [UInt8(ascii: "\n")]
        try fixture.write("bin.dat", bytes: binary)
        try fixture.write("large.txt", bytes: large)
        try fixture.write("empty", "")
        try fixture.commit("blobs")
        let repository = try GitRepository(at: fixture.url)
        let blobs = try repository.reachableBlobs()
        var contents: [String: [UInt8]] = [:]
        try repository.readBlobs(blobs.map(\.id)) { id, bytes in contents[id] = bytes }
        let byPath = Dictionary(uniqueKeysWithValues: blobs.map { ($0.path, $0.id) })
        #expect(contents[byPath["bin.dat"]!] == binary)
        #expect(contents[byPath["large.txt"]!] == large)
        #expect(contents[byPath["empty"]!] == [])
    }

    @Test func provenanceFindsTheFirstCommitOfADeletedFile() throws {
        let fixture = try GitFixture()
        try fixture.write("README", "hello\n")
        try fixture.commit("init", date: "2025-01-01T00:00:00Z")
        try fixture.write(".envrc", "export TOKEN=abc\n")
        let added = try fixture.commit("add envrc", date: "2025-02-14T09:12:44Z", author: "Aya Ito <aya@acme.example>")
        try fixture.write("copy/.envrc", "export TOKEN=abc\n")
        try fixture.commit("copy it", date: "2025-03-01T00:00:00Z")
        try fixture.remove(".envrc")
        try fixture.remove("copy/.envrc")
        try fixture.commit("remove", date: "2025-04-01T00:00:00Z")

        let repository = try GitRepository(at: fixture.url)
        let blob = try fixture.blobID("export TOKEN=abc\n")
        #expect(try repository.reachableBlobs().contains { $0.id == blob }, "a deleted file stays reachable through history")
        let provenance = try #require(try repository.provenance(of: [blob])[blob])
        #expect(provenance.commit == added)
        #expect(provenance.author == "Aya Ito <aya@acme.example>")
        #expect(provenance.date.hasPrefix("2025-02-14T09:12:44"))
        #expect(provenance.path == ".envrc")
        #expect(provenance.occurrences == 2)
    }

    @Test func incrementalScanLeavesOutWhatARevisionHas() throws {
        let fixture = try GitFixture()
        try fixture.write("old.txt", "old\n")
        let base = try fixture.commit("base")
        try fixture.write("new.txt", "new\n")
        try fixture.commit("next")
        let blobs = try GitRepository(at: fixture.url).reachableBlobs(excluding: [base])
        #expect(blobs.map(\.path) == ["new.txt"])
        #expect(throws: GitError.self) { try GitRepository(at: fixture.url).reachableBlobs(excluding: ["no-such-rev"]) }
    }

    @Test func stagedBlobsAreWhatIsAboutToBeCommitted() throws {
        let fixture = try GitFixture()
        try fixture.write("kept.txt", "kept\n")
        try fixture.write("gone.txt", "gone\n")
        try fixture.commit("base")
        try fixture.write("kept.txt", "changed\n")
        try fixture.write("added.txt", "added\n")
        try fixture.write("unstaged.txt", "not staged\n")
        try fixture.git("add", "kept.txt", "added.txt")
        try fixture.git("rm", "-q", "gone.txt")
        let staged = try GitRepository(at: fixture.url).stagedBlobs()
        #expect(Set(staged.map(\.path)) == ["kept.txt", "added.txt"])
        #expect(try staged.first { $0.path == "kept.txt" }?.id == fixture.blobID("changed\n"))
    }

    @Test func workingTreeIsTrackedPlusUntrackedNotIgnored() throws {
        let fixture = try GitFixture()
        try fixture.write(".gitignore", "*.log\nbuild/\n")
        try fixture.write("tracked.txt", "t\n")
        try fixture.commit("base")
        try fixture.write("untracked.txt", "u\n")
        try fixture.write("debug.log", "ignored\n")
        try fixture.write("build/out.o", "ignored\n")
        let files = try GitRepository(at: fixture.url).workingTreeFiles()
        #expect(Set(files) == [".gitignore", "tracked.txt", "untracked.txt"])
    }

    @Test func aFolderOutsideARepositoryIsAClearError() throws {
        let plain = try TemporaryDirectory()
        #expect(!GitRepository.isRepository(plain.url))
        do {
            _ = try GitRepository(at: plain.url)
            Issue.record("opened a folder that is not a repository")
        } catch {
            #expect(error.message.contains("is not in a usable git repository"))
            #expect(error.message.contains("not a git repository"))
        }
    }

    @Test func aBrokenRepositoryIsAClearError() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        try fixture.commit("base")
        try "garbage".write(to: fixture.url.appendingPathComponent(".git/HEAD"), atomically: true, encoding: .utf8)
        #expect(throws: GitError.self) { try GitRepository(at: fixture.url).reachableBlobs() }
    }
}

@Suite struct GitHookTests {
    @Test func installsAnExecutableHookAndRespectsForeignOnes() throws {
        let fixture = try GitFixture()
        let repository = try GitRepository(at: fixture.url)
        let hook = try repository.installHook("pre-commit", script: "#!/bin/sh\n# anshin-hook\nexit 0\n", marker: "anshin-hook", force: false)
        #expect(hook.path.hasSuffix(".git/hooks/pre-commit"))
        #expect(FileManager.default.isExecutableFile(atPath: hook.path))
        // Reinstalling our own hook is fine.
        try repository.installHook("pre-commit", script: "#!/bin/sh\n# anshin-hook v2\nexit 0\n", marker: "anshin-hook", force: false)

        try "#!/bin/sh\necho team hook\n".write(to: hook, atomically: true, encoding: .utf8)
        #expect(throws: GitError.self) {
            try repository.installHook("pre-commit", script: "#!/bin/sh\n# anshin-hook\n", marker: "anshin-hook", force: false)
        }
        try repository.installHook("pre-commit", script: "#!/bin/sh\n# anshin-hook\n", marker: "anshin-hook", force: true)
        #expect(try String(contentsOf: hook, encoding: .utf8).contains("anshin-hook"))
    }

    @Test func honoursCoreHooksPath() throws {
        let fixture = try GitFixture()
        try fixture.git("config", "core.hooksPath", ".githooks")
        let repository = try GitRepository(at: fixture.url)
        let hook = try repository.installHook("pre-commit", script: "#!/bin/sh\n# m\n", marker: "m", force: false)
        #expect(hook.standardizedFileURL.path == fixture.url.appendingPathComponent(".githooks/pre-commit").standardizedFileURL.path)
        #expect(repository.config("user.email") == "ken@acme.example")
        #expect(repository.config("no.such") == nil)
    }
}
