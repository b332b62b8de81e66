import AnshinSecrets

/// The detector shared by tests: compiling the catalog once keeps the suite fast.
enum Support {
    static let detector: Detector = {
        do {
            return try Detector()
        } catch {
            fatalError("the built-in catalog does not compile: \(error)")
        }
    }()

    /// Scan options for tests: binary content is scanned too, so robustness tests reach the engine.
    static let everything = Detector.Options(skipBinary: false)

    static func scan(_ text: String) -> [SecretMatch] {
        detector.scan(text, options: everything)
    }

    /// The text of `match` in `text`.
    static func secret(_ match: SecretMatch, in text: String) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[match.range], as: UTF8.self)
    }
}
