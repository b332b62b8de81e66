import AnshinCore
import Foundation

/// `anshin ribbon check`: whether the catalog's ribbons do their job, as findings of the
/// operational excellence pillar.
///
/// A ribbon only helps if every environment people work in has one, if no two look alike, if its
/// label can be read, and if production is never left bare by accident.
public enum RibbonCheck {
    /// One rule of the check, with what the report says about it.
    public struct Rule: Sendable {
        public var id: String
        public var title: String
        public var severity: Severity
        public var remediation: String
        public var references: [String]
    }

    public static let missing = Rule(
        id: "ribbon-missing", title: "Environment with URLs has no ribbon configured", severity: .low,
        remediation: "Give the environment a ribbon in anshin.yml, `ribbon: { label: STAGING, color: \"#ef6c00\" }`, or `ribbon: hidden` if customers see its screens. Until then the extension draws a default one.",
        references: [])
    public static let sharedColor = Rule(
        id: "ribbon-shared-color", title: "Two environments' ribbons share a colour", severity: .medium,
        remediation: "Give each environment a colour of its own in anshin.yml (`ribbon: { color: \"#rrggbb\" }`): people tell environments apart by colour before they read the label.",
        references: [])
    public static let lowContrast = Rule(
        id: "ribbon-low-contrast", title: "Ribbon label has too little contrast with its colour", severity: .low,
        remediation: "Pick a darker or lighter ribbon colour, or a text colour with a contrast of at least 4.5:1 (WCAG 2 level AA); leave `text` out and anshin picks white or black, whichever reads better.",
        references: ["https://www.w3.org/WAI/WCAG22/Understanding/contrast-minimum.html"])
    public static let productionHidden = Rule(
        id: "ribbon-production-hidden", title: "Production's ribbon is hidden without a reason", severity: .medium,
        remediation: "Show a ribbon on production (`ribbon: { label: PRODUCTION, color: \"#c62828\" }`): it is the environment where acting by mistake costs most. If hiding it is deliberate, say why: `ribbon: { hidden: true, reason: \"…\" }`.",
        references: [])
    public static let urlConflict = Rule(
        id: "ribbon-url-conflict", title: "Two environments claim the same URL", severity: .medium,
        remediation: "Each URL belongs to one environment: remove the duplicate from anshin.yml, or narrow one of them with a path or port.",
        references: [])
    public static let staleLock = Rule(
        id: "ribbon-lock-stale", title: "The ribbon extension was not rebuilt after the catalog changed", severity: .low,
        remediation: "Run `anshin ribbon build`, publish the new build, and commit .anshin/ribbon.lock.",
        references: [])

    public static let rules = [missing, sharedColor, lowContrast, productionHidden, urlConflict, staleLock]

    /// Every rule as `anshin rules` lists them.
    public static var descriptions: [RuleDescription] {
        rules.map { rule in
            RuleDescription(id: rule.id, title: rule.title, severity: rule.severity, pillars: [.opex], sources: ["ribbon"],
                            scope: rule.id == staleLock.id ? "file" : "environment", references: rule.references,
                            remediation: rule.remediation)
        }
    }

    /// Judges `catalog`; `lock` is the last build's lock, if one was committed.
    public static func evaluate(_ catalog: EnvironmentCatalog, lock: RibbonLock? = nil) throws(ConfigurationError) -> [Finding] {
        let plan = try RibbonPlan(catalog: catalog)
        let file: String? = if case .file(let name) = catalog.origin { name } else { nil }
        func finding(_ rule: Rule, _ environment: String, _ message: String, evidence: String? = nil, key: [String] = []) -> Finding {
            Finding(ruleID: rule.id, title: rule.title, message: message, severity: rule.severity, pillars: [.opex],
                    resource: Resource(kind: "environment", identifier: environment, environment: environment),
                    location: file.map { Location(path: $0) }, evidence: evidence, remediation: rule.remediation,
                    references: rule.references, fingerprintKey: key)
        }
        var findings: [Finding] = []
        var colors: [RibbonColor: String] = [:]
        var claimed: [URLRule: String] = [:]
        for entry in plan.entries {
            let name = entry.environment
            if !entry.rules.isEmpty, entry.configured == .automatic, let appearance = entry.appearance {
                findings.append(finding(missing, name,
                    "\(name) has URLs but no ribbon in the catalog; the extension draws a default one (\(appearance.label), \(appearance.color.hex))."))
            }
            if entry.production, case .hidden(reason: .none) = entry.configured {
                findings.append(finding(productionHidden, name,
                    "\(name) is production, and its ribbon is hidden with no reason given: nothing in the browser says that a page is production."))
            }
            for rule in entry.rules {
                if let owner = claimed[rule] {
                    findings.append(finding(urlConflict, name,
                        "\(rule.description) is listed for both \(owner) and \(name); pages there show \(owner)'s ribbon.", key: [owner, rule.description]))
                } else {
                    claimed[rule] = name
                }
            }
            guard let appearance = entry.appearance, !entry.rules.isEmpty else { continue }
            if let first = colors[appearance.color] {
                findings.append(finding(sharedColor, name,
                    "\(name)'s ribbon has the same colour as \(first)'s (\(appearance.color.hex)), so the two look alike at a glance.",
                    key: [first]))
            } else {
                colors[appearance.color] = name
            }
            let contrast = appearance.textColor.contrast(with: appearance.color)
            if contrast < RibbonColor.minimumContrast {
                findings.append(finding(lowContrast, name,
                    "\(name)'s label (\(appearance.textColor.hex) on \(appearance.color.hex)) has a contrast of \(String(format: "%.2f", contrast)):1; WCAG AA asks for at least 4.5:1.",
                    evidence: "\(appearance.textColor.hex) on \(appearance.color.hex)"))
            }
        }
        if let lock, !plan.shown.isEmpty, let key = Data(base64Encoded: lock.key),
           ExtensionBuild.digest(plan: plan, settings: catalog.ribbon, publicKey: key) != lock.digest {
            findings.append(Finding(
                ruleID: staleLock.id, title: staleLock.title,
                message: "The catalog's ribbons differ from the last build (version \(lock.version) in \(RibbonLock.path)), so browsers still show the old ones.",
                severity: staleLock.severity, pillars: [.opex], resource: Resource(kind: "ribbon-extension", identifier: RibbonLock.path),
                location: Location(path: RibbonLock.path), remediation: staleLock.remediation))
        }
        return findings
    }
}

/// The ribbon check as a capability of `anshin assess`: runs when an environment has URLs.
public struct RibbonCapability: Capability {
    public let name = "ribbon"

    public init() {}

    public func applies(to context: AssessmentContext) -> Bool {
        context.catalog.environments.contains { !$0.urls.isEmpty }
    }

    public func assess(_ context: AssessmentContext) async throws -> CapabilityResult {
        let lock = try RibbonLock.load(root: context.root)
        let count = context.catalog.environments.count
        return CapabilityResult(findings: try RibbonCheck.evaluate(context.catalog, lock: lock),
                                assessed: AssessedScope(count: count, summary: "ribbons of " + AssessedScope.counted(count, "environment")))
    }
}
