import AnshinCore
import Foundation

/// `credential_process`: runs the profile's command and reads the credentials it prints.
///
/// The documented output is JSON: `{"Version": 1, "AccessKeyId", "SecretAccessKey",
/// "SessionToken"?, "Expiration"? (ISO 8601)}`. Output that is not that, or a non-zero exit, is
/// an error that names the profile and says what is wrong without echoing what was printed: the
/// output may hold the secret.
struct CredentialProcess: Sendable {
    let command: String
    let profile: String

    func run(environment: [String: String]) async throws(AWSError) -> AWSCredentials {
        // Through the shell, as the AWS CLI does; off the caller's thread, since it may take a while.
        let child = Subprocess("/bin/sh", ["-c", command], environment: environment)
        let outcome: Result<CompletedProcess, SubprocessError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(SubprocessError) in try child.run() })
            }
        }
        let output: CompletedProcess
        do {
            output = try outcome.get()
        } catch {
            throw .credentials("credential_process of profile \"\(profile)\" could not start: \(error.reason)")
        }
        guard output.termination.isSuccess else {
            let firstLine = output.firstErrorLine(limit: 200)
            let detail = firstLine.isEmpty ? "" : ": \(firstLine)"
            throw .credentials("credential_process of profile \"\(profile)\" \(output.termination.summary)\(detail)")
        }
        return try parse(output.output)
    }

    /// Reads the documented JSON.
    func parse(_ bytes: [UInt8]) throws(AWSError) -> AWSCredentials {
        func invalid(_ reason: String) -> AWSError {
            .credentials("credential_process of profile \"\(profile)\" printed \(reason); expected JSON with Version 1, AccessKeyId and SecretAccessKey")
        }
        guard let json = try? JSON.parse(bytes), json.object != nil else { throw invalid("output that is not a JSON object") }
        guard json["Version"]?.int == 1 else { throw invalid("a Version other than 1") }
        guard let keyID = json["AccessKeyId"]?.string, !keyID.isEmpty else { throw invalid("no AccessKeyId") }
        guard let secret = json["SecretAccessKey"]?.string, !secret.isEmpty else { throw invalid("no SecretAccessKey") }
        var expiration: Date?
        if let text = json["Expiration"]?.string {
            guard let date = AWSDate.parse(text) else { throw invalid("an Expiration that is not an ISO 8601 timestamp") }
            expiration = date
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: json["SessionToken"]?.string,
                              expiration: expiration)
    }
}
