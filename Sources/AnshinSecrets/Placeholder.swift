/// Recognises values that only look like secrets: documentation placeholders, templates and
/// references to a secret kept elsewhere. These are the bulk of a naive scanner's noise.
public enum Placeholder {
    /// Words that mark a made-up value wherever they appear in it (compared in lower case).
    static let stopWords: [[UInt8]] = [
        "example", "sample", "placeholder", "changeme", "change_me", "change-me", "changethis",
        "dummy", "redacted", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "yourpass",
        "xxxx", "****", "...", "<", ">", "${", "{{", "}}", "todo", "fixme", "insert_", "insert-",
        "replace_", "replace-", "replaceme", "notreal", "not_real", "not-real", "fake", "lorem",
        "qwerty", "omitted", "correcthorse",
    ].map { Array($0.utf8) }

    /// Values a generic assignment often holds that are not secrets (compared in lower case).
    static let weakValues: Set<[UInt8]> = Set([
        "password", "passwd", "secret", "token", "null", "nil", "none", "true", "false", "undefined",
        "string", "required", "optional", "empty", "default", "hidden", "unknown", "invalid", "value",
        "bearer", "basic", "admin", "root", "guest", "user", "username", "test", "testing", "demo",
        "foobar", "secret123", "password1", "password123", "pass123", "mypassword", "mysecret",
        "letmein", "welcome", "notasecret", "secure", "ignored",
        // The word "password" in the languages a locale file translates it to.
        "wachtwoord", "passwort", "kennwort", "contrasena", "contraseña", "motdepasse", "senha", "parola",
        "lösenord", "losenord", "salasana", "heslo", "haslo", "hasło", "jelszo", "jelszó", "adgangskode",
    ].map { Array($0.utf8) })

    /// Markers of a value that is a reference, template or expression rather than a literal
    /// (compared in lower case).
    static let referenceMarkers: [[UInt8]] = [
        "${", "{{", "}}", "$(", "#{", "%(", "%s", "%v", "%d", "process.env", "os.environ", "getenv",
        "environ[", "env(", "env.", "env[", ".values.", "secrets.", "vault:", "ssm:", "secretsmanager",
        "getproperty", "var.", "local.", "module.", "data.", "each.value", "params.", "self.",
        "this.", "props.", "config.", "settings.", "options.", "!ref", "!sub", "fn::", "resolve:",
        "lookup(", "file(", "os.", "sys.", "?.",
    ].map { Array($0.utf8) }

    /// Whether `value` is a placeholder or an obviously fake value.
    public static func isPlaceholder(_ value: [UInt8]) -> Bool {
        let lower = lowercased(value)
        if stopWords.contains(where: { lower.contains($0) }) { return true }
        if longestRun(value) >= 6 { return true }
        // `123456`, `abcdef` make up a value only when they are most of it: `gitnavi123456` is a
        // password built the way people build them.
        let sequence = longestSequence(lower)
        if sequence >= 8 || (sequence >= 6 && sequence * 2 > value.count) { return true }
        if value.count >= 12 && Set(value).count < 5 { return true }
        return false
    }

    /// Whether `value` refers to a secret held elsewhere: a variable, template, environment or
    /// secret-store lookup, an expression or a dotted identifier path.
    public static func isReference(_ value: [UInt8]) -> Bool {
        guard let first = value.first else { return true }
        if "$%@!&*#{<".utf8.contains(first) { return true }
        let lower = lowercased(value)
        if referenceMarkers.contains(where: { lower.contains($0) }) { return true }
        if value.last == UInt8(ascii: ")") && value.contains(UInt8(ascii: "(")) { return true }
        return isIdentifierPath(value)
    }

    /// Whether `value`, lower-cased, is one of the words generic assignments hold when they do not
    /// hold a secret (`password = "password"`, `token: bearer`).
    public static func isWeakValue(_ value: [UInt8]) -> Bool {
        weakValues.contains(lowercased(value))
    }

    /// `a.b.c` made of identifiers: the shape of a variable path, not of a secret.
    static func isIdentifierPath(_ value: [UInt8]) -> Bool {
        var segments = 1
        var atSegmentStart = true
        for byte in value {
            if byte == UInt8(ascii: ".") {
                if atSegmentStart { return false }
                segments += 1
                atSegmentStart = true
                continue
            }
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if atSegmentStart {
                guard letter || byte == UInt8(ascii: "_") else { return false }
            } else {
                guard letter || digit || byte == UInt8(ascii: "_") else { return false }
            }
            atSegmentStart = false
        }
        return segments >= 2 && !atSegmentStart
    }

    /// ASCII lower case; other bytes unchanged.
    static func lowercased(_ value: [UInt8]) -> [UInt8] {
        value.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
    }

    /// The length of the longest run of one repeated byte.
    static func longestRun(_ value: [UInt8]) -> Int {
        var best = 0, current = 0
        var previous: UInt8?
        for byte in value {
            current = byte == previous ? current + 1 : 1
            previous = byte
            best = max(best, current)
        }
        return best
    }

    /// The length of the longest run of consecutive letters or digits, ascending or descending
    /// (`123456`, `abcdef`, `987654`).
    static func longestSequence(_ value: [UInt8]) -> Int {
        var best = 1, up = 1, down = 1
        guard value.count > 1 else { return value.count }
        for index in 1..<value.count {
            let (a, b) = (value[index - 1], value[index])
            let alnum = isAlphanumeric(a) && isAlphanumeric(b)
            up = alnum && b == a &+ 1 ? up + 1 : 1
            down = alnum && a == b &+ 1 ? down + 1 : 1
            best = max(best, up, down)
        }
        return best
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array.
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        let last = count - needle.count
        while index <= last {
            if self[index] == first {
                var matched = true
                for offset in 1..<needle.count where self[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }
}
