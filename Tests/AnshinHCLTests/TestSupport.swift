import Foundation
@testable import AnshinHCL

/// Parses one expression or fails the test with the parser's message.
func expr(_ source: String) throws -> HCLExpression {
    try HCLFile.parseExpression(source, path: "test.hcl")
}

/// Parses a native file.
func file(_ source: String) throws -> HCLFile {
    try HCLFile.parse(source, path: "test.tf")
}

/// The error a source produces, or nil when it parses.
func parseError(_ source: String) -> HCLError? {
    do {
        _ = try HCLFile.parse(source, path: "bad.tf")
        return nil
    } catch {
        return error
    }
}

/// The value expression of the single attribute `a` in `a = <source>`.
func attributeValue(_ source: String) throws -> HCLExpression {
    let parsed = try file("a = " + source + "\n")
    guard let attribute = parsed.body.attribute("a") else { throw TestFailure("no attribute a") }
    return attribute.expression
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A compact Lisp-like rendering of an expression tree, for asserting structure.
func sexp(_ expression: HCLExpression) -> String {
    switch expression {
    case .literal(let literal):
        switch literal.value {
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    case .template(let template): return "(tpl" + template.parts.map { " " + sexp($0) }.joined() + ")"
    case .variable(let variable): return variable.name
    case .functionCall(let call):
        return "(\(call.name)" + call.arguments.map { " " + sexp($0) }.joined() + (call.expandsFinalArgument ? " ..." : "") + ")"
    case .tuple(let tuple): return "[" + tuple.elements.map(sexp).joined(separator: " ") + "]"
    case .object(let object):
        return "{" + object.items.map { "\(sexp($0.key))=\(sexp($0.value))" }.joined(separator: " ") + "}"
    case .forExpression(let node):
        var text = node.producesObject ? "(for-obj " : "(for-tup "
        if let key = node.keyVariable { text += key.value + "," }
        text += node.valueVariable.value + " " + sexp(node.collection) + " "
        if let key = node.keyExpression { text += sexp(key) + "=>" }
        text += sexp(node.valueExpression)
        if node.isGrouping { text += "..." }
        if let condition = node.condition { text += " if " + sexp(condition) }
        return text + ")"
    case .index(let index): return "(\(index.isLegacy ? "." : "[]") \(sexp(index.collection)) \(sexp(index.key)))"
    case .getAttribute(let get): return "(. \(sexp(get.object)) \(get.name))"
    case .splat(let splat): return "(\(splat.kind == .full ? "[*]" : ".*") \(sexp(splat.source)) \(sexp(splat.each)))"
    case .splatElement: return "@"
    case .unary(let unary): return "(\(unary.op.rawValue) \(sexp(unary.operand)))"
    case .binary(let binary): return "(\(binary.op.rawValue) \(sexp(binary.lhs)) \(sexp(binary.rhs)))"
    case .conditional(let node): return "(? \(sexp(node.condition)) \(sexp(node.trueResult)) \(sexp(node.falseResult)))"
    case .parenthesized(let node): return "(paren \(sexp(node.expression)))"
    }
}

func sexp(_ part: TemplatePart) -> String {
    switch part {
    case .literal(let literal): return "\"\(literal.value)\""
    case .interpolation(let interpolation): return "${\(sexp(interpolation.expression))}"
    case .ifDirective(let node):
        let elsePart = node.elseParts.map { " else" + $0.map { " " + sexp($0) }.joined() } ?? ""
        return "%{if \(sexp(node.condition))" + node.thenParts.map { " " + sexp($0) }.joined() + elsePart + "}"
    case .forDirective(let node):
        let names = (node.keyVariable.map { $0.value + "," } ?? "") + node.valueVariable.value
        return "%{for \(names) \(sexp(node.collection))" + node.body.map { " " + sexp($0) }.joined() + "}"
    }
}

/// The literal value of a template expression, or nil.
func literalText(_ expression: HCLExpression) -> String? {
    if case .template(let template) = expression { return template.literalValue }
    return nil
}

/// `line:column` of a location, for compact assertions.
func lc(_ location: SourceLocation) -> String { "\(location.line):\(location.column)" }

/// The text a range covers in the source.
func slice(_ source: String, _ range: SourceRange) -> String {
    let bytes = Array(source.utf8)
    return String(decoding: bytes[range.start.offset..<range.end.offset], as: UTF8.self)
}

/// The fixtures folder copied into the test bundle.
let fixturesURL: URL = {
    if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) { return url }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
}()

/// The files of one fixture folder, sorted by name.
func fixtures(_ folder: String) -> [String] {
    let directory = fixturesURL.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted()
}

/// The bytes of one fixture.
func fixtureBytes(_ folder: String, _ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: fixturesURL.appendingPathComponent(folder).appendingPathComponent(name)))
}
