@testable import AnshinGit
import AnshinTesting
import Foundation
import Testing

@Suite struct GitRepositoryTests {
    /// Every reachable blob with its bytes (`nil` over `maxSize`), in the order git streams them.
    static func blobs(_ repository: GitRepository, excluding: [String] = [],
                      maxSize: Int = .max) throws -> [(blob: BlobReference, bytes: [UInt8]?)] {
        var blobs: [(blob: BlobReference, bytes: [UInt8]?)] = []
        try repository.reachableBlobs(excluding: excluding, maxSize: maxSize) { blobs.append(($0, $1)) }
        return blobs
    }

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

        let blobs = try Self.blobs(GitRepository(at: fixture.url)).map(\.blob)
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
        let streamed = Dictionary(uniqueKeysWithValues: try Self.blobs(repository).map { ($0.blob.path, $0.bytes) })
        #expect(streamed["bin.dat"] == binary)
        #expect(streamed["large.txt"] == large)
        #expect(streamed["empty"] == [])
        var contents: [String: [UInt8]] = [:]
        let ids = try ["bin.dat", "large.txt", "empty"].map { try fixture.git("rev-parse", "HEAD:\($0)").trimmingCharacters(in: .whitespacesAndNewlines) }
        try repository.readBlobs(ids) { id, bytes in contents[id] = bytes }
        #expect(contents[ids[0]] == binary)
        #expect(contents[ids[1]] == large)
        #expect(contents[ids[2]] == [])
    }

    @Test func aBlobOverTheLimitIsNamedButItsBytesAreNotRead() throws {
        let fixture = try GitFixture()
        try fixture.write("big.txt", bytes: [UInt8](repeating: UInt8(ascii: "y"), count: 200_000))
        try fixture.write("small.txt", "small\n")
        try fixture.commit("sizes")
        let blobs = try Self.blobs(GitRepository(at: fixture.url), maxSize: 100_000)
        let big = try #require(blobs.first { $0.blob.path == "big.txt" })
        #expect(big.blob.size == 200_000)
        #expect(big.bytes == nil)
        #expect(blobs.first { $0.blob.path == "small.txt" }?.bytes == Array("small\n".utf8))
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
        #expect(try Self.blobs(repository).contains { $0.blob.id == blob }, "a deleted file stays reachable through history")
        let provenance = try #require(try repository.provenance(of: [blob])[blob])
        #expect(provenance.commit == added)
        #expect(provenance.author == "Aya Ito <aya@acme.example>")
        #expect(provenance.date.hasPrefix("2025-02-14T09:12:44"))
        #expect(provenance.path == ".envrc")
        #expect(provenance.occurrences == 2)
    }

    @Test func provenanceOfABlobAddedAtTwoPathsAtOnceNamesTheFirstPathAndCountsEveryPlace() throws {
        let fixture = try GitFixture()
        try fixture.write("z/key.txt", "same key\n")
        try fixture.write("a/key.txt", "same key\n")
        let both = try fixture.commit("both", date: "2025-01-01T00:00:00Z")
        try fixture.write("m/key.txt", "same key\n")
        try fixture.commit("third copy", date: "2025-02-01T00:00:00Z")
        let blob = try fixture.blobID("same key\n")
        let provenance = try #require(try GitRepository(at: fixture.url).provenance(of: [blob])[blob])
        #expect(provenance.commit == both)
        #expect(provenance.path == "a/key.txt")
        #expect(provenance.occurrences == 3)
    }

    @Test func provenanceFindsAFileThatOnlyAMergeCommitHas() throws {
        let fixture = try GitFixture()
        try fixture.write("base.txt", "base\n")
        try fixture.commit("base", date: "2025-01-01T00:00:00Z")
        try fixture.git("checkout", "-q", "-b", "side")
        try fixture.write("side.txt", "side\n")
        try fixture.commit("side", date: "2025-01-02T00:00:00Z")
        try fixture.git("checkout", "-q", "main")
        try fixture.write("main.txt", "main\n")
        try fixture.commit("main", date: "2025-01-03T00:00:00Z")
        try fixture.git("merge", "-q", "--no-ff", "--no-commit", "side")
        try fixture.write("merge-only.txt", "added while merging\n")
        let merge = try fixture.commit("merge", date: "2025-01-04T00:00:00Z")
        let blob = try fixture.blobID("added while merging\n")
        let provenance = try #require(try GitRepository(at: fixture.url).provenance(of: [blob])[blob])
        #expect(provenance.commit == merge)
        #expect(provenance.path == "merge-only.txt")
    }

    /// The history pass shared by several `git log` processes, a few commits each, finds what
    /// one process over the whole history finds: every blob, its oldest place, all its places.
    @Test func provenanceSharedBetweenProcessesIsProvenanceOfTheWholeHistory() throws {
        let fixture = try GitFixture()
        for day in 1...9 {
            try fixture.write("shared.txt", "version \(day % 4)\n")
            try fixture.write("day-\(day).txt", "day \(day)\n")
            if day == 3 { try fixture.write("copy/shared.txt", "version 1\n") }
            try fixture.commit("day \(day)", date: "2025-01-0\(day)T00:00:00Z", author: "Dev \(day) <dev\(day)@acme.example>")
            if day == 4 {
                try fixture.git("checkout", "-q", "-b", "side")
                try fixture.write("side.txt", "version 2\n")
                try fixture.commit("side", date: "2025-01-04T12:00:00Z")
                try fixture.git("checkout", "-q", "main")
            }
        }
        try fixture.git("merge", "-q", "--no-ff", "--no-commit", "side")
        try fixture.write("merge-only.txt", "added while merging\n")
        try fixture.commit("merge", date: "2025-01-10T00:00:00Z")
        let repository = try GitRepository(at: fixture.url)

        let whole = try ProvenanceSearch(repository, blockSize: 1_000, processes: 1).finish()
        let shared = try ProvenanceSearch(repository, blockSize: 2, processes: 3).finish()
        let ids = whole.blobIDs().map(\.id)
        #expect(ids.count == 14, "4 versions, 9 days, the side file's own blob is a version, the merge-only file")
        #expect(Set(shared.blobIDs().map(\.id)) == Set(ids))
        for id in ids {
            #expect(shared.provenance(of: id) == whole.provenance(of: id), "blob \(id)")
        }
        let version1 = try #require(whole.provenance(of: try fixture.blobID("version 1\n")))
        #expect(version1.author == "Dev 1 <dev1@acme.example>")
        #expect(version1.occurrences == 4, "shared.txt on days 1, 5 and 9, and its copy on day 3")
    }

    @Test func provenanceOfAnUnknownOrMalformedIdIsNothing() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        try fixture.commit("base")
        let repository = try GitRepository(at: fixture.url)
        let absent = String(repeating: "ab", count: 20)
        #expect(try repository.provenance(of: [absent, "not-hex", ""]).isEmpty)
        #expect(try repository.provenance(of: []).isEmpty)
    }

    @Test func incrementalScanLeavesOutWhatARevisionHas() throws {
        let fixture = try GitFixture()
        try fixture.write("old.txt", "old\n")
        let base = try fixture.commit("base")
        try fixture.write("new.txt", "new\n")
        try fixture.commit("next")
        let blobs = try Self.blobs(GitRepository(at: fixture.url), excluding: [base])
        #expect(blobs.map(\.blob.path) == ["new.txt"])
        #expect(throws: GitError.self) { try Self.blobs(GitRepository(at: fixture.url), excluding: ["no-such-rev"]) }
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
        #expect(throws: GitError.self) { try Self.blobs(GitRepository(at: fixture.url)) }
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

    /// A read that fails is told in words, never as the C library's text.
    @Test func aFailedReadIsNamedInWords() throws {
        let folder = try TemporaryDirectory()
        let descriptor = open(folder.path, O_RDONLY)
        #expect(descriptor >= 0)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? handle.close() }
        let reader = PipeReader(handle)
        #expect {
            _ = try reader.readLine()
        } throws: { error in
            let text = "\(error)"
            return text.contains("cannot read from git: it is a folder") && !text.contains("Is a directory")
        }
    }
}
