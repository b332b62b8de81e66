import Testing
@testable import AnshinHCL

@Suite("Bodies, blocks and comments")
struct BodyTests {
    @Test("Blocks with zero, bare and quoted labels")
    func labels() throws {
        let source = """
        locals {
          a = 1
        }
        resource "aws_s3_bucket" "logs" {
          bucket = "x"
        }
        check health {
        }
        weird "esc\\"aped" bare "" {
        }

        """
        let blocks = try file(source).body.blocks
        #expect(blocks.map(\.type) == ["locals", "resource", "check", "weird"])
        #expect(blocks[1].labelValues == ["aws_s3_bucket", "logs"])
        #expect(blocks[2].labels.map(\.isQuoted) == [false])
        #expect(blocks[3].labelValues == ["esc\"aped", "bare", ""])
        #expect(slice(source, blocks[1].labels[0].range) == "\"aws_s3_bucket\"")
        #expect(slice(source, blocks[1].range) == "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"x\"\n}")
        #expect(lc(blocks[1].openBraceRange.start) == "4:33")
        #expect(lc(blocks[1].closeBraceRange.start) == "6:1")
        #expect(blocks[1].body.attribute("bucket").map { lc($0.range.start) } == "5:3")
    }

    @Test("One-line blocks hold at most one attribute")
    func oneLine() throws {
        let body = try file("a { b = 1 }\nc {}\nd \"x\" { e = [1, 2] }\n").body
        #expect(body.blocks.map { $0.body.attributes.map(\.name) } == [["b"], [], ["e"]])
        #expect(parseError("a { b = 1, c = 2 }\n") != nil)
        #expect(parseError("a { b { } }\n") != nil)
    }

    @Test("Nested blocks keep source order of items")
    func order() throws {
        let body = try file("r {\n  a = 1\n  x {\n  }\n  b = 2\n  x {\n    y = 3\n  }\n}\n").body
        let inner = try #require(body.blocks.first).body
        #expect(inner.items.map { item -> String in
            switch item {
            case .attribute(let attribute): attribute.name
            case .block(let block): "block:" + block.type
            }
        } == ["a", "block:x", "b", "block:x"])
        #expect(inner.blocks(ofType: "x").count == 2)
    }

    @Test("All three comment styles are skipped and recorded")
    func comments() throws {
        let source = "# hash\na = 1 // slashes\n/* block\n spanning */ b = /* inline */ 2\nc = 3 # end"
        let parsed = try file(source)
        #expect(parsed.body.attributes.map(\.name) == ["a", "b", "c"])
        #expect(parsed.comments.map(\.style) == [.hash, .doubleSlash, .block, .block, .hash])
        #expect(parsed.comments.map(\.text) == ["# hash", "// slashes", "/* block\n spanning */", "/* inline */", "# end"])
        #expect(lc(parsed.comments[2].range.start) == "3:1")
        #expect(lc(parsed.comments[2].range.end) == "4:13")
    }

    @Test("Files without a final newline, empty files and CRLF line endings")
    func edges() throws {
        #expect(try file("").body.items.isEmpty)
        #expect(try file("\n\n# only a comment\n").body.items.isEmpty)
        #expect(try file("a = 1").body.attribute("a") != nil)
        let crlf = try file("a = 1\r\nb {\r\n  c = \"x\"\r\n}\r\n")
        #expect(crlf.body.attributes.count == 1)
        #expect(crlf.body.blocks.first?.body.attribute("c").flatMap { literalText($0.expression) } == "x")
        #expect(try file("\u{FEFF}a = 1\n").body.attribute("a").map { lc($0.range.start) } == "1:1")
    }

    @Test("Identifiers may contain dashes and non-ASCII letters")
    func identifiers() throws {
        let body = try file("my-attr = a-b\nnamé = 1\n").body
        #expect(body.attributes.map(\.name) == ["my-attr", "namé"])
        #expect(body.attribute("my-attr").map { sexp($0.expression) } == "a-b")
    }

    @Test("A redefined attribute is an error at the second definition")
    func redefined() {
        #expect(parseError("a = 1\nb = 2\na = 3\n")?.description == "bad.tf:3:1: Attribute redefined: 'a' was already set at 1:1")
    }
}

@Suite("Fixtures")
struct FixtureTests {
    @Test("Every valid fixture parses", arguments: fixtures("valid"))
    func valid(name: String) throws {
        let parsed = try HCLFile.parse(bytes: try fixtureBytes("valid", name), path: name)
        #expect(!parsed.body.items.isEmpty)
    }

    @Test("Real-world constructs in the fixtures have the expected shape")
    func shapes() throws {
        let ecs = try HCLFile.parse(bytes: try fixtureBytes("valid", "ecs_service.tf"), path: "ecs_service.tf")
        let locals = try #require(ecs.body.blocks(ofType: "locals").first).body
        #expect(locals.attribute("by_cpu").map { sexp($0.expression) } == "(for-obj name,s (. var services) (. s cpu)=>name...)")
        #expect(locals.attribute("subnet_ids").map { sexp($0.expression) } == "(.* (. aws_subnet private) (. @ id))")
        #expect(locals.attribute("first_subnet").map { sexp($0.expression) } == "(. (. (. aws_subnet private) 0) id)")
        #expect(locals.attribute("legacy_nested").map { sexp($0.expression) } == "(. (. (. (. module vpc) subnets) 0) 1)")
        let task = try #require(ecs.body.blocks(ofType: "resource").first)
        let dynamic = try #require(task.body.blocks(ofType: "dynamic").first)
        #expect(dynamic.labelValues == ["volume"])
        #expect(dynamic.body.blocks(ofType: "content").first?.body.blocks.first?.type == "efs_volume_configuration")

        let userData = try HCLFile.parse(bytes: try fixtureBytes("valid", "user_data.tf"), path: "user_data.tf")
        let template = try #require(userData.body.blocks.first?.body.attribute("user_data"))
        guard case .functionCall(let call) = template.expression, case .template(let heredoc) = call.arguments.first else {
            Issue.record("expected base64encode(<<-EOT ...)")
            return
        }
        #expect(heredoc.kind == .heredoc(identifier: "EOT", flush: true))
        guard case .literal(let first) = heredoc.parts.first else {
            Issue.record("expected a literal first part")
            return
        }
        #expect(first.value == "#!/bin/bash\nset -euo pipefail\n")
        guard case .literal(let last) = heredoc.parts.last else { return }
        #expect(last.value.hasSuffix("\necho \"${HOME} and %{not a directive}\"\n"))
    }
}
