import AnshinCore
import Foundation

/// A moto server (the AWS API emulator from PyPI `moto[server]`) for the tests of one process.
///
/// `ANSHIN_MOTO_ENDPOINT`, when set, names a server that is already running. Otherwise the first
/// test that asks starts `moto_server` on a free loopback port, and every test of the process
/// shares it. The server is started under a small shell guard that stops it when the test process
/// ends, however it ends. Tests isolate themselves with unique resource names rather than
/// resetting the shared server, so they can run in parallel.
public final class MotoServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let endpoint: String

    private init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// The process's server, started on first use.
    public static func shared() throws -> MotoServer {
        try started.get()
    }

    private static let started: Result<MotoServer, MotoServerError> = Result { () throws(MotoServerError) -> MotoServer in
        if let endpoint = ProcessInfo.processInfo.environment["ANSHIN_MOTO_ENDPOINT"], !endpoint.isEmpty {
            return MotoServer(endpoint: endpoint)
        }
        return try launch()
    }

    /// Environment variables that point an AWS client at the server, with keys moto accepts.
    public func environment(region: String = "us-east-1") -> [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_REGION": region, "AWS_ACCESS_KEY_ID": "AKIDMOTOTESTKEY00000",
         "AWS_SECRET_ACCESS_KEY": "moto-test-secret-not-real", "AWS_EC2_METADATA_DISABLED": "true"]
    }

    /// A name no other test of this run uses: `prefix-` and random hex.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    private static func launch() throws(MotoServerError) -> MotoServer {
        let port: Int
        do { port = try LoopbackPort.free() } catch { throw MotoServerError(message: error.description) }
        let parent = getpid()
        // The guard shell starts moto, then stops it as soon as the test process is gone, with
        // SIGKILL so that nothing moto does on the way out can keep it alive.
        let script = """
            moto_server -H 127.0.0.1 -p \(port) >/dev/null 2>&1 &
            child=$!
            while kill -0 \(parent) 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
            kill -9 $child 2>/dev/null
            """
        let process: RunningProcess
        do {
            process = try Subprocess("/bin/sh", ["-c", script], standardOutput: .discard, standardError: .discard).start()
        } catch {
            throw MotoServerError(message: "cannot start moto_server: \(error)")
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if LoopbackPort.accepts(port) { return MotoServer(endpoint: "http://127.0.0.1:\(port)") }
            if !process.isRunning {
                throw MotoServerError(message: "moto_server exited at once; install it with: pip install 'moto[server]'")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.signal(SIGTERM)
        throw MotoServerError(message: "moto_server did not listen on 127.0.0.1:\(port) within 30 s")
    }
}

/// Why no moto server is available.
public struct MotoServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
