import AnshinCore
import Foundation

/// Finds confirmed secrets in bytes: the prefilter's hits, extracted, checked, deduplicated,
/// paired and located.
///
/// Build one detector (it compiles the Vectorscan database and the confirmation expressions) and
/// share it: ``scan(_:options:)`` is safe to call from any number of threads at once, each call
/// borrowing scratch space from a pool.
public final class Detector: Sendable {
    /// What to do beyond finding secrets.
    public struct Options: Sendable {
        /// Return nothing for content that ``BinaryDetection`` calls binary.
        public var skipBinary: Bool
        /// Drop secrets whose line contains ``Detector/allowMarker``.
        public var honourAllowComments: Bool

        public init(skipBinary: Bool = true, honourAllowComments: Bool = true) {
            self.skipBinary = skipBinary
            self.honourAllowComments = honourAllowComments
        }
    }

    /// Why a detector could not be built from its rules.
    public struct RuleError: Error, CustomStringConvertible, Sendable {
        public var ruleID: String?
        public var message: String
        public var description: String { "\(ruleID ?? "rules"): \(message)" }
    }

    /// A comment marker that, on a secret's line, suppresses it (`# anshin:allow`).
    public static let allowMarker = Array("anshin:allow".utf8)

    /// Bytes of a line kept before a hit's end in its confirmation window (the longest tokens,
    /// JWTs, run to a few KiB).
    static let windowBefore = 8192
    /// Bytes of a line kept after a hit in its confirmation window.
    static let windowAfter = 4096

    /// How far back into the previous window of the same rule a new window reaches, so that a
    /// secret cut by the previous window's end is seen whole.
    static let rescan = 1024

    /// The rules, in the order given.
    public let rules: [SecretRule]
    let matcher: Matcher
    /// For each Vectorscan pattern, the index of its rule.
    let patternRules: [Int]
    let confirmers: [Confirmer]
    let pairings: [PairingPlan]
    let indexByID: [String: Int]
    let pool: ScratchPool

    /// Compiles `rules` (by default the whole catalog).
    public init(rules: [SecretRule] = RuleCatalog.all) throws(RuleError) {
        self.rules = rules
        var indexByID: [String: Int] = [:]
        for (index, rule) in rules.enumerated() {
            guard indexByID.updateValue(index, forKey: rule.id) == nil else {
                throw RuleError(ruleID: rule.id, message: "duplicate rule id")
            }
        }
        self.indexByID = indexByID
        var patterns: [Matcher.Pattern] = []
        var patternRules: [Int] = []
        var confirmers: [Confirmer] = []
        var pairings: [PairingPlan] = []
        for (index, rule) in rules.enumerated() {
            if let pattern = rule.pattern {
                patterns.append(Matcher.Pattern(expression: Prefilter.relax(pattern)))
                patternRules.append(index)
            }
            confirmers.append(Confirmer(rule: rule))
            if let pairing = rule.pairing {
                guard let primary = indexByID[pairing.primary], let secondary = indexByID[pairing.secondary] else {
                    throw RuleError(ruleID: rule.id, message: "pairing names an unknown rule")
                }
                let bare = pairing.bareSecondary.map(LazyExpression.init)
                pairings.append(PairingPlan(rule: index, primary: primary, secondary: secondary,
                                            withinLines: pairing.withinLines, bare: bare,
                                            bareChecks: pairing.bareChecks))
            }
        }
        do {
            matcher = try Matcher(patterns: patterns)
        } catch {
            let id = error.pattern.map { rules[patternRules[$0]].id }
            throw RuleError(ruleID: id, message: "Vectorscan: \(error.message)")
        }
        self.patternRules = patternRules
        self.confirmers = confirmers
        self.pairings = pairings
        self.pool = ScratchPool(matcher: matcher)
    }

    /// Compiles rule `id`'s confirmation expression now, rather than on its first hit: a
    /// team's own rule is checked before it is trusted.
    func compileExpression(ofRule id: String) throws(RuleError) {
        guard let index = indexByID[id], let expression = confirmers[index].expression else { return }
        if case .failure(let error) = expression.compile() {
            throw RuleError(ruleID: id, message: "confirmation expression: \(error)")
        }
    }

    /// The expression Vectorscan compiles for a rule pattern: large bounded repeats relaxed.
    public static func prefilter(of pattern: String) -> String { Prefilter.relax(pattern) }

    /// Vectorscan's complaint about a rule pattern (in its prefilter form), or `nil` if it compiles.
    public static func validate(pattern: String) -> String? {
        Matcher.validate(Matcher.Pattern(expression: Prefilter.relax(pattern)))
    }

    /// The prefilter's hits in `bytes` by rule id, before any confirmation: for diagnosing a noisy
    /// rule or measuring the prefilter alone.
    public func candidates(in bytes: UnsafeRawBufferPointer) -> [String: Int] {
        guard let hits = try? pool.withScratch({ scratch throws(Matcher.ScanError) in
            try matcher.scan(bytes, scratch: scratch)
        }) else { return [:] }
        var counts: [String: Int] = [:]
        for hit in hits { counts[rules[patternRules[hit.pattern]].id, default: 0] += 1 }
        return counts
    }

    /// The rule with `id`, if the detector has it.
    public func rule(id: String) -> SecretRule? {
        indexByID[id].map { rules[$0] }
    }

    /// The secrets in `text`.
    public func scan(_ text: String, options: Options = Options()) -> [SecretMatch] {
        scan(Array(text.utf8), options: options)
    }

    /// The secrets in `bytes`.
    public func scan(_ bytes: [UInt8], options: Options = Options()) -> [SecretMatch] {
        bytes.withUnsafeBytes { scan($0, options: options) }
    }

    /// The secrets in `bytes`, ordered by position.
    ///
    /// Never fails: content Vectorscan cannot scan yields no match rather than an error.
    public func scan(_ bytes: UnsafeRawBufferPointer, options: Options = Options()) -> [SecretMatch] {
        guard bytes.count > 0 else { return [] }
        if options.skipBinary && BinaryDetection.isBinary(bytes) { return [] }
        guard let hits = try? pool.withScratch({ scratch throws(Matcher.ScanError) in
            try matcher.scan(bytes, scratch: scratch)
        }), !hits.isEmpty else { return [] }

        var found: [Confirmed] = []
        var seen = Set<SeenKey>()
        var coveredUpTo = Array(repeating: -1, count: rules.count)
        var rejected: [Range<Int>] = []
        for hit in hits {
            let ruleIndex = patternRules[hit.pattern]
            if hit.ends.upperBound <= coveredUpTo[ruleIndex] { continue }
            let confirmer = confirmers[ruleIndex]
            var window = confirmer.window(for: hit.ends, in: bytes)
            let block = confirmer.blockEnd != nil
            if !block, coveredUpTo[ruleIndex] - Detector.rescan > window.lowerBound && coveredUpTo[ruleIndex] < window.upperBound {
                // The previous window of this rule ended inside this one: look again only at its tail.
                let from = coveredUpTo[ruleIndex] - Detector.rescan
                let start = Text.nextSeparator(from: from, in: bytes, limit: min(window.upperBound, from + 512)) ?? from
                window = start..<window.upperBound
            }
            let candidates = confirmer.extract(window: window, in: bytes)
            // A block's window reaches far past its end marker, over the next blocks (a keyring
            // holds several keys): only the block it holds is covered.
            coveredUpTo[ruleIndex] = block ? (candidates.map(\.range.upperBound).max() ?? hit.ends.upperBound) : window.upperBound
            for candidate in candidates
            where seen.insert(SeenKey(rule: ruleIndex, start: candidate.range.lowerBound,
                                      end: candidate.range.upperBound)).inserted {
                guard let judgement = confirmer.confirms(candidate, in: bytes) else {
                    // An exact format that fails its own checks (a wrong checksum, a placeholder
                    // body) is a fake: no generic rule may report the same value.
                    if rules[ruleIndex].specificity >= .exact { rejected.append(candidate.range) }
                    continue
                }
                if options.honourAllowComments && Text.lineContains(Detector.allowMarker, at: candidate.range.lowerBound, in: bytes) {
                    continue
                }
                found.append(Confirmed(rule: ruleIndex, range: candidate.range, identity: candidate.identity,
                                       display: candidate.display, judgement: judgement))
            }
        }
        if !rejected.isEmpty {
            let fakes = rejected.sorted { $0.lowerBound < $1.lowerBound }
            found.removeAll { item in
                guard rules[item.rule].specificity == .generic else { return false }
                return Detector.overlapsAny(item.range, sorted: fakes)
            }
        }
        let kept = resolveOverlaps(found)
        var located = locate(kept, in: bytes)
        located = pair(located, in: bytes, options: options)
        return located.indices.map { makeMatch(at: $0, in: located, bytes: bytes) }
    }

    // MARK: - Overlaps

    /// Whether `range` overlaps one of `sorted` (ordered by lower bound).
    static func overlapsAny(_ range: Range<Int>, sorted: [Range<Int>]) -> Bool {
        var lower = 0, upper = sorted.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if sorted[middle].lowerBound < range.upperBound { lower = middle + 1 } else { upper = middle }
        }
        // Candidates start before `range` ends; look back over the few that might reach into it.
        var index = lower - 1
        var steps = 0
        while index >= 0 && steps < 64 {
            if sorted[index].overlaps(range) { return true }
            index -= 1
            steps += 1
        }
        return false
    }

    /// Keeps one secret per overlapping range: the more specific rule, then the longer secret,
    /// then the first rule id. Runs in O(n log n): ranges are swept in order and only those that
    /// overlap each other are compared.
    func resolveOverlaps(_ found: [Confirmed]) -> [Confirmed] {
        let sorted = found.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var kept: [Confirmed] = []
        var cluster: [Confirmed] = []
        var clusterEnd = Int.min
        func flush() {
            guard !cluster.isEmpty else { return }
            let ordered = cluster.sorted { a, b in
                let (ra, rb) = (rules[a.rule], rules[b.rule])
                if ra.specificity != rb.specificity { return ra.specificity > rb.specificity }
                if a.range.count != b.range.count { return a.range.count > b.range.count }
                if ra.id != rb.id { return ra.id < rb.id }
                return a.range.lowerBound < b.range.lowerBound
            }
            var chosen: [Confirmed] = []
            for candidate in ordered where !chosen.contains(where: { $0.range.overlaps(candidate.range) }) {
                chosen.append(candidate)
            }
            kept += chosen.sorted { $0.range.lowerBound < $1.range.lowerBound }
            cluster.removeAll(keepingCapacity: true)
        }
        for item in sorted {
            if item.range.lowerBound >= clusterEnd { flush() }
            cluster.append(item)
            clusterEnd = max(clusterEnd, item.range.upperBound)
        }
        flush()
        return kept
    }

    // MARK: - Lines

    /// Adds line and column to each secret, counting newlines once up to the last secret.
    func locate(_ found: [Confirmed], in bytes: UnsafeRawBufferPointer) -> [Located] {
        var counter = LineCounter(bytes: bytes)
        return found.map { confirmed in
            let (line, column) = counter.position(of: confirmed.range.lowerBound)
            return Located(confirmed: confirmed, line: line, column: column, lineStart: counter.lineStart)
        }
    }

    // MARK: - Pairing

    /// Replaces each primary (an AWS key id) and its nearest secondary (its secret key) within the
    /// pairing's distance by one secret of the pairing rule; looks for a bare secondary on the
    /// lines around a primary that has none.
    func pair(_ located: [Located], in bytes: UnsafeRawBufferPointer, options: Options) -> [Located] {
        guard !pairings.isEmpty else { return located }
        var result = located
        for plan in pairings where result.contains(where: { $0.confirmed.rule == plan.primary }) {
            var used = Set<Int>()
            var additions: [Located] = []
            // Secondaries by line (the list is in offset order, so lines are ascending).
            let secondaries = result.indices.filter { result[$0].confirmed.rule == plan.secondary }
            for (index, primary) in result.enumerated() where primary.confirmed.rule == plan.primary {
                var partner: Int?
                var lower = 0, upper = secondaries.count
                while lower < upper {
                    let middle = (lower + upper) / 2
                    if result[secondaries[middle]].line < primary.line - plan.withinLines { lower = middle + 1 } else { upper = middle }
                }
                var cursor = lower
                while cursor < secondaries.count, result[secondaries[cursor]].line <= primary.line + plan.withinLines {
                    let candidate = secondaries[cursor]
                    if !used.contains(candidate), partner.map({
                        abs(result[candidate].line - primary.line) < abs(result[$0].line - primary.line)
                    }) ?? true {
                        partner = candidate
                    }
                    cursor += 1
                }
                if let partner {
                    used.insert(partner)
                    used.insert(index)
                    additions.append(pairedSecret(result[partner], primary: primary, plan: plan))
                } else if let bare = bareSecondary(
                    near: primary, plan: plan, in: bytes, options: options,
                    taken: result.filter { rules[$0.confirmed.rule].specificity > .generic }.map(\.confirmed.range)) {
                    used.insert(index)
                    // A generic rule may have claimed the same value (`secret_key = …`): the pair wins.
                    for (other, item) in result.enumerated()
                    where item.confirmed.range.overlaps(bare.confirmed.range) && !used.contains(other) {
                        used.insert(other)
                    }
                    additions.append(pairedSecret(bare, primary: primary, plan: plan))
                }
            }
            result = result.enumerated().filter { !used.contains($0.offset) }.map(\.element) + additions
            result.sort { $0.confirmed.range.lowerBound < $1.confirmed.range.lowerBound }
        }
        return result
    }

    private func pairedSecret(_ secondary: Located, primary: Located, plan: PairingPlan) -> Located {
        var paired = secondary
        paired.confirmed.rule = plan.rule
        paired.partner = Partner(range: primary.confirmed.range, line: primary.line, column: primary.column,
                                 lineStart: primary.lineStart, display: primary.confirmed.display)
        return paired
    }

    /// A secret half without a keyword (`AKIA…,wJal…` in a credentials CSV) on the lines around
    /// `primary`.
    private func bareSecondary(near primary: Located, plan: PairingPlan, in bytes: UnsafeRawBufferPointer,
                               options: Options, taken: [Range<Int>]) -> Located? {
        guard let bare = plan.bare?.compiled else { return nil }
        let window = Text.lines(around: primary.confirmed.range, count: plan.withinLines, in: bytes,
                                limit: 8 * 1024)
        let text = Text.latin1(bytes, window)
        let matches = bare.matches(in: text, range: NSRange(location: 0, length: window.count))
        var best: (Range<Int>, Int)?
        for match in matches {
            let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            guard group.location != NSNotFound else { continue }
            let range = (window.lowerBound + group.location)..<(window.lowerBound + group.location + group.length)
            guard !taken.contains(where: { $0.overlaps(range) }) else { continue }
            let secret = Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
            let candidate = Candidate(secret: secret)
            guard plan.bareChecks.allSatisfy({ $0.passes(candidate) }) else { continue }
            if options.honourAllowComments && Text.lineContains(Detector.allowMarker, at: range.lowerBound, in: bytes) {
                continue
            }
            let distance = abs(range.lowerBound - primary.confirmed.range.lowerBound)
            if best == nil || distance < best!.1 { best = (range, distance) }
        }
        guard let (range, _) = best else { return nil }
        let anchor = primary.confirmed.range.lowerBound
        let line = range.lowerBound >= anchor
            ? primary.line + Text.newlines(in: anchor..<range.lowerBound, bytes: bytes)
            : primary.line - Text.newlines(in: range.lowerBound..<anchor, bytes: bytes)
        let lineStart = Text.lineStart(before: range.lowerBound, in: bytes, limit: max(0, range.lowerBound - 4096))
        let secret = Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
        return Located(confirmed: Confirmed(rule: plan.secondary, range: range, identity: secret, display: nil,
                                            judgement: Judgement(confidence: .high)),
                       line: line, column: Text.column(of: range.lowerBound, lineStart: lineStart, in: bytes),
                       lineStart: lineStart)
    }

    // MARK: - Output

    /// The secrets whose ranges may show in the evidence of `located[index]`: its neighbours in
    /// offset order, as far as evidence can reach, and their partners.
    private func neighbours(of index: Int, in located: [Located]) -> [(Range<Int>, String?)] {
        let focus = located[index].confirmed.range
        let reach = Evidence.context + 256
        var first = index, last = index
        while first > 0 && located[first - 1].confirmed.range.upperBound > focus.lowerBound - reach { first -= 1 }
        while last + 1 < located.count && located[last + 1].confirmed.range.lowerBound < focus.upperBound + reach { last += 1 }
        var parts: [(Range<Int>, String?)] = []
        for item in located[first...last] {
            parts.append((item.confirmed.range, item.confirmed.display))
            if let partner = item.partner { parts.append((partner.range, partner.display)) }
        }
        return parts
    }

    private func makeMatch(at index: Int, in all: [Located], bytes: UnsafeRawBufferPointer) -> SecretMatch {
        let located = all[index]
        let rule = rules[located.confirmed.rule]
        let range = located.confirmed.range
        let lineEnd = Text.lineEnd(from: range.lowerBound, in: bytes, limit: range.lowerBound + 4096)
        let endLine = located.line + Text.newlines(in: range, bytes: bytes)
        let evidence = Evidence.line(
            bytes: bytes, lineStart: max(located.lineStart, range.lowerBound - 4096), lineEnd: lineEnd,
            focus: range, secrets: neighbours(of: index, in: all))
        var match = SecretMatch(
            ruleID: rule.id, range: range, line: located.line, column: located.column,
            endLine: endLine == located.line ? nil : endLine,
            sha256: Fingerprint.sha256(located.confirmed.identity), evidence: evidence,
            confidence: located.confirmed.judgement.confidence, reason: located.confirmed.judgement.reason,
            local: located.confirmed.judgement.local)
        if let partner = located.partner {
            let partnerEnd = Text.lineEnd(from: partner.range.lowerBound, in: bytes, limit: partner.range.lowerBound + 4096)
            match.partner = SecretMatch.Partner(
                range: partner.range, line: partner.line, column: partner.column,
                evidence: Evidence.line(bytes: bytes, lineStart: max(partner.lineStart, partner.range.lowerBound - 4096),
                                        lineEnd: partnerEnd,
                                        // The secret half may share the key id's line (a CSV export):
                                        // hide it there too.
                                        focus: partner.range, secrets: [(partner.range, partner.display),
                                                                         (range, located.confirmed.display)]))
        }
        return match
    }
}

// MARK: - Internal records

/// A secret that passed its rule's checks, before lines are known.
struct Confirmed {
    var rule: Int
    /// Where the secret is, in the scanned bytes.
    var range: Range<Int>
    /// The bytes whose SHA-256 identifies the secret.
    var identity: [UInt8]
    /// For block secrets, what evidence may show instead of the first characters (the armour
    /// header); `nil` shows ``Redaction`` of the secret.
    var display: String?
    /// How sure the rule is, and why.
    var judgement: Judgement
}

/// The identifier half of a paired secret.
struct Partner {
    var range: Range<Int>
    var line: Int
    var column: Int
    var lineStart: Int
    var display: String?
}

/// A confirmed secret with its line and column.
struct Located {
    var confirmed: Confirmed
    var line: Int
    var column: Int
    var lineStart: Int
    var partner: Partner?
}

struct SeenKey: Hashable {
    var rule: Int
    var start: Int
    var end: Int
}

/// A pairing rule resolved to rule indexes.
struct PairingPlan: @unchecked Sendable {
    // `@unchecked` only for NSRegularExpression, immutable once compiled and documented as
    // thread-safe for matching.
    var rule: Int
    var primary: Int
    var secondary: Int
    var withinLines: Int
    var bare: LazyExpression?
    var bareChecks: [Check]
}

/// Scratch spaces for concurrent scans: a scan borrows one, or clones a new one when all are busy.
///
/// `@unchecked Sendable` because the array of idle scratches is only touched under `lock`, and a
/// scratch is used by one scan (one thread) at a time between `take` and `give`.
final class ScratchPool: @unchecked Sendable {
    private let matcher: Matcher
    private let lock = NSLock()
    private var idle: [Matcher.Scratch] = []

    init(matcher: Matcher) { self.matcher = matcher }

    func withScratch<T>(_ body: (Matcher.Scratch) throws(Matcher.ScanError) -> T) throws(Matcher.ScanError) -> T {
        lock.lock()
        let cached = idle.popLast()
        lock.unlock()
        let scratch: Matcher.Scratch
        if let cached {
            scratch = cached
        } else {
            scratch = try matcher.makeScratch()
        }
        defer {
            lock.lock()
            idle.append(scratch)
            lock.unlock()
        }
        return try body(scratch)
    }
}
