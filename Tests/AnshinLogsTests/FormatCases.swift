@testable import AnshinLogs
import Foundation
import Testing

/// What one sample line must parse into.
struct ExpectedRecord: Sendable {
    var time: String
    var method: String
    var path: String
    var status: Int
    var durationMicros: Int64
    var bytesSent: Int64
}

/// A format with sample lines and what each parses into: the input of every verifier test.
struct FormatCase: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable () throws -> any LogFormat
    /// Header lines (CloudFront's #Version and #Fields), then the samples.
    var header: [String] = []
    var samples: [(line: String, expected: ExpectedRecord)]

    var testDescription: String { name }

    var text: String { (header + samples.map(\.line)).joined(separator: "\n") + "\n" }

    static let albLine = #"https 2026-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/users/123/orders?x=1 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2026-11-30T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90 "-" "-" "-""#

    static let all: [FormatCase] = [
        FormatCase(name: "alb", make: { try ALBFormat() }, samples: [
            (albLine, ExpectedRecord(time: "2026-11-30T22:23:00Z", method: "GET", path: "/users/123/orders", status: 200, durationMicros: 171_000, bytesSent: 57)),
            // A load balancer 502: no target, timings of -1.
            (#"http 2026-11-30T22:24:01.000000Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 502 - 34 366 "POST http://www.example.com:80/api/checkout HTTP/1.1" "Mozilla/5.0 (X11; Linux x86_64)" - - - "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 0 2026-11-30T22:24:00.999000Z "forward" "-" "LambdaInvalidResponse" "-" "-" "-" "-" TID_x "-" "-" "-""#,
             ExpectedRecord(time: "2026-11-30T22:24:01Z", method: "POST", path: "/api/checkout", status: 502, durationMicros: -1, bytesSent: 366)),
            // Fields appended after the documented ones are tolerated.
            (albLine.replacingOccurrences(of: "22:23:00.186641Z", with: "22:25:00.000001Z") + #" "a-future-field" 42"#,
             ExpectedRecord(time: "2026-11-30T22:25:00Z", method: "GET", path: "/users/123/orders", status: 200, durationMicros: 171_000, bytesSent: 57)),
            // An older entry that stops after the TLS fields.
            (#"h2 2016-08-10T23:39:43.065466Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.002 0.000 404 404 34 366 "GET https://www.example.com:443/favicon.ico HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"#,
             ExpectedRecord(time: "2016-08-10T23:39:43Z", method: "GET", path: "/favicon.ico", status: 404, durationMicros: 2000, bytesSent: 366)),
        ]),
        FormatCase(name: "elb", make: { try ClassicELBFormat() }, samples: [
            (#"2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -"#,
             ExpectedRecord(time: "2015-05-13T23:39:43Z", method: "GET", path: "/", status: 200, durationMicros: 1178, bytesSent: 29)),
            (#"2015-05-13T23:40:00.000001Z my-loadbalancer 192.168.131.39:2817 - -1 -1 -1 503 0 0 0 "GET https://www.example.com:443/health HTTP/1.1" "ELB-HealthChecker/1.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"#,
             ExpectedRecord(time: "2015-05-13T23:40:00Z", method: "GET", path: "/health", status: 503, durationMicros: -1, bytesSent: 0)),
            // A TCP listener: no request line.
            (#"2015-05-13T23:41:00.000000Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -"#,
             ExpectedRecord(time: "2015-05-13T23:41:00Z", method: "-", path: "", status: 0, durationMicros: 1138, bytesSent: 305)),
        ]),
        FormatCase(name: "cloudfront", make: { try CloudFrontFormat() }, header: [
            "#Version: 1.0",
            "#Fields: " + CloudFrontFormat.fieldNames.joined(separator: " "),
        ], samples: [
            ("2026-11-30\t22:23:00\tSFO53-P7\t1045619\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/images/cat.jpg\t200\t-\tMozilla/5.0%20(Windows%20NT%2010.0)\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\twww.example.com\thttps\t220\t0.011\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.011\tHit\timage/jpeg\t1045433\t-\t-",
             ExpectedRecord(time: "2026-11-30T22:23:00Z", method: "GET", path: "/images/cat.jpg", status: 200, durationMicros: 11_000, bytesSent: 1_045_619)),
            ("2026-11-30\t22:23:05\tNRT57-C1\t0\t192.0.2.7\tPOST\td111111abcdef8.cloudfront.net\t/api/orders/981\t000\t-\tokhttp/4.9.0\tretry=1\t-\tError\tAbCdEf==\tapi.example.com\thttps\t812\t2.003\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tError\tHTTP/1.1\t-\t-\t52311\t-\tClientCommError\t-\t-\t-\t-",
             ExpectedRecord(time: "2026-11-30T22:23:05Z", method: "POST", path: "/api/orders/981", status: 0, durationMicros: 2_003_000, bytesSent: 0)),
        ]),
        FormatCase(name: "nginx-combined", make: { try AccessLogFormat.nginx() }, samples: [
            (#"192.168.1.10 - - [30/Nov/2026:22:23:00 +0900] "GET /api/v1/users/42?expand=1 HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36""#,
             ExpectedRecord(time: "2026-11-30T13:23:00Z", method: "GET", path: "/api/v1/users/42", status: 200, durationMicros: -1, bytesSent: 512)),
            (#"10.1.2.3 - alice [30/Nov/2026:13:24:00 +0000] "DELETE /api/v1/sessions/9f1c2d3e-4b5a-6978-8899-aabbccddeeff HTTP/2.0" 204 - "https://app.example.com/" "Mozilla/5.0 \"quoted\" agent""#,
             ExpectedRecord(time: "2026-11-30T13:24:00Z", method: "DELETE", path: "/api/v1/sessions/9f1c2d3e-4b5a-6978-8899-aabbccddeeff", status: 204, durationMicros: -1, bytesSent: 0)),
        ]),
        FormatCase(name: "nginx-custom", make: {
            try AccessLogFormat(format: #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time urt="$upstream_response_time" cust=$http_x_customer_id"#)
        }, samples: [
            (#"10.0.0.5 - - [30/Nov/2026:22:23:00 +0000] "POST /orders HTTP/1.1" 201 87 "-" "okhttp/4.9" rt=0.250 urt="0.248" cust=acme"#,
             ExpectedRecord(time: "2026-11-30T22:23:00Z", method: "POST", path: "/orders", status: 201, durationMicros: 250_000, bytesSent: 87)),
            (#"10.0.0.6 - - [30/Nov/2026:22:23:01 +0000] "GET /orders/77 HTTP/1.1" 502 150 "-" "okhttp/4.9" rt=3.001 urt="1.500, 1.501" cust=-"#,
             ExpectedRecord(time: "2026-11-30T22:23:01Z", method: "GET", path: "/orders/77", status: 502, durationMicros: 3_001_000, bytesSent: 150)),
        ]),
        FormatCase(name: "apache-combined", make: { try AccessLogFormat(name: "apache", format: AccessLogFormat.apacheCombined) }, samples: [
            (#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#,
             ExpectedRecord(time: "2000-10-10T20:55:36Z", method: "GET", path: "/apache_pb.gif", status: 200, durationMicros: -1, bytesSent: 2326)),
        ]),
        FormatCase(name: "apache-custom", make: { try AccessLogFormat(name: "apache", format: #"%h %l %u %t "%r" %>s %b %D"#) }, samples: [
            (#"127.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET /report/2024-01-31 HTTP/1.1" 200 2326 12345"#,
             ExpectedRecord(time: "2000-10-10T13:55:36Z", method: "GET", path: "/report/2024-01-31", status: 200, durationMicros: 12_345, bytesSent: 2326)),
        ]),
        FormatCase(name: "json", make: { JSONLinesFormat() }, samples: [
            (#"{"timestamp":"2026-11-30T22:23:00.500Z","level":"INFO","logger":"api","method":"GET","path":"/users/7","status":200,"duration_ms":12.5,"bytes":300}"#,
             ExpectedRecord(time: "2026-11-30T22:23:00Z", method: "GET", path: "/users/7", status: 200, durationMicros: 12_500, bytesSent: 300)),
            (#"{"ts": 1796077381, "level": "error", "http": {"method": "POST", "status_code": 500}, "url": "https://api.example.com/pay?id=3", "msg": "boom {not a brace}", "duration_ms": 2000}"#,
             ExpectedRecord(time: "2026-11-30T22:23:01Z", method: "POST", path: "/pay", status: 500, durationMicros: 2_000_000, bytesSent: 0)),
        ]),
    ]
}

/// Parses one line with `format`; the record's spans are read back as text.
struct Parsed {
    var outcome: LineOutcome
    var record: LogRecord
    var bytes: [UInt8]

    init(_ format: any LogFormat, _ line: String) {
        self.init(format, Array(line.utf8))
    }

    init(_ format: any LogFormat, _ bytes: [UInt8]) {
        var format = format
        var record = LogRecord()
        self.bytes = bytes
        outcome = bytes.withUnsafeBufferPointer { format.parse($0, into: &record) }
        self.record = record
    }

    func text(_ span: Span) -> String { bytes.withUnsafeBufferPointer { span.string(in: $0) } }
}

extension FormatCase {
    /// A fresh format of this case with its header lines seen.
    func format() throws -> any LogFormat {
        var format = try make()
        var record = LogRecord()
        for line in header {
            var bytes = Array(line.utf8)
            _ = bytes.withUnsafeMutableBufferPointer { format.parse(UnsafeBufferPointer($0), into: &record) }
        }
        return format
    }
}
