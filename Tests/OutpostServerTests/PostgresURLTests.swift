import OutpostServer
import Testing

/// `outpost-server --db postgres://…` is read into a client configuration, and a bad URL gets
/// a message that says what is missing without repeating the password.
@Suite struct PostgresURLTests {
    @Test func aFullURLGivesHostPortUserPasswordAndDatabase() throws {
        let configuration = try PostgresURL.configuration(from: "postgres://outpost:s%40cret@db.internal:6543/crm")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "outpost")
        #expect(configuration.password == "s@cret")
        #expect(configuration.database == "crm")
    }

    @Test func thePortDefaultsTo5432AndPostgresqlSchemeIsAccepted() throws {
        #expect(try PostgresURL.configuration(from: "postgresql://outpost@127.0.0.1/crm").port == 5432)
        #expect(PostgresURL.isPostgresURL("postgresql://outpost@127.0.0.1/crm"))
        #expect(!PostgresURL.isPostgresURL("/var/lib/outpost/store.sqlite"))
    }

    @Test(arguments: [
        ("postgres://127.0.0.1/crm", "no user name before the @"),
        ("postgres://outpost:hunter2@127.0.0.1", "no database name after the host"),
        ("postgres://outpost@127.0.0.1/crm?sslmode=verify-full", "sslmode 'verify-full' is not one of disable, prefer, require"),
    ])
    func badURLsSayWhatIsMissing(url: String, reason: String) {
        #expect {
            try PostgresURL.configuration(from: url)
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .invalidURL(let shown, let given) = error else { return false }
            return given == reason && error.code == "postgres_invalid_url" && !shown.contains("hunter2")
                && error.description.contains("Pass one like postgres://")
        }
    }
}
