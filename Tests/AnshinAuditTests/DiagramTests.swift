import AnshinCore
import AnshinTesting
import Foundation
import Testing
@testable import AnshinAudit

/// The infrastructure diagram's model, built from examples/acme and from small inventories, and
/// its DOT and Mermaid forms against golden files.
@Suite struct DiagramTests {
    static let acme = TerraformAcmeTests.acme

    /// The diagram of one acme environment, and the audit it was drawn from.
    static func acmeDiagram(_ environment: String) throws -> (InfrastructureDiagram, TerraformAuditResult) {
        let catalog = try EnvironmentCatalog.load(root: acme)
        let suppressions = try Suppressions.load(root: acme)
        let (diagram, _) = try TerraformDiagram.draw(root: acme, catalog: catalog, environment: environment,
                                                     suppressions: suppressions, today: "2026-01-01")
        let audit = try TerraformAudit.run(root: acme, catalog: catalog, environments: [environment])
        return (diagram, audit)
    }

    /// The node holding the resource `identifier` of the root stack.
    static func node(_ diagram: InfrastructureDiagram, _ identifier: String, directory: String = ".") -> InfrastructureDiagram.Node? {
        diagram.nodes.first { $0.members.contains("\(directory):\(identifier)") }
    }

    @Test("every acme resource is drawn exactly once, with its findings", arguments: ["prd", "stg", "demo"])
    func everyResourceOnce(environment: String) throws {
        let (diagram, audit) = try Self.acmeDiagram(environment)
        let stacks = audit.inventories
        if environment != "demo" {
            #expect(Set(stacks.map(\.directory)).count == 3, "prd and stg have three stacks: the main one, metabase, datadog")
        }
        let expected = stacks.reduce(0) { $0 + $1.inventory.resourceCount }
        #expect(expected > 20)
        #expect(diagram.resourceCount == expected)
        let members = diagram.nodes.flatMap(\.members)
        #expect(Set(members).count == members.count, "no resource is drawn twice")
        #expect(Set(diagram.nodes.map(\.id)).count == diagram.nodes.count, "ids are unique")
        #expect(diagram.nodes.allSatisfy { $0.id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
        #expect(diagram.title == "acme · \(environment) · from Terraform")
        #expect(diagram.account != nil && diagram.region == "ap-northeast-1")

        // Each finding that is not suppressed is on the box of its resource, or listed apart.
        let suppressions = try Suppressions.load(root: Self.acme)
        let open = suppressions.apply(to: audit.findings, today: "2026-01-01").filter { !$0.isSuppressed }
        #expect(!open.isEmpty)
        let shown = diagram.nodes.flatMap(\.findings) + diagram.otherFindings
        #expect(shown.map(\.fingerprint).sorted() == open.map(\.fingerprint).sorted())
        for node in diagram.nodes {
            for finding in node.findings {
                #expect(node.members.contains { $0.hasSuffix(":" + (finding.identifier ?? "-")) },
                        "\(finding.ruleID) on \(node.id) is about \(finding.identifier ?? "-")")
            }
        }
    }

    @Test func acmeProductionIsPlacedAndMarked() throws {
        let (diagram, _) = try Self.acmeDiagram("prd")
        let vpc = try #require(diagram.containers.first)
        #expect(vpc.label == "VPC acme-prd" && vpc.parent == nil)
        // Inside it, its public and private subnets, told apart by their route tables and
        // map_public_ip_on_launch; each resource goes where all the subnets it names are.
        #expect(diagram.containers.dropFirst().map(\.label) == ["Public subnets", "Private subnets"])
        #expect(diagram.containers.dropFirst().allSatisfy { $0.parent == vpc.id })
        let (publicSubnets, privateSubnets) = (diagram.containers[1].id, diagram.containers[2].id)
        // The VPC is found through the references: subnets and security groups, a subnet group.
        #expect(Self.node(diagram, "aws_lb.app")?.place == .subnets(publicSubnets))
        for identifier in ["aws_db_instance.main", "aws_elasticache_cluster.redis", "aws_ecs_service.web", "aws_autoscaling_group.worker"] {
            #expect(Self.node(diagram, identifier)?.place == .subnets(privateSubnets), "\(identifier) is drawn in the private subnets")
        }
        // The target group names its VPC but no subnet: in the VPC, outside both.
        #expect(Self.node(diagram, "aws_lb_target_group.web")?.place == .vpc(vpc.id))
        let subnets = diagram.nodes.filter { $0.kind == "aws_subnet" }
        #expect(Set(subnets.map(\.place)) == [.subnets(publicSubnets), .subnets(privateSubnets)] && subnets.allSatisfy { $0.count == 3 })

        // The request path: records → load balancer → target groups → services, across the two
        // stacks (the metabase stack finds the load balancer and its listener by name, as data).
        func id(_ path: String) throws -> String {
            let parts = path.split(separator: "/").map(String.init)
            return try #require(parts.count == 2 ? Self.node(diagram, parts[1], directory: parts[0]) : Self.node(diagram, path)).id
        }
        let requests = Set(diagram.edges.filter { $0.kind == .requests }.map { "\($0.from)>\($0.to)" })
        let expected: [(String, String)] = [
            ("aws_route53_record.app", "aws_lb.app"), ("aws_lb.app", "aws_lb_target_group.web"),
            ("aws_lb_target_group.web", "aws_ecs_service.web"),
            ("metabase/aws_route53_record.metabase", "aws_lb.app"), ("aws_lb.app", "metabase/aws_lb_target_group.metabase"),
            ("metabase/aws_lb_target_group.metabase", "metabase/aws_ecs_service.metabase"),
        ]
        #expect(requests == Set(try expected.map { "\(try id($0.0))>\(try id($0.1))" }))
        let web = try #require(Self.node(diagram, "aws_ecs_service.web"))
        #expect(web.size == "Fargate × 3" && web.tier == .compute)
        #expect(Self.node(diagram, "aws_autoscaling_group.worker")?.size == "2–3 instances")
        let database = try #require(Self.node(diagram, "aws_db_instance.main"))
        #expect(database.marks.map(\.symbolText) == ["✓ encrypted", "✓ Multi-AZ", "✓ backups 14 d"])
        let redis = try #require(Self.node(diagram, "aws_elasticache_cluster.redis"))
        #expect(redis.marks.map(\.symbolText) == ["✗ not encrypted at rest", "✗ no TLS"])
        #expect(redis.severity == .medium)
        let alb = try #require(Self.node(diagram, "aws_lb.app"))
        #expect(alb.marks.map(\.symbolText) == ["✗ no access logs"])
        #expect(alb.findings.contains { $0.ruleID == "elb-access-logs" })

        // Log flows: the VPC's flow log and the data buckets' server access logs reach the log bucket.
        let logs = try #require(Self.node(diagram, "aws_s3_bucket.logs"))
        #expect(logs.tier == .logging && logs.role == "log bucket")
        let into = Set(diagram.edges.filter { $0.to == logs.id }.map(\.from))
        #expect(into.contains(vpc.id))
        #expect(diagram.edges.allSatisfy { diagram.node($0.from) != nil && diagram.node($0.to) != nil })
        #expect(diagram.edges.filter { $0.kind == .logs }.allSatisfy { $0.label == "logs" })

        // Groups: three or more of one kind and role in one place share a box that names them.
        let groups = diagram.nodes.filter(\.isGroup)
        #expect(!groups.isEmpty)
        for group in groups {
            #expect(group.count >= InfrastructureDiagram.groupingThreshold)
            #expect(group.title == "\(group.count) × \(group.kind)")
            #expect(group.marks.isEmpty)
        }
        // IAM is global: drawn in the account, outside the Region.
        #expect(diagram.nodes.filter { $0.kind.hasPrefix("aws_iam_") }.allSatisfy { $0.place == .account })
    }

    @Test func demoIsSmallerThanProduction() throws {
        let (production, _) = try Self.acmeDiagram("prd")
        let (demo, _) = try Self.acmeDiagram("demo")
        let prd = try #require(Self.node(production, "aws_db_instance.main"))
        let small = try #require(Self.node(demo, "aws_db_instance.main"))
        #expect(prd.marks.contains(.init("Multi-AZ", .good)))
        #expect(small.marks.contains(.init("single-AZ", .bad)), "\(small.marks)")
    }

    @Test("golden DOT and Mermaid", arguments: ["prd", "demo"])
    func golden(environment: String) throws {
        let (diagram, _) = try Self.acmeDiagram(environment)
        let dot = Golden.mismatch(diagram.dot(), name: "diagram-acme-\(environment).dot", directory: Golden.fixtures("golden"))
        #expect(dot == nil, "\(dot ?? "")")
        let mermaid = Golden.mismatch(diagram.mermaid(), name: "diagram-acme-\(environment).mmd", directory: Golden.fixtures("golden"))
        #expect(mermaid == nil, "\(mermaid ?? "")")
    }

    // MARK: Comparing environments

    @Test func stagingComparedWithProductionShowsTheSmallerSpecs() throws {
        let (staging, _) = try Self.acmeDiagram("stg")
        let (production, _) = try Self.acmeDiagram("prd")
        let compared = InfrastructureDiagram.comparing(staging, with: production)
        #expect(compared.comparedWith == "stg" && compared.title == "acme · prd · from Terraform: compared with stg")
        let database = try #require(Self.node(compared, "aws_db_instance.main"))
        #expect(database.size == "db.r6g.large")
        #expect(database.difference == .changed(["stg: db.t4g.medium", "stg: ✗ single-AZ", "stg: ✓ backups 7 d"]))
        let redis = try #require(Self.node(compared, "aws_elasticache_cluster.redis"))
        #expect(redis.difference == .changed(["stg: cache.t3.small"]))
        let worker = try #require(Self.node(compared, "aws_launch_template.worker"))
        #expect(worker.difference == .changed(["stg: t3.medium"]))
        #expect(Self.node(compared, "aws_lb.app")?.difference == nil, "the same in both")
        // Nothing is only in one of the two: the same code, the same resources.
        #expect(!compared.nodes.contains { $0.difference == .onlyHere || $0.difference == .onlyThere })
        #expect(compared.resourceCount == production.resourceCount)
        let golden = Golden.mismatch(compared.mermaid(), name: "diagram-acme-stg-prd.mmd", directory: Golden.fixtures("golden"))
        #expect(golden == nil, "\(golden ?? "")")
    }

    @Test func resourcesOnlyOneSideHasAreMarkedOrDrawnFromIt() throws {
        let (demo, _) = try Self.acmeDiagram("demo")
        let (production, _) = try Self.acmeDiagram("prd")
        // prd has stacks (metabase, datadog) that demo lacks.
        let forward = InfrastructureDiagram.comparing(demo, with: production)
        let metabase = try #require(forward.nodes.first { $0.members.contains("metabase:aws_db_instance.metabase") })
        #expect(metabase.difference == .onlyHere)
        #expect(forward.nodes.allSatisfy { $0.difference != .onlyThere })
        // The other way round, prd's extra resources are drawn from prd, without its findings.
        let backward = InfrastructureDiagram.comparing(production, with: demo)
        let ghosts = backward.nodes.filter { $0.difference == .onlyThere }
        #expect(ghosts.contains { $0.members.contains("metabase:aws_db_instance.metabase") })
        #expect(ghosts.allSatisfy { $0.findings.isEmpty && $0.id.hasSuffix("_prd") })
        #expect(Set(backward.nodes.map(\.id)).count == backward.nodes.count)
        let ghostResources = ghosts.reduce(0) { $0 + $1.count }
        #expect(backward.resourceCount == demo.resourceCount + ghostResources)
        let dot = backward.dot()
        #expect(dot.contains("diff-only-there") && dot.contains("only in prd"))
        let svg = try GraphvizLayout.svg(dot)
        #expect(svg.contains("only in prd"))
    }

    // MARK: Small inventories

    static func bucket(_ name: String) -> S3Bucket {
        S3Bucket(reference: Fixture.tf("aws_s3_bucket", name.replacingOccurrences(of: "-", with: "_"), named: name))
    }

    @Test(arguments: [1, 2, 3, 12])
    func groupingStartsAtTheThreshold(count: Int) {
        let inventory = Inventory.terraform { inventory in
            inventory.s3Buckets = (1...count).map { Self.bucket("acme-data-\($0)") }
        }
        let diagram = InfrastructureDiagram(title: "t", sources: [.init(inventory: inventory)])
        #expect(diagram.resourceCount == count)
        if count >= InfrastructureDiagram.groupingThreshold {
            #expect(diagram.nodes.count == 1)
            #expect(diagram.nodes[0].title == "\(count) × aws_s3_bucket")
            #expect(diagram.nodes[0].subtitle.hasPrefix("acme-data-1, acme-data-10") || diagram.nodes[0].subtitle.hasPrefix("acme-data-1, acme-data-2"))
            #expect(diagram.nodes[0].subtitle.hasSuffix(count > 3 ? ", +\(count - 3)" : "acme-data-3"))
        } else {
            #expect(diagram.nodes.count == count)
            #expect(diagram.nodes.map(\.title) == (1...count).map { "acme-data-\($0)" })
        }
    }

    @Test func rolesKeepGroupsApartAndFindingsBadgeTheirBox() {
        let inventory = Inventory.terraform { inventory in
            inventory.s3Buckets = (1...4).map { Self.bucket("acme-data-\($0)") }
            var logs = Self.bucket("acme-logs")
            logs.isLogTarget = true
            logs.logSources = ["aws_s3_bucket.acme_data_1", "aws_lb.gone"]
            inventory.s3Buckets.append(logs)
        }
        let finding = Finding(ruleID: "s3-bucket-versioning", title: "Versioning off", severity: .medium, pillars: [.reliability],
                              resource: Resource(kind: "aws_s3_bucket", identifier: "aws_s3_bucket.acme_data_2"), remediation: "")
        let account = Finding(ruleID: "cloudtrail-enabled", title: "No trail", severity: .high, pillars: [.security], remediation: "")
        let diagram = InfrastructureDiagram(title: "t", sources: [.init(inventory: inventory)], findings: [finding, account])
        #expect(diagram.nodes.map(\.title) == ["4 × aws_s3_bucket", "acme-logs"])
        #expect(diagram.nodes[0].severity == .medium && diagram.nodes[1].severity == nil)
        #expect(diagram.otherFindings.map(\.ruleID) == ["cloudtrail-enabled"])
        // The edge from a grouped source goes from the group; a source not drawn gives none.
        #expect(diagram.edges.map { "\($0.from)>\($0.to)" } == ["\(diagram.nodes[0].id)>\(diagram.nodes[1].id)"])
    }

    @Test func namesAreEscapedInEveryForm() {
        let hostile = "a<b>&\"c\" {x} \\ y"
        let inventory = Inventory.terraform { inventory in
            inventory.logGroups = [LogGroup(reference: Fixture.tf("aws_cloudwatch_log_group", "x", named: hostile))]
        }
        let diagram = InfrastructureDiagram(title: "t \"q\"", sources: [.init(inventory: inventory)])
        let dot = diagram.dot()
        #expect(dot.contains("a&lt;b&gt;&amp;&quot;c&quot; {x} \\ y"))
        #expect(dot.contains("label=\"t \\\"q\\\"\""))
        #expect(!dot.contains(hostile))
        let mermaid = diagram.mermaid()
        #expect(mermaid.contains("a#lt;b#gt;&#quot;c#quot; {x} \\ y"))
        #expect(!mermaid.contains(hostile))
        var ids = IdentifierMaker()
        #expect(ids.make("aws_s3_bucket.x[\"a b\"]") == "aws_s3_bucket_x_a_b")
        #expect(ids.make("aws_s3_bucket.x[\"a-b\"]") == "aws_s3_bucket_x_a_b_2")
        #expect(ids.make("9lives") == "r_9lives")
    }

    @Test func anEmptyInventoryDrawsTheAccountAlone() throws {
        let diagram = InfrastructureDiagram(title: "empty", sources: [.init(inventory: Inventory.terraform())])
        #expect(diagram.nodes.isEmpty && diagram.resourceCount == 0)
        let svg = try GraphvizLayout.svg(diagram.dot())
        #expect(svg.hasPrefix("<?xml") && svg.contains(">empty</text>") && !svg.contains("Generated by graphviz"))
    }

    @Test func graphvizErrorsAreReported() {
        #expect(throws: GraphvizLayout.Failure.self) { try GraphvizLayout.svg("digraph { a -> }") }
        do {
            _ = try GraphvizLayout.svg("digraph {}", executable: "/nonexistent/dot")
            Issue.record("a missing dot must fail")
        } catch {
            #expect(error.isMissing && error.message.contains("apt-get install graphviz"))
        }
    }

    /// Graphviz's cross-cluster ranking fails on some large graphs ("trouble in init_rank"); the
    /// layout is made again with the classic ranking. A `dot` that fails the way Graphviz does
    /// whenever the graph asks for newrank stands in for such a graph.
    @Test func aRankingFailureIsLaidOutAgainWithoutNewrank() throws {
        let folder = try TemporaryDirectory()
        let fake = try folder.write("dot", """
            #!/bin/sh
            input=$(cat)
            case "$input" in
              *newrank*) echo "Error: trouble in init_rank" >&2; exit 1 ;;
            esac
            printf '%s' "$input" | exec dot "$@"
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let diagram = try Self.acmeDiagram("prd").0
        let svg = try GraphvizLayout.svg(diagram.dot(), executable: fake.path)
        #expect(svg.contains("<svg") && svg.contains(diagram.nodes[0].id))
        // Any other failure is reported as it is.
        #expect(throws: GraphvizLayout.Failure.self) { try GraphvizLayout.svg("digraph { a -> }", executable: fake.path) }
    }

    // MARK: Reading Terraform

    /// Only alias records are on the request path; an address or mail record is not drawn.
    @Test func onlyAliasRecordsAreDrawn() throws {
        let folder = try TemporaryDirectory()
        _ = try folder.write("main.tf", """
        resource "aws_lb" "web" { name = "web" }
        resource "aws_route53_record" "www" {
          zone_id = "Z1"
          name    = "www.example.test"
          type    = "A"
          alias {
            name                   = aws_lb.web.dns_name
            zone_id                = aws_lb.web.zone_id
            evaluate_target_health = false
          }
        }
        resource "aws_route53_record" "mail" {
          zone_id = "Z1"
          name    = "example.test"
          type    = "MX"
          ttl     = 300
          records = ["10 mail.example.test"]
        }
        """)
        let result = try TerraformAudit.run(root: folder.url, catalog: EnvironmentCatalog.infer(root: folder.url))
        let inventory = try #require(result.inventories.first?.inventory)
        #expect(inventory.dnsRecords.map(\.reference.identifier) == ["aws_route53_record.www"])
        #expect(inventory.requestFlows == [RequestFlow(from: "aws_route53_record.www", to: "aws_lb.web")])
    }

    @Test func terraformReaderKnowsLogSourcesAndVPCs() throws {
        let folder = try TemporaryDirectory()
        _ = try folder.write("main.tf", """
        resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
        resource "aws_vpc" "other" { cidr_block = "10.1.0.0/16" }
        resource "aws_subnet" "a" {
          vpc_id     = aws_vpc.main.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_security_group" "web" { vpc_id = aws_vpc.main.id }
        resource "aws_security_group" "elsewhere" { vpc_id = aws_vpc.other.id }
        resource "aws_s3_bucket" "logs" { bucket = "acme-logs" }
        resource "aws_lb" "web" {
          name            = "web"
          subnets         = [aws_subnet.a.id]
          security_groups = [aws_security_group.web.id]
          access_logs {
            bucket  = aws_s3_bucket.logs.id
            enabled = true
          }
        }
        resource "aws_lb" "confused" {
          name            = "confused"
          subnets         = [aws_subnet.a.id]
          security_groups = [aws_security_group.elsewhere.id]
        }
        resource "aws_db_subnet_group" "db" { subnet_ids = [aws_subnet.a.id] }
        resource "aws_db_instance" "db" {
          identifier           = "db"
          db_subnet_group_name = aws_db_subnet_group.db.name
        }
        resource "aws_cloudfront_distribution" "cdn" {
          logging_config { bucket = "acme-logs.s3.amazonaws.com" }
        }
        resource "aws_flow_log" "main" {
          vpc_id               = aws_vpc.main.id
          log_destination_type = "s3"
          log_destination      = aws_s3_bucket.logs.arn
        }
        """)
        let result = try TerraformAudit.run(root: folder.url, catalog: EnvironmentCatalog.infer(root: folder.url))
        let inventory = try #require(result.inventories.first?.inventory)
        let logs = try #require(inventory.s3Buckets.first)
        #expect(logs.isLogTarget)
        #expect(logs.logSources == ["aws_lb.web", "aws_cloudfront_distribution.cdn", "aws_vpc.main"])
        let balancers = Dictionary(uniqueKeysWithValues: inventory.loadBalancers.map { ($0.reference.identifier, $0.reference.vpc) })
        #expect(balancers["aws_lb.web"] == .some("aws_vpc.main"))
        #expect(balancers["aws_lb.confused"] == .some(nil), "two VPCs reached: placed in neither")
        #expect(inventory.databases.first?.reference.vpc == "aws_vpc.main", "through the subnet group and its subnet")

        let diagram = InfrastructureDiagram(title: "t", sources: [.init(inventory: inventory)])
        #expect(diagram.containers.map(\.label) == ["VPC main", "VPC other"])
        let froms = Set(diagram.edges.map(\.from))
        #expect(froms == ["aws_lb_web", "aws_cloudfront_distribution_cdn", "aws_vpc_main"])
    }
}
