import AnshinAWS
import AnshinHTTP
import Foundation
import Testing

/// The worked examples of the S3 API Reference, "Authenticating Requests (AWS Signature Version
/// 4)": "Examples: Signature Calculations" (sig-v4-header-based-auth.html) and "Using Query
/// Parameters" (sigv4-query-string-auth.html). They cover the S3 rules the generic suite does
/// not: a single encoding of the path (`$` signs as `%24`), no path normalisation, and
/// `x-amz-content-sha256`.
@Suite("S3 documentation examples")
struct SigV4S3DocumentationTests {
    /// The documented example key pair.
    static let credentials = AWSCredentials(accessKeyID: ExampleKeys.documentationAccessKeyID,
                                            secretAccessKey: ExampleKeys.documentationSecret)
    /// 20130524T000000Z
    static let date = Date(timeIntervalSince1970: 1_369_353_600)
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
    static let host = "examplebucket.s3.amazonaws.com"

    func signed(_ method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: HTTPRequest.Body = .empty) -> (HTTPRequest, SigV4Signature) {
        var request = HTTPRequest(method: method, host: Self.host, path: path, query: query, headers: headers, body: body)
        let signature = Self.signer.sign(&request, date: Self.date)
        return (request, signature)
    }

    func stringToSign(_ canonicalHash: String) -> String {
        "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\(canonicalHash)"
    }

    @Test("GET Object with a Range header")
    func getObject() {
        let (request, signature) = signed("GET", path: "/test.txt", headers: [(name: "Range", value: "bytes=0-9")])
        #expect(signature.canonicalRequest == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signature.stringToSign == stringToSign("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        #expect(signature.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(request.headerValues("x-amz-content-sha256") == [SigV4.emptyPayloadHash])
        #expect(request.headerValues("Authorization") == [
            "AWS4-HMAC-SHA256 Credential=\(Self.credentials.accessKeyID)/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        ])
    }

    @Test("PUT Object: the key's $ is encoded once, whether sent raw or as %24", arguments: ["/test$file.text", "/test%24file.text"])
    func putObject(path: String) {
        let (_, signature) = signed("PUT", path: path,
                                    headers: [(name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"),
                                              (name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY")],
                                    body: .bytes(Array("Welcome to Amazon S3.".utf8)))
        let lines = signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/test%24file.text")
        #expect(lines.last == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        #expect(signature.signedHeaders == "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class")
        #expect(signature.stringToSign == stringToSign("9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"))
        #expect(signature.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("GET Bucket lifecycle: a sub-resource without a value signs as name=")
    func getBucketLifecycle() {
        let (_, signature) = signed("GET", path: "/", query: [(name: "lifecycle", value: "")])
        #expect(signature.stringToSign == stringToSign("9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca"))
        #expect(signature.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test("GET Bucket (list objects): the query is sorted")
    func listObjects() {
        let (_, signature) = signed("GET", path: "/", query: [(name: "prefix", value: "J"), (name: "max-keys", value: "2")])
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "max-keys=2&prefix=J")
        #expect(signature.stringToSign == stringToSign("df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7"))
        #expect(signature.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("presigned GET Object, valid for a day")
    func presignedURL() throws {
        var request = HTTPRequest(method: "GET", host: Self.host, path: "/test.txt", body: .unsigned)
        let signature = try Self.signer.presign(&request, date: Self.date, expiresIn: 86_400)
        #expect(signature.stringToSign == stringToSign("3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"))
        #expect(signature.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        let url = try #require(request.url)
        #expect(url.absoluteString == "https://examplebucket.s3.amazonaws.com/test.txt"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=\(Self.credentials.accessKeyID)%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(request.headers.isEmpty)
    }
}
