import AnshinAWS
import AnshinCore

/// What one live reading of an account could not see, collected from many concurrent readers.
///
/// A denied, unsubscribed or failing call never stops the audit and never passes silently: the
/// reader leaves what it could not read unknown (or absent) and records here which service,
/// Region and action was missing. Each distinct gap becomes one "not assessed" note; the
/// services whose listing failed are kept so that checks about something missing altogether
/// ("no CloudTrail trail") stay silent rather than report an absence nobody could see.
final class LiveGaps: Sendable {
    struct Gap: Hashable, Sendable {
        var service: String
        var region: String?
        var action: String
        var reason: String
    }

    private let state = LockedValue<(gaps: [Gap], seen: Set<Gap>, unlisted: Set<String>)>(([], [], []))

    /// Records that `error` kept `service` in `region` from answering; with `listing`, the
    /// service's resources are not known at all (not merely one setting of one resource).
    func record(_ error: AWSError, service: AWSService, region: String?, listing: Bool = false) {
        let action = error.action ?? "\(service.actionPrefix):\(error.operation)"
        let gap = Gap(service: service.id, region: region, action: action, reason: Self.reason(error))
        state.withLock { state in
            if state.seen.insert(gap).inserted { state.gaps.append(gap) }
            if listing { state.unlisted.insert(Self.key(service, region)) }
        }
    }

    /// Whether `service` could not list its resources in `region` (any Region when nil).
    func unlisted(_ service: AWSService, region: String? = nil) -> Bool {
        state.withLock { state in
            if let region { return state.unlisted.contains(Self.key(service, region)) }
            return state.unlisted.contains { $0.hasPrefix(service.id + "|") }
        }
    }

    /// One note per gap, naming the account, service, Region and the action that failed; a
    /// Region where none of `regionalServices` could list anything (not enabled for the
    /// account, or unreachable) is one note for the whole Region.
    func notes(account: String, regionalServices: [AWSService] = []) -> [Note] {
        state.withLock { state in
            let regions = Set(state.gaps.compactMap(\.region))
            let unreadable = regions.filter { region in
                !regionalServices.isEmpty && regionalServices.allSatisfy { state.unlisted.contains(Self.key($0, region)) }
            }
            var reported = Set<String>()
            return state.gaps.compactMap { gap in
                if let region = gap.region, unreadable.contains(region) {
                    guard reported.insert(region).inserted else { return nil }
                    return Note(kind: .notAssessed, source: "aws",
                                message: "account \(account): Region \(region) not assessed: no service could be read there (\(gap.action): \(gap.reason))")
                }
                let place = gap.region.map { " in \($0)" } ?? ""
                return Note(kind: .notAssessed, source: "aws",
                            message: "account \(account): \(gap.service)\(place) not assessed (\(gap.action)): \(gap.reason)")
            }
        }
    }

    private static func key(_ service: AWSService, _ region: String?) -> String {
        "\(service.id)|\(region ?? "")"
    }

    /// Why, in a few words a reader can act on.
    static func reason(_ error: AWSError) -> String {
        switch error.kind {
        case .accessDenied: return "access denied" + (error.action.map { "; allow \($0)" } ?? "")
        case .network: return "cannot reach \(error.endpoint ?? "the endpoint"): \(error.message)"
        default:
            let code = error.code.map { "\($0): " } ?? (error.statusCode.map { "HTTP \($0): " } ?? "")
            return code + error.message
        }
    }
}

/// Bucket names gathered by concurrent readers (where trails, load balancers, flow logs, Config,
/// CloudFront and WAF deliver their logs), joined with the bucket list once everything is read.
final class BucketNames: Sendable {
    private let names = LockedValue<Set<String>>([])

    /// Adds the bucket `location` names (a name, `name/prefix`, an S3 ARN or a bucket domain).
    func insert(location: String?) {
        guard let location, !location.isEmpty else { return }
        let name = S3Bucket.name(fromLocation: location)
        names.withLock { _ = $0.insert(name) }
    }

    var all: Set<String> { names.withLock { $0 } }
}

/// Request flows gathered by concurrent readers.
final class RequestFlows: Sendable {
    private let flows = LockedValue<[RequestFlow]>([])

    func insert(_ flow: RequestFlow) { flows.withLock { $0.append(flow) } }

    var all: [RequestFlow] { flows.withLock { $0 } }
}

/// Error codes that mean "this setting is not configured", not a failure.
enum MissingConfiguration {
    static let codes: Set<String> = [
        "NoSuchPublicAccessBlockConfiguration", "ServerSideEncryptionConfigurationNotFoundError",
        "NoSuchLifecycleConfiguration", "NoSuchBucketPolicy", "NoSuchEntity", "NoSuchConfiguration",
        "WAFNonexistentItemException",
    ]

    static func matches(_ error: AWSError) -> Bool {
        error.code.map(codes.contains) ?? false
    }
}

/// Runs `body` for every element with at most `limit` running at once, keeping the input order.
func concurrentMap<Element: Sendable, Result: Sendable>(_ items: [Element], limit: Int,
                                                        _ body: @escaping @Sendable (Element) async -> Result) async -> [Result] {
    await withTaskGroup(of: (Int, Result).self) { group in
        var results: [Result?] = Array(repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(max(limit, 1), items.count) {
            let index = next
            group.addTask { (index, await body(items[index])) }
            next += 1
        }
        while let (index, result) = await group.next() {
            results[index] = result
            if next < items.count {
                let index = next
                group.addTask { (index, await body(items[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
