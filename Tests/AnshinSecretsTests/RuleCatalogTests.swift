import AnshinCore
import AnshinSecrets
import Foundation
import Testing

/// Every rule, proved against its own samples through the whole Matcher + Detector path.
@Suite struct RuleCatalogTests {
    @Test(arguments: RuleCatalog.all)
    func findsEverySample(rule: SecretRule) {
        #expect(!rule.samples.isEmpty, "a rule needs at least one true-positive sample")
        for sample in rule.samples {
            let matches = Support.scan(sample)
            let mine = matches.filter { $0.ruleID == rule.id }
            #expect(!mine.isEmpty, "\(rule.id) missed its sample #\(rule.samples.firstIndex(of: sample) ?? -1); found \(matches.map(\.ruleID))")
            for match in mine {
                let secret = Support.secret(match, in: sample)
                #expect(!match.evidence.contains(secret), "\(rule.id) evidence shows the secret")
                #expect(match.evidence.contains(Redaction.marker))
            }
        }
    }

    @Test(arguments: RuleCatalog.all)
    func ignoresEveryNegative(rule: SecretRule) {
        for negative in rule.negatives {
            let matches = Support.scan(negative).filter { $0.ruleID == rule.id }
            #expect(matches.isEmpty, "\(rule.id) flagged its negative sample #\(rule.negatives.firstIndex(of: negative) ?? -1)")
        }
    }

    @Test(arguments: RuleCatalog.all)
    func isWellFormed(rule: SecretRule) {
        let kebab = rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
        #expect(kebab && rule.id.hasPrefix("secret-") && !rule.id.hasSuffix("-") && !rule.id.contains("--"))
        #expect(!rule.title.isEmpty)
        #expect(rule.remediation.count > 40)
        #expect(rule.pillars == [.security])
        if let pattern = rule.pattern {
            #expect(Detector.validate(pattern: pattern) == nil)
        } else {
            #expect(rule.pairing != nil, "a rule without a pattern must pair two others")
        }
    }

    @Test func catalogHasAtLeast150Rules() {
        #expect(RuleCatalog.all.count >= 150)
    }

    @Test func idsAreUniqueAndSorted() {
        let ids = RuleCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }

    @Test func samplesAreDeterministic() {
        let a = SampleGenerator(seed: "secret-x"), b = SampleGenerator(seed: "secret-x")
        #expect(a.alnum(40) == b.alnum(40))
        #expect(SampleGenerator(seed: "secret-y").alnum(40) != SampleGenerator(seed: "secret-x").alnum(40))
    }
}
