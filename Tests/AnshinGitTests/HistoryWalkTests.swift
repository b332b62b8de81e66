@testable import AnshinGit
import AnshinTesting
import Foundation
import Testing

/// The walk over the stored trees must place blobs exactly as `git log --raw -c` does: the same
/// oldest commit, author, date and path, the same count of places, and the same set of blobs the
/// history holds, whatever the layout of the objects.
@Suite struct HistoryWalkTests {
    /// A history with nested folders, a file moved and one copied, a file deleted and brought
    /// back, a mode change, the same contents at two paths in one commit, a merge that resolves a
    /// conflict by hand and one that adds a file of its own, a symbolic link, a submodule, and a
    /// commit amended away.
    static func history() throws -> (fixture: GitFixture, amendedAway: String) {
        let fixture = try GitFixture()
        var random = SplitMix64(seed: 11)
        var lines = (0..<200).map { "setting \($0) = \($0 * 13 % 97)" }
        for day in 1...16 {
            lines[Int(random.next() % UInt64(lines.count))] = "changed on day \(day)"
            try fixture.write("deploy/env/prd/settings.conf", lines.joined(separator: "\n") + "\n")
            try fixture.write("deploy/env/stg/settings.conf", lines.prefix(150).joined(separator: "\n") + "\n")
            try fixture.write("src/module\(day % 5)/file\(day % 3).txt", "day \(day % 6)\n")
            switch day {
            case 3:
                try fixture.write("a/twin.txt", "same contents\n")
                try fixture.write("b/twin.txt", "same contents\n")
            case 4:
                try fixture.remove("a/twin.txt")
                try fixture.write("c/moved.txt", "same contents\n")
            case 5:
                try fixture.remove("b/twin.txt")
            case 7:
                try fixture.write("b/twin.txt", "same contents\n")
                try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(String(repeating: "cd", count: 20)),vendor/lib")
            case 8:
                try fixture.write("tool.sh", "#!/bin/sh\necho tool\n")
                try fixture.git("add", "tool.sh")
                try fixture.git("update-index", "--chmod=+x", "tool.sh")
                _ = try Command.run("ln", ["-s", "tool.sh", "link.sh"], in: fixture.url)
            case 10:
                try fixture.git("checkout", "-q", "-b", "side")
                try fixture.write("conflict.txt", "side's version\n")
                try fixture.write("side/only.txt", "on the side\n")
                try fixture.commit("side", date: "2025-03-10T12:00:00Z", author: "Side <side@acme.example>")
                try fixture.git("checkout", "-q", "main")
                try fixture.write("conflict.txt", "main's version\n")
            default:
                break
            }
            let date = String(format: "2025-03-%02dT09:00:00Z", day)
            try fixture.commit("day \(day)", date: date, author: "Dev \(day % 4) <dev\(day % 4)@acme.example>")
            if day == 12 {
                _ = try? fixture.git("merge", "-q", "--no-ff", "--no-commit", "side")
                try fixture.write("conflict.txt", "resolved by hand\n")
                try fixture.write("merge/added.txt", "added while merging\n")
                try fixture.commit("merge side", date: "2025-03-12T18:00:00Z")
            }
        }
        try fixture.write("secret.env", "gone after the amend\n")
        try fixture.commit("oops", date: "2025-03-20T09:00:00Z")
        try fixture.write("secret.env", "cleaned\n")
        try fixture.git("commit", "-q", "--amend", "-a", "-m", "clean")
        try fixture.git("reflog", "expire", "--expire=now", "--all")
        return (fixture, try fixture.blobID("gone after the amend\n"))
    }

    static func walk(_ repository: GitRepository, wanted: [String]) throws -> HistoryIndex? {
        let database = try #require(try ObjectDatabase.open(repository))
        return try database.historyIndex(tips: try repository.refTargets().commits, wanted: wanted, threads: 2)
    }

    @Test(arguments: ["loose", "packed", "two packs and loose"])
    func placesEveryBlobAsTheLogDoes(layout: String) throws {
        let (fixture, amendedAway) = try Self.history()
        switch layout {
        case "packed":
            try fixture.git("gc", "-q", "--aggressive")
        case "two packs and loose":
            try fixture.git("-c", "pack.depth=3", "repack", "-q", "-d")
            try fixture.write("late/file.txt", "after the packs\n")
            try fixture.commit("late", date: "2025-03-25T09:00:00Z")
            try fixture.git("repack", "-q", "-d")
            try fixture.write("late/loose.txt", "loose\n")
            try fixture.commit("loose", date: "2025-03-26T09:00:00Z")
        default:
            break
        }
        let repository = try GitRepository(at: fixture.url)
        let log = try ProvenanceSearch(repository, blockSize: 1_000, processes: 1).finish()
        let ids = log.blobIDs().map(\.id)
        #expect(ids.count > 40)
        let walked = try #require(try Self.walk(repository, wanted: ids))
        #expect(walked.blobCount == log.blobCount)
        for id in ids {
            #expect(walked.contains(id), "blob \(id)")
            #expect(walked.provenance(of: id) == log.provenance(of: id), "blob \(id)")
        }
        #expect(!walked.contains(amendedAway), "a blob only an amended-away commit held")
        #expect(walked.provenance(of: amendedAway) == nil)

        let twin = try #require(walked.provenance(of: try fixture.blobID("same contents\n")))
        #expect(twin.path == "a/twin.txt", "the first of two paths added at once")
        #expect(twin.occurrences == 4, "a/ and b/ on day 3, the move on day 4, b/ again on day 7")
        let resolved = try #require(walked.provenance(of: try fixture.blobID("resolved by hand\n")))
        #expect(resolved.path == "conflict.txt")
        #expect(resolved.date.hasPrefix("2025-03-12"))
    }

    @Test func onlyTheWantedBlobsArePlacedButEveryBlobIsKnown() throws {
        let (fixture, _) = try Self.history()
        try fixture.git("gc", "-q")
        let repository = try GitRepository(at: fixture.url)
        let wanted = try fixture.blobID("added while merging\n")
        let walked = try #require(try Self.walk(repository, wanted: [wanted, "not an id", wanted]))
        #expect(walked.provenance(of: wanted)?.path == "merge/added.txt")
        #expect(walked.provenance(of: wanted)?.author == "Ken Sato <ken@acme.example>", "the merge's author")
        let other = try fixture.blobID("on the side\n")
        #expect(walked.contains(other))
        #expect(walked.provenance(of: other) == nil, "not asked for")
    }

    @Test func aShallowCloneStartsAtItsEdge() throws {
        let (fixture, _) = try Self.history()
        let clone = try TemporaryDirectory()
        let cloned = try Command.run("git", ["clone", "-q", "--bare", "--depth", "4", "--no-single-branch", "file://\(fixture.path)", "repo"],
                                     in: clone.url)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        let repository = try GitRepository(at: clone.url.appendingPathComponent("repo"))
        let log = try ProvenanceSearch(repository, blockSize: 1_000, processes: 1).finish()
        let ids = log.blobIDs().map(\.id)
        let walked = try #require(try Self.walk(repository, wanted: ids))
        #expect(walked.blobCount == log.blobCount)
        for id in ids { #expect(walked.provenance(of: id) == log.provenance(of: id), "blob \(id)") }
    }

    @Test func aPartialCloneIsLeftToGit() throws {
        let (fixture, _) = try Self.history()
        try fixture.git("config", "uploadpack.allowFilter", "true")
        let clone = try TemporaryDirectory()
        let cloned = try Command.run("git", ["clone", "-q", "--no-checkout", "--filter=blob:none", "file://\(fixture.path)", "repo"],
                                     in: clone.url)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        let repository = try GitRepository(at: clone.url.appendingPathComponent("repo"))
        #expect(try Self.walk(repository, wanted: []) == nil, "the trees name blobs the clone lacks")
    }

    @Test func commitsAreListedInTheOrderGitLogShowsThem() throws {
        let (fixture, _) = try Self.history()
        // Commit dates out of order, as a rebase or a skewed clock leaves them, and two tips.
        try fixture.git("checkout", "-q", "-b", "skewed")
        try fixture.write("skewed.txt", "from the past\n")
        try fixture.commit("skewed", date: "2025-03-01T00:00:00Z")
        try fixture.git("checkout", "-q", "main")
        try fixture.git("gc", "-q")
        try fixture.write("loose.txt", "a loose commit\n")
        try fixture.commit("loose", date: "2025-04-01T00:00:00Z")
        let repository = try GitRepository(at: fixture.url)
        let database = try #require(try ObjectDatabase.open(repository))
        let log = try #require(try CommitLog.read(database, tips: try repository.refTargets().commits, threads: 2))
        let format = "%H%x02%an <%ae>%x02%aI"
        let shown = try fixture.git("log", "--all", "--format=\(format)").split(separator: "\n").map(String.init)
        #expect((0..<log.trees.count).map { String(decoding: log.header($0), as: UTF8.self) } == shown)
        let trees = try fixture.git("log", "--all", "--format=%T").split(separator: "\n").map(String.init)
        #expect(log.trees.map { $0.hex(digits: 40) } == trees)
        let merge = try #require(log.parents.firstIndex { $0.count == 2 })
        #expect(log.parents[merge].allSatisfy { $0 > merge }, "parents come after their child")
        #expect(log.parents.filter(\.isEmpty).count == 1, "only the first commit has none")
        #expect(try CommitLog.read(database, tips: [String(repeating: "ab", count: 20)], threads: 2) == nil, "a tip the database lacks")
    }

    @Test func aLongCommitIsReadAndAByteChangedInItsMessageIsAnError() throws {
        let fixture = try GitFixture()
        try fixture.write("app.txt", "one\n")
        try fixture.commit("short")
        try fixture.write("app.txt", "two\n")
        var random = SplitMix64(seed: 3)
        let message = (0..<1_500).map { _ in String(random.next() % 1_000_000, radix: 36) }.joined(separator: " ")
        try fixture.git("commit", "-q", "-a", "-m", "long\n\n" + message)
        try fixture.git("gc", "-q")
        let repository = try GitRepository(at: fixture.url)
        let tips = try repository.refTargets().commits
        let database = try #require(try ObjectDatabase.open(repository))
        let log = try #require(try CommitLog.read(database, tips: tips, threads: 1))
        let shown = try fixture.git("log", "--all", "--format=%H%x02%an <%ae>%x02%aI").split(separator: "\n").map(String.init)
        #expect((0..<log.trees.count).map { String(decoding: log.header($0), as: UTF8.self) } == shown)

        // A byte of the long message changed, far from the headers the log reads: the stream's checksum notices.
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: fixture.url.appendingPathComponent(".git/objects/pack").path)
            .first { $0.hasSuffix(".idx") }).dropLast(4)
        let packURL = fixture.url.appendingPathComponent(".git/objects/pack/\(pack).pack")
        let listing = try Command.run("git", ["verify-pack", "-v", packURL.path], in: fixture.url).stdout
        let head = try fixture.git("rev-parse", "HEAD").prefix(40)
        let row = try #require(listing.split(separator: "\n").first { $0.hasPrefix(head) })
        let fields = row.split(separator: " ", omittingEmptySubsequences: true)
        let offset = try #require(Int(fields[4])), stored = try #require(Int(fields[3]))
        var bytes = try Data(contentsOf: packURL)
        bytes[offset + stored - 30] ^= 0x55
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packURL.path)
        try bytes.write(to: packURL)
        let damaged = try #require(try ObjectDatabase.open(repository))
        #expect(throws: GitError.self) { try CommitLog.read(damaged, tips: tips, threads: 1) }
    }

    @Test(arguments: [(0, 0, "1970-01-01T00:00:00+00:00"), (1_741_770_000, 60, "2025-03-12T10:00:00+01:00"),
                      (951_782_400, -330, "2000-02-28T18:30:00-05:30"), (-1, 0, "1969-12-31T23:59:59+00:00"),
                      (4_107_542_400, 0, "2100-03-01T00:00:00+00:00")])
    func datesAreWrittenAsGitWritesThem(time: Int, zone: Int, expected: String) {
        #expect(CommitLog.isoDate(time, zone: zone) == expected)
    }
}
