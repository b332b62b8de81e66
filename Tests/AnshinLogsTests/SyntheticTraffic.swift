@testable import AnshinLogs
import AnshinTesting
import Foundation

/// Deterministic ALB traffic for tests: a few routes with their own latency, customers by host,
/// and the exact latencies kept so percentiles can be checked against them.
struct SyntheticTraffic {
    struct Request {
        var time: Int64          // microseconds
        var method: String
        var path: String
        var route: String
        var host: String
        var status: Int
        var targetStatus: String
        var request: Int64       // microseconds, -1 unknown
        var target: Int64
        var response: Int64
        var sent: Int
    }

    var requests: [Request] = []

    /// `days` days of traffic from `start` (seconds), `perHour` requests an hour; from `slowFrom`
    /// (seconds) on, `GET /api/orders/{id}` is three times slower and fails 5 % of the time.
    init(start: Int64, days: Int, perHour: Int, seed: UInt64, slowFrom: Int64? = nil) {
        var random = SplitMix64(seed: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        let routes: [(method: String, template: String, weight: Double, medianMillis: Double)] = [
            ("GET", "/api/orders/#", 0.40, 40), ("GET", "/api/users/#/profile", 0.25, 15), ("POST", "/api/checkout", 0.10, 250),
            ("GET", "/health", 0.20, 1), ("GET", "/static/app.js", 0.05, 3),
        ]
        let hosts = ["acme.shop.example", "globex.shop.example", "initech.shop.example", "umbrella.shop.example"]
        for hour in 0..<(days * 24) {
            for index in 0..<perHour {
                let time = (start + Int64(hour) * 3600) * 1_000_000 + Int64(index) * (3_600_000_000 / Int64(perHour))
                var pick = uniform(), chosen = routes[0]
                for route in routes {
                    if pick < route.weight { chosen = route; break }
                    pick -= route.weight
                }
                let id = Int(random.next() % 100_000)
                let path = chosen.template.replacingOccurrences(of: "#", with: String(id))
                let slow = slowFrom.map { time >= $0 * 1_000_000 } ?? false && chosen.template == "/api/orders/#"
                let z = sqrt(-2 * log(max(uniform(), 1e-12))) * cos(2 * .pi * uniform())
                let millis = chosen.medianMillis * exp(0.5 * z) * (slow ? 3 : 1)
                let host = hosts[min(hosts.count - 1, Int(pow(uniform(), 2) * Double(hosts.count)))]
                var status = 200, targetStatus = "200"
                var request: Int64 = 1000, target = Int64(millis * 1000), response: Int64 = 100
                if uniform() < (slow ? 0.05 : 0.002) {
                    status = 502; targetStatus = "-"; request = -1; target = -1; response = -1
                } else if uniform() < 0.03 {
                    status = 404; targetStatus = "404"
                }
                requests.append(Request(time: time, method: chosen.method, path: path,
                                        route: "\(chosen.method) \(chosen.template.replacingOccurrences(of: "#", with: "{id}"))",
                                        host: host, status: status, targetStatus: targetStatus, request: request, target: target,
                                        response: response, sent: 200 + Int(random.next() % 5000)))
            }
        }
    }

    static func seconds(_ micros: Int64) -> String {
        micros < 0 ? "-1" : String(format: "%.6f", Double(micros) / 1e6)
    }

    func albLine(_ r: Request) -> String {
        let time = Timestamps.iso8601(r.time).dropLast() + String(format: ".%06dZ", Int(r.time % 1_000_000))
        return "https \(time) app/shop-prd/50dc6c495c0c9188 203.0.113.\(r.sent % 200):\(40000 + r.sent) "
            + (r.targetStatus == "-" ? "- " : "10.0.1.\(r.sent % 50):8080 ")
            + "\(SyntheticTraffic.seconds(r.request)) \(SyntheticTraffic.seconds(r.target)) \(SyntheticTraffic.seconds(r.response)) "
            + "\(r.status) \(r.targetStatus) 312 \(r.sent) \"\(r.method) https://\(r.host):443\(r.path) HTTP/1.1\" \"Mozilla/5.0 (X11; Linux x86_64)\" "
            + "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:targetgroup/shop/73e2d6bc24d8a067 "
            + "\"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"\(r.host)\" \"arn:aws:acm:ap-northeast-1:111111111111:certificate/12345678-1234-1234-1234-123456789012\" "
            + "1 \(time) \"forward\" \"-\" \"-\" \"10.0.1.7:8080\" \"\(r.targetStatus)\" \"-\" \"-\" TID_0123456789abcdef \"-\" \"-\" \"-\""
    }

    var albText: String { requests.map(albLine).joined(separator: "\n") + "\n" }

    /// Exact total latency in microseconds of a request, nil when unknown.
    static func latency(_ r: Request) -> Int64? {
        r.request < 0 ? nil : r.request + r.target + r.response
    }
}
