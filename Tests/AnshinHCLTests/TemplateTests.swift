import Testing
@testable import AnshinHCL

@Suite("Templates")
struct TemplateTests {
    @Test("Template structure", arguments: [
        ("\"\"", "(tpl)"),
        ("\"abc\"", "(tpl \"abc\")"),
        ("\"a${b}c\"", "(tpl \"a\" ${b} \"c\")"),
        ("\"${a}${b}\"", "(tpl ${a} ${b})"),
        ("\"${ \"inner ${x}\" }\"", "(tpl ${(tpl \"inner \" ${x})})"),
        ("\"${ {a = \"}\"}.a }\"", "(tpl ${(. {a=(tpl \"}\")} a)})"),
        ("\"%{ if c }yes%{ endif }\"", "(tpl %{if c \"yes\"})"),
        ("\"%{ if c }yes%{ else }no%{ endif }\"", "(tpl %{if c \"yes\" else \"no\"})"),
        ("\"%{ for x in xs }${x},%{ endfor }\"", "(tpl %{for x xs ${x} \",\"})"),
        ("\"%{ for k, v in m }${k}=${v}%{ endfor }\"", "(tpl %{for k,v m ${k} \"=\" ${v}})"),
        ("\"%{if a}%{for x in xs}%{if x}1%{else}0%{endif}%{endfor}%{endif}\"",
         "(tpl %{if a %{for x xs %{if x \"1\" else \"0\"}}})"),
        ("\"${a ? \"x\" : \"y\"}\"", "(tpl ${(? a (tpl \"x\") (tpl \"y\"))})"),
        ("\"${f(\n1)}\"", "(tpl ${(f 1)})"),
    ])
    func structure(source: String, expected: String) throws {
        #expect(sexp(try expr(source)) == expected)
    }

    @Test("Escape sequences decode", arguments: [
        (#""a\nb""#, "a\nb"),
        (#""tab\there""#, "tab\there"),
        (#""q\"q""#, "q\"q"),
        (#""back\\slash""#, "back\\slash"),
        (#""\r""#, "\r"),
        (#""\u00e9\u65E5""#, "é日"),
        (#""\U0001F600""#, "😀"),
        (#""$${literal}""#, "${literal}"),
        (#""%%{literal}""#, "%{literal}"),
        (#""a $ b % c""#, "a $ b % c"),
        (#""100%""#, "100%"),
    ] as [(String, String?)])
    func escapes(source: String, expected: String?) throws {
        #expect(literalText(try expr(source)) == expected)
    }

    @Test("`$$${x}` keeps a literal dollar before an interpolation-looking literal")
    func dollarRun() throws {
        #expect(sexp(try expr(#""$$${x}""#)) == "(tpl \"$${x}\")")
    }

    @Test("Strip markers remove adjacent whitespace including newlines")
    func stripMarkers() throws {
        #expect(sexp(try expr("\"a  ${~ b ~}  c\"")) == "(tpl \"a\" ${b} \"c\")")
        #expect(sexp(try expr("\"a  ${~ b}  c\"")) == "(tpl \"a\" ${b} \"  c\")")
        #expect(sexp(try expr("\"a  ${b ~}  c\"")) == "(tpl \"a  \" ${b} \"c\")")
        let heredoc = "<<EOT\n%{ for x in xs ~}\n  - ${x}\n%{ endfor ~}\nEOT\n"
        #expect(sexp(try attributeValue(heredoc)) == "(tpl %{for x xs \"  - \" ${x} \"\\n\"})".replacingOccurrences(of: "\\n", with: "\n"))
        guard case .template(let template) = try expr("\"${~ x ~}\""),
              case .interpolation(let interpolation) = template.parts.first else {
            Issue.record("expected an interpolation")
            return
        }
        #expect(interpolation.stripsBefore && interpolation.stripsAfter)
        #expect(template.unwrappedInterpolation != nil)
    }

    @Test("Heredocs keep text verbatim, with interpolation")
    func heredoc() throws {
        let source = "a = <<EOT\n  hello ${name}\n    $${not} \\n\nEOT\nb = 1\n"
        let parsed = try file(source)
        let value = try #require(parsed.body.attribute("a")).expression
        #expect(sexp(value) == "(tpl \"  hello \" ${name} \"\n    ${not} \\n\n\")")
        #expect(slice(source, value.range) == "<<EOT\n  hello ${name}\n    $${not} \\n\nEOT")
        guard case .template(let template) = value else { return }
        #expect(template.kind == .heredoc(identifier: "EOT", flush: false))
        #expect(parsed.body.attribute("b") != nil)
    }

    @Test("`<<-` strips the smallest common indentation", arguments: [
        ("  <<-EOT\n    Foo\n    Bar\n  EOT\n", "Foo\nBar\n"),
        ("<<-EOT\n    Foo\n      Bar\n    Baz\n  EOT\n", "Foo\n  Bar\nBaz\n"),
        ("<<-EOT\n    Foo\n  Bar\n    Baz\n  EOT\n", "  Foo\nBar\n  Baz\n"),
        ("<<-EOT\n    Foo\n\n    Bar\nEOT\n", "Foo\n\nBar\n"),
        ("<<-EOT\n\tFoo\n\t Bar\nEOT\n", "Foo\n Bar\n"),
        ("<<-EOT\nFoo\n  Bar\nEOT\n", "Foo\n  Bar\n"),
        ("<<-EOT\n    Foo\n      \n    Bar\n    EOT\n", "Foo\n      \nBar\n"),
        ("<<EOT\n    Foo\n    EOT\n", "    Foo\n"),
        ("<<-EOT\nEOT\n", ""),
        ("<<EOT\r\n  crlf\r\nEOT\r\n", "  crlf\r\n"),
    ])
    func flushHeredoc(source: String, expected: String) throws {
        #expect(literalText(try attributeValue(source)) == expected)
    }

    @Test("`<<-` counts a line starting with an interpolation as unindented, and measures literal prefixes")
    func flushWithInterpolation() throws {
        let unindented = try attributeValue("<<-EOT\n    Foo\n${bar}\n    Baz\nEOT\n")
        #expect(sexp(unindented) == "(tpl \"    Foo\n\" ${bar} \"\n    Baz\n\")")
        let prefixed = try attributeValue("<<-EOT\n    Foo\n  ${bar}\n    Baz\nEOT\n")
        #expect(sexp(prefixed) == "(tpl \"  Foo\n\" ${bar} \"\n  Baz\n\")")
    }

    /// Outputs recorded from Terraform 1.0.3 (`terraform output -json`) for the same sources.
    @Test("Strip markers apply before `<<-` indentation, as in Terraform")
    func stripThenFlush() throws {
        let value = try attributeValue("<<-EOT\n    a\n    %{~ if true ~}\n      b\n    %{~ endif ~}\n    c\n  EOT\n")
        #expect(sexp(value) == "(tpl \"    a\n\" %{if true \"      b\n\"} \"    c\n\")")
        #expect(literalText(try attributeValue("\"$$$${local.x}|$$${local.x}\"")) == "$$${local.x}|$${local.x}")
        #expect(literalText(try attributeValue("<<-EOT\n\t  Foo\n\t Bar\n  EOT\n")) == " Foo\nBar\n")
    }

    @Test("The closing marker must be alone on its line")
    func markerAtSuffix() throws {
        #expect(literalText(try attributeValue("<<EOT\n    NOT EOT\n  EOTX\n  EOT\n")) == "    NOT EOT\n  EOTX\n")
    }

    @Test("Heredoc inside an interpolation inside a heredoc")
    func nestedHeredoc() throws {
        let value = try attributeValue("<<A\nx ${upper(<<B\ninner\nB\n)} y\nA\n")
        #expect(sexp(value) == "(tpl \"x \" ${(upper (tpl \"inner\n\"))} \" y\n\")")
    }

    @Test("Standalone templates (templatefile) parse bare text")
    func standalone() throws {
        let template = try HCLFile.parseTemplate("#!/bin/bash\necho \"${name}\"\n%{ for p in ports ~}\nopen ${p}\n%{ endfor ~}\n", path: "user_data.sh.tpl")
        #expect(template.kind == .bare)
        #expect(template.parts.count == 4)
        guard case .forDirective(let loop) = template.parts[3] else {
            Issue.record("expected a for directive")
            return
        }
        #expect(loop.body.map(sexp) == ["\"open \"", "${p}", "\"\n\""])
        #expect(lc(loop.range.start) == "3:1")
    }

    @Test("Literal ranges cover the source text")
    func literalRanges() throws {
        let source = "\"ab${c}d\\n\""
        guard case .template(let template) = try expr(source) else { return }
        #expect(template.parts.map { slice(source, $0.range) } == ["ab", "${c}", "d\\n"])
    }
}
