import AnshinCore
import Foundation

/// Remediation snippets rewritten for the resource a finding is about.
///
/// A check's remediation carries one Terraform example written for a made-up resource
/// (`aws_s3_bucket.logs`). For a finding about a Terraform resource the example is renamed to
/// that resource, so the fix can be pasted as it is: the public access block for
/// `aws_s3_bucket.imports` is `resource "aws_s3_bucket_public_access_block" "imports"` with
/// `bucket = aws_s3_bucket.imports.id`.
///
/// In each HCL snippet the example resource (the *subject*) is the resource of the finding's type
/// that the snippet references and names a block after; a check whose snippet stands for several
/// types names it itself (`CheckMetadata.snippetSubject`, `aws_instance.app` for IMDSv2, which is
/// then retyped to the finding's `aws_launch_template`). The subject's address, its name on the
/// snippet's own blocks and their references are renamed; prose, other resources and values are
/// left alone. Live findings and snippets with no subject keep the generic example.
enum RemediationTailoring {
    /// `remediation` with every HCL snippet written for `reference`, when it is a Terraform resource.
    static func tailor(_ remediation: String, to reference: ResourceReference, subject: String? = nil) -> String {
        guard let target = Address(terraform: reference.identifier), target.type == reference.kind,
              remediation.contains("```hcl") else { return remediation }
        // The same check meets the same address in every environment and in stacks alike: a
        // large tree asks for the same snippet thousands of times.
        let key = CacheKey(remediation: remediation, type: target.type, name: target.name, index: target.index, subject: subject)
        if let known = cache.withLock({ $0[key] }) { return known }
        let tailored = tailor(remediation, to: target, subject: subject)
        cache.withLock { cache in
            if cache.count >= 4096 { cache.removeAll(keepingCapacity: true) }
            cache[key] = tailored
        }
        return tailored
    }

    private struct CacheKey: Hashable {
        var remediation: String
        var type: String
        var name: String
        var index: String
        var subject: String?
    }

    private static let cache = LockedValue<[CacheKey: String]>([:])

    private static func tailor(_ remediation: String, to target: Address, subject: String?) -> String {
        var output: [String] = []
        var snippet: [String]?
        for line in remediation.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if var code = snippet {
                if line.hasPrefix("```") {
                    output.append(tailorSnippet(code.joined(separator: "\n"), to: target, subject: subject))
                    output.append(line)
                    snippet = nil
                } else {
                    code.append(line)
                    snippet = code
                }
            } else {
                output.append(line)
                if line.hasPrefix("```hcl") || line.hasPrefix("```terraform") { snippet = [] }
            }
        }
        if let code = snippet { output.append(code.joined(separator: "\n")) }
        return output.joined(separator: "\n")
    }

    /// A Terraform resource address without its module path: `type.name` and an index (`[0]`, `["a"]`).
    struct Address: Equatable {
        var type: String
        var name: String
        var index: String

        /// Parses `module.a.aws_s3_bucket.logs["x"]`; nil for what is not a managed resource's address.
        init?(terraform address: String) {
            var rest = Substring(address)
            while rest.hasPrefix("module.") {
                rest = rest.dropFirst("module.".count)
                guard let end = Address.endOfSegment(rest) else { return nil }
                rest = rest[end...]
                guard rest.first == "." else { return nil }
                rest = rest.dropFirst()
            }
            guard !rest.hasPrefix("data."), let dot = rest.firstIndex(of: ".") else { return nil }
            let type = String(rest[..<dot])
            let tail = rest[rest.index(after: dot)...]
            let bracket = tail.firstIndex(of: "[") ?? tail.endIndex
            let name = String(tail[..<bracket])
            guard Address.isIdentifier(type), Address.isIdentifier(name) else { return nil }
            self.type = type
            self.name = name
            self.index = String(tail[bracket...])
        }

        init(type: String, name: String, index: String = "") {
            self.type = type
            self.name = name
            self.index = index
        }

        /// Where a module segment (`name` or `name["key"]`, `name[0]`) ends.
        static func endOfSegment(_ text: Substring) -> Substring.Index? {
            var index = text.startIndex
            var depth = 0
            var inString = false
            while index < text.endIndex {
                let character = text[index]
                if inString {
                    if character == "\"" { inString = false }
                } else if character == "\"" {
                    inString = true
                } else if character == "[" {
                    depth += 1
                } else if character == "]" {
                    depth -= 1
                } else if character == ".", depth == 0 {
                    return index
                }
                index = text.index(after: index)
            }
            return nil
        }

        static func isIdentifier(_ text: String) -> Bool {
            guard let first = text.first, first.isLetter || first == "_" else { return false }
            return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
    }

    /// A block header of the snippet: `resource "type" "label"` or `data "type" "label"`.
    struct Block {
        var keyword: String
        var type: String
        var label: String
    }

    static func blocks(in code: String) -> [Block] {
        code.split(separator: "\n").compactMap { line in
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard words.count >= 3, words[0] == "resource" || words[0] == "data" else { return nil }
            let type = words[1], label = words[2]
            guard type.count > 2, label.count > 2, type.hasPrefix("\""), type.hasSuffix("\""),
                  label.hasPrefix("\""), label.hasSuffix("\"") else { return nil }
            return Block(keyword: String(words[0]), type: String(type.dropFirst().dropLast()),
                         label: String(label.dropFirst().dropLast()))
        }
    }

    static func tailorSnippet(_ code: String, to target: Address, subject: String?) -> String {
        let blocks = blocks(in: code)
        let example: Address
        if let subject, let declared = Address(terraform: subject), code.contains(declared.type + "." + declared.name)
            || blocks.contains(where: { $0.keyword == "resource" && $0.type == declared.type && $0.label == declared.name }) {
            example = declared
        } else {
            // The subject is the resource of the finding's type that the snippet declares, else the
            // one it references and names one of its own blocks after.
            if let declared = blocks.first(where: { $0.keyword == "resource" && $0.type == target.type }) {
                example = Address(type: target.type, name: declared.label)
            } else {
                let referenced = references(to: target.type, in: code)
                let labels = Set(blocks.map(\.label))
                guard let name = referenced.first(where: labels.contains) ?? (referenced.count == 1 ? referenced.first : nil) else {
                    return code
                }
                example = Address(type: target.type, name: name)
            }
        }
        var code = code
        // The snippet's own blocks named after the example take the resource's name.
        for block in blocks where block.label == example.name {
            let isSubject = block.keyword == "resource" && block.type == example.type
            let newType = isSubject ? target.type : block.type
            code = code.replacingOccurrences(of: "\(block.keyword) \"\(block.type)\" \"\(block.label)\"",
                                             with: "\(block.keyword) \"\(newType)\" \"\(target.name)\"")
            if !isSubject {
                let prefix = block.keyword == "data" ? "data." : ""
                code = replacingReferences(in: code, from: prefix + block.type + "." + block.label,
                                           to: prefix + block.type + "." + target.name)
            }
        }
        return replacingReferences(in: code, from: example.type + "." + example.name,
                                   to: target.type + "." + target.name + target.index)
    }

    /// Names `name` such that `type.name` is referenced in `code`, in order of first use.
    static func references(to type: String, in code: String) -> [String] {
        var names: [String] = []
        var rest = Substring(code)
        while let range = rest.range(of: type + ".") {
            let before = range.lowerBound == code.startIndex ? nil : code[code.index(before: range.lowerBound)]
            let name = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if before.map({ !isReferenceCharacter($0) && $0 != "\"" }) ?? true, !name.isEmpty, !names.contains(String(name)) {
                names.append(String(name))
            }
            rest = rest[range.upperBound...]
        }
        return names
    }

    /// `code` with the reference `from` (a whole `type.name`, not part of a longer one) replaced by `to`.
    static func replacingReferences(in code: String, from: String, to: String) -> String {
        var output = ""
        var rest = Substring(code)
        while let range = rest.range(of: from) {
            let before = range.lowerBound == code.startIndex ? nil : code[code.index(before: range.lowerBound)]
            let after = range.upperBound < code.endIndex ? code[range.upperBound] : nil
            let whole = (before.map { !isReferenceCharacter($0) } ?? true)
                && (after.map { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } ?? true)
            output += rest[..<range.lowerBound]
            output += whole ? to : String(rest[range])
            rest = rest[range.upperBound...]
        }
        return output + rest
    }

    /// Characters that make a match part of a longer name (`xaws_s3_bucket`, `data.aws_…`).
    private static func isReferenceCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-" || character == "."
    }
}
