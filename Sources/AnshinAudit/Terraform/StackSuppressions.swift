import AnshinCore
import AnshinHCL
import Foundation

/// One `# anshin:ignore <rule-id> <reason>` comment (or `//`), written on the lines just above a
/// resource block or inside it.
public struct InlineSuppression: Sendable, Hashable {
    public var ruleID: String
    public var reason: String
    /// The file, relative to the audited folder.
    public var path: String
    /// The comment's line.
    public var line: Int

    public init(ruleID: String, reason: String, path: String, line: Int) {
        self.ruleID = ruleID
        self.reason = reason
        self.path = path
        self.line = line
    }

    /// The marker that starts an inline suppression after `#` or `//`.
    public static let marker = "anshin:ignore"

    /// The suppressions in one file's text, each with the line its resource block must start on
    /// or cover: the first line after a run of comment lines, or the comment's own line.
    ///
    /// A suppression without a reason is a mistake in anshin's input, named by file and line.
    public static func scan(_ text: String, path: String) throws(ConfigurationError) -> [(InlineSuppression, target: Int)] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmed }
        var result: [(InlineSuppression, target: Int)] = []
        for (index, line) in lines.enumerated() {
            guard let marker = line.range(of: marker) else { continue }
            let before = line[..<marker.lowerBound].trimmed
            guard before.hasSuffix("#") || before.hasSuffix("//") else { continue }
            let isCommentLine = before == "#" || before == "//"
            let words = line[marker.upperBound...].split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard let rule = words.first.map(String.init), !rule.isEmpty else {
                throw ConfigurationError(path: path, line: index + 1,
                                         message: "anshin:ignore needs a rule id and a reason: # anshin:ignore <rule-id> <reason>")
            }
            let reason = words.count > 1 ? words[1].trimmed : ""
            guard !reason.isEmpty else {
                throw ConfigurationError(path: path, line: index + 1,
                                         message: "anshin:ignore \(rule) needs a reason: # anshin:ignore \(rule) <why this is acceptable>")
            }
            var target = index + 1
            if isCommentLine {
                var next = index + 1
                while next < lines.count, lines[next].hasPrefix("#") || lines[next].hasPrefix("//") { next += 1 }
                target = next + 1
            }
            result.append((InlineSuppression(ruleID: rule, reason: reason, path: path, line: index + 1), target))
        }
        return result
    }

    /// How a finding carries it: a low-risk decision by an inline comment.
    public var applied: AppliedSuppression {
        AppliedSuppression(state: .lowRisk, reason: reason, author: "inline comment", expires: nil, origin: "\(path):\(line)")
    }
}

/// The inline suppressions of one evaluated root module, by the resource address they cover.
struct StackSuppressions {
    var byAddress: [String: [InlineSuppression]] = [:]
    /// Every suppression found, whether or not it covers a resource.
    var all: [InlineSuppression] = []

    init(module: EvaluatedModule, directory: String, root: URL) throws(ConfigurationError) {
        let base = directory == "." ? root : root.appendingPathComponent(directory)
        var byPath: [String: [ResourceInstance]] = [:]
        for instance in module.resources { byPath[instance.range.path, default: []].append(instance) }
        for path in byPath.keys.sorted() {
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(path).path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            guard text.contains(InlineSuppression.marker) else { continue }
            let shown = TerraformWorkspace.join(directory, path)
            for (suppression, target) in try InlineSuppression.scan(text, path: shown) {
                all.append(suppression)
                for instance in byPath[path] ?? [] {
                    let range = instance.range.range
                    let covers = range.start.line == target || (range.start.line <= suppression.line && suppression.line <= range.end.line)
                    if covers { byAddress[instance.address, default: []].append(suppression) }
                }
            }
        }
    }

    /// The suppression covering `finding`, if a comment on its resource names its rule.
    func suppression(for finding: Finding) -> AppliedSuppression? {
        guard let identifier = finding.resource?.identifier,
              let match = byAddress[identifier]?.first(where: { $0.ruleID == finding.ruleID }) else { return nil }
        return match.applied
    }
}
