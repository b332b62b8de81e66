import AnshinHTTP
import Foundation

/// A stateful stand-in for GitHub's REST API on a loopback port, for what cannot be reached
/// from tests: issues, labels and comments of repositories (kept in memory and changed by
/// writes), and fixed answers for everything else (organisation settings, repositories, branch
/// protection, GraphQL), loaded from fixtures in GitHub's documented response shapes.
///
/// It behaves as GitHub documents: a bearer token is required (401 otherwise); lists are paged
/// by `per_page`/`page` with `Link` headers; issues are listed newest first by default, pull
/// requests included and marked; labels named on a new issue are created on the fly, grey; a
/// label that exists is a 422 `already_exists`; every answer carries the `x-ratelimit-*`
/// headers. Scripted faults (rate limits, 5xx, a write applied whose answer is lost) are queued
/// with ``inject(_:)``.
public final class FakeGitHub: @unchecked Sendable {
    public struct Issue: Sendable {
        public var number: Int
        public var title: String
        public var body: String?
        public var state: String
        public var stateReason: String?
        public var labels: [String]
        public var user: String
        public var comments: [String]
        public var isPullRequest: Bool
    }

    public struct Label: Sendable, Equatable {
        public var name: String
        public var color: String
        public var description: String?
    }

    /// A scripted answer to the next matching requests.
    public struct Fault: Sendable {
        public var method: String?
        /// Matches when the request path contains it (nil: any path).
        public var path: String?
        public var response: HTTPResponse
        /// How many matching requests get it.
        public var times: Int
        /// Whether the request is applied before the fault is answered (a write that happened
        /// although its answer was lost).
        public var applied: Bool

        public init(method: String? = nil, path: String? = nil, response: HTTPResponse, times: Int = 1, applied: Bool = false) {
            self.method = method
            self.path = path
            self.response = response
            self.times = times
            self.applied = applied
        }

        /// GitHub's secondary rate limit: 403 with `Retry-After` and its message.
        public static func secondaryRateLimit(method: String? = nil, path: String? = nil, retryAfter: Int = 1, times: Int = 1) -> Fault {
            Fault(method: method, path: path, response: HTTPResponse(
                status: 403, headers: [("Content-Type", "application/json; charset=utf-8"), ("Retry-After", String(retryAfter))],
                body: Array(#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}"#.utf8)),
                times: times)
        }

        /// The primary rate limit spent: 403 with `x-ratelimit-remaining: 0` and the reset time.
        public static func primaryRateLimit(method: String? = nil, path: String? = nil, reset: Date, status: Int = 403, times: Int = 1) -> Fault {
            Fault(method: method, path: path, response: HTTPResponse(
                status: status, headers: [("Content-Type", "application/json; charset=utf-8"), ("x-ratelimit-limit", "5000"),
                                          ("x-ratelimit-remaining", "0"), ("x-ratelimit-used", "5000"),
                                          ("x-ratelimit-reset", String(Int(reset.timeIntervalSince1970))), ("x-ratelimit-resource", "core")],
                body: Array(#"{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits","status":"403"}"#.utf8)),
                times: times)
        }

        /// A server error (`502 Bad Gateway`), optionally after applying the request.
        public static func serverError(method: String? = nil, path: String? = nil, status: Int = 502, times: Int = 1, applied: Bool = false) -> Fault {
            Fault(method: method, path: path, response: HTTPResponse(status: status, body: Array("Bad Gateway".utf8)), times: times, applied: applied)
        }
    }

    private struct Repository {
        var issues: [Issue] = []
        var labels: [Label] = []
        var commentIDs = 0
    }

    private let lock = NSLock()
    private var repositories: [String: Repository] = [:]
    private var routes: [String: (status: Int, body: Data?)] = [:]
    private var faults: [Fault] = []
    private var used = 0
    private var server: LoopbackHTTPServer!

    public let token: String
    /// `""` for github.com's layout, `/api/v3` for Enterprise Server's.
    public let prefix: String
    /// When the fake's rate limit window resets.
    public let reset = Date(timeIntervalSince1970: 4_102_444_800)

    /// The API base URL to give the client.
    public var apiURL: String { server.endpoint + prefix }
    /// Every request received, in order.
    public var requests: [LoopbackHTTPServer.Request] { server.requests }
    /// Requests that write (anything but GET), in order.
    public var writes: [LoopbackHTTPServer.Request] { requests.filter { $0.method != "GET" } }

    private init(token: String, prefix: String) {
        self.token = token
        self.prefix = prefix
    }

    /// Starts a fake answering on 127.0.0.1 to requests with `Authorization: Bearer token`.
    public static func start(token: String = "fake-token-for-tests", prefix: String = "") async throws -> FakeGitHub {
        let fake = FakeGitHub(token: token, prefix: prefix)
        fake.server = try await LoopbackHTTPServer.start { [unowned fake] request in fake.handle(request) }
        return fake
    }

    public func stop() async { await server.stop() }

    // MARK: - Scripting and inspection

    public func inject(_ fault: Fault) { lock.withLock { faults.append(fault) } }

    /// Adds a repository (with no issues or labels) so it answers instead of 404.
    public func addRepository(_ fullName: String) { lock.withLock { if repositories[fullName] == nil { repositories[fullName] = Repository() } } }

    /// Files an issue directly (as a person would); returns its number.
    @discardableResult
    public func seedIssue(_ fullName: String, title: String, body: String? = nil, labels: [String] = [], state: String = "open",
                          stateReason: String? = nil, user: String = "someone", isPullRequest: Bool = false) -> Int {
        lock.withLock {
            var repository = repositories[fullName] ?? Repository()
            let number = repository.issues.count + 1
            for name in labels where !repository.labels.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                repository.labels.append(Label(name: name, color: "ededed", description: nil))
            }
            repository.issues.append(Issue(number: number, title: title, body: body, state: state, stateReason: stateReason,
                                           labels: labels, user: user, comments: [], isPullRequest: isPullRequest))
            repositories[fullName] = repository
            return number
        }
    }

    /// Changes an issue directly (as a person would in the web interface).
    public func editIssue(_ fullName: String, number: Int, _ change: (inout Issue) -> Void) {
        lock.withLock {
            guard var repository = repositories[fullName], let index = repository.issues.firstIndex(where: { $0.number == number }) else { return }
            change(&repository.issues[index])
            repositories[fullName] = repository
        }
    }

    public func issues(_ fullName: String) -> [Issue] { lock.withLock { repositories[fullName]?.issues ?? [] } }
    public func labels(_ fullName: String) -> [Label] { lock.withLock { repositories[fullName]?.labels ?? [] } }

    /// Answers `METHOD path` (no query) with `body` (JSON) and `status`.
    public func route(_ method: String, _ path: String, status: Int = 200, json body: Any?) {
        let data = body.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
        lock.withLock { routes["\(method) \(path)"] = (status, data) }
    }

    /// Loads fixed answers from a JSON object `{"GET /orgs/acme": body, …}`; a value
    /// `{"$status": 404, "$body": …}` gives a status (and a body, or none).
    public func loadRoutes(_ document: [String: Any]) {
        for (key, value) in document {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if let object = value as? [String: Any], let status = object["$status"] as? Int {
                route(parts[0], parts[1], status: status, json: object["$body"])
            } else {
                route(parts[0], parts[1], json: value)
            }
        }
    }

    // MARK: - Serving

    private func handle(_ request: LoopbackHTTPServer.Request) -> HTTPResponse {
        var response = answer(request)
        let remaining = lock.withLock { () -> Int in used += 1; return max(0, 5000 - used) }
        if !response.headers.contains(where: { $0.name.lowercased() == "x-ratelimit-remaining" }) {
            response.headers += [("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", String(remaining)),
                                 ("x-ratelimit-used", String(5000 - remaining)), ("x-ratelimit-reset", String(Int(reset.timeIntervalSince1970))),
                                 ("x-ratelimit-resource", "core")]
        }
        return response
    }

    private func answer(_ request: LoopbackHTTPServer.Request) -> HTTPResponse {
        guard request.header("Authorization") == "Bearer \(token)" else {
            return json(401, ["message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"])
        }
        var path = request.path
        if prefix.hasSuffix("/v3"), path == String(prefix.dropLast(3)) + "graphql" {
            path = "/graphql"
        } else {
            guard path.hasPrefix(prefix) else { return notFound() }
            path = String(path.dropFirst(prefix.count))
        }
        if let fault = takeFault(request.method, request.path) {
            if fault.applied { _ = serve(request, path: path) }
            return fault.response
        }
        return serve(request, path: path)
    }

    private func takeFault(_ method: String, _ path: String) -> Fault? {
        lock.withLock {
            guard let index = faults.firstIndex(where: { fault in
                (fault.method == nil || fault.method == method) && (fault.path == nil || path.contains(fault.path!))
            }) else { return nil }
            let fault = faults[index]
            faults[index].times -= 1
            if faults[index].times <= 0 { faults.remove(at: index) }
            return fault
        }
    }

    private func serve(_ request: LoopbackHTTPServer.Request, path: String) -> HTTPResponse {
        let query = Dictionary(HTTPRequest.decodeQuery(request.uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init))
            .map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        let parts = path.split(separator: "/").map(String.init)
        // /repos/{owner}/{repo}/issues…, /repos/{owner}/{repo}/labels
        if parts.count >= 4, parts[0] == "repos", ["issues", "labels"].contains(parts[3]), repositoryExists("\(parts[1])/\(parts[2])") {
            return repositoryCall(request, repository: "\(parts[1])/\(parts[2])", rest: Array(parts.dropFirst(3)), query: query, path: path)
        }
        guard let (status, body) = storedRoute(request.method, path, query: query) else { return notFound() }
        guard let body else { return HTTPResponse(status: status) }
        if status == 200, request.method == "GET", let array = try? JSONSerialization.jsonObject(with: body) as? [Any] {
            return page(array, query: query, path: path)
        }
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(body))
    }

    /// The fixed answer for `METHOD path`: a key with a query (`GET /x?affiliation=outside`)
    /// matches when the request has those parameters, and the most specific match wins.
    private func storedRoute(_ method: String, _ path: String, query: [String: String]) -> (status: Int, body: Data?)? {
        lock.withLock {
            var best: (constraints: Int, route: (status: Int, body: Data?))?
            for (key, route) in routes {
                let parts = key.split(separator: "?", maxSplits: 1).map(String.init)
                guard parts[0] == "\(method) \(path)" else { continue }
                let constraints = parts.count == 2 ? HTTPRequest.decodeQuery(parts[1]) : []
                guard constraints.allSatisfy({ query[$0.name] == $0.value }) else { continue }
                if best == nil || constraints.count > best!.constraints { best = (constraints.count, route) }
            }
            return best?.route
        }
    }

    private func repositoryExists(_ name: String) -> Bool { lock.withLock { repositories[name] != nil } }

    private func repositoryCall(_ request: LoopbackHTTPServer.Request, repository name: String, rest: [String],
                                query: [String: String], path: String) -> HTTPResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        return lock.withLock { () -> HTTPResponse in
            var repository = repositories[name]!
            defer { repositories[name] = repository }
            switch (request.method, rest.count, rest[0]) {
            case ("GET", 1, "labels"):
                return page(repository.labels.map { labelJSON($0, repository: name) }, query: query, path: path)
            case ("POST", 1, "labels"):
                guard let label = body["name"] as? String, !label.isEmpty else { return validation("Label", "missing_field", "name") }
                if repository.labels.contains(where: { $0.name.lowercased() == label.lowercased() }) {
                    return validation("Label", "already_exists", "name")
                }
                let created = Label(name: label, color: (body["color"] as? String) ?? "ededed", description: body["description"] as? String)
                repository.labels.append(created)
                return json(201, labelJSON(created, repository: name))
            case ("GET", 1, "issues"):
                let state = query["state"] ?? "open"
                var issues = repository.issues.filter { state == "all" || $0.state == state }
                if let wanted = query["labels"]?.split(separator: ",").map({ $0.lowercased() }) {
                    issues = issues.filter { issue in wanted.allSatisfy { name in issue.labels.contains { $0.lowercased() == name } } }
                }
                // Newest first unless asked otherwise (sort=created is the only sort kept here).
                if (query["direction"] ?? "desc") == "desc" { issues.reverse() }
                return page(issues.map { issueJSON($0, repository: name) }, query: query, path: path)
            case ("POST", 1, "issues"):
                guard let title = body["title"] as? String, !title.isEmpty else { return validation("Issue", "missing_field", "title") }
                let labels = (body["labels"] as? [String]) ?? []
                for label in labels where !repository.labels.contains(where: { $0.name.lowercased() == label.lowercased() }) {
                    repository.labels.append(Label(name: label, color: "ededed", description: nil))
                }
                let issue = Issue(number: repository.issues.count + 1, title: title, body: body["body"] as? String, state: "open",
                                  stateReason: nil, labels: labels, user: "anshin-bot", comments: [], isPullRequest: false)
                repository.issues.append(issue)
                return json(201, issueJSON(issue, repository: name))
            case (_, 2, "issues"), (_, 3, "issues"):
                guard let number = Int(rest[1]), let index = repository.issues.firstIndex(where: { $0.number == number }) else { return notFound() }
                if rest.count == 3 {
                    guard rest[2] == "comments" else { return notFound() }
                    if request.method == "POST" {
                        guard let text = body["body"] as? String else { return validation("IssueComment", "missing_field", "body") }
                        repository.issues[index].comments.append(text)
                        repository.commentIDs += 1
                        return json(201, commentJSON(id: repository.commentIDs, body: text, issue: number, repository: name))
                    }
                    let comments = repository.issues[index].comments.enumerated().map {
                        commentJSON(id: $0.offset + 1, body: $0.element, issue: number, repository: name)
                    }
                    return page(comments, query: query, path: path)
                }
                if request.method == "PATCH" {
                    var issue = repository.issues[index]
                    if let title = body["title"] as? String { issue.title = title }
                    if let text = body["body"] as? String { issue.body = text }
                    if let labels = body["labels"] as? [String] {
                        for label in labels where !repository.labels.contains(where: { $0.name.lowercased() == label.lowercased() }) {
                            repository.labels.append(Label(name: label, color: "ededed", description: nil))
                        }
                        issue.labels = labels
                    }
                    if let state = body["state"] as? String, state != issue.state {
                        issue.state = state
                        issue.stateReason = (body["state_reason"] as? String) ?? (state == "closed" ? "completed" : "reopened")
                    } else if let reason = body["state_reason"] as? String {
                        issue.stateReason = reason
                    }
                    repository.issues[index] = issue
                }
                return json(200, issueJSON(repository.issues[index], repository: name))
            default:
                return notFound()
            }
        }
    }

    private func page(_ items: [Any], query: [String: String], path: String) -> HTTPResponse {
        let perPage = min(100, max(1, Int(query["per_page"] ?? "") ?? 30))
        let pageNumber = max(1, Int(query["page"] ?? "") ?? 1)
        let last = max(1, (items.count + perPage - 1) / perPage)
        let slice = Array(items.dropFirst((pageNumber - 1) * perPage).prefix(perPage))
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json; charset=utf-8")]
        if last > 1 {
            func link(_ number: Int, _ relation: String) -> String {
                var parameters = query
                parameters["page"] = String(number)
                let text = parameters.sorted { $0.key < $1.key }
                    .map { "\(PercentEncoding.encode($0.key))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
                return "<\(server.endpoint)\(prefix)\(path)?\(text)>; rel=\"\(relation)\""
            }
            var links: [String] = []
            if pageNumber < last { links += [link(pageNumber + 1, "next"), link(last, "last")] }
            if pageNumber > 1 { links += [link(1, "first"), link(pageNumber - 1, "prev")] }
            headers.append(("Link", links.joined(separator: ", ")))
        }
        let data = (try? JSONSerialization.data(withJSONObject: slice, options: [.sortedKeys])) ?? Data("[]".utf8)
        return HTTPResponse(status: 200, headers: headers, body: Array(data))
    }

    private func issueJSON(_ issue: Issue, repository: String) -> [String: Any] {
        let base = "\(server.endpoint)\(prefix)/repos/\(repository)"
        var object: [String: Any] = [
            "id": 1_000_000 + issue.number, "node_id": "I_kwDO\(issue.number)", "number": issue.number,
            "url": "\(base)/issues/\(issue.number)", "repository_url": base,
            "labels_url": "\(base)/issues/\(issue.number)/labels{/name}", "comments_url": "\(base)/issues/\(issue.number)/comments",
            "events_url": "\(base)/issues/\(issue.number)/events",
            "html_url": "https://github.example/\(repository)/issues/\(issue.number)",
            "title": issue.title, "body": issue.body ?? NSNull(), "state": issue.state, "state_reason": issue.stateReason ?? NSNull(),
            "locked": false, "active_lock_reason": NSNull(), "comments": issue.comments.count, "user": userJSON(issue.user),
            "labels": issue.labels.map { name in labelJSON(labelsLookup(repository, name), repository: repository) },
            "assignee": NSNull(), "assignees": [Any](), "milestone": NSNull(),
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "closed_at": issue.state == "closed" ? "2026-01-02T00:00:00Z" : NSNull(),
            "closed_by": issue.state == "closed" ? userJSON("anshin-bot") : NSNull(), "author_association": "MEMBER",
        ]
        if issue.isPullRequest {
            object["pull_request"] = ["url": "\(base)/pulls/\(issue.number)", "html_url": "https://github.example/\(repository)/pull/\(issue.number)",
                                      "diff_url": "https://github.example/\(repository)/pull/\(issue.number).diff",
                                      "patch_url": "https://github.example/\(repository)/pull/\(issue.number).patch", "merged_at": NSNull()]
        }
        return object
    }

    /// A user as GitHub embeds one (`user`, `closed_by`).
    private func userJSON(_ login: String) -> [String: Any] {
        let id = 1 + abs(login.unicodeScalars.reduce(0) { ($0 &* 31) &+ Int($1.value) } % 100_000)
        return ["login": login, "id": id, "node_id": "U_kgDO\(id)", "avatar_url": "https://avatars.github.example/u/\(id)?v=4",
                "gravatar_id": "", "url": "\(server.endpoint)\(prefix)/users/\(login)", "html_url": "https://github.example/\(login)",
                "type": login.hasSuffix("-bot") || login.hasSuffix("[bot]") ? "Bot" : "User", "site_admin": false]
    }

    /// A comment as `GET /repos/{owner}/{repo}/issues/{number}/comments` lists it.
    private func commentJSON(id: Int, body: String, issue: Int, repository: String) -> [String: Any] {
        let base = "\(server.endpoint)\(prefix)/repos/\(repository)"
        return ["id": id, "node_id": "IC_kwDO\(id)", "url": "\(base)/issues/comments/\(id)",
                "html_url": "https://github.example/\(repository)/issues/\(issue)#issuecomment-\(id)", "issue_url": "\(base)/issues/\(issue)",
                "body": body, "user": userJSON("anshin-bot"), "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
                "author_association": "MEMBER"]
    }

    /// The label called `name` (lock held by the caller).
    private func labelsLookup(_ repository: String, _ name: String) -> Label {
        repositories[repository]?.labels.first { $0.name.lowercased() == name.lowercased() } ?? Label(name: name, color: "ededed", description: nil)
    }

    private func labelJSON(_ label: Label, repository: String) -> [String: Any] {
        let id = 1 + abs(label.name.lowercased().unicodeScalars.reduce(0) { ($0 &* 31) &+ Int($1.value) } % 1_000_000)
        return ["id": id, "node_id": "LA_kwDO\(id)", "url": "\(server.endpoint)\(prefix)/repos/\(repository)/labels/\(PercentEncoding.encode(label.name))",
                "name": label.name, "color": label.color, "description": label.description ?? NSNull(), "default": false]
    }

    private func json(_ status: Int, _ object: Any) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data))
    }

    private func notFound() -> HTTPResponse {
        json(404, ["message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"])
    }

    private func validation(_ resource: String, _ code: String, _ field: String) -> HTTPResponse {
        json(422, ["message": "Validation Failed", "errors": [["resource": resource, "code": code, "field": field]],
                   "documentation_url": "https://docs.github.com/rest", "status": "422"] as [String: Any])
    }
}
