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
            regex = nil
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
    /// everything from the hit up to the block's maximum length.
    func window(for hit: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Range<Int> {
        if blockEnd != nil {
            return hit.lowerBound..<min(bytes.count, hit.lowerBound + blockMaxLength)
        }
        let start = Text.lineStart(before: hit.lowerBound, in: bytes, limit: max(0, hit.lowerBound - Detector.windowBefore))
        let end = Text.lineEnd(from: hit.upperBound, in: bytes, limit: min(bytes.count, hit.upperBound + Detector.windowAfter))
        return start..<max(end, hit.upperBound)
    }

    /// The candidate secrets in `window` that belong to `hit`.
    func extract(hit: Range<Int>, window: Range<Int>, in bytes: UnsafeRawBufferPointer) -> [Extracted] {
        if let blockEnd { return extractBlock(hit: hit, window: window, end: blockEnd, in: bytes) }
        guard let regex else { return [] }
        let text = Text.latin1(bytes, window)
        var result: [Extracted] = []
        for match in regex.matches(in: text, range: NSRange(location: 0, length: window.count)) {
            let whole = (window.lowerBound + match.range.location)..<(window.lowerBound + match.range.location + match.range.length)
            guard whole.overlaps(hit) || whole == hit else { continue }
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

    /// An armoured block: from the header (the hit) to the end marker and the rest of its line.
    private func extractBlock(hit: Range<Int>, window: Range<Int>, end: [UInt8],
                              in bytes: UnsafeRawBufferPointer) -> [Extracted] {
        guard let endStart = Text.find(end, in: bytes, range: hit.upperBound..<window.upperBound) else { return [] }
        var stop = endStart + end.count
        let dashes = Array("-----".utf8)
        if let close = Text.find(dashes, in: bytes, range: stop..<min(window.upperBound, stop + 80)) {
            stop = close + dashes.count
        } else {
            stop = Text.lineEnd(from: stop, in: bytes, limit: min(window.upperBound, stop + 200))
        }
        let identity = Text.base64Characters(UnsafeRawBufferPointer(rebasing: bytes[hit.upperBound..<endStart]))
        let header = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[hit]), as: UTF8.self)
        return [Extracted(range: hit.lowerBound..<stop, identity: identity, display: header, key: nil,
                          quoted: false, window: window)]
    }

    /// Whether `candidate` passes the rule's checks and keyword requirement.
    func confirms(_ candidate: Extracted, in bytes: UnsafeRawBufferPointer) -> Bool {
        let line: [UInt8]
        if blockEnd != nil {
            line = []
        } else {
            line = Array(UnsafeRawBufferPointer(rebasing: bytes[candidate.window]))
        }
        let check = Candidate(secret: candidate.identity, key: candidate.key, quoted: candidate.quoted, line: line)
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
