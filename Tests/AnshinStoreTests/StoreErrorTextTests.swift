import AnshinStore
import AnshinTesting
import Foundation
import Testing

/// A store that cannot be opened says why in words: never Foundation's domain text or errno's.
@Suite struct StoreErrorTextTests {
    @Test func aFolderThatCannotBeCreatedIsNamed() async throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("plain-file", "not a folder\n")
        let location = "sqlite:\(file.path)/sub/monitor.db"
        do {
            _ = try await Store.open(location)
            Issue.record("a store under a regular file opened")
        } catch {
            let text = error.description
            #expect(text.contains("cannot create the folder \(file.path)/sub"), "\(text)")
            #expect(!text.contains("Domain") && !text.contains("could not be completed") && !text.contains("errno"), "\(text)")
        }
    }

    @Test func aDatabaseThatCannotBeOpenedSaysWhy() async throws {
        let folder = try TemporaryDirectory()
        do {
            _ = try await Store.open("sqlite:\(folder.path)")
            Issue.record("a folder opened as a database")
        } catch {
            let text = error.description
            #expect(text.contains("cannot open the SQLite database \(folder.path)"), "\(text)")
            #expect(!text.contains("Domain") && !text.contains("errno") && !text.contains("Is a directory"), "\(text)")
        }
    }
}
