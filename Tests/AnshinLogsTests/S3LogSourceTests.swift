import AnshinAWS
@testable import AnshinLogs
import AnshinTesting
import Foundation
import Testing

/// ALB logs under an S3 prefix, read through anshin's AWS client from a real moto server.
@Suite struct S3LogSourceTests {
    static let start: Int64 = 1_795_996_800   // 2026-11-30T00:00:00Z
    static let traffic = SyntheticTraffic(start: start, days: 1, perHour: 120, seed: 7)

    static func client() throws -> AWSClient {
        try AWSClient.configured(environment: MotoServer.shared().environment(region: "us-east-1"), homeDirectory: "/nonexistent")
    }

    /// The traffic as the load balancer delivers it: one gzip object per hour under the dated
    /// layout, plus a folder marker and an object outside the prefix.
    static func upload(_ client: AWSClient, bucket: String) async throws -> (prefix: String, files: TemporaryDirectory) {
        _ = try await client.rest(service: .s3, operation: "CreateBucket", method: "PUT", bucket: bucket)
        let prefix = "AWSLogs/111111111111/elasticloadbalancing/ap-northeast-1/2026/11/30/"
        let files = try TemporaryDirectory()
        let hours = Dictionary(grouping: traffic.requests) { ($0.time / 1_000_000 - start) / 3600 }
        for (hour, requests) in hours {
            let name = String(format: "111111111111_elasticloadbalancing_ap-northeast-1_app.shop-prd_20261130T%02d00Z_%02d.log", hour, hour)
            let plain = try files.write(name, requests.map(traffic.albLine).joined(separator: "\n") + "\n")
            #expect(try Command.run("gzip", [plain.path]).status == 0)
            let body = try Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz"))
            _ = try await client.rest(service: .s3, operation: "PutObject", method: "PUT", path: "/" + prefix + name + ".gz",
                                      body: Array(body), bucket: bucket)
        }
        _ = try await client.rest(service: .s3, operation: "PutObject", method: "PUT", path: "/" + prefix + "empty/", bucket: bucket)
        _ = try await client.rest(service: .s3, operation: "PutObject", method: "PUT", path: "/other/unrelated.log",
                                  body: Array("not a log line\n".utf8), bucket: bucket)
        return (prefix, files)
    }

    @Test func aPrefixReadsLikeTheSameFilesOnDisk() async throws {
        let client = try Self.client()
        let bucket = MotoServer.uniqueName("alb-logs")
        let (prefix, files) = try await Self.upload(client, bucket: bucket)
        var source = S3LogSource(client: client)
        source.batchBytes = 20_000   // several batches, to check that they merge exactly
        let location = try S3LogSource.Location.parse("s3://\(bucket)/\(prefix.dropLast(3))")
        let objects = try await source.objects(location)
        #expect(objects.count == 24)
        #expect(objects.map(\.key) == objects.map(\.key).sorted())

        var options = LogAnalysisOptions()
        options.customerKey = .host
        var chosen: [String] = []
        let fromS3 = try await source.analyze([location], options: options) { first throws(LogConfigurationError) in
            chosen.append(first.name)
            return try LogSetup.format(type: "auto", logFormat: nil, customer: .host, jsonMapping: JSONFieldMapping(), inputs: [first])
        }
        #expect(chosen == ["s3://\(bucket)/\(objects[0].key)"])
        let local = try LogInput.expand([files.path])
        let fromDisk = try LogAnalyzer.analyze(local, format: try ALBFormat(), options: options)
        #expect(fromS3.counts.records == UInt64(Self.traffic.requests.count))
        #expect(fromS3.counts.invalid == 0)
        #expect(fromS3.counts.inputs == 24)
        #expect(fromS3.routes == fromDisk.routes)
        #expect(fromS3.customers == fromDisk.customers)
    }

    @Test func anEmptyPrefixAMissingBucketAndABadURLAreClearErrors() async throws {
        let client = try Self.client()
        let bucket = MotoServer.uniqueName("alb-empty")
        _ = try await client.rest(service: .s3, operation: "CreateBucket", method: "PUT", bucket: bucket)
        let source = S3LogSource(client: client)
        await #expect(throws: LogConfigurationError("s3://\(bucket)/AWSLogs/: no log objects under this prefix")) {
            _ = try await source.objects(S3LogSource.Location.parse("s3://\(bucket)/AWSLogs/"))
        }
        await #expect {
            _ = try await source.objects(S3LogSource.Location.parse("s3://\(bucket)-missing/AWSLogs/"))
        } throws: { error in
            "\(error)".contains("cannot list the objects") && "\(error)".contains("NoSuchBucket")
        }
        for bad in ["s3://", "s3://UPPER/x", "https://bucket/x", "s3://a/x"] {
            #expect(throws: LogConfigurationError.self) { try S3LogSource.Location.parse(bad) }
        }
        #expect(try S3LogSource.Location.parse("s3://my-logs") == .init(bucket: "my-logs", prefix: ""))
        #expect(try S3LogSource.Location.parse("s3://my-logs/a/b/") == .init(bucket: "my-logs", prefix: "a/b/"))
    }
}
