import Foundation

/// Validation of JSON documents against a JSON Schema with Python's `jsonschema`, for tests.
///
/// A missing `python3` or `jsonschema` is an error message, never a pass.
public enum SchemaValidation {
    public enum Draft: String, Sendable {
        case draft4 = "Draft4Validator"
        case draft202012 = "Draft202012Validator"
    }

    /// The anshin JSON report schema, `docs/schema/report-v1.json`.
    public static var reportSchema: URL { Command.packageRoot.appendingPathComponent("docs/schema/report-v1.json") }

    /// One message per violation (`<JSON pointer>: <message>`); empty when `document` is valid.
    public static func errors(in document: String, schema: URL, draft: Draft) -> [String] {
        let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 has no jsonschema module (pip install jsonschema)")
            sys.exit(2)
        schema = json.load(open(sys.argv[1]))
        try:
            document = json.loads(sys.stdin.read())
        except ValueError as error:
            print("not JSON: %s" % error)
            sys.exit(0)
        for error in sorted(jsonschema.\(draft.rawValue)(schema).iter_errors(document), key=lambda e: list(e.absolute_path)):
            print("/" + "/".join(str(p) for p in error.absolute_path) + ": " + error.message)
        """
        do {
            let result = try Command.run("python3", ["-c", script, schema.path], stdin: document)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            guard result.status == 0 else {
                return ["schema validation could not run (status \(result.status)): \(result.stderr) \(lines.joined(separator: "; "))"]
            }
            return lines
        } catch {
            return ["cannot run python3: \(error)"]
        }
    }
}
