import AnshinAWS
import AnshinCore

/// CloudTrail trails, Config recorders and CloudWatch Logs groups of one Region.
extension LiveReader {
    /// The trails `DescribeTrails` shows in the Region, shadow trails of multi-Region and
    /// organization trails included; the caller keeps each ARN once.
    func trails(_ regional: AWSClient) async throws(AWSError) -> [Trail] {
        let described = try await regional.json(service: .cloudTrail, operation: "DescribeTrails", body: ["includeShadowTrails": true])
        var trails: [Trail] = []
        for item in described["trailList"]?.array ?? [] {
            guard let arn = item["TrailARN"]?.string else { continue }
            let home = item["HomeRegion"]?.string ?? regional.region
            let name = item["Name"]?.string ?? arn
            var trail = Trail(reference: reference("AWS::CloudTrail::Trail", arn, name: name, arn: arn, region: home))
            trail.multiRegion = .known(item["IsMultiRegionTrail"]?.bool ?? false)
            trail.logFileValidation = .known(item["LogFileValidationEnabled"]?.bool ?? false)
            trail.kmsKeyID = .known(item["KmsKeyId"]?.string)
            trail.cloudWatchLogs = .known(item["CloudWatchLogsLogGroupArn"]?.string != nil)
            trail.organizationTrail = .known(item["IsOrganizationTrail"]?.bool ?? false)
            trail.bucket = item["S3BucketName"]?.string
            logBuckets.insert(location: trail.bucket)
            // Status and selectors are asked of the trail's home Region, by ARN (shadow trails too).
            let homeClient = regional.inRegion(home)
            trail.logging = await optional(.cloudTrail, region: home, missing: .unknown, fallback: .unknown) {
                () async throws(AWSError) -> Setting<Bool> in
                .from(try await homeClient.json(service: .cloudTrail, operation: "GetTrailStatus", body: ["Name": .string(arn)])["IsLogging"]?.bool,
                      else: .unknown)
            }
            trail.managementEvents = await optional(.cloudTrail, region: home, missing: .unknown, fallback: .unknown) {
                () async throws(AWSError) -> Setting<Bool> in
                Self.recordsManagementEvents(try await homeClient.json(service: .cloudTrail, operation: "GetEventSelectors",
                                                                  body: ["TrailName": .string(arn)]))
            }
            trails.append(trail)
        }
        return trails
    }

    /// Whether event selectors record management events, reads and writes: a basic selector
    /// with `IncludeManagementEvents` and `ReadWriteType` All, or an advanced selector on the
    /// Management category without a read-only filter.
    static func recordsManagementEvents(_ selectors: JSON) -> Setting<Bool> {
        if let basic = selectors["EventSelectors"]?.array, !basic.isEmpty {
            return .known(basic.contains { $0["IncludeManagementEvents"]?.bool != false && ($0["ReadWriteType"]?.string ?? "All") == "All" })
        }
        if let advanced = selectors["AdvancedEventSelectors"]?.array, !advanced.isEmpty {
            return .known(advanced.contains { selector in
                let fields = selector["FieldSelectors"]?.array ?? []
                let management = fields.contains { $0["Field"]?.string == "eventCategory" && $0["Equals"]?.array?.contains(.string("Management")) == true }
                let readOnly = fields.contains { $0["Field"]?.string == "readOnly" }
                return management && !readOnly
            })
        }
        return .known(false)
    }

    func configRecorders(_ regional: AWSClient) async throws(AWSError) -> [ConfigRecorder] {
        let described = try await regional.json(service: .config, operation: "DescribeConfigurationRecorders")
        let status = await optional(.config, region: regional.region, missing: [:], fallback: [:]) { () async throws(AWSError) -> [String: Bool] in
            let result = try await regional.json(service: .config, operation: "DescribeConfigurationRecorderStatus")
            var recording: [String: Bool] = [:]
            for item in result["ConfigurationRecordersStatus"]?.array ?? [] {
                if let name = item["name"]?.string { recording[name] = item["recording"]?.bool ?? false }
            }
            return recording
        }
        await optional(.config, region: regional.region, missing: (), fallback: ()) { () async throws(AWSError) in
            for channel in try await regional.json(service: .config, operation: "DescribeDeliveryChannels")["DeliveryChannels"]?.array ?? [] {
                logBuckets.insert(location: channel["s3BucketName"]?.string)
            }
        }
        return (described["ConfigurationRecorders"]?.array ?? []).map { item in
            let name = item["name"]?.string ?? "default"
            let arn = item["arn"]?.string
            var recorder = ConfigRecorder(reference: reference("AWS::Config::ConfigurationRecorder", name, name: name, arn: arn,
                                                               region: regional.region))
            let group = item["recordingGroup"]
            recorder.allSupported = .known(group?["allSupported"]?.bool ?? false)
            recorder.includesGlobalResources = .known(group?["includeGlobalResourceTypes"]?.bool ?? false)
            recorder.recording = .from(status[name], else: .unknown)
            return recorder
        }
    }

    func logGroups(_ regional: AWSClient) async throws(AWSError) -> [LogGroup] {
        try await regional.jsonPages(service: .cloudWatchLogs, operation: "DescribeLogGroups", inputToken: "nextToken", outputToken: "nextToken")
            .collect().flatMap { $0["logGroups"]?.array ?? [] }
            .compactMap { item in
                guard let name = item["logGroupName"]?.string else { return nil }
                var group = LogGroup(reference: reference("AWS::Logs::LogGroup", name, name: name,
                                                          arn: item["arn"]?.string.map(Self.withoutWildcard), region: regional.region))
                group.retentionDays = .known(item["retentionInDays"]?.int)
                group.kmsKeyID = .known(item["kmsKeyId"]?.string)
                return group
            }
    }

    /// Log group ARNs from `DescribeLogGroups` end in `:*`; the resource's own ARN does not.
    static func withoutWildcard(_ arn: String) -> String {
        arn.hasSuffix(":*") ? String(arn.dropLast(2)) : arn
    }
}
