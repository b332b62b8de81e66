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
        let command = self.command
        let outcome: Result<(status: Int32, stdout: Data, stderr: Data), any Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { try Self.execute(command, environment: environment) })
            }
        }
        let output: (status: Int32, stdout: Data, stderr: Data)
        do {
            output = try outcome.get()
        } catch {
            throw .credentials("credential_process of profile \"\(profile)\" could not start: \(error)")
        }
        guard output.status == 0 else {
            let firstLine = String(decoding: output.stderr, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            let detail = firstLine.isEmpty ? "" : ": \(firstLine.prefix(200))"
            throw .credentials("credential_process of profile \"\(profile)\" exited with status \(output.status)\(detail)")
        }
        return try parse(Array(output.stdout))
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

    /// Runs `command` through the shell, as the AWS CLI does, and collects its output.
    private static func execute(_ command: String, environment: [String: String]) throws -> (status: Int32, stdout: Data, stderr: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs, so a chatty command cannot block on a full pipe.
        let errorData = LockedValue(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let data = stderr.fileHandleForReading.readDataToEndOfFile()
            errorData.withLock { $0 = data }
            group.leave()
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, errorData.withLock { $0 })
    }
}
