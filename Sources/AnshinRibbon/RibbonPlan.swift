import AnshinCore
import Foundation

/// Every environment's ribbon as the extension will draw it, defaults applied.
///
/// Defaults come from the environment: the label is its name in capitals; production is red,
/// a staging environment (`stg`, `staging`, `stage`, `preprod`, `uat` in its name) orange, and
/// the others take neutral greys and browns in catalog order, skipping colours already taken,
/// so no two default colours are alike. The label's colour is white or black, whichever stands
/// out more.
public struct RibbonPlan: Sendable, Hashable {
    /// How a shown ribbon looks.
    public struct Appearance: Sendable, Hashable {
        public var label: String
        public var color: RibbonColor
        public var textColor: RibbonColor
        /// Put before the tab title, when configured.
        public var titlePrefix: String?
        /// Which of the above were chosen by anshin rather than written in the catalog.
        public var defaultedColor: Bool
        public var defaultedTextColor: Bool
    }

    /// One environment.
    public struct Entry: Sendable, Hashable {
        public var environment: String
        public var production: Bool
        public var rules: [URLRule]
        /// nil when the ribbon is hidden.
        public var appearance: Appearance?
        /// What the catalog says, before defaults.
        public var configured: Ribbon
    }

    public var entries: [Entry]
    /// The extension's name in the browser.
    public var name: String
    /// The catalog's project name, if any.
    public var project: String?

    public static let productionColor = RibbonColor(hex: "#c62828")!
    public static let stagingColor = RibbonColor(hex: "#ef6c00")!
    /// Neutral colours for environments that are neither production nor staging.
    public static let neutralColors = ["#455a64", "#5d4037", "#37474f", "#6d4c41", "#546e7a", "#4e342e", "#616161", "#3e2723"]
        .compactMap { RibbonColor(hex: $0) }

    /// Resolves `catalog`; a URL that cannot be matched is a configuration error naming it.
    public init(catalog: EnvironmentCatalog) throws(ConfigurationError) {
        project = catalog.project
        name = catalog.ribbon.name ?? (catalog.project.map { "\(Self.capitalised($0)) environment ribbon" } ?? "Environment ribbon")
        var taken = Set<RibbonColor>()
        for environment in catalog.environments {
            if case .shown(let style) = environment.ribbon, let color = style.color.flatMap(RibbonColor.init(hex:)) {
                taken.insert(color)
            }
        }
        var neutral = Self.neutralColors.filter { !taken.contains($0) }.makeIterator()
        var entries: [Entry] = []
        for environment in catalog.environments {
            var rules: [URLRule] = []
            for (index, url) in environment.urls.enumerated() {
                do {
                    rules.append(try URLRule(parsing: url))
                } catch {
                    throw ConfigurationError(path: Self.catalogFile(catalog), field: "environments.\(environment.name).urls[\(index)]",
                                             message: "the ribbon cannot match \(error)")
                }
            }
            let style: RibbonStyle?
            switch environment.ribbon {
            case .automatic: style = RibbonStyle()
            case .hidden: style = nil
            case .shown(let configured): style = configured
            }
            let appearance = style.map { style -> Appearance in
                var defaulted = false
                let color: RibbonColor
                if let configured = style.color.flatMap(RibbonColor.init(hex:)) {
                    color = configured
                } else {
                    defaulted = true
                    color = Self.defaultColor(for: environment) ?? neutral.next() ?? Self.neutralColors[0]
                }
                let text = style.textColor.flatMap(RibbonColor.init(hex:))
                return Appearance(label: style.label ?? environment.name.uppercased(), color: color,
                                  textColor: text ?? color.readableText, titlePrefix: style.titlePrefix,
                                  defaultedColor: defaulted, defaultedTextColor: text == nil)
            }
            entries.append(Entry(environment: environment.name, production: environment.production, rules: rules,
                                 appearance: appearance, configured: environment.ribbon))
        }
        self.entries = entries
    }

    /// Entries whose ribbon is drawn somewhere.
    public var shown: [Entry] { entries.filter { $0.appearance != nil && !$0.rules.isEmpty } }

    /// The environment whose ribbon a page shows (or hides): the most specific rule covering the
    /// URL wins, the first environment in catalog order on a tie. The extension's script makes
    /// the same choice.
    public func entry(for url: URL) -> Entry? {
        var best: (entry: Entry, specificity: [Int])?
        for entry in entries {
            for rule in entry.rules where rule.matches(url) {
                if best.map({ $0.specificity.lexicographicallyPrecedes(rule.specificity) }) ?? true {
                    best = (entry, rule.specificity)
                }
            }
        }
        return best?.entry
    }

    /// The default colour of production and staging environments; nil for the others.
    static func defaultColor(for environment: Environment) -> RibbonColor? {
        if environment.production { return productionColor }
        let words = environment.name.split(whereSeparator: { $0 == "-" || $0 == "_" })
        if words.contains(where: { ["stg", "staging", "stage", "preprod", "uat"].contains($0) }) { return stagingColor }
        return nil
    }

    static func catalogFile(_ catalog: EnvironmentCatalog) -> String {
        if case .file(let file) = catalog.origin { return file }
        return EnvironmentCatalog.fileName
    }

    private static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }
}
