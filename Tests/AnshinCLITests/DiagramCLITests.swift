import AnshinCore
import AnshinTesting
import Foundation
import Testing

/// `anshin diagram`, run as the built binary on examples/acme.
@Suite struct DiagramCLITests {
    static let fixed: [String: String?] = ["SOURCE_DATE_EPOCH": "1795770000", "NO_COLOR": "1", "ANSHIN_DOT": nil]
    static let acme = Command.packageRoot.appendingPathComponent("examples/acme").path

    func anshin(_ arguments: String..., in directory: URL, environment: [String: String?] = [:]) throws -> CommandResult {
        try Command.run(Command.anshinBinary, arguments, in: directory, environment: Self.fixed.merging(environment) { $1 })
    }

    @Test func writesEachFormatAndChecksACommittedDiagram() throws {
        let folder = try TemporaryDirectory()
        let svg = try anshin("diagram", Self.acme, "--env", "prd", "--out", "prd.svg", in: folder.url)
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(svg.stdout.isEmpty)
        #expect(svg.stderr.contains("wrote the svg diagram to prd.svg ("))
        let drawn = try String(contentsOf: folder.url.appendingPathComponent("prd.svg"), encoding: .utf8)
        #expect(drawn.hasPrefix("<?xml") && drawn.contains("<svg") && drawn.contains("VPC acme&#45;prd"))
        #expect(!drawn.contains("xlink:href"), "the standalone SVG links nowhere")

        let mermaid = try anshin("diagram", Self.acme, "--env", "stg", "--format", "mermaid", in: folder.url)
        #expect(mermaid.status == 0 && mermaid.stdout.hasPrefix("---\ntitle: acme · stg · from Terraform\n---\nflowchart LR\n"))
        let dot = try anshin("diagram", Self.acme, "--env", "demo", "--out", "demo.gv", in: folder.url)
        #expect(dot.status == 0)
        #expect(try String(contentsOf: folder.url.appendingPathComponent("demo.gv"), encoding: .utf8).hasPrefix("digraph anshin {"))
        let html = try anshin("diagram", Self.acme, "--env", "prd", "--out", "prd.html", in: folder.url)
        #expect(html.status == 0)
        let page = try String(contentsOf: folder.url.appendingPathComponent("prd.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("href=\"#findings-") && page.contains("id=\"findings-"))

        let current = try anshin("diagram", Self.acme, "--env", "prd", "--check", "prd.svg", in: folder.url)
        #expect(current.status == 0, "\(current.stderr)")
        #expect(current.stderr.contains("prd.svg is up to date"))
        let other = try anshin("diagram", Self.acme, "--env", "stg", "--check", "prd.svg", in: folder.url)
        #expect(other.status == 1)
        #expect(other.stderr.contains("prd.svg is out of date: line "), "\(other.stderr)")
        #expect(other.stderr.contains("anshin diagram \(Self.acme) --env stg --format svg --out prd.svg"))
        let mermaidFile = try folder.write("prd.mmd", try anshin("diagram", Self.acme, "--env", "prd", "--format", "mermaid", in: folder.url).stdout)
        #expect(try anshin("diagram", Self.acme, "--env", "prd", "--check", mermaidFile.path, in: folder.url).status == 0)
        try Data((try String(contentsOf: mermaidFile, encoding: .utf8) + "  %% edited by hand\n").utf8).write(to: mermaidFile)
        let edited = try anshin("diagram", Self.acme, "--env", "prd", "--check", mermaidFile.path, in: folder.url)
        #expect(edited.status == 1 && edited.stderr.contains("out of date"))
    }

    @Test func diffDrawsTheTargetMarkedAgainstTheBase() throws {
        let folder = try TemporaryDirectory()
        let result = try anshin("diagram", Self.acme, "--diff", "stg", "prd", "--format", "mermaid", in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("title: acme · prd · from Terraform: compared with stg"))
        #expect(result.stdout.contains("≠ stg: db.t4g.medium"))
        let svg = try anshin("diagram", Self.acme, "--diff", "prd", "demo", "--out", "diff.svg", in: folder.url)
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(try anshin("diagram", Self.acme, "--diff", "prd", "demo", "--check", "diff.svg", in: folder.url).status == 0)
        let stale = try anshin("diagram", Self.acme, "--diff", "stg", "demo", "--check", "diff.svg", in: folder.url)
        #expect(stale.status == 1 && stale.stderr.contains("--diff stg demo --format svg --out diff.svg"), "\(stale.stderr)")
        let one = try anshin("diagram", Self.acme, "--diff", "prd", in: folder.url)
        #expect(one.status == 2 && one.stderr.contains("--diff takes two environments"))
        let both = try anshin("diagram", Self.acme, "--diff", "stg", "prd", "--env", "prd", in: folder.url)
        #expect(both.status == 2 && both.stderr.contains("--diff and --env cannot be used together"))
        let unknown = try anshin("diagram", Self.acme, "--diff", "stg", "qa", in: folder.url)
        #expect(unknown.status == 2 && unknown.stderr.contains("qa"))
    }

    @Test func badInputGetsAClearErrorAndExitTwo() throws {
        let folder = try TemporaryDirectory()
        let several = try anshin("diagram", Self.acme, in: folder.url)
        #expect(several.status == 2)
        #expect(several.stderr.contains("several environments (prd, stg, demo): name the one to draw with --env"), "\(several.stderr)")
        let unknown = try anshin("diagram", Self.acme, "--env", "qa", in: folder.url)
        #expect(unknown.status == 2 && unknown.stderr.contains("qa"), "\(unknown.stderr)")
        let missing = try anshin("diagram", Self.acme, "--env", "prd", "--check", "nowhere.svg", in: folder.url)
        #expect(missing.status == 2 && missing.stderr.contains("no such file to check"), "\(missing.stderr)")
        let both = try anshin("diagram", Self.acme, "--env", "prd", "--out", "a.svg", "--check", "a.svg", in: folder.url)
        #expect(both.status == 2 && both.stderr.contains("--out and --check cannot be used together"))
        let unnamed = try anshin("diagram", Self.acme, "--env", "prd", "--out", "diagram.txt", in: folder.url)
        #expect(unnamed.status == 2 && unnamed.stderr.contains("cannot tell the format of diagram.txt"))
        let format = try anshin("diagram", Self.acme, "--env", "prd", "--format", "pdf", in: folder.url)
        #expect(format.status == 2 && format.stderr.contains("'pdf' is invalid"), "\(format.stderr)")
        let empty = try anshin("diagram", folder.path, in: folder.url)
        #expect(empty.status == 2 && empty.stderr.contains("nothing to draw"), "\(empty.stderr)")
        let notThere = try anshin("diagram", folder.url.appendingPathComponent("absent").path, in: folder.url)
        #expect(notThere.status == 2 && notThere.stderr.contains("no such file or directory"))
    }

    @Test func aPNGIsDrawnAndChecked() throws {
        let folder = try TemporaryDirectory()
        let written = try anshin("diagram", Self.acme, "--env", "prd", "--out", "architecture.png", in: folder.url)
        #expect(written.status == 0, "\(written.stderr)")
        let data = try Data(contentsOf: folder.url.appendingPathComponent("architecture.png"))
        let image = try PNGImage(data)
        #expect(image.width > 300 && image.height > 200, "\(image.width)×\(image.height)")
        let same = try anshin("diagram", Self.acme, "--env", "prd", "--check", "architecture.png", in: folder.url)
        #expect(same.status == 0, "\(same.stderr)")
        let other = try anshin("diagram", Self.acme, "--env", "demo", "--check", "architecture.png", in: folder.url)
        #expect(other.status == 1 && other.stderr.contains("the picture differs"), "\(other.stderr)")
    }

    @Test func aMissingGraphvizIsAnEnvironmentError() throws {
        let folder = try TemporaryDirectory()
        let result = try anshin("diagram", Self.acme, "--env", "prd", in: folder.url, environment: ["ANSHIN_DOT": "/nonexistent/dot"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("Graphviz's dot is needed") && result.stderr.contains("--format dot or mermaid"))
        let text = try anshin("diagram", Self.acme, "--env", "prd", "--format", "dot", in: folder.url,
                              environment: ["ANSHIN_DOT": "/nonexistent/dot"])
        #expect(text.status == 0, "DOT and Mermaid need no Graphviz")
    }
}
