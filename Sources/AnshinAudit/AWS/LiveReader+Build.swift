import AnshinAWS
import AnshinCore

/// Where CodeBuild projects and CodePipeline pipelines of one Region keep build artifacts, so
/// that the buckets they use are known to hold artifacts (and are asked to expire them).
extension LiveReader {
    /// CodeBuild: `ListProjects`, then `BatchGetProjects` 100 names at a time; S3 artifacts,
    /// secondary artifacts and S3 caches name their bucket (`bucket` or `bucket/prefix`).
    func codeBuildArtifactBuckets(_ regional: AWSClient) async throws(AWSError) {
        let names = try await regional.jsonPages(service: .codeBuild, operation: "ListProjects", inputToken: "nextToken", outputToken: "nextToken")
            .collect().flatMap { $0["projects"]?.array ?? [] }.compactMap(\.string)
        for start in stride(from: 0, to: names.count, by: 100) {
            let batch = names[start..<min(names.count, start + 100)].map(JSON.string)
            let projects = try await regional.json(service: .codeBuild, operation: "BatchGetProjects", body: ["names": .array(batch)])
            for project in projects["projects"]?.array ?? [] {
                let stores = [project["artifacts"], project["cache"]] + (project["secondaryArtifacts"]?.array ?? []).map(Optional.some)
                for store in stores.compactMap({ $0 }) where store["type"]?.string == "S3" {
                    artifactBuckets.insert(location: store["location"]?.string)
                }
            }
        }
    }

    /// CodePipeline: `ListPipelines`, then `GetPipeline` for each; the artifact store of the
    /// pipeline's Region, or one per Region for a cross-Region pipeline.
    func codePipelineArtifactBuckets(_ regional: AWSClient) async throws(AWSError) {
        let names = try await regional.jsonPages(service: .codePipeline, operation: "ListPipelines", inputToken: "nextToken", outputToken: "nextToken")
            .collect().flatMap { $0["pipelines"]?.array ?? [] }.compactMap { $0["name"]?.string }
        _ = await concurrentMap(names, limit: perResourceConcurrency) { name in
            await optional(.codePipeline, region: regional.region, missing: (), fallback: ()) { () async throws(AWSError) in
                let pipeline = try await regional.json(service: .codePipeline, operation: "GetPipeline", body: ["name": .string(name)])["pipeline"]
                var stores = pipeline?["artifactStore"].map { [$0] } ?? []
                stores += pipeline?["artifactStores"]?.object?.values.map { $0 } ?? []
                for store in stores where store["type"]?.string == "S3" { artifactBuckets.insert(location: store["location"]?.string) }
            }
        }
    }
}
