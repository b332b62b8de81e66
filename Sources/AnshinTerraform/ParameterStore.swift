import AnshinAWS
import AnshinCore
import Foundation

/// Parameters in AWS Systems Manager Parameter Store, through anshin's AWS client.
///
/// Values travel only between Parameter Store and the caller: they are never logged, and every
/// error message is redacted of the value it concerns (AWS validation messages may quote it).
public struct ParameterStore: Sendable {
    /// One parameter as Parameter Store returns it.
    public struct Parameter: Sendable, Equatable {
        /// The full path, `/acme/stg/DATABASE_PASSWORD`.
        public var path: String
        /// `SecureString`, `String` or `StringList`.
        public var type: String
        /// The decrypted value: hand it on, never print it whole.
        public var value: String
        public var version: Int
        /// When it last changed, `2025-02-14T09:12:44Z`.
        public var lastModified: String?

        public init(path: String, type: String, value: String, version: Int, lastModified: String? = nil) {
            self.path = path
            self.type = type
            self.value = value
            self.version = version
            self.lastModified = lastModified
        }

        /// Whether the value is still the placeholder that Terraform writes when it creates the
        /// parameter and leaves the real value to be set by hand (`dummy`).
        public var isPlaceholder: Bool {
            ParameterStore.isPlaceholder(value)
        }
    }

    /// The placeholder of the Terraform pattern (`value = "dummy"` with `ignore_changes = [value]`).
    public static let placeholder = "dummy"

    public static func isPlaceholder(_ value: String) -> Bool {
        value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == placeholder
    }

    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// Writes `value` at `path` as a SecureString encrypted with `kmsKey`; returns the new
    /// version. Without `overwrite`, an existing parameter is an error.
    public func put(_ path: String, value: String, kmsKey: String, overwrite: Bool) async throws(AWSError) -> Int {
        let body: JSON = ["Name": .string(path), "Value": .string(value), "Type": "SecureString", "KeyId": .string(kmsKey),
                          "Overwrite": .bool(overwrite)]
        do {
            let response = try await client.json(service: .ssm, operation: "PutParameter", body: body)
            return response["Version"]?.int ?? 0
        } catch {
            throw error.redactingValue(value)
        }
    }

    /// The parameter at `path`, decrypted; nil when there is none.
    public func get(_ path: String) async throws(AWSError) -> Parameter? {
        do {
            let response = try await client.json(service: .ssm, operation: "GetParameter",
                                                 body: ["Name": .string(path), "WithDecryption": true])
            guard let parameter = response["Parameter"] else { return nil }
            return Self.parameter(parameter)
        } catch where error.code == "ParameterNotFound" {
            return nil
        }
    }

    /// The KMS key a SecureString at `path` is encrypted with (`DescribeParameters`).
    public func keyID(of path: String) async throws(AWSError) -> String? {
        let filter: JSON = ["Key": "Name", "Option": "Equals", "Values": [.string(path)]]
        let response = try await client.json(service: .ssm, operation: "DescribeParameters", body: ["ParameterFilters": [filter]])
        return response["Parameters"]?.array?.first?["KeyId"]?.string
    }

    /// Every parameter below `prefix` (which ends with `/`), at any depth, decrypted, sorted by path.
    public func list(below prefix: String) async throws(AWSError) -> [Parameter] {
        let pages = try await client.jsonPages(service: .ssm, operation: "GetParametersByPath",
                                               body: ["Path": .string(String(prefix.dropLast())), "Recursive": true,
                                                      "WithDecryption": true, "MaxResults": 10]).collect()
        return pages.flatMap { $0["Parameters"]?.array ?? [] }.compactMap(Self.parameter).sorted { $0.path < $1.path }
    }

    static func parameter(_ json: JSON) -> Parameter? {
        guard let path = json["Name"]?.string else { return nil }
        let date = json["LastModifiedDate"]?.number.map { Date(timeIntervalSince1970: $0) }
        return Parameter(path: path, type: json["Type"]?.string ?? "String", value: json["Value"]?.string ?? "",
                         version: json["Version"]?.int ?? 0, lastModified: date.map(Self.timestamp))
    }

    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

extension AWSError {
    /// The error with `value` redacted from its message (values of three characters and more:
    /// hiding every single letter would make the message unreadable).
    func redactingValue(_ value: String) -> AWSError {
        guard value.count >= 3 else { return self }
        var copy = self
        copy.message = Redaction.redact(message, hiding: [value])
        copy.code = code.map { Redaction.redact($0, hiding: [value]) }
        return copy
    }
}
