/// Turns a rule's expression into its Vectorscan prefilter form.
///
/// Vectorscan unrolls bounded repeats, so `[A-Za-z0-9]{100,2000}` makes a large, slow database. A prefilter only has to match
/// a superset of what confirmation accepts, so every repeat whose bounds exceed ``limit`` is
/// relaxed: `{a,b}` becomes `{min(a, limit),}`. Confirmation still applies the exact bounds.
enum Prefilter {
    /// The largest bound kept as written.
    static let limit = 64

    /// `expression` with its large bounded repeats relaxed.
    static func relax(_ expression: String, limit: Int = Prefilter.limit) -> String {
        let characters = Array(expression)
        var out = ""
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\" && index + 1 < characters.count {
                out.append(character)
                out.append(characters[index + 1])
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
                out.append(character)
                index += 1
                continue
            }
            if character == "[" {
                inClass = true
                out.append(character)
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if index + 1 < characters.count && characters[index + 1] == "^" {
                    out.append("^")
                    index += 1
                }
                if index + 1 < characters.count && characters[index + 1] == "]" {
                    out.append("]")
                    index += 1
                }
                index += 1
                continue
            }
            if character == "{", let (lower, upper, end) = quantifier(characters, from: index) {
                if lower > limit || (upper ?? 0) > limit {
                    out += "{\(min(lower, limit)),}"
                } else {
                    out += String(characters[index...end])
                }
                index = end + 1
                continue
            }
            out.append(character)
            index += 1
        }
        return out
    }

    /// Parses `{a}`, `{a,}` or `{a,b}` at `start`: the bounds and the index of the closing brace.
    private static func quantifier(_ characters: [Character], from start: Int) -> (Int, Int?, Int)? {
        var index = start + 1
        var lower = ""
        while index < characters.count, characters[index].isNumber {
            lower.append(characters[index])
            index += 1
        }
        guard let lowerValue = Int(lower), index < characters.count else { return nil }
        if characters[index] == "}" { return (lowerValue, lowerValue, index) }
        guard characters[index] == "," else { return nil }
        index += 1
        var upper = ""
        while index < characters.count, characters[index].isNumber {
            upper.append(characters[index])
            index += 1
        }
        guard index < characters.count, characters[index] == "}" else { return nil }
        return (lowerValue, upper.isEmpty ? nil : Int(upper), index)
    }
}
