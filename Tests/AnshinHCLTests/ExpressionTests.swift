import Testing
@testable import AnshinHCL

@Suite("Expressions")
struct ExpressionTests {
    @Test("Every expression form has the expected structure", arguments: [
        ("1", "1"),
        ("1.5e3", "1.5e3"),
        ("true", "true"),
        ("null", "null"),
        ("var.region", "(. var region)"),
        ("aws_s3_bucket.logs.id", "(. (. aws_s3_bucket logs) id)"),
        ("a[0]", "([] a 0)"),
        ("a.0", "(. a 0)"),
        ("a.0.1.b", "(. (. (. a 0) 1) b)"),
        ("a[\"k\"].b", "(. ([] a (tpl \"k\")) b)"),
        ("a.*.b.c", "(.* a (. (. @ b) c))"),
        ("a.*.b[0]", "([] (.* a (. @ b)) 0)"),
        ("a[*].b[0]", "([*] a ([] (. @ b) 0))"),
        ("a[*]", "([*] a @)"),
        ("a.*", "(.* a @)"),
        ("a[*].b[*].c", "([*] a ([*] (. @ b) (. @ c)))"),
        ("f()", "(f)"),
        ("f(1, 2)", "(f 1 2)"),
        ("f(1,\n 2,\n)", "(f 1 2)"),
        ("f(xs...)", "(f xs ...)"),
        ("f(a, xs...)", "(f a xs ...)"),
        ("provider::aws::arn_parse(x)", "(provider::aws::arn_parse x)"),
        ("[]", "[]"),
        ("[1, 2,]", "[1 2]"),
        ("[\n1,\n2\n]", "[1 2]"),
        ("{}", "{}"),
        ("{ a = 1, \"b\" : 2 }", "{a=1 (tpl \"b\")=2}"),
        ("{\n a = 1\n b = 2\n}", "{a=1 b=2}"),
        ("{ (k) = 1 }", "{(paren k)=1}"),
        ("{ a.b = 1 }", "{(. a b)=1}"),
        ("[for x in xs : x]", "(for-tup x xs x)"),
        ("[for i, x in xs : x if i > 0]", "(for-tup i,x xs x if (> i 0))"),
        ("{for k, v in m : k => v}", "(for-obj k,v m k=>v)"),
        ("{for k, v in m : v.group => k... if v.on}", "(for-obj k,v m (. v group)=>k... if (. v on))"),
        ("[\n for x in xs :\n x\n]", "(for-tup x xs x)"),
        ("f(\n[for x in xs : x],\n{for k, v in m : k => v}\n)", "(f (for-tup x xs x) (for-obj k,v m k=>v))"),
        ("[\n{for k, v in m : k => v},\n[for x in xs : x]\n]", "[(for-obj k,v m k=>v) (for-tup x xs x)]"),
        ("{ for = 1, in = 2 }", "{for=1 in=2}"),
        ("!a", "(! a)"),
        ("-a", "(- a)"),
        ("!!a", "(! (! a))"),
        ("-1", "(- 1)"),
        ("a ? b : c", "(? a b c)"),
        ("a ? b : c ? d : e", "(? a b (? c d e))"),
        ("(a)", "(paren a)"),
        ("(\n a\n +\n b\n)", "(paren (+ a b))"),
        ("\"x\"", "(tpl \"x\")"),
        ("[for]", "[for]"),
    ])
    func forms(source: String, expected: String) throws {
        #expect(sexp(try expr(source)) == expected)
    }

    @Test("Binary operators follow HCL precedence and associate to the left", arguments: [
        ("a || b && c", "(|| a (&& b c))"),
        ("a && b || c", "(|| (&& a b) c)"),
        ("a == b && c != d", "(&& (== a b) (!= c d))"),
        ("a < b == c >= d", "(== (< a b) (>= c d))"),
        ("a + b < c * d", "(< (+ a b) (* c d))"),
        ("a + b * c", "(+ a (* b c))"),
        ("a * b + c", "(+ (* a b) c)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b % c * d", "(* (% (/ a b) c) d)"),
        ("(a + b) * c", "(* (paren (+ a b)) c)"),
        ("-a * b", "(* (- a) b)"),
        ("!a && b", "(&& (! a) b)"),
        ("a > 1 ? x + 1 : y", "(? (> a 1) (+ x 1) y)"),
        ("a <= b", "(<= a b)"),
        ("a || b || c", "(|| (|| a b) c)"),
        ("1 + 2 * 3 - 4 / 5 % 6", "(- (+ 1 (* 2 3)) (% (/ 4 5) 6))"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(sexp(try expr(source)) == expected)
    }

    @Test("Operator precedence levels match the spec")
    func precedenceLevels() {
        #expect(BinaryOperator.or.precedence < BinaryOperator.and.precedence)
        #expect(BinaryOperator.and.precedence < BinaryOperator.equal.precedence)
        #expect(BinaryOperator.equal.precedence < BinaryOperator.less.precedence)
        #expect(BinaryOperator.less.precedence < BinaryOperator.add.precedence)
        #expect(BinaryOperator.add.precedence < BinaryOperator.multiply.precedence)
        #expect(BinaryOperator.allCases.count == 13)
    }

    @Test("Ranges are exact for nested nodes")
    func ranges() throws {
        let source = "a = foo(var.x[0], [for k, v in m : v if v != null]...) ? \"y\" : 1.5\n"
        let parsed = try file(source)
        let attribute = try #require(parsed.body.attribute("a"))
        #expect(slice(source, attribute.range) == String(source.dropLast()))
        guard case .conditional(let conditional) = attribute.expression,
              case .functionCall(let call) = conditional.condition else {
            Issue.record("expected a conditional over a call")
            return
        }
        #expect(slice(source, call.range) == "foo(var.x[0], [for k, v in m : v if v != null]...)")
        #expect(slice(source, call.nameRange) == "foo")
        #expect(lc(call.range.start) == "1:5")
        #expect(slice(source, call.arguments[0].range) == "var.x[0]")
        #expect(slice(source, call.arguments[1].range) == "[for k, v in m : v if v != null]")
        guard case .forExpression(let forExpression) = call.arguments[1] else {
            Issue.record("expected a for expression")
            return
        }
        #expect(slice(source, try #require(forExpression.condition).range) == "v != null")
        #expect(lc(forExpression.valueVariable.range.start) == "1:27")
        #expect(slice(source, conditional.trueResult.range) == "\"y\"")
        #expect(slice(source, conditional.falseResult.range) == "1.5")
        #expect(conditional.falseResult.range.start == SourceLocation(offset: 63, line: 1, column: 64))
    }

    @Test("Ranges of traversals, splats and legacy indexes")
    func traversalRanges() throws {
        let source = "aws_instance.web.*.private_ip[0]"
        let parsed = try expr(source)
        #expect(slice(source, parsed.range) == source)
        guard case .index(let index) = parsed, case .splat(let splat) = index.collection else {
            Issue.record("expected index of splat")
            return
        }
        #expect(slice(source, splat.range) == "aws_instance.web.*.private_ip")
        #expect(slice(source, splat.source.range) == "aws_instance.web")
        guard case .getAttribute(let get) = splat.each, case .splatElement(let element) = get.object else {
            Issue.record("expected attribute of the splat element")
            return
        }
        #expect(slice(source, element) == ".*")
        #expect(slice(source, get.nameRange) == "private_ip")

        let legacy = "x.0.1"
        guard case .index(let outer) = try expr(legacy), case .index(let inner) = outer.collection else {
            Issue.record("expected two legacy indexes")
            return
        }
        #expect(outer.isLegacy && inner.isLegacy)
        #expect(slice(legacy, outer.key.range) == "1")
        #expect(slice(legacy, inner.key.range) == "0")
        #expect(slice(legacy, inner.range) == "x.0")
    }

    @Test("Columns count Unicode scalars, offsets count bytes")
    func unicodeColumns() throws {
        let source = "a = \"日本\" + b\n"
        let value = try #require(try file(source).body.attribute("a")).expression
        guard case .binary(let binary) = value else {
            Issue.record("expected a binary operation")
            return
        }
        #expect(lc(binary.rhs.range.start) == "1:12")
        #expect(binary.rhs.range.start.offset == 15)
    }

    @Test("Object keys: bare identifiers are literal, parentheses force evaluation")
    func objectKeys() throws {
        guard case .object(let object) = try expr("{ a = 1, \"b\" = 2, (c) = 3, 4 = 5, true = 6 }") else {
            Issue.record("expected an object")
            return
        }
        #expect(object.items.map(\.literalKey) == ["a", "b", nil, "4", "true"])
    }

    @Test("A template wrapping one interpolation unwraps to its expression")
    func unwrap() throws {
        guard case .template(let template) = try expr("\"${var.tags}\"") else {
            Issue.record("expected a template")
            return
        }
        #expect(template.unwrappedInterpolation.map(sexp) == "(. var tags)")
        guard case .template(let mixed) = try expr("\"x-${var.tags}\"") else { return }
        #expect(mixed.unwrappedInterpolation == nil)
    }

    @Test("Newlines end an attribute except inside brackets")
    func newlines() throws {
        let parsed = try file("a = [\n  1,\n  2,\n]\nb = f(\n  1\n)\nc = (\n  1 +\n  2\n)\nd = 1\n")
        #expect(parsed.body.attributes.map(\.name) == ["a", "b", "c", "d"])
        #expect(parseError("a = 1 +\n  2\n") != nil)
    }

    @Test("Children enumerate subexpressions")
    func children() throws {
        let parsed = try expr("f(a, b.c ? [d] : { e = g })")
        var count = 0
        func walk(_ expression: HCLExpression) {
            count += 1
            expression.children.forEach(walk)
        }
        walk(parsed)
        #expect(count == 10)
    }
}
