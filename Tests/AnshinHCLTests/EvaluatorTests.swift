import Testing
@testable import AnshinHCL

@Suite("Evaluator")
struct EvaluatorTests {
    static let variables: [String: Value] = [
        "env": "prd",
        "count": 3,
        "names": .list(["a", "b", "c"]),
        "tags": .map(["Team": "sre", "Env": "prd"]),
        "users": .tuple([.object(["name": "ann", "admin": true]), .object(["name": "bob", "admin": false])]),
        "nothing": .null,
        "later": .unknownValue,
        "later_list": .unknown(.list(.string)),
        "secret": .sensitive("hunter2"),
        "single": .object(["id": "x"]),
    ]

    @Test("Each expression form evaluates as in Terraform", arguments: [
        ("1.5e3", "1500"),
        ("0.1 + 0.2 == 0.3", "false"),
        ("7 / 2", "3.5"),
        ("-7 % 3", "-1"),
        ("2 * 3 + 4 * 5 - 1", "25"),
        ("\"5\" + 1", "6"),
        ("1 == \"1\"", "false"),
        ("[1] == [1]", "true"),
        ("var.names == [\"a\", \"b\", \"c\"]", "false"),
        ("!true || 2 >= 2", "true"),
        ("var.env == \"prd\" ? 3 : 1", "3"),
        ("\"${var.env}-app\"", "\"prd-app\""),
        ("\"${var.count}\"", "3"),
        ("\"n=${var.count}\"", "\"n=3\""),
        ("\"%{ if var.env == \"prd\" }live%{ else }test%{ endif }\"", "\"live\""),
        ("\"%{ for i, n in var.names }${i}${n},%{ endfor }\"", "\"0a,1b,2c,\""),
        ("<<-EOT\n  a ${var.env}\n  EOT\n", "\"a prd\\n\""),
        ("[for n in var.names : upper(n)]", "[\"A\", \"B\", \"C\"]"),
        ("[for i, n in var.names : \"${i}:${n}\" if i != 1]", "[\"0:a\", \"2:c\"]"),
        ("{for k, v in var.tags : lower(k) => v}", "{ env = \"prd\", team = \"sre\" }"),
        ("{for u in var.users : u.admin => u.name...}", "{ false = [\"bob\"], true = [\"ann\"] }"),
        ("var.users[*].name", "[\"ann\", \"bob\"]"),
        ("var.users.*.name", "[\"ann\", \"bob\"]"),
        ("var.single[*].id", "[\"x\"]"),
        ("var.nothing[*].id", "[]"),
        ("var.names[1]", "\"b\""),
        ("var.names.2", "\"c\""),
        ("var.tags[\"Team\"]", "\"sre\""),
        ("var.tags.Env", "\"prd\""),
        ("{ a = 1, \"b-c\" = 2, (var.env) = 3 }", "{ a = 1, \"b-c\" = 2, prd = 3 }"),
        ("concat(var.names, [\"d\"])", "[\"a\", \"b\", \"c\", \"d\"]"),
        ("max(var.names[*]...)", "ERROR"),
        ("path.module", "\".\""),
        ("terraform.workspace", "\"default\""),
        ("local.region", "\"ap-northeast-1\""),
    ])
    func expression(_ source: String, _ expected: String) throws {
        let locals: [String: Value] = ["region": "ap-northeast-1"]
        if expected == "ERROR" {
            #expect(throws: EvaluationError.self) { try evaluate(source, variables: Self.variables, locals: locals) }
            return
        }
        #expect(try evaluate(source, variables: Self.variables, locals: locals).description == expected)
    }

    @Test("Unknown values propagate; a check never sees a guess", arguments: [
        ("var.later + 1", Value.unknown(.number)),
        ("var.later == \"x\"", .unknown(.bool)),
        ("var.later ? 1 : 2", .unknownValue),
        ("\"prefix-${var.later}\"", .unknown(.string)),
        ("[for x in var.later : x]", .unknownValue),
        ("var.later[*].id", .unknownValue),
        ("var.later.id", .unknownValue),
        ("var.later_list[0]", .unknownValue),
        ("false && var.later", false),
        ("true || var.later", true),
        ("true && var.later", .unknown(.bool)),
        ("length([var.later, 1])", 2),
        ("[for x in [1, 2] : x if var.later]", .unknownValue),
        ("{ (var.later) = 1 }", .unknownValue),
        ("var.nothing == null", true),
        ("var.later == null", .unknown(.bool)),
        ("[var.later] == null", false),
    ])
    func unknownPropagation(_ source: String, _ expected: Value) throws {
        #expect(try evaluate(source, variables: Self.variables) == expected)
    }

    @Test("Partial objects: configured attributes known, others unknown")
    func partialObjects() throws {
        let bucket = Value.partial(["bucket": "acme-logs", "id": "acme-logs"])
        let scope: [String: Value] = ["b": bucket, "bs": .tuple([bucket, bucket])]
        #expect(try evaluate("b.bucket", scope: scope) == "acme-logs")
        #expect(try evaluate("b.arn", scope: scope) == .unknownValue)
        #expect(try evaluate("\"${b.arn}/*\"", scope: scope) == .unknown(.string))
        #expect(try evaluate("bs[*].id", scope: scope) == .tuple(["acme-logs", "acme-logs"]))
        #expect(try evaluate("length(bs)", scope: scope) == 2)
        #expect(try evaluate("jsonencode(b)", scope: scope) == .unknownValue)
    }

    @Test("Sensitive values stay marked through operations")
    func sensitivity() throws {
        #expect(try evaluate("\"pw=${var.secret}\"", variables: Self.variables) == .sensitive("pw=hunter2"))
        #expect(try evaluate("var.secret == \"hunter2\"", variables: Self.variables) == .sensitive(true))
        #expect(try evaluate("nonsensitive(var.secret)", variables: Self.variables) == "hunter2")
    }

    @Test("Errors name file, line and column", arguments: [
        ("var.names[5]", "test.tf:1:1: Invalid index: the given key does not identify an element in this collection value (index 5, length 3)"),
        ("var.tags.Owner", "test.tf:1:10: Unsupported attribute: this object does not have an attribute named \"Owner\""),
        ("var.nothing.id", "test.tf:1:13: Attempt to get attribute \"id\" from a null value"),
        ("var.undeclared", "test.tf:1:1: Reference to undeclared input variable: an input variable with the name \"undeclared\" has not been declared"),
        ("\"x${var.nothing}\"", "test.tf:1:5: Invalid template interpolation value: the expression result is null; cannot include a null value in a string template"),
        ("1 / 0", "test.tf:1:1: Division by zero"),
        ("\"a\" * 2", "test.tf:1:1: Invalid operand: unsuitable value: number required, not string"),
        ("{for n in [\"a\", \"a\"] : n => 1}", "test.tf:1:24: Duplicate object key: two different items produced the key \"a\" in this 'for' expression; add an ellipsis (...) after the value to group them"),
        ("[for x in null : x]", "test.tf:1:11: Iteration over null value: a null value cannot be used as the collection in a 'for' expression"),
        ("count.index", "test.tf:1:1: Reference to \"count\" in non-counted context: \"count\" is only available in blocks that set the count argument"),
        ("each.key", "test.tf:1:1: Reference to \"each\" in context without for_each: \"each\" is only available in blocks that set the for_each argument"),
        ("nope", "test.tf:1:1: Unknown variable: there is no variable named \"nope\""),
        ("toset([1])[0]", "test.tf:1:1: Invalid index: elements of a set are identified only by their value and cannot be looked up by index"),
    ])
    func errors(_ source: String, _ message: String) {
        #expect(evaluationError(source, variables: Self.variables)?.description == message)
    }

    @Test("Numbers: integers exact, fractions shortest, no exponent form", arguments: [
        ("9007199254740993", "9007199254740993"),
        ("1e20", "100000000000000000000"),
        ("1e-7", "0.0000001"),
        ("1/3", "0.3333333333333333"),
        ("-0.5 * 3", "-1.5"),
        ("tostring(2.50)", "\"2.5\""),
    ])
    func numbers(_ source: String, _ expected: String) throws {
        #expect(try evaluate(source).description == expected)
    }

    @Test("Type conversion follows Terraform", arguments: [
        (Value.string("12"), ValueType.number, "12"),
        (Value.string("true"), ValueType.bool, "true"),
        (Value.int(5), ValueType.string, "\"5\""),
        (Value.tuple(["a", 1, true]), ValueType.list(.string), "tolist([\"a\", \"1\", \"true\"])"),
        (Value.tuple(["b", "a", "b"]), ValueType.set(.string), "toset([\"a\", \"b\"])"),
        (Value.object(["a": 1]), ValueType.map(.string), "tomap({ a = \"1\" })"),
        (Value.object(["name": "x"]), ValueType.object(["name": .string, "size": .number], optional: ["size": 10]), "{ name = \"x\", size = 10 }"),
        (Value.null, ValueType.string, "null"),
        (Value.unknownValue, ValueType.string, "(known after apply)"),
    ])
    func conversion(_ value: Value, _ type: ValueType, _ expected: String) throws {
        #expect(try value.converted(to: type).description == expected)
    }

    @Test("Conversion errors read as Terraform's")
    func conversionErrors() {
        #expect(throws: ConversionError("cannot convert \"abc\" to number; given string must be a decimal representation of a number")) {
            try Value.string("abc").converted(to: .number)
        }
        #expect(throws: ConversionError("attribute \"name\" is required")) {
            try Value.object([:]).converted(to: .object(["name": .string]))
        }
    }
}
