import AnshinAWS
import AnshinCore
import Foundation

/// Reads one account's resources through ``AWSClient`` into the Inventory types the Terraform
/// side fills, so the checks run unchanged on live data.
///
/// One small reader per service lives in the `Inventory+AWS…` files. Every call is a Describe,
/// List or Get (plus `GenerateCredentialReport`): the audit is strictly read-only. A reader
/// throws when it cannot list its resources at all (the caller records the gap and the Region's
/// part stays unassessed); when only one setting of one resource cannot be read, it records the
/// gap in ``gaps`` and leaves that setting unknown.
struct LiveReader: Sendable {
    /// A client in the account's home Region (the first Region audited).
    var client: AWSClient
    var account: String
    var environment: String?
    var gaps: LiveGaps
    /// How many calls about single resources (a bucket's settings) run at once.
    var perResourceConcurrency: Int
    /// Buckets that other services deliver logs to, as the readers meet them.
    var logBuckets = BucketNames()
    /// Buckets CodeBuild projects and CodePipeline pipelines keep artifacts (or caches) in.
    var artifactBuckets = BucketNames()
    /// Request flows met by readers of other resources (a distribution's origins, a web ACL's
    /// load balancers), joined to the inventory once everything is read.
    var requestFlows = RequestFlows()

    /// A reference to a live resource: its id, ARN, account, Region and environment.
    func reference(_ kind: String, _ identifier: String, name: String? = nil, arn: String? = nil,
                   region: String?) -> ResourceReference {
        ResourceReference(kind: kind, identifier: identifier, name: name, arn: arn, account: account, region: region,
                          environment: environment)
    }

    /// `call`'s value, or `fallback` after recording why the call failed; error codes that mean
    /// "not configured" give `missing`.
    func optional<T: Sendable>(_ service: AWSService, region: String?, missing: T, fallback: T,
                               _ call: () async throws(AWSError) -> T) async -> T {
        do throws(AWSError) {
            return try await call()
        } catch {
            if MissingConfiguration.matches(error) { return missing }
            gaps.record(error, service: service, region: region)
            return fallback
        }
    }
}

extension XML {
    /// The text at `path` read as a boolean; nil when absent.
    func bool(_ path: String) -> Bool? {
        value(path).map { $0.lowercased() == "true" }
    }

    /// The text at `path` read as an integer; nil when absent.
    func int(_ path: String) -> Int? {
        value(path).flatMap { Int($0) }
    }
}

extension Setting {
    /// `.known(value)` when present, else `fallback`.
    static func from(_ value: Value?, else fallback: Setting<Value>) -> Setting<Value> {
        value.map(Setting.known) ?? fallback
    }
}
