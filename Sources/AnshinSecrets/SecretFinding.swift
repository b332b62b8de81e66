import AnshinCore

/// Turns secret matches into ``AnshinCore/Finding``s: one incident per secret value, one finding
/// per occurrence.
public enum SecretFinding {
    /// The fingerprint of every occurrence of the secret whose SHA-256 is `sha256`.
    ///
    /// It depends on the secret only, not on the rule, the file or the line, so that the same
    /// key pasted in three files (or found by two rules) is one incident to triage and revoke.
    public static func fingerprint(sha256: String) -> String {
        Fingerprint.make(ruleID: "secret", components: ["sha256=\(sha256)"])
    }

    /// The finding for `match`, found by `rule` at `path` (relative to the scanned folder) and,
    /// for history scans, in `commit` by `author` on `date`.
    public static func finding(for match: SecretMatch, rule: SecretRule, path: String, commit: String? = nil,
                               author: String? = nil, date: String? = nil) -> Finding {
        var message = "\(rule.title) at \(path):\(match.line)"
        var evidence = match.evidence
        if let partner = match.partner {
            message += ", paired with the key id on line \(partner.line)"
            evidence = partner.evidence + " / " + evidence
        }
        return Finding(
            ruleID: rule.id,
            title: rule.title,
            message: message,
            severity: rule.severity,
            pillars: rule.pillars,
            location: Location(path: path, line: match.line, column: match.column, endLine: match.endLine,
                               commit: commit, author: author, date: date),
            evidence: evidence,
            remediation: rule.remediation,
            references: rule.references,
            fingerprintKey: [match.sha256],
            fingerprint: fingerprint(sha256: match.sha256),
            confidence: match.confidence,
            reason: match.reason)
    }
}

extension Detector {
    /// The findings for the secrets in `bytes`, read from `path`.
    public func findings(in bytes: UnsafeRawBufferPointer, path: String, commit: String? = nil,
                         options: Options = Options()) -> [Finding] {
        scan(bytes, options: options).compactMap { match in
            rule(id: match.ruleID).map { SecretFinding.finding(for: match, rule: $0, path: path, commit: commit) }
        }
    }
}
