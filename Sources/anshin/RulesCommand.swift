import AnshinAudit
import AnshinCore
import AnshinGitHub
import AnshinLogs
import AnshinReports
import AnshinRibbon
import AnshinSecrets
import AnshinTerraform
import ArgumentParser
import Foundation

/// Every rule and check anshin has, from every capability.
enum RuleIndex {
    static var all: [RuleDescription] {
        (CheckCatalog.rules + RuleCatalog.rules + OrganizationCheckCatalog.rules + RibbonCheck.descriptions
            + TerraformDoctor.rules + LogVolume.rules + [RuleDescription.suppressionExpired])
            .sorted { $0.id < $1.id }
    }

    /// The sources rules name, for `--source`.
    static let sources = ["terraform", "live", "secrets", "github", "ribbon", "tf-doctor", "logs", "drift", "anshin"]
}

extension Pillar: ExpressibleByArgument {
    /// A pillar by its name (`security`, `opex`), in any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// `anshin rules`: every rule and check, filterable, as a table or JSON.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule and check: id, severity, pillars, where it runs (Terraform, live AWS, secrets, GitHub, …).",
        discussion: "Filters combine: --source live --pillar security lists the live security checks. 'anshin explain ID' tells everything about one."
    )

    @Option(help: ArgumentHelp("Only rules that run on this source (\(RuleIndex.sources.joined(separator: ", "))); repeatable.",
                               valueName: "source"))
    var source: [String] = []

    @Option(help: ArgumentHelp("Only rules of this severity; repeatable.", valueName: "severity"))
    var severity: [Severity] = []

    @Option(help: ArgumentHelp("Only rules of this pillar (\(Pillar.reportOrder.map(\.rawValue).joined(separator: ", "))); repeatable.",
                               valueName: "pillar"))
    var pillar: [Pillar] = []

    @Option(help: ArgumentHelp("Only rules whose id, title or control (CIS:2.1.4, SecurityHub:S3.1) contains this text.",
                               valueName: "text"))
    var grep: String?

    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp("text or json.", valueName: "format"))
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        for name in source where !RuleIndex.sources.contains(name) {
            throw ValidationError("unknown source '\(name)' (sources: \(RuleIndex.sources.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let all = RuleIndex.all
        let filter = RuleListing.Filter(sources: source, severities: severity, pillars: pillar, text: grep)
        let rules = all.filter(filter.admits)
        switch format {
        case .text: print(RuleListing.table(rules, total: all.count), terminator: "")
        case .json: print(RuleListing.json(rules), terminator: "")
        }
    }
}

/// `anshin explain RULE-ID`: what a rule detects, why, where it runs, its controls, its fix, how to suppress it.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a rule or check: what it detects, pillars, severity, Security Hub/CIS controls, the fix, how to suppress it."
    )

    @Argument(help: ArgumentHelp("The rule's id, as reports print it (anshin rules lists them).", valueName: "rule-id"))
    var id: String

    func run() throws {
        let all = RuleIndex.all
        guard let rule = all.first(where: { $0.id == id.lowercased() }) else {
            let near = RuleListing.suggestions(for: id, in: all)
            var message = "no rule '\(id)'"
            if !near.isEmpty { message += "; did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))?" }
            throw ValidationError(message + " ('anshin rules' lists every rule)")
        }
        print(RuleListing.explain(rule), terminator: "")
    }
}
