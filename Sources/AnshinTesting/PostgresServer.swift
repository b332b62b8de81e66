import Foundation

/// A PostgreSQL server from Debian's `postgresql` package for the tests of one process.
///
/// `ANSHIN_POSTGRES_URL`, when set, names a server that is already running (a superuser URL,
/// such as `postgres://anshin@127.0.0.1:5432/postgres?sslmode=disable`). Otherwise the first test
/// that asks creates a throw-away cluster in a temporary folder (`initdb`, trust authentication,
/// durability off for speed) and starts it on a free loopback port; every test of the process
/// shares it and it stops when the process ends. PostgreSQL refuses to run as root, so under root
/// the cluster belongs to the `postgres` user (which the Debian package creates) and runs as it.
///
/// Tests isolate themselves with ``database(_:)``: a fresh, empty database per test.
public final class PostgresServer: Sendable {
    /// The superuser URL of the server's `postgres` database.
    public let url: String

    private init(url: String) {
        self.url = url
    }

    /// The process's server, started on first use.
    public static func shared() throws -> PostgresServer {
        try started.get()
    }

    private static let started: Result<PostgresServer, GuardedServerError> = Result { () throws(GuardedServerError) -> PostgresServer in
        if let url = ProcessInfo.processInfo.environment["ANSHIN_POSTGRES_URL"], !url.isEmpty {
            return PostgresServer(url: url)
        }
        return try launch()
    }

    /// A new empty database named `prefix` and random hex; returns its URL.
    public func database(_ prefix: String = "test") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())".replacingOccurrences(of: "-", with: "_")
        let result = try Command.run("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \"\(name)\""])
        guard result.status == 0 else {
            throw GuardedServerError(description: "cannot create database \(name): \(result.stderr)")
        }
        guard var components = URLComponents(string: url) else {
            throw GuardedServerError(description: "ANSHIN_POSTGRES_URL is not a URL")
        }
        components.path = "/\(name)"
        return components.string ?? url
    }

    /// Runs `sql` with psql against the database at `url` (for tests that inspect from outside).
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let result = try Command.run("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t", "-c", sql])
        guard result.status == 0 else { throw GuardedServerError(description: "psql failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The folder holding `initdb` and `postgres` of the newest installed major version.
    static func binaries() -> URL? {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        return versions.map { root.appendingPathComponent("\($0)/bin") }
            .first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("postgres").path) }
    }

    private static func launch() throws(GuardedServerError) -> PostgresServer {
        guard let bin = binaries() else {
            throw GuardedServerError(description: "PostgreSQL is not installed: apt-get install postgresql")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anshin-postgres-\(UUID().uuidString.prefix(8))")
        let data = folder.appendingPathComponent("data")
        let port: Int
        do {
            port = try LoopbackPort.free()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw GuardedServerError(description: "cannot prepare a PostgreSQL folder: \(error)")
        }
        // Under root, run as the postgres user; setpriv execs, so the server keeps the shell's pid.
        var runAs = ""
        if getuid() == 0 {
            runAs = "setpriv --reuid=postgres --regid=postgres --init-groups "
            _ = try? Command.run("chown", ["postgres:postgres", folder.path])
        }
        do {
            let initdb = try Command.run("/bin/sh", ["-c", "\(runAs)'\(bin.path)/initdb' -D '\(data.path)' -U anshin --auth=trust -E UTF8 --no-sync"])
            guard initdb.status == 0 else {
                throw GuardedServerError(description: "initdb failed: \(initdb.stderr)")
            }
        } catch let error as GuardedServerError {
            throw error
        } catch {
            throw GuardedServerError(description: "cannot run initdb: \(error)")
        }
        let command = "exec \(runAs)'\(bin.path)/postgres' -D '\(data.path)' -p \(port) -k '\(folder.path)' "
            + "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        let url = "postgres://anshin@127.0.0.1:\(port)/postgres?sslmode=disable"
        _ = try GuardedServer.launch(command, log: folder.appendingPathComponent("server.log"), stopSignal: "QUIT",
                                     cleanup: [folder]) {
            guard LoopbackPort.accepts(port) else { return false }
            return (try? Command.run(bin.appendingPathComponent("pg_isready"), ["-q", "-h", "127.0.0.1", "-p", "\(port)"]))?.status == 0
        }
        return PostgresServer(url: url)
    }
}
