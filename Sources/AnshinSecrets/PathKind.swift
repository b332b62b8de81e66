/// What a file's path says about the values in it: tests, examples, fixtures and documentation
/// hold made-up credentials more often than code and configuration do (though not always, so
/// their findings are kept, one step less sure).
public struct PathKind: Sendable, Equatable {
    /// "a test file", "an example", "documentation", or `nil` for ordinary code and configuration.
    public var label: String?

    /// Folder names (lower case) that mark each kind.
    static let testFolders: Set<String> = [
        "test", "tests", "testing", "spec", "specs", "__tests__", "testdata", "test-data", "test_data",
        "fixtures", "fixture", "mocks", "mock", "__mocks__", "e2e", "integration-tests", "unittests",
    ]
    static let exampleFolders: Set<String> = ["example", "examples", "sample", "samples", "demo", "demos", "tutorial", "tutorials"]
    static let documentationFolders: Set<String> = ["doc", "docs", "documentation", "man", "wiki"]
    static let documentationExtensions: Set<String> = ["md", "rst", "adoc", "asciidoc", "txt", "textile", "markdown"]

    public init(_ path: String) {
        let lower = path.lowercased()
        let parts = lower.split(separator: "/").map(String.init)
        let folders = parts.dropLast()
        let name = parts.last ?? lower
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        let fileExtension = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
        if folders.contains(where: Self.testFolders.contains) || stem.hasPrefix("test") || stem.hasSuffix("test")
            || stem.hasSuffix("tests") || stem.hasSuffix("_spec") || stem.hasSuffix("-spec") || name.contains(".test.")
            || name.contains(".spec.") || stem.hasSuffix("mock") {
            label = "a test file"
        } else if folders.contains(where: Self.exampleFolders.contains) || stem.contains("example") || stem.contains("sample")
            || name.hasSuffix(".dist") || name.hasSuffix(".template") || name.hasSuffix(".tmpl") {
            label = "an example"
        } else if folders.contains(where: Self.documentationFolders.contains) || Self.documentationExtensions.contains(fileExtension) {
            label = "documentation"
        } else {
            label = nil
        }
    }
}
