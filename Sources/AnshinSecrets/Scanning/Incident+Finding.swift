import AnshinCore
import AnshinGit
import Foundation

extension Incident {
    /// Other places named in the finding's message; beyond this many they are only counted there.
    static let placesInMessage = 5

    /// The incident as one finding: located at its first occurrence, listing the other places,
    /// fingerprinted by the secret's digest so that triage follows the secret wherever it moves.
    public func finding(rule: SecretRule) -> Finding {
        let first = occurrences[0]
        var message = "\(rule.title) in \(first.place.path):\(first.match.line)"
        if let commit = first.place.commit {
            message += ", first committed in \(commit.prefix(12))"
            if let author = first.place.author { message += " by \(author)" }
            if let date = first.place.date { message += " on \(date.prefix(10))" }
        }
        if let partner = first.match.partner { message += ", paired with the key id on line \(partner.line)" }
        if first.place.unreachable {
            message += " (an object no branch or tag reaches: a dropped commit or a pull request's head; "
                + "still readable by anyone with a copy of the repository)"
        }
        if first.place.ignoredByGit {
            message += " (a file git ignores: never committed, but copied by hand between machines and easily stale)"
        }
        // Each place once: in a history, versions of one file hold the secret at the same line.
        var seen: Set<String> = ["\(first.place.path):\(first.match.line)"]
        let uniqueOthers = occurrences.dropFirst().map { "\($0.place.path):\($0.match.line)" }.filter { seen.insert($0).inserted }
        // A few places read well in a sentence; more are counted here and each listed with the
        // finding (`otherLocations`), so that no report cuts the list short.
        if !uniqueOthers.isEmpty {
            message += ". Also in \(uniqueOthers.count) other place\(uniqueOthers.count == 1 ? "" : "s")"
            message += uniqueOthers.count <= Self.placesInMessage
                ? ": " + uniqueOthers.joined(separator: ", ")
                : ", each listed with the finding"
        }
        let historyPlaces = occurrences.map(\.place.historyPlaces).max() ?? 1
        if historyPlaces > 1 { message += ". The history holds it in \(historyPlaces) commits or paths" }
        let known = occurrences.compactMap(\.place.inHead)
        if !known.isEmpty, !known.contains(true) {
            let gone = occurrences.compactMap { $0.place.pathInHead == false ? $0.place.path : nil }
            let what = gone.isEmpty ? "the secret was edited out" : "\(Set(gone).sorted().joined(separator: ", ")) \(Set(gone).count == 1 ? "is" : "are") not in HEAD"
            message += ". HEAD does not hold it (\(what)), only the history does: editing files cannot remove it, rotate the secret"
        }
        var evidence = first.match.evidence
        if let partner = first.match.partner { evidence = partner.evidence + " / " + evidence }
        // The most confident place speaks for the incident; a place in a test, example or
        // documentation file is one step less sure (its values are often made up, though not always).
        let graded = occurrences.map { occurrence -> (Confidence, String?) in
            let kind = PathKind(occurrence.place.path)
            var confidence = occurrence.match.confidence
            var reason = occurrence.match.reason
            if let label = kind.label {
                confidence = confidence.lowered
                reason = [reason, "in \(label)"].compactMap { $0 }.joined(separator: ", ")
            }
            return (confidence, reason)
        }
        let best = graded.max { $0.0 < $1.0 } ?? (.high, nil)
        let local = occurrences.allSatisfy(\.match.local)
        var severity = rule.severity
        if local || (best.0 == .low && PathKind(first.place.path).label != nil) { severity = min(severity, .low) }
        let otherPlaces = occurrences.dropFirst().map { occurrence in
            Location(path: occurrence.place.path, line: occurrence.match.line, column: occurrence.match.column,
                     endLine: occurrence.match.endLine, commit: occurrence.place.commit, author: occurrence.place.author,
                     date: occurrence.place.date)
        }
        return Finding(
            ruleID: rule.id,
            title: rule.title,
            message: message + ".",
            severity: severity,
            pillars: rule.pillars,
            location: Location(path: first.place.path, line: first.match.line, column: first.match.column,
                               endLine: first.match.endLine, commit: first.place.commit, author: first.place.author,
                               date: first.place.date),
            evidence: evidence,
            remediation: rule.remediation,
            references: rule.references,
            fingerprint: SecretFinding.fingerprint(sha256: sha256),
            confidence: best.0,
            reason: best.1,
            otherLocations: otherPlaces.isEmpty ? nil : otherPlaces.uniqued())
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

extension ScanOutcome {
    /// One finding per incident.
    public func findings(detector: Detector) -> [Finding] {
        incidents.compactMap { incident in detector.rule(id: incident.ruleID).map { incident.finding(rule: $0) } }
    }
}
