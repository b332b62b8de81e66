import Testing
import AnshinTesting
import Foundation

/// An invalid input file whose first line says which error it must produce: `# expect: <message>`.
struct ExpectedErrorCase: CustomTestStringConvertible, Sendable {
    let url: URL
    let text: String
    let expected: String

    var testDescription: String { url.lastPathComponent }

    /// Every `.yml` file of `Fixtures/<folder>`, sorted by name.
    static func all(in folder: String) -> [ExpectedErrorCase] {
        let directory = Golden.fixtures(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().map { name in
            let url = directory.appendingPathComponent(name)
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let first = text.split(separator: "\n").first.map(String.init) ?? ""
            let expected = first.hasPrefix("# expect: ") ? String(first.dropFirst("# expect: ".count)) : "<no expectation in \(name)>"
            return ExpectedErrorCase(url: url, text: text, expected: expected)
        }
    }
}

