import Foundation
import Testing
@testable import AnshinHCL

/// Evaluates one expression with optional variables, locals and lexical names.
func evaluate(_ source: String, variables: [String: Value] = [:], locals: [String: Value] = [:],
              scope: [String: Value] = [:], baseDirectory: String = ".") throws -> Value {
    let expression = try HCLFile.parseExpression(source, path: "test.tf")
    let context = EvaluationContext(variables: variables, locals: locals, scope: scope, baseDirectory: baseDirectory,
                                    filePath: "test.tf")
    return try Evaluator(context: context).evaluate(expression)
}

/// The evaluation error of an expression, or nil when it evaluates.
func evaluationError(_ source: String, variables: [String: Value] = [:], scope: [String: Value] = [:]) -> EvaluationError? {
    do {
        _ = try evaluate(source, variables: variables, scope: scope)
        return nil
    } catch let error as EvaluationError {
        return error
    } catch {
        return EvaluationError(path: "?", range: SourceRange(at: .start), message: "\(error)")
    }
}

/// The repository's `examples/acme`: three folders up from this file (symbolic links resolved, so
/// a package that links the test folder finds the repository's copy).
let acmeDirectory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples/acme")

/// A fixture module directory under `Fixtures/modules/`.
func moduleFixture(_ name: String) -> URL {
    fixturesURL.appendingPathComponent("modules").appendingPathComponent(name)
}
