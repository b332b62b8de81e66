@testable import AnshinStore
import AnshinTesting
import Testing

@Suite struct StoreLocationTests {
    @Test(arguments: [
        ("sqlite:data/monitor.db", "sqlite:/srv/data/monitor.db"),
        ("sqlite:///var/lib/anshin.db", "sqlite:/var/lib/anshin.db"),
        ("monitor.db", "sqlite:/srv/monitor.db"),
        ("/abs/monitor.db", "sqlite:/abs/monitor.db"),
        ("sqlite::memory:", "sqlite::memory:"),
        ("postgres://anshin:pw@db.internal:6543/monitor?sslmode=require", "postgres://anshin:***@db.internal:6543/monitor"),
        ("postgresql://anshin@127.0.0.1/monitor", "postgres://anshin@127.0.0.1:5432/monitor"),
    ])
    func parses(text: String, shown: String) throws {
        let location = try StoreLocation.parse(text, directory: "/srv")
        #expect(location.description == shown)
    }

    @Test func postgresFields() throws {
        guard case .postgres(let location) = try StoreLocation.parse("postgres://u%40x:p%2Fw@h:1/d%20b?sslmode=disable") else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(location.username == "u@x")
        #expect(location.password == "p/w")
        #expect(location.database == "d b")
        #expect(location.tls == .disable)
    }

    @Test(arguments: [
        "", "   ", "mysql://root@localhost/db", "postgres:///nohost", "postgres://h/db?sslmode=sometimes",
        "postgres://h/db?timeout=3", "postgres://h:99999/db", "sqlite:",
    ])
    func refuses(text: String) {
        #expect(throws: StoreError.self) { try StoreLocation.parse(text, directory: "/srv") }
    }

    @Test func refusalNeverShowsThePassword() {
        do {
            _ = try StoreLocation.parse("mysql://root:s3cretvalue@localhost/db")
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains("s3cretvalue"))
        }
    }

    /// Arbitrary text either parses or gives a location error; it never traps.
    @Test func arbitraryTextNeverTraps() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("postgresqlite:/@?=&%.:[]0123456789 \u{0}é")
        for _ in 0..<3000 {
            let length = Int(random.next() % 40)
            let text = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            do {
                _ = try StoreLocation.parse(text, directory: "/srv")
            } catch {
                #expect(error.kind == .location)
            }
        }
    }

    @Test func placeholdersAreNumberedOutsideQuotesAndComments() {
        let (sql, count) = PostgresBackend.numberedPlaceholders("SELECT '?', \"a?\", x FROM t WHERE a = ? AND b = ? -- c?\n AND c = ?")
        #expect(sql == "SELECT '?', \"a?\", x FROM t WHERE a = $1 AND b = $2 -- c?\n AND c = $3")
        #expect(count == 3)
    }
}
