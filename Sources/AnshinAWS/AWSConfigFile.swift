import AnshinCore
import Foundation

/// A place in a shared config file, for messages that say where a setting came from.
public struct AWSConfigLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One section of a shared config or credentials file, with its properties and nested
/// sub-sections (`s3 =` followed by indented `key = value` lines).
public struct AWSConfigSection: Sendable, Equatable {
    /// What a section header declares.
    public enum Kind: Sendable, Equatable, Hashable {
        /// `[default]` or `[profile name]` in `config`; `[name]` in `credentials`.
        case profile
        /// `[sso-session name]`.
        case ssoSession
        /// `[services name]`: endpoint overrides.
        case services
    }

    public let kind: Kind
    public let name: String
    /// Where the section's (first) header is.
    public let location: AWSConfigLocation
    /// Property names are lower-cased; values are trimmed, continuation lines joined by `\n`.
    public internal(set) var properties: [String: String] = [:]
    /// Nested sub-sections by their lower-cased name.
    public internal(set) var subsections: [String: [String: String]] = [:]
    /// The line of each property (and of each sub-section's header line).
    public internal(set) var propertyLines: [String: Int] = [:]

    /// Where `property` is set.
    public func location(of property: String) -> AWSConfigLocation {
        AWSConfigLocation(file: location.file, line: propertyLines[property] ?? location.line)
    }
}

/// One shared config file (`~/.aws/config`) or credentials file (`~/.aws/credentials`), parsed
/// in the INI dialect of the AWS CLI.
///
/// The dialect: `#` and `;` start comment lines, and a comment after a value when preceded by
/// whitespace; section headers are `[default]`, `[profile name]`, `[sso-session name]` and
/// `[services name]` in `config` and a bare `[name]` in `credentials`; keys are case-insensitive;
/// a key with an empty value opens a sub-section of indented `key = value` lines; any other
/// indented line continues the value above. Sections of the same name merge, later values win.
/// Sections `config` does not know (`[name]` without `profile`) are kept aside in
/// ``ignoredSections``, as the AWS CLI ignores them.
public struct AWSConfigFile: Sendable {
    /// Which of the two files a text came from: they name profiles differently.
    public enum Kind: Sendable, Equatable {
        case config
        case credentials
    }

    public let path: String
    public let kind: Kind
    /// Sections in order of first appearance, merged by kind and name.
    public private(set) var sections: [AWSConfigSection] = []
    /// Section headers ignored, with their line: `[name]` without `profile ` in `config`.
    public private(set) var ignoredSections: [(name: String, line: Int)] = []

    /// The sections of `kind`, by name.
    public func sections(_ kind: AWSConfigSection.Kind) -> [String: AWSConfigSection] {
        Dictionary(sections.filter { $0.kind == kind }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads the file at `path`; `nil` when there is none.
    public static func load(path: String, kind: Kind) throws(AWSConfigError) -> AWSConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: SystemErrorText.describe(error))
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path, kind: kind)
    }

    /// Parses `text` as the file at `path` (used in messages).
    public static func parse(_ text: String, path: String, kind: Kind) throws(AWSConfigError) -> AWSConfigFile {
        var file = AWSConfigFile(path: path, kind: kind)
        var current: Int?            // index in `sections`, nil outside a section or in an ignored one
        var inIgnoredSection = false
        var lastProperty: String?    // the property continuation lines extend
        var openSubsection: String?  // the sub-section indented lines fill

        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // `isNewline` also splits at "\r\n", which Swift treats as one character.
        for (offset, line) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            func malformed(_ message: String) -> AWSConfigError {
                .malformed(file: path, line: lineNumber, message: message)
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"

            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else { throw malformed("section header without a closing ]") }
                let rest = trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces)
                guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
                    throw malformed("unexpected text after the section header: \(rest)")
                }
                let header = trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                guard !header.isEmpty else { throw malformed("empty section name") }
                lastProperty = nil
                openSubsection = nil
                guard let (kind, name) = try sectionIdentity(header, fileKind: kind, malformed: malformed) else {
                    file.ignoredSections.append((name: header, line: lineNumber))
                    current = nil
                    inIgnoredSection = true
                    continue
                }
                inIgnoredSection = false
                if let existing = file.sections.firstIndex(where: { $0.kind == kind && $0.name == name }) {
                    current = existing
                } else {
                    file.sections.append(AWSConfigSection(kind: kind, name: name,
                                                          location: AWSConfigLocation(file: path, line: lineNumber)))
                    current = file.sections.count - 1
                }
                continue
            }

            guard current != nil || inIgnoredSection else { throw malformed("property outside a section: \(trimmed)") }
            let value = stripComment(trimmed)

            if indented, let parent = openSubsection {
                guard let (key, subvalue) = keyValue(value) else { throw malformed("expected key = value in sub-section \(parent)") }
                if let index = current { file.sections[index].subsections[parent, default: [:]][key] = subvalue }
                continue
            }
            if indented, let property = lastProperty {
                if let index = current {
                    let previous = file.sections[index].properties[property] ?? ""
                    file.sections[index].properties[property] = previous + "\n" + value
                }
                continue
            }
            if indented { throw malformed("indented line without a property above it") }

            guard let (key, propertyValue) = keyValue(value) else { throw malformed("expected key = value, got: \(trimmed)") }
            if propertyValue.isEmpty {
                openSubsection = key
                lastProperty = nil
                if let index = current {
                    file.sections[index].subsections[key] = file.sections[index].subsections[key] ?? [:]
                    file.sections[index].propertyLines[key] = lineNumber
                }
            } else {
                openSubsection = nil
                lastProperty = key
                if let index = current {
                    file.sections[index].properties[key] = propertyValue
                    file.sections[index].propertyLines[key] = lineNumber
                }
            }
        }
        return file
    }

    private init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// The kind and name a header declares, or `nil` for a section the file kind ignores.
    private static func sectionIdentity(_ header: String, fileKind: Kind,
                                        malformed: (String) -> AWSConfigError) throws(AWSConfigError) -> (AWSConfigSection.Kind, String)? {
        if fileKind == .credentials { return (.profile, header) }
        if header == "default" { return (.profile, "default") }
        for (prefix, kind) in [("profile", AWSConfigSection.Kind.profile), ("sso-session", .ssoSession), ("services", .services)] {
            if header == prefix { throw malformed("[\(prefix)] needs a name") }
            guard header.hasPrefix(prefix) else { continue }
            let rest = header.dropFirst(prefix.count)
            guard let first = rest.first, first == " " || first == "\t" else { continue }
            let name = rest.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw malformed("[\(prefix)] needs a name") }
            return (kind, name)
        }
        return nil
    }

    /// Splits `key = value` at the first `=`; the key is lower-cased.
    private static func keyValue(_ text: String) -> (String, String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        guard !key.isEmpty else { return nil }
        return (key, text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }

    /// Removes a `#` or `;` comment that follows whitespace.
    private static func stripComment(_ text: String) -> String {
        var previous: Character = "x"
        for index in text.indices {
            let character = text[index]
            if (character == "#" || character == ";") && (previous == " " || previous == "\t") {
                return text[..<index].trimmingCharacters(in: .whitespaces)
            }
            previous = character
        }
        return text
    }
}
