/// Graviton (Arm) equivalents of x86 instance types, keeping the size.
///
/// A family name is a series (`m`, `c`, `r`, `t`), a generation digit and suffix letters for
/// processor and options (`m5ad`: AMD, local disk). Graviton families carry a `g` in the suffix
/// (`t4g`, `m6g`, `c7gn`, `r8g`). x86 families map to the Graviton generation at least as new:
/// up to 5th generation → Graviton2 (`m6g`), 6th (`m6i`) → Graviton3 (`m7g`), 7th and later →
/// Graviton4 (`m8g`); burstable `t2`/`t3`/`t3a` → `t4g`. Only sizes that every Graviton target
/// offers are mapped (up to 16xlarge, no metal), so a suggestion always names a real type;
/// everything else (GPU, accelerator, Mac, storage families) has no equivalent and maps to nil.
enum Graviton {
    /// Sizes offered by every target family (t4g stops at 2xlarge, as t2/t3 do).
    static let sizes: Set<String> = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge",
                                     "8xlarge", "12xlarge", "16xlarge"]

    struct Family: Equatable {
        var series: String
        var generation: Int
        var suffix: String
    }

    /// Parses `m5ad` (or `m7i-flex`) into series `m`, generation 5, suffix `ad`.
    static func parse(family text: String) -> Family? {
        let name = text.hasSuffix("-flex") ? String(text.dropLast("-flex".count)) : text
        let series = name.prefix { $0.isLetter }
        let rest = name.dropFirst(series.count)
        let digits = rest.prefix { $0.isNumber }
        let suffix = rest.dropFirst(digits.count)
        guard !series.isEmpty, let generation = Int(digits), suffix.allSatisfy(\.isLetter) else { return nil }
        return Family(series: String(series), generation: generation, suffix: String(suffix))
    }

    /// Whether the family already runs on Graviton (`a1`, or a `g` after the generation digit).
    static func isGraviton(family text: String) -> Bool {
        guard let family = parse(family: text) else { return false }
        return family.suffix.contains("g") || (family.series == "a" && family.generation == 1)
    }

    /// The Graviton family for an x86 one, or nil. `keepsOptions` carries local disk (`d`) and,
    /// for compute, enhanced networking (`n`) over to the target (`c5d` → `c6gd`, `c6in` → `c7gn`).
    static func equivalent(family text: String, keepsOptions: Bool, maxGeneration: Int = 7) -> String? {
        guard let family = parse(family: text), !isGraviton(family: text) else { return nil }
        switch family.series {
        case "t":
            return [2, 3].contains(family.generation) ? "t4g" : nil
        case "m", "c", "r":
            guard family.generation >= 3, family.generation <= maxGeneration else { return nil }
            let target = min(max(family.generation + 1, 6), 8)
            var suffix = "g"
            if keepsOptions {
                if family.suffix.contains("d") { suffix += "d" }
                if family.series == "c", family.suffix.contains("n") { suffix += "n" }
            }
            return "\(family.series)\(target)\(suffix)"
        default:
            return nil
        }
    }

    /// `m5.large` → `m6g.large`; nil when there is no Graviton type of that size.
    static func ec2(_ type: String) -> String? {
        let parts = type.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, sizes.contains(String(parts[1])),
              let family = equivalent(family: String(parts[0]), keepsOptions: true, maxGeneration: 8) else { return nil }
        return "\(family).\(parts[1])"
    }

    /// `db.t3.medium` → `db.t4g.medium`, `db.r5.large` → `db.r6g.large`.
    static func rds(_ instanceClass: String) -> String? {
        let parts = instanceClass.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "db", parts[2] != "nano", sizes.contains(String(parts[2])),
              let family = equivalent(family: String(parts[1]), keepsOptions: false, maxGeneration: 8) else { return nil }
        return "db.\(family).\(parts[2])"
    }

    /// `cache.r5.large` → `cache.r6g.large`; ElastiCache offers Graviton2 for the 5th-generation and older x86 nodes.
    static func elastiCache(_ nodeType: String) -> String? {
        let parts = nodeType.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "cache", parts[2] != "nano", sizes.contains(String(parts[2])),
              let family = equivalent(family: String(parts[1]), keepsOptions: false, maxGeneration: 5) else { return nil }
        return "cache.\(family).\(parts[2])"
    }
}
