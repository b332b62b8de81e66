import Testing
@testable import AnshinHCL

@Suite("JSON syntax")
struct JSONTests {
    func mainFile() throws -> HCLFile {
        try HCLFile.parseJSON(bytes: try fixtureBytes("json", "main.tf.json"), path: "main.tf.json")
    }

    @Test("Blocks, labels and bodies follow the Terraform schema")
    func blocks() throws {
        let parsed = try mainFile()
        #expect(parsed.syntax == .json)
        let body = parsed.body
        #expect(body.blocks.map(\.type) == ["terraform", "variable", "variable", "resource", "resource", "resource",
                                            "resource", "output", "locals", "locals"])
        let resources = body.blocks(ofType: "resource")
        #expect(resources.map(\.labelValues) == [["aws_s3_bucket", "logs"], ["aws_s3_bucket", "assets"],
                                                 ["aws_s3_bucket", "assets"], ["aws_instance", "web"]])
        let logs = resources[0].body
        #expect(logs.attributes.map(\.name) == ["bucket", "tags"])
        #expect(logs.blocks.map(\.type) == ["lifecycle"])
        let backend = try #require(body.blocks(ofType: "terraform").first?.body.blocks(ofType: "backend").first)
        #expect(backend.labelValues == ["s3"])
        #expect(lc(resources[0].labels[1].range.start) == "13:7")
        #expect(lc(resources[0].typeRange.start) == "11:3")
    }

    @Test("Strings are templates with positions in the file")
    func templates() throws {
        let logs = try #require(try mainFile().body.blocks(ofType: "resource").first).body
        let bucket = try #require(logs.attribute("bucket"))
        #expect(sexp(bucket.expression) == "(tpl \"acme-\" ${(. var env)} \"-logs\")")
        guard case .template(let template) = bucket.expression, case .interpolation(let interpolation) = template.parts[1] else {
            Issue.record("expected an interpolation")
            return
        }
        #expect(lc(interpolation.range.start) == "14:25")
        #expect(lc(interpolation.expression.range.start) == "14:27")
        #expect(interpolation.expression.range.start.offset - interpolation.range.start.offset == 2)
        let tags = try #require(logs.attribute("tags"))
        guard case .object(let object) = tags.expression else {
            Issue.record("expected an object")
            return
        }
        #expect(object.items.map(\.literalKey) == ["Name", nil])
        #expect(sexp(object.items[1].key) == "(tpl ${(. var env)} \"-owner\")")
    }

    @Test("Escaped strings map positions through the escapes")
    func escapedPositions() throws {
        let web = try #require(try mainFile().body.blocks(ofType: "resource").last).body
        let userData = try #require(web.attribute("user_data"))
        #expect(sexp(userData.expression) == "(tpl \"#!/bin/sh\necho \"é\" \" ${(. var env)} \"\n\" %{if (== (. var env) (tpl \"prd\")) \"strict\"})")
        guard case .template(let template) = userData.expression, case .interpolation(let interpolation) = template.parts[1] else {
            Issue.record("expected an interpolation")
            return
        }
        #expect(lc(interpolation.range.start) == "27:50")
        #expect(web.attribute("count").flatMap { attribute -> String? in
            guard case .template(let t) = attribute.expression else { return nil }
            return t.unwrappedInterpolation.map(sexp)
        } == "(. var replicas)")
    }

    @Test("Values map to literals, tuples and objects")
    func values() throws {
        let locals = try mainFile().body.blocks(ofType: "locals")
        #expect(locals[0].body.attribute("a").map { sexp($0.expression) } == "1.5e3")
        #expect(locals[0].body.attribute("b").map { sexp($0.expression) } == "[true false null]")
        #expect(locals[1].body.attribute("c").map { sexp($0.expression) } == "{(tpl \"nested\")={(tpl \"deep\")=(tpl \"x\")}}")
    }

    @Test("The raw JSON body can be re-read with another schema")
    func reinterpret() throws {
        let json = try #require(try mainFile().jsonBody)
        let outputs = try json.blocks(ofType: "output", labels: 1)
        #expect(outputs.map(\.labels.first?.value) == ["bucket_arn"])
        let value = try #require(try outputs.first?.body.attribute("value"))
        #expect(sexp(value.expression) == "(tpl ${(. (. aws_s3_bucket logs) arn)})")
        let flat = try json.body(schema: .attributesOnly)
        #expect(flat.attributes.map(\.name) == ["terraform", "variable", "resource", "output", "locals"])
        #expect(try json.attributes().count == 5)
    }

    @Test("A tfvars file is all attributes")
    func tfvars() throws {
        let parsed = try HCLFile.parseJSON(bytes: try fixtureBytes("json", "prd.tfvars.json"), path: "prd.tfvars.json",
                                           schema: .attributesOnly)
        #expect(parsed.body.attributes.map(\.name) == ["env", "replicas", "tags", "allowed_cidrs"])
        #expect(parsed.body.attribute("replicas").map { sexp($0.expression) } == "3")
    }

    @Test("Malformed JSON reports line and column", arguments: [
        ("{\n  \"a\": 1,\n}", "3:1"),
        ("{\"a\" 1}", "1:6"),
        ("[1, 2", "1:1"),
        ("{\"a\": tru}", "1:10"),
        ("{\"a\": \"x\n\"}", "1:9"),
        ("{\"a\": \"\\q\"}", "1:8"),
        ("{\"a\": 01}", "1:8"),
        ("{\"a\": -}", "1:8"),
        ("{} {}", "1:4"),
        ("", "1:1"),
        ("\"just a string\"", "1:1"),
        ("{\"resource\": {\"t\": 5}}", "1:20"),
        ("{\"a\": \"${\"}", "1:10"),
        ("{\"a\": \"${x\"}", "1:11"),
        ("{\"a\": \"\\u00e9 ${ ! }\"}", "1:20"),
        ("{\"a\": 1, \"a\": 2}", "1:10"),
    ])
    func errors(source: String, position: String) {
        do {
            _ = try HCLFile.parseJSON(source, path: "x.tf.json")
            Issue.record("expected an error for \(source)")
        } catch {
            #expect("\(error.line):\(error.column)" == position, "\(error)")
        }
    }

    @Test("Numbers keep their text; strings decode surrogate pairs")
    func scalars() throws {
        let parsed = try HCLFile.parseJSON("{\"n\": -0.5E+10, \"s\": \"\\ud83d\\ude00\\/\"}", path: "x.json", schema: .attributesOnly)
        #expect(parsed.body.attribute("n").map { sexp($0.expression) } == "-0.5E+10")
        #expect(parsed.body.attribute("s").flatMap { literalText($0.expression) } == "😀/")
    }
}
