import Foundation
import PostgresNIO

/// Reads a `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`
/// URL (also `postgresql://`) into a client configuration.
///
/// ```swift
/// let configuration = try PostgresURL.configuration(from: "postgres://outpost@127.0.0.1:5432/outpost")
/// ```
public enum PostgresURL {
    /// Whether `text` names a PostgreSQL database rather than a SQLite file path.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The client configuration the URL describes. TLS is off unless `sslmode` asks for it.
    /// - Throws: `PostgresStoreError.invalidURL` naming what is missing (the password is never
    ///   repeated in the message).
    public static func configuration(from text: String) throws -> PostgresClient.Configuration {
        guard isPostgresURL(text), let components = URLComponents(string: text) else {
            throw PostgresStoreError.invalidURL(redacted(text), reason: "it does not start with postgres:// or is not a URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresStoreError.invalidURL(redacted(text), reason: "no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError.invalidURL(redacted(text), reason: "no user name before the @")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw PostgresStoreError.invalidURL(redacted(text), reason: "no database name after the host")
        }
        let tls: PostgresClient.Configuration.TLS
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        case let other:
            throw PostgresStoreError.invalidURL(redacted(text), reason: "sslmode '\(other)' is not one of disable, prefer, require")
        }
        // URLComponents' user, password and path come back percent-decoded already.
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password, database: database, tls: tls)
    }

    /// The URL with its password replaced by `***`, for messages and logs.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
