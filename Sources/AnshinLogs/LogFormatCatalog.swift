/// The built-in formats by name, their construction from command-line choices, and detection of
/// an input's format from its first lines.
public enum LogFormatCatalog {
    /// Names accepted by `--format`.
    public static let names = ["alb", "elb", "cloudfront", "nginx", "apache", "apache-common", "json", "text"]

    /// Makes the format `name`; `logFormat` is an nginx `log_format` or Apache `LogFormat` string
    /// (for `nginx` / `apache`, replacing the combined default); `capture` is the field that holds
    /// the customer key.
    public static func make(_ name: String, logFormat: String? = nil, capture: String? = nil,
                            jsonMapping: JSONFieldMapping = JSONFieldMapping()) throws(LogConfigurationError) -> any LogFormat {
        switch name {
        case "alb": return try ALBFormat(capture: capture)
        case "elb": return try ClassicELBFormat(capture: capture)
        case "cloudfront": return try CloudFrontFormat(capture: capture)
        case "nginx": return try AccessLogFormat(name: "nginx", format: logFormat ?? AccessLogFormat.nginxCombined, capture: capture)
        case "apache": return try AccessLogFormat(name: "apache", format: logFormat ?? AccessLogFormat.apacheCombined, capture: capture)
        case "apache-common": return try AccessLogFormat(name: "apache-common", format: logFormat ?? AccessLogFormat.apacheCommon, capture: capture)
        case "json":
            var mapping = jsonMapping
            if let capture { mapping.customer = capture }
            return JSONLinesFormat(mapping: mapping)
        case "text": return TextLogFormat()
        default:
            throw LogConfigurationError("unknown log format \(name); known formats: \(names.joined(separator: ", "))")
        }
    }

    /// The format most of the first lines of `head` are in (at most 20 non-empty lines looked at);
    /// nil when none reads at least half of them.
    public static func detect(_ head: [UInt8], capture: String? = nil,
                              jsonMapping: JSONFieldMapping = JSONFieldMapping()) -> (any LogFormat)? {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while start < head.count && lines.count < 20 {
            var end = start
            while end < head.count && head[end] != ASCII.newline { end += 1 }
            // A last line cut by the end of the head is left out.
            if end == head.count && head.count >= 65536 { break }
            let line = head[start..<end]
            if !line.isEmpty && line.first != ASCII.hash { lines.append(line) }
            if line.starts(with: Array("#Version:".utf8)) || line.starts(with: Array("#Fields:".utf8)) {
                return try? CloudFrontFormat(capture: capture)
            }
            start = end + 1
        }
        guard !lines.isEmpty else { return nil }
        var best: (format: any LogFormat, score: Int)?
        for name in ["alb", "elb", "cloudfront", "json", "nginx", "apache-common"] {
            guard let format = try? make(name, capture: capture, jsonMapping: jsonMapping) else { continue }
            let score = lines.filter { line in line.withUnsafeBufferPointer { format.recognises($0) } }.count
            if score * 2 >= lines.count && score > (best?.score ?? 0) { best = (format, score) }
        }
        return best?.format
    }
}
