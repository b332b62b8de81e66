import AnshinHTTP
import Foundation

/// The code, message and request id of an error response, read the way each protocol writes them.
///
/// - query: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`
/// - EC2: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`
/// - REST-XML: `<Error><Code/><Message/><RequestId/></Error>` (S3), or the query shape (CloudFront);
///   a body-less response (HEAD) gets its status as the code
/// - JSON and REST-JSON: `{"__type": "prefix#Code", "message": …}`, or the `x-amzn-ErrorType`
///   header (`Code:http://…`), with `code`/`Code` and `Message`/`message` spellings
public struct ErrorBody: Sendable, Equatable {
    public var code: String?
    public var message: String?
    public var requestID: String?

    public init(code: String? = nil, message: String? = nil, requestID: String? = nil) {
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// Reads `response`, whatever the protocol: XML bodies by their shape, JSON by theirs.
    public static func parse(_ response: HTTPResponse) -> ErrorBody {
        var result = ErrorBody()
        let trimmed = response.body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.first == UInt8(ascii: "<"), let xml = try? XML.parse(Array(trimmed)) {
            let error = xml.localName == "Error" ? xml : (xml.child("Error") ?? xml.element("Errors/Error"))
            result.code = error?.value("Code")
            result.message = error?.value("Message")
            result.requestID = xml.value("RequestId") ?? xml.value("RequestID") ?? error?.value("RequestId")
        } else if trimmed.first == UInt8(ascii: "{"), let json = try? JSON.parse(Array(trimmed)) {
            result.code = (json["__type"] ?? json["code"] ?? json["Code"])?.string.map(cleanCode)
            result.message = (json["message"] ?? json["Message"] ?? json["errorMessage"])?.string
        }
        if let header = response.header("x-amzn-ErrorType"), !header.isEmpty {
            result.code = cleanCode(header)
        }
        result.requestID = result.requestID ?? response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        if result.code == nil || result.code == "" { result.code = statusCode(response.status) }
        return result
    }

    /// `aws.protocoltests#FooError:http://…` → `FooError`.
    static func cleanCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }

    /// A code for responses that carry none (HEAD requests, proxies).
    static func statusCode(_ status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 400: "BadRequest"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        default: "HTTP\(status)"
        }
    }
}
