@testable import AnshinGit
import AnshinTesting
import Foundation
import Testing

/// The object database read directly must give exactly what git gives: every stored blob once,
/// byte for byte, however git laid the objects out.
@Suite struct ObjectDatabaseTests {
    /// A history whose files change a little at a time, so that packing stores most versions
    /// as deltas (chains several deep), with a branch, binary data, a large file and an empty one.
    static func history() throws -> GitFixture {
        let fixture = try GitFixture()
        var random = SplitMix64(seed: 7)
        var lines = (0..<400).map { "line \($0) of the configuration, value \($0 * 37 % 101)" }
        try fixture.write("empty", "")
        try fixture.write("data.bin", bytes: (0..<50_000).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        try fixture.write("large.txt", bytes: [UInt8](repeating: UInt8(ascii: "z"), count: 300_000))
        for version in 0..<24 {
            lines[Int(random.next() % UInt64(lines.count))] = "changed in version \(version)"
            lines.insert("inserted \(version)", at: Int(random.next() % UInt64(lines.count)))
            try fixture.write("config.txt", lines.joined(separator: "\n") + "\n")
            try fixture.write("notes/\(version % 3).md", lines.prefix(40 + version).joined(separator: "\n"))
            try fixture.commit("version \(version)")
            if version == 12 {
                try fixture.git("checkout", "-q", "-b", "side")
                try fixture.write("side.txt", "only on the side branch\n")
                try fixture.commit("side")
                try fixture.git("checkout", "-q", "main")
            }
        }
        return fixture
    }

    /// Every blob git lists, with its bytes, read through `git cat-file`.
    static func storedThroughGit(_ repository: GitRepository) throws -> [String: [UInt8]] {
        var contents: [String: [UInt8]] = [:]
        try repository.readBlobs(repository.storedBlobs().map(\.id)) { contents[$0] = $1 }
        return contents
    }

    /// Every blob read directly, each id once (a second delivery fails the test).
    static func storedDirectly(_ database: ObjectDatabase, maxSize: Int = .max,
                               threads: Int = 2) throws -> (contents: [String: [UInt8]?], sizes: [String: Int]) {
        let gathered = Gathered()
        try database.forEachBlob(threads: threads, maxSize: maxSize) { blob, bytes in
            gathered.add(blob, bytes.map { Array($0) })
        }
        #expect(gathered.repeats.isEmpty, "blobs delivered twice: \(gathered.repeats)")
        return (gathered.contents, gathered.sizes)
    }

    @Test(arguments: ["loose", "packed", "packed with ids as delta bases", "two overlapping packs and loose"])
    func readsEveryBlobOnceAsGitDoes(layout: String) throws {
        let fixture = try Self.history()
        switch layout {
        case "packed":
            try fixture.git("gc", "-q", "--aggressive")
        case "packed with ids as delta bases":
            try fixture.git("-c", "repack.useDeltaBaseOffset=false", "repack", "-q", "-a", "-d", "-f")
        case "two overlapping packs and loose":
            try fixture.git("repack", "-q", "-a", "-d")
            // A second pack holding every object again, then objects only loose.
            let objects = try fixture.git("rev-list", "--objects", "--all")
            let result = try Command.run("git", ["pack-objects", "-q", ".git/objects/pack/pack"], in: fixture.url, stdin: objects)
            #expect(result.status == 0, "\(result.stderr)")
            try fixture.write("config.txt", "rewritten after packing\n")
            try fixture.commit("after packing")
        default:
            break
        }
        let repository = try GitRepository(at: fixture.url)
        let database = try #require(try ObjectDatabase.open(repository))
        if layout != "loose" { #expect(!database.packs.isEmpty) }
        let expected = try Self.storedThroughGit(repository)
        #expect(expected.count > 40)
        let direct = try Self.storedDirectly(database)
        #expect(Set(direct.contents.keys) == Set(expected.keys))
        for (id, bytes) in expected {
            #expect(direct.contents[id] == bytes, "blob \(id)")
            #expect(direct.sizes[id] == bytes.count)
        }
    }

    @Test func aBlobOverTheLimitIsNamedWithItsSizeAndItsDeltasStillRebuilt() throws {
        let fixture = try Self.history()
        try fixture.git("gc", "-q", "--aggressive")
        let repository = try GitRepository(at: fixture.url)
        let expected = try Self.storedThroughGit(repository)
        let database = try #require(try ObjectDatabase.open(repository))
        let limit = 10_000
        let direct = try Self.storedDirectly(database, maxSize: limit, threads: 1)
        #expect(Set(direct.contents.keys) == Set(expected.keys))
        for (id, bytes) in expected {
            #expect(direct.sizes[id] == bytes.count)
            #expect(direct.contents[id] == (bytes.count > limit ? nil : bytes), "blob \(id)")
        }
        #expect(expected.values.contains { $0.count > limit } && expected.values.contains { $0.count <= limit })
    }

    @Test func layoutsGitAloneReadsAreLeftToGit() throws {
        let fixture = try Self.history()
        let clone = try TemporaryDirectory()
        let result = try Command.run("git", ["clone", "-q", "--shared", fixture.path, clone.path + "/shared"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ObjectDatabase.open(GitRepository(at: clone.url.appendingPathComponent("shared"))) == nil,
                "alternates: objects live in another repository")

        let sha256 = try TemporaryDirectory()
        let created = try Command.run("git", ["init", "-q", "--object-format=sha256", sha256.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try ObjectDatabase.open(GitRepository(at: sha256.url)) == nil)
    }

    /// Damage anywhere in a pack is an error or a layout left to git, never a crash, and never
    /// a blob with the wrong bytes.
    @Test func aDamagedPackIsAnErrorNotWrongBytesOrPlaces() throws {
        let fixture = try Self.history()
        try fixture.git("gc", "-q", "--aggressive")
        let repository = try GitRepository(at: fixture.url)
        let expected = try Self.storedThroughGit(repository)
        let history = try ProvenanceSearch(repository).finish(), tips = try repository.refTargets().commits
        let ids = history.blobIDs().map(\.id)
        let packDirectory = fixture.url.appendingPathComponent(".git/objects/pack")
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: packDirectory.path).first { $0.hasSuffix(".pack") })
        let packURL = packDirectory.appendingPathComponent(pack)
        let indexURL = packURL.deletingPathExtension().appendingPathExtension("idx")
        let original = try Data(contentsOf: packURL), originalIndex = try Data(contentsOf: indexURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packURL.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: indexURL.path)
        var random = SplitMix64(seed: 2026)
        var errors = 0, declined = 0
        for round in 0..<60 {
            var damaged = original, damagedIndex = originalIndex
            if round % 4 == 3 {
                // The index: a byte anywhere, or cut short.
                let at = Int(random.next() % UInt64(damagedIndex.count))
                if round % 8 == 3 { damagedIndex = damagedIndex.prefix(at) } else { damagedIndex[at] ^= 0xff }
            } else {
                let at = 12 + Int(random.next() % UInt64(damaged.count - 32))
                for offset in 0..<Int(1 + random.next() % 4) where at + offset < damaged.count - 20 {
                    damaged[at + offset] = UInt8(truncatingIfNeeded: random.next())
                }
                if round % 10 == 5 { damaged = damaged.prefix(at) }
            }
            try damaged.write(to: packURL)
            try damagedIndex.write(to: indexURL)
            guard let database = try ObjectDatabase.open(repository) else {
                declined += 1
                continue
            }
            do {
                let direct = try Self.storedDirectly(database)
                for (id, bytes) in direct.contents { #expect(bytes == expected[id], "round \(round): blob \(id) read wrong") }
                // The trees too: an error, or every blob placed where git places it.
                if let walked = try database.historyIndex(tips: tips, wanted: ids, threads: 2) {
                    for id in ids { #expect(walked.provenance(of: id) == history.provenance(of: id), "round \(round): blob \(id)") }
                }
            } catch let error as GitError {
                errors += 1
                #expect(error.message.contains("does not decode") || error.message.contains("cannot read"), "\(error)")
            }
        }
        #expect(errors + declined > 30, "most damage is noticed: \(errors) errors, \(declined) left to git")
    }

    @Test func deltasRebuildOrRefuse() throws {
        let base = Array("The quick brown fox jumps over the lazy dog".utf8)
        // Base size 43, result size 13: copy "quick" (offset 4, 5 bytes), insert " cat", copy " dog".
        let delta: [UInt8] = [43, 13, 0x91, 4, 5, 4] + Array(" cat".utf8) + [0x91, 39, 4]
        let output = ByteBuffer(capacity: 1)
        func apply(_ delta: [UInt8], to base: [UInt8]) -> Int? {
            delta.withUnsafeBytes { instructions in base.withUnsafeBytes { Delta.apply(instructions, to: $0, into: output) } }
        }
        let size = try #require(apply(delta, to: base))
        #expect(String(decoding: output.prefix(size), as: UTF8.self) == "quick cat dog")
        #expect(delta.withUnsafeBytes { Delta.resultSize($0) } == 13)
        #expect(apply(delta, to: Array(base.dropLast())) == nil, "a base of another size")
        #expect(apply([43, 14] + delta.dropFirst(2), to: base) == nil, "a result shorter than announced")
        #expect(apply([43, 13, 0x91, 40, 5], to: base) == nil, "a copy past the end of the base")
        #expect(apply([43, 13, 0], to: base) == nil, "the reserved instruction")
        #expect(apply([43, 13, 9, 1, 2], to: base) == nil, "an insert past the end of the delta")

        var random = SplitMix64(seed: 99)
        for _ in 0..<2_000 {
            let noise = (0..<Int(random.next() % 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if let result = apply(noise, to: base) { #expect(result >= 0 && result < output.capacity) }
        }
    }
}

/// Blobs gathered from the worker threads.
private final class Gathered: @unchecked Sendable {
    private let lock = NSLock()
    var contents: [String: [UInt8]?] = [:]
    var sizes: [String: Int] = [:]
    var repeats: [String] = []

    func add(_ blob: BlobReference, _ bytes: [UInt8]?) {
        lock.lock()
        defer { lock.unlock() }
        if contents[blob.id] != nil { repeats.append(blob.id) }
        contents[blob.id] = bytes
        sizes[blob.id] = blob.size
    }
}
