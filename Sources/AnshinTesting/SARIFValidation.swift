import Foundation

/// Validation of SARIF documents against the OASIS SARIF 2.1.0 JSON schema (Draft 4), for tests.
///
/// The schema check runs in Python's `jsonschema` (`Draft4Validator`), the reference
/// implementation the SARIF schema is published for, rather than in a hand-written Swift subset.
/// A missing `python3` or `jsonschema` is reported as an error, never as a pass, so a machine
/// without them cannot turn conformance tests green.
public enum SARIFValidation {
    /// The schema kept with the report tests: `Tests/AnshinReportsTests/Fixtures/sarif-schema-2.1.0.json`,
    /// found from this source file's path so any test target can use it.
    public static var defaultSchema: URL {
        schema(filePath: #filePath)
    }

    static func schema(filePath: String) -> URL {
        // This file is <root>/Sources/AnshinTesting/SARIFValidation.swift.
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/AnshinReportsTests/Fixtures/sarif-schema-2.1.0.json")
    }

    /// The schema violations in `sarif` checked against the package's copy of the SARIF schema;
    /// empty when the document is valid.
    public static func errors(in sarif: String) -> [String] {
        errors(in: sarif, schema: defaultSchema)
    }

    /// The schema violations in `sarif` checked against `schema`, one message per violation
    /// (`<JSON pointer>: <message>`); empty when the document is valid.
    public static func errors(in sarif: String, schema: URL) -> [String] {
        guard FileManager.default.fileExists(atPath: schema.path) else {
            return ["SARIF schema not found at \(schema.path)"]
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("anshin-sarif-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = directory.appendingPathComponent("document.sarif")
        let output = directory.appendingPathComponent("stdout")
        let diagnostics = directory.appendingPathComponent("stderr")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(sarif.utf8).write(to: document)
            for file in [output, diagnostics] {
                guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                    return ["cannot create \(file.path)"]
                }
            }
        } catch {
            return ["cannot write temporary files: \(error)"]
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path, document.path]
        do {
            let outputHandle = try FileHandle(forWritingTo: output)
            let diagnosticsHandle = try FileHandle(forWritingTo: diagnostics)
            defer {
                try? outputHandle.close()
                try? diagnosticsHandle.close()
            }
            process.standardOutput = outputHandle
            process.standardError = diagnosticsHandle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            return ["cannot run python3: \(error)"]
        }

        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let lines = printed.split(separator: "\n").map(String.init)
        guard process.terminationStatus == 0 else {
            let stderr = ((try? String(contentsOf: diagnostics, encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let reason = ([stderr] + lines).filter { !$0.isEmpty }.joined(separator: "; ")
            return ["SARIF validation could not run (python3 exited with status \(process.terminationStatus)): \(reason)"]
        }
        return lines
    }

    /// Prints one line per violation, sorted by location, and exits non-zero when it cannot validate.
    static let script = """
    import json, sys
    sys.stdout.reconfigure(encoding="utf-8")
    try:
        import jsonschema
    except ImportError:
        print("the Python module jsonschema is not installed (pip install jsonschema)")
        sys.exit(3)
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    try:
        with open(sys.argv[2], encoding="utf-8") as f:
            document = json.load(f)
    except ValueError as error:
        print("/: not valid JSON: " + str(error).replace("\\n", " "))
        sys.exit(0)
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        sys.stdout.write(pointer + ": " + error.message.replace("\\n", " ") + "\\n")
    """
}
