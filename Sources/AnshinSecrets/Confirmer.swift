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
    let regex: NSRegularExpression?
    let hasSecretGroup: Bool
    let hasBareGroup: Bool
    let hasKeyGroup: Bool
    let hasQuoteGroup: Bool
    let blockEnd: [UInt8]?
    let blockMaxLength: Int
    let keywords: [[UInt8]]

    init(rule: SecretRule) throws {
        self.rule = rule
        switch rule.extractor {
        case .regex(let expression):
            regex = rule.pattern == nil ? nil : try NSRegularExpression(pattern: expression)
            hasSecretGroup = expression.contains("(?<secret>")
            hasBareGroup = expression.contains("(?<bare>")
            hasKeyGroup = expression.contains("(?<key>")
            hasQuoteGroup = expression.contains("(?<quote>")
            blockEnd = nil
            blockMaxLength = 0
        case .block(let end, let maxLength):
            // The header expression finds where a block starts, given where its header ends.
            regex = try rule.pattern.map { try NSRegularExpression(pattern: $0) }
            hasSecretGroup = false
            hasBareGroup = false
            hasKeyGroup = false
            hasQuoteGroup = false
            blockEnd = Array(end.utf8)
            blockMaxLength = maxLength
        }
        keywords = rule.keywords.map { Placeholder.lowercased(Array($0.utf8)) }
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
        guard let header = regex else { return nil }
        let from = max(0, end - 256)
        let text = Text.latin1(bytes, from..<end)
        let matches = header.matches(in: text, range: NSRange(location: 0, length: end - from))
        return matches.last.map { from + $0.range.location }
    }

    /// The candidate secrets in `window`. Every match of the exact expression counts, wherever
    /// in the window: the prefilter accepts a superset, so each one has a hit of its own anyway.
    func extract(window: Range<Int>, in bytes: UnsafeRawBufferPointer) -> [Extracted] {
        if let blockEnd { return extractBlock(window: window, end: blockEnd, in: bytes) }
        guard let regex else { return [] }
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
        guard let regex else { return [] }
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

    /// Whether `candidate` passes the rule's checks and keyword requirement.
    func confirms(_ candidate: Extracted, in bytes: UnsafeRawBufferPointer) -> Bool {
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
        guard rule.checks.allSatisfy({ $0.passes(check) }) else { return false }
        if !keywords.isEmpty {
            let lower = max(0, candidate.range.lowerBound - rule.keywordRadius)
            let upper = min(bytes.count, candidate.range.upperBound + rule.keywordRadius)
            let around = Placeholder.lowercased(Array(UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])))
            guard keywords.contains(where: { around.contains($0) }) else { return false }
        }
        return true
    }
}
