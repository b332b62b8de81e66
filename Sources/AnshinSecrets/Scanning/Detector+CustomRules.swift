import AnshinCore

extension SecretRule {
    /// A team's own rule from `anshin.yml`, with the same checks as built-in token rules: no
    /// placeholder, and the minimum entropy when the rule sets one.
    public init(custom: CustomSecretRule) {
        var checks: [Check] = [.notPlaceholder]
        if let bits = custom.minimumEntropy { checks.append(.minEntropy(bits)) }
        self.init(
            id: custom.id, title: custom.title, severity: custom.severity, pattern: custom.pattern,
            extractor: .regex(custom.pattern), checks: checks, keywords: custom.keywords,
            keywordRadius: custom.keywords.isEmpty ? 0 : 96, specificity: .contextual,
            remediation: custom.remediation ?? "Revoke the credential where it was issued, issue a new one and keep it in a secret store (SSM Parameter Store, Secrets Manager, the CI's secrets), not in the repository.",
            samples: { _ in custom.samples }, negatives: { _ in custom.negatives })
    }
}

extension Detector {
    /// The built-in rules plus a team's own, each proven against its samples: a custom rule that
    /// does not compile, misses a sample or finds a negative is a ``ConfigurationError`` naming
    /// the rule's line in `anshin.yml`.
    public static func including(_ custom: [CustomSecretRule]) throws(ConfigurationError) -> Detector {
        func error(_ rule: CustomSecretRule, _ message: String) -> ConfigurationError {
            ConfigurationError(path: rule.file, line: rule.line, field: "secrets.rules.\(rule.id)", message: message)
        }
        let builtIn = Set(RuleCatalog.all.map(\.id))
        for rule in custom where builtIn.contains(rule.id) {
            throw error(rule, "\"\(rule.id)\" is the id of a built-in rule; choose another")
        }
        let detector: Detector
        do {
            detector = try Detector(rules: RuleCatalog.all + custom.map(SecretRule.init(custom:)))
        } catch let failure {
            if let rule = custom.first(where: { $0.id == failure.ruleID }) { throw error(rule, failure.message) }
            throw ConfigurationError(path: EnvironmentCatalog.fileName, field: "secrets.rules", message: failure.description)
        }
        for rule in custom {
            do {
                try detector.compileExpression(ofRule: rule.id)
            } catch let failure {
                throw error(rule, failure.message)
            }
            for (index, sample) in rule.samples.enumerated()
            where !detector.scan(sample, options: Options(skipBinary: false, honourAllowComments: false)).contains(where: { $0.ruleID == rule.id }) {
                throw error(rule, "the rule does not find its sample #\(index + 1); fix the pattern or the sample")
            }
            for (index, negative) in rule.negatives.enumerated()
            where detector.scan(negative, options: Options(skipBinary: false, honourAllowComments: false)).contains(where: { $0.ruleID == rule.id }) {
                throw error(rule, "the rule finds its negative #\(index + 1); tighten the pattern or add an entropy minimum")
            }
        }
        return detector
    }
}
