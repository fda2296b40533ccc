/// Which `ChangeStore` a test runs against. Integration and store tests take it as an
/// argument (`@Test(arguments: StoreKind.allCases)`), so one test body checks both stores
/// (DESIGN "Storage": the same test suite runs against both).
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The embedded store: a SQLite file in a temporary directory.
    case sqlite
    /// The scale-out store: a fresh database in the process's throw-away PostgreSQL cluster.
    case postgres

    public var description: String { rawValue }
}
