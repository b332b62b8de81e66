import AnshinCore
import Foundation

/// The second stage for one rule: takes the secret out of the window around a hit and runs the
/// rule's checks on it. Built once per rule when the detector is built.
///
/// `@unchecked Sendable` only because of `NSRegularExpression`, which is immutable once compiled
/// and documented as safe for concurrent matching.
struct Confirmer: @unchecked Sendable {
    /// A secret taken out of a window, not yet checked.
    struct Extracted {
        var range: Range<Int>
        var identity: [UInt8]
        var display: String?
        var key: [UInt8]?
        var quoted: Bool
        var window: Range<Int>
    }

    let rule: SecretRule
    /// The exact expression (a block's header expression), compiled on the rule's first hit:
    /// compiling the whole catalog's expressions would cost a short run most of its start-up.
    let expression: LazyExpression?
    let hasSecretGroup: Bool
    let hasBareGroup: Bool
    let hasKeyGroup: Bool
    let hasQuoteGroup: Bool
    let blockEnd: [UInt8]?
    let blockMaxLength: Int
    let keywords: [[UInt8]]

    init(rule: SecretRule) {
        self.rule = rule
        switch rule.extractor {
        case .regex(let expression):
            self.expression = rule.pattern == nil ? nil : LazyExpression(expression)
            let groups = Self.groupNames(in: expression)
            hasSecretGroup = groups.contains("secret")
            hasBareGroup = groups.contains("bare")
            hasKeyGroup = groups.contains("key")
            hasQuoteGroup = groups.contains("quote")
            blockEnd = nil
            blockMaxLength = 0
        case .block(let end, let maxLength):
            // The header expression finds where a block starts, given where its header ends.
            expression = rule.pattern.map(LazyExpression.init)
            hasSecretGroup = false
            hasBareGroup = false
            hasKeyGroup = false
            hasQuoteGroup = false
            blockEnd = Array(end.utf8)
            blockMaxLength = maxLength
        }
        keywords = rule.keywords.map { Placeholder.lowercased(Array($0.utf8)) }
    }

    /// The names of `expression`'s named groups, `(?<name>…)` (lookbehinds, `(?<=` and `(?<!`,
    /// are not groups).
    static func groupNames(in expression: String) -> Set<String> {
        let bytes = Array(expression.utf8)
        var names: Set<String> = []
        var index = 0
        while index + 3 < bytes.count {
            guard bytes[index] == UInt8(ascii: "("), bytes[index + 1] == UInt8(ascii: "?"), bytes[index + 2] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            var end = index + 3
            while end < bytes.count, (bytes[end] | 0x20) >= UInt8(ascii: "a") && (bytes[end] | 0x20) <= UInt8(ascii: "z")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) {
                end += 1
            }
            if end > index + 3, end < bytes.count, bytes[end] == UInt8(ascii: ">") {
                names.insert(String(decoding: bytes[(index + 3)..<end], as: UTF8.self))
            }
            index = end
        }
        return names
    }

    /// The bytes confirmation looks at for `hit`: its line, capped either side, or for a block
    /// everything from the header up to the block's maximum length.
    func window(for hit: ClosedRange<Int>, in bytes: UnsafeRawBufferPointer) -> Range<Int> {
        if blockEnd != nil {
            let start = blockHeaderStart(endingAt: hit.lowerBound, in: bytes) ?? hit.lowerBound
            return start..<min(bytes.count, start + blockMaxLength)
        }
        let floor = max(0, hit.lowerBound - Detector.windowBefore)
        var start = Text.lineStart(before: hit.lowerBound, in: bytes, limit: floor)
        if start == floor && start > 0 && bytes[start - 1] != Text.newline {
            // Cut inside a long line: start after a separator, never inside a token.
            start = Text.nextSeparator(from: start, in: bytes, limit: min(hit.lowerBound, start + 512)) ?? start
        }
        let end = Text.lineEnd(from: hit.upperBound, in: bytes, limit: min(bytes.count, hit.upperBound + Detector.windowAfter))
        return start..<max(end, hit.upperBound)
    }

    /// Where the block header whose prefilter match ends at `end` starts.
    private func blockHeaderStart(endingAt end: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let header = expression?.compiled else { return nil }
        let from = max(0, end - 256)
        let text = Text.latin1(bytes, from..<end)
        let matches = header.matches(in: text, range: NSRange(location: 0, length: end - from))
        return matches.last.map { from + $0.range.location }
    }

    /// The candidate secrets in `window`. Every match of the exact expression counts, wherever
    /// in the window: the prefilter accepts a superset, so each one has a hit of its own anyway.
    func extract(window: Range<Int>, in bytes: UnsafeRawBufferPointer) -> [Extracted] {
        if let blockEnd { return extractBlock(window: window, end: blockEnd, in: bytes) }
        guard let regex = expression?.compiled else { return [] }
        let text = Text.latin1(bytes, window)
        var result: [Extracted] = []
        for match in regex.matches(in: text, range: NSRange(location: 0, length: window.count)) {
            var secret = match.range
            if hasSecretGroup {
                let group = match.range(withName: "secret")
                if group.location != NSNotFound {
                    secret = group
                } else if hasBareGroup {
                    let bare = match.range(withName: "bare")
                    if bare.location != NSNotFound { secret = bare }
                }
            }
            guard secret.length > 0 else { continue }
            let range = (window.lowerBound + secret.location)..<(window.lowerBound + secret.location + secret.length)
            var key: [UInt8]?
            if hasKeyGroup {
                let group = match.range(withName: "key")
                if group.location != NSNotFound {
                    let start = window.lowerBound + group.location
                    key = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + group.length)]))
                }
            }
            var quoted = false
            if hasQuoteGroup {
                let group = match.range(withName: "quote")
                quoted = group.location != NSNotFound && group.length > 0
            }
            let value = Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
            let identity = rule.identity == .armouredBody ? Text.armouredBody(value[...]) : value
            result.append(Extracted(range: range, identity: identity,
                                    display: nil, key: key, quoted: quoted, window: window))
        }
        return result
    }

    /// An armoured block: from the header to the end marker and the rest of its line.
    private func extractBlock(window: Range<Int>, end: [UInt8], in bytes: UnsafeRawBufferPointer) -> [Extracted] {
        guard let regex = expression?.compiled else { return [] }
        let headText = Text.latin1(bytes, window.lowerBound..<min(window.upperBound, window.lowerBound + 256))
        guard let head = regex.firstMatch(in: headText, range: NSRange(location: 0, length: headText.utf16.count)),
              head.range.location == 0 else { return [] }
        let header = window.lowerBound..<(window.lowerBound + head.range.length)
        guard let endStart = Text.find(end, in: bytes, range: header.upperBound..<window.upperBound) else { return [] }
        var stop = endStart + end.count
        let dashes = Array("-----".utf8)
        if let close = Text.find(dashes, in: bytes, range: stop..<min(window.upperBound, stop + 80)) {
            stop = close + dashes.count
        } else {
            stop = Text.lineEnd(from: stop, in: bytes, limit: min(window.upperBound, stop + 200))
        }
        let identity = Text.base64Characters(UnsafeRawBufferPointer(rebasing: bytes[header.upperBound..<endStart]))
        let display = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[header]), as: UTF8.self)
        return [Extracted(range: header.lowerBound..<stop, identity: identity, display: display, key: nil,
                          quoted: false, window: window)]
    }

    /// How sure the rule is of `candidate`, or `nil` when it fails the rule's checks or keyword
    /// requirement.
    func confirms(_ candidate: Extracted, in bytes: UnsafeRawBufferPointer) -> Judgement? {
        // A window may span several lines (hits close together share one); the context is the
        // secret's own line within it.
        let window = candidate.window, range = candidate.range
        let lineStart = Text.lineStart(before: range.lowerBound, in: bytes, limit: window.lowerBound)
        let afterStart = min(range.upperBound, window.upperBound)
        let lineEnd = Text.lineEnd(from: afterStart, in: bytes, limit: window.upperBound)
        let check = Candidate(
            secret: candidate.identity, key: candidate.key, quoted: candidate.quoted,
            before: Array(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<max(lineStart, range.lowerBound)])),
            after: Array(UnsafeRawBufferPointer(rebasing: bytes[afterStart..<lineEnd])))
        guard rule.checks.allSatisfy({ $0.passes(check) }) else { return nil }
        if !keywords.isEmpty {
            let lower = max(0, candidate.range.lowerBound - rule.keywordRadius)
            let upper = min(bytes.count, candidate.range.upperBound + rule.keywordRadius)
            let around = Placeholder.lowercased(Array(UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])))
            guard keywords.contains(where: { around.contains($0) }) else { return nil }
        }
        return rule.grade?(check) ?? Judgement(confidence: rule.specificity == .generic ? .medium : .high)
    }
}

/// An ICU expression compiled when first needed, once, whichever thread needs it first.
///
/// A built-in rule's expression that does not compile is caught by the catalog's tests (every
/// rule must find its samples); a team's own rule is compiled up front by
/// ``Detector/including(_:)``, which names the rule.
final class LazyExpression: @unchecked Sendable {
    let pattern: String
    private let lock = NSLock()
    private var state: Result<NSRegularExpression, any Error>?

    init(_ pattern: String) { self.pattern = pattern }

    /// The compiled expression, or the error compiling it gave.
    func compile() -> Result<NSRegularExpression, any Error> {
        lock.withLock {
            if let state { return state }
            let result = Result { try NSRegularExpression(pattern: pattern) }
            state = result
            return result
        }
    }

    /// The compiled expression; `nil` if it does not compile.
    var compiled: NSRegularExpression? { try? compile().get() }
}
