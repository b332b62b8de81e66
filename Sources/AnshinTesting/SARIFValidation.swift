import Foundation

/// Validation of SARIF documents against the OASIS SARIF 2.1.0 JSON schema (Draft 4), for tests.
///
/// The schema is kept with the report tests (`Tests/AnshinReportsTests/Fixtures/sarif-schema-2.1.0.json`)
/// and checked by ``SchemaValidation`` in Python's `jsonschema`, the implementation the schema is
/// published for.
public enum SARIFValidation {
    /// The package's copy of the SARIF 2.1.0 schema.
    public static var defaultSchema: URL {
        Command.packageRoot.appendingPathComponent("Tests/AnshinReportsTests/Fixtures/sarif-schema-2.1.0.json")
    }

    /// The schema violations in `sarif`; empty when the document is valid.
    public static func errors(in sarif: String) -> [String] {
        errors(in: sarif, schema: defaultSchema)
    }

    /// The schema violations in `sarif` checked against `schema`, one message per violation.
    public static func errors(in sarif: String, schema: URL) -> [String] {
        guard FileManager.default.fileExists(atPath: schema.path) else {
            return ["SARIF schema not found at \(schema.path)"]
        }
        return SchemaValidation.errors(in: sarif, schema: schema, draft: .draft4)
    }
}
