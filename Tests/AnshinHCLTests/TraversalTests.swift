import Testing
@testable import AnshinHCL

@Suite("Traversals and references")
struct TraversalTests {
    @Test("Static traversals", arguments: [
        ("aws_s3_bucket.logs.arn", "aws_s3_bucket.logs.arn"),
        ("var.subnets[0]", "var.subnets[0]"),
        ("var.subnets.0", "var.subnets[0]"),
        ("local.tags[\"Name\"]", "local.tags[\"Name\"]"),
        ("var.list[count.index]", nil),
        ("f(x).y", nil),
        ("a.*.b", nil),
    ] as [(String, String?)])
    func staticTraversal(source: String, expected: String?) throws {
        #expect(try expr(source).staticTraversal?.description == expected)
    }

    @Test("References are the longest static prefixes, in source order")
    func references() throws {
        let source = "merge(var.tags, { Name = \"${local.name}-${var.list[count.index].id}\" }, aws_instance.web[*].id)"
        let references = try expr(source).references
        #expect(references.map(\.description) == ["var.tags", "local.name", "var.list", "count.index", "aws_instance.web"])
        #expect(slice(source, references[2].range) == "var.list")
    }

    @Test("Iterator variables are not references inside their scope")
    func scoping() throws {
        let forExpression = try expr("{for k, v in var.m : k => v.x if v.on && local.enabled}")
        #expect(forExpression.references.map(\.description) == ["var.m", "local.enabled"])
        let directive = try expr("\"%{ for s in var.subnets }${s.id}${each.key}%{ endfor }${s}\"")
        #expect(directive.references.map(\.description) == ["var.subnets", "each.key", "s"])
    }

    @Test("Deep expressions are walked without recursion")
    func deep() throws {
        let levels = HCLFile.maximumNestingDepth - 10
        let source = String(repeating: "[", count: levels) + "var.x" + String(repeating: "]", count: levels)
        #expect(try expr(source).references.map(\.description) == ["var.x"])
    }
}

@Suite("Lexer")
struct LexerTests {
    func kinds(_ source: String, mode: Lexer.Mode = .native) -> [TokenKind] {
        Lexer(bytes: Array(source.utf8), mode: mode).tokens.map(\.kind)
    }

    @Test("Operators and punctuation")
    func operators() {
        #expect(kinds("a == b != c <= d >= e < f > g && h || !i => ... :: ? : . , = + - * / %") == [
            .identifier, .equal, .identifier, .notEqual, .identifier, .lessEqual, .identifier, .greaterEqual,
            .identifier, .less, .identifier, .greater, .identifier, .and, .identifier, .or, .bang, .identifier,
            .fatArrow, .ellipsis, .doubleColon, .question, .colon, .dot, .comma, .assign, .plus, .minus, .star,
            .slash, .percent, .eof,
        ])
    }

    @Test("Numbers, identifiers and comments")
    func words() {
        #expect(kinds("1 1.5 1e3 2.5E-2 0.1.2 a-b _x é # c\n// d\n/* e */") == [
            .number, .number, .number, .number, .number, .dot, .number, .identifier, .identifier, .identifier,
            .newline, .newline, .eof,
        ])
        let lexer = Lexer(bytes: Array("a # one\n/* two */".utf8), mode: .native)
        #expect(lexer.comments.map(\.text) == ["# one", "/* two */"])
    }

    @Test("Templates switch modes and back")
    func templates() {
        #expect(kinds("\"a${b}c%{ if d ~}e\"") == [
            .openQuote, .quotedLiteral, .templateInterp, .identifier, .templateSeqEnd, .quotedLiteral,
            .templateControl, .identifier, .identifier, .templateSeqEnd, .quotedLiteral, .closeQuote, .eof,
        ])
        #expect(kinds("\"${ {a = 1} }\"") == [
            .openQuote, .templateInterp, .openBrace, .identifier, .assign, .number, .closeBrace, .templateSeqEnd,
            .closeQuote, .eof,
        ])
        #expect(kinds("x <<-EOT\n  a ${b}\n  EOT\n") == [
            .identifier, .heredocBegin, .stringLiteral, .templateInterp, .identifier, .templateSeqEnd,
            .stringLiteral, .heredocEnd, .newline, .eof,
        ])
        #expect(kinds("a ${b} $${c}", mode: .template) == [
            .stringLiteral, .templateInterp, .identifier, .templateSeqEnd, .stringLiteral, .eof,
        ])
    }

    @Test("Token positions count lines, Unicode-scalar columns and bytes")
    func positions() {
        let tokens = Lexer(bytes: Array("é = 1\n  bb".utf8), mode: .native).tokens
        #expect(tokens.map { lc($0.range.start) } == ["1:1", "1:3", "1:5", "1:6", "2:3", "2:5"])
        #expect(tokens.map(\.range.start.offset) == [0, 3, 5, 6, 9, 11])
    }

    @Test("The lexer stops at the first lexical error")
    func stops() {
        let lexer = Lexer(bytes: Array("a = 1 & 2 @".utf8), mode: .native)
        #expect(lexer.tokens.map(\.kind) == [.identifier, .assign, .number, .invalid])
        #expect(lexer.errorMessage?.hasPrefix("Invalid character '&'") == true)
    }
}
